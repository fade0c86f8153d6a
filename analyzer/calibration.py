"""Calibrated confidence: how often a document level like this one agrees with a careful reader.

The engine's raw confidence is a relevance score: how sure it is that the evidence addresses the
criterion. Readers of a report take "confidence" to mean "how likely this level is right", and
on documents nobody tuned on the two differ: a level 3 that rests on one clause matched the
independent writers' level about half the time, one that two clauses support nine times in ten.

``coc calibrate`` runs the shipped engine on folders of whole documents with document-level
gold (by default the development sets ``corpus/heldout`` to ``corpus/heldout6``, whose writers
never saw the engine) and counts, per :func:`bucket`, how often the engine's level equalled
the gold level. The counts are written to ``analyzer/models/calibration.yaml`` with the hashes
of the model and rubric they were measured with; the engine then reports, for each criterion,
the smoothed agreement rate of its bucket (:meth:`Calibration.confidence`). A missing file, or
one made for another model or rubric, is not an error: the engine warns and reports the raw
confidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from analyzer import resources
from analyzer.errors import InputError

if TYPE_CHECKING:
    from analyzer.engine import Engine
    from analyzer.rubric import Rubric

__all__ = [
    "CALIBRATION_NAME",
    "PRIOR_WEIGHT",
    "Calibration",
    "BUCKETS",
    "bucket",
    "bucket_level",
    "bucket_rates",
    "calibrate",
    "default_calibration_path",
    "load_calibration",
    "save_calibration",
]

CALIBRATION_NAME = "calibration.yaml"
#: Pseudo-count of the smoothing: a bucket's rate is pulled towards its level's overall rate
#: as if PRIOR_WEIGHT more documents had agreed at that rate (small buckets stay near it).
PRIOR_WEIGHT = 10.0
#: The development sets: written independently, already used to diagnose errors, so counting
#: on them leaves the test sets (``heldout7`` onwards) untouched.
DEFAULT_SETS = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")

_SOURCES_WITH_CUE = frozenset({"rule", "rule+model"})
#: Every bucket :func:`bucket` can return ("0": absent, nothing modelled).
BUCKETS: tuple[str, ...] = (
    "0",
    "0/near",
    "0/far",
    *(
        f"{level}/{kind}/{support}"
        for level in (1, 2, 3)
        for kind in ("cue", "model")
        for support in ("single", "several")
    ),
)
#: An absent criterion is "near" when a clause's model probability reached this share of the
#: criterion's threshold (on the development sets such levels 0 were right 3 times in 4,
#: against 19 in 20 for the rest).
NEAR_RATIO = 0.5


class _Graded(Protocol):
    """What :func:`bucket` reads of an evidence clause (a Finding or an Evidence)."""

    @property
    def level(self) -> int: ...

    @property
    def source(self) -> str: ...


def bucket(level: int, evidence: Sequence[_Graded], nearness: float | None = None) -> str:
    """The calibration bucket of a document level and its evidence (strongest first).

    An absent criterion is ``"0/near"`` when some clause's model probability reached
    NEAR_RATIO of the criterion's threshold (``nearness``: highest probability / threshold),
    ``"0/far"`` when none did, ``"0"`` when nothing was modelled. Otherwise
    ``"<level>/<cue|model>/<single|several>"``: whether the strongest clause has a rubric cue
    of its own (``rule``/``rule+model``) or was found by the model or by context only, and
    whether one clause or several reach that level.
    """
    if level <= 0 or not evidence:
        if nearness is None:
            return "0"
        return "0/near" if nearness >= NEAR_RATIO else "0/far"
    top = evidence[0]
    kind = "cue" if top.source in _SOURCES_WITH_CUE else "model"
    support = "several" if sum(e.level == level for e in evidence) >= 2 else "single"
    return f"{level}/{kind}/{support}"


def bucket_level(key: str) -> int:
    """The document level a bucket is about (``"3/cue/single"`` -> 3, ``"0/near"`` -> 0)."""
    return int(key.split("/", 1)[0])


def default_calibration_path() -> Path:
    """``analyzer/models/calibration.yaml`` (or ``$COC_MODEL_DIR/calibration.yaml``)."""
    return resources.model_dir() / CALIBRATION_NAME


@dataclass(frozen=True)
class Calibration:
    """Agreement counts per bucket, and the model and rubric they were measured with."""

    model_sha256: str
    rubric_hash: str
    gold_sets: tuple[str, ...]
    counts: Mapping[str, tuple[int, int]]  # bucket -> (agreed, documents)
    #: :attr:`analyzer.rubric.Rubric.grading_hash` of the rubric ("" in files written before it)
    grading_hash: str = ""

    @cached_property
    def _level_rates(self) -> dict[int, float]:
        sums: dict[int, tuple[int, int]] = {}
        for key, (a, n) in self.counts.items():
            level = bucket_level(key)
            agreed, total = sums.get(level, (0, 0))
            sums[level] = (agreed + a, total + n)
        return {level: a / n for level, (a, n) in sums.items() if n}

    def level_rate(self, level: int) -> float | None:
        """Agreement over every bucket of one level (None when no document had it)."""
        return self._level_rates.get(max(0, level))

    def confidence(self, key: str) -> float | None:
        """Smoothed agreement rate of a bucket, or None when nothing was measured for its level.

        rate = (agreed + PRIOR_WEIGHT x level rate) / (documents + PRIOR_WEIGHT).
        """
        prior = self.level_rate(bucket_level(key))
        if prior is None:
            return None
        agreed, total = self.counts.get(key, (0, 0))
        return (agreed + PRIOR_WEIGHT * prior) / (total + PRIOR_WEIGHT)

    def matches(self, model_sha256: str, rubric: Rubric) -> bool:
        """Whether these counts were measured with this model and a rubric that grades like
        ``rubric`` (see :func:`analyzer.persistence.made_for`)."""
        from analyzer.persistence import made_for

        record = {"grading_hash": self.grading_hash, "rubric_hash": self.rubric_hash}
        return self.model_sha256 == model_sha256 and made_for(record, rubric)


def bucket_rates(cal: Calibration) -> list[tuple[str, int, int, float]]:
    """(bucket, agreed, documents, smoothed confidence) for every measured bucket, sorted."""
    out: list[tuple[str, int, int, float]] = []
    for key, (agreed, documents) in sorted(cal.counts.items()):
        rate = cal.confidence(key)
        out.append((key, agreed, documents, rate if rate is not None else 0.0))
    return out


def _parse(data: Any, where: str) -> Calibration:
    from pydantic import BaseModel, ConfigDict, Field, ValidationError

    class _Count(BaseModel):
        model_config = ConfigDict(extra="forbid")
        agreed: int = Field(ge=0)
        documents: int = Field(ge=1)

    class _File(BaseModel):
        model_config = ConfigDict(extra="forbid")
        model_sha256: str = Field(min_length=1)
        rubric_hash: str = Field(min_length=1)
        grading_hash: str = ""
        gold_sets: list[str] = Field(default_factory=list)
        buckets: dict[str, _Count]

    try:
        f = _File.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise InputError(f"{where}: {loc}: {err['msg']}; rebuild it with `coc calibrate`") from None
    counts: dict[str, tuple[int, int]] = {}
    for key, c in f.buckets.items():
        if key not in BUCKETS:
            raise InputError(
                f"{where}: buckets: unknown bucket {key!r}; rebuild it with `coc calibrate`"
            )
        if c.agreed > c.documents:
            raise InputError(
                f"{where}: buckets.{key}: agreed exceeds documents; rebuild it with `coc calibrate`"
            )
        counts[key] = (c.agreed, c.documents)
    return Calibration(
        f.model_sha256, f.rubric_hash, tuple(f.gold_sets), counts, grading_hash=f.grading_hash
    )


def load_calibration(path: str | Path | None = None) -> Calibration | None:
    """The calibration file, validated; None when there is none. A damaged file: InputError."""
    import yaml

    p = Path(path) if path is not None else default_calibration_path()
    if not p.is_file():
        return None
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(
            f"{p}: cannot be read as YAML ({type(exc).__name__}); rebuild it with `coc calibrate`"
        ) from None
    return _parse(data, str(p))


def save_calibration(cal: Calibration, path: str | Path | None = None) -> Path:
    """Write the counts as YAML (sorted buckets, so a re-run gives the same bytes)."""
    import yaml

    p = Path(path) if path is not None else default_calibration_path()
    body = {
        "model_sha256": cal.model_sha256,
        "rubric_hash": cal.rubric_hash,
        "grading_hash": cal.grading_hash,
        "gold_sets": list(cal.gold_sets),
        "buckets": {k: {"agreed": a, "documents": n} for k, (a, n) in sorted(cal.counts.items())},
    }
    header = (
        "# Written by `coc calibrate`: how often the engine's document level agreed with the\n"
        "# gold level of independent writers, per bucket (see analyzer/calibration.py).\n"
        "# Rebuild after `coc train` (`make model` does both); do not edit by hand.\n"
    )
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(header + yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return p


def calibrate(engine: Engine, folders: Sequence[Path]) -> Calibration:
    """Run ``engine`` on every gold folder and count agreement per bucket.

    The engine must have its model (calibrating the rules alone would describe another system).
    """
    from analyzer.errors import ModelError
    from analyzer.evaluation import load_gold
    from analyzer.ingest import load_document

    clf = engine.classifier
    if clf is None:
        why = "; ".join(
            w.removesuffix("; using the rubric's rules only") for w in engine.load_warnings
        )
        raise ModelError(f"cannot calibrate without a usable trained model: {why or 'none loaded'}")
    criteria = engine.rubric.criterion_ids
    counts: dict[str, list[int]] = {}
    for folder in folders:
        for row in load_gold(folder, criteria):
            analysis = engine.analyze_document(
                load_document(row["path"]), sector=row.get("sector") or "general"
            )
            for c in analysis.criteria:
                agreed = int(row["levels"].get(c.id, 0) == c.level)
                slot = counts.setdefault(c.confidence_basis, [0, 0])
                slot[0] += agreed
                slot[1] += 1
    return Calibration(
        model_sha256=str(clf.card.get("model_sha256", "")),
        rubric_hash=engine.rubric.hash,
        gold_sets=tuple(_folder_label(f) for f in folders),
        counts={k: (a, n) for k, (a, n) in counts.items()},
        grading_hash=engine.rubric.grading_hash,
    )


def _folder_label(folder: Path) -> str:
    """A gold folder as the file records it: relative to the checkout when inside it (so the
    file does not depend on where the checkout lives), else as given."""
    try:
        return folder.resolve().relative_to(resources.ROOT).as_posix()
    except ValueError:
        return str(folder)
