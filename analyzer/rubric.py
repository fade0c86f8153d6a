"""The best-practice rubric: data in YAML, validated on load into frozen pydantic models.

``load_rubric(path=None)`` reads the bundled ``rubrics/`` folder (or ``$COC_RUBRIC``, or a folder
or single YAML file the user gives) and returns a :class:`Rubric`. Every problem becomes a
:class:`~analyzer.errors.RubricError` whose message names the file, the entry (for example
``criterion 'no_recruitment_fees'``) and the field (for example ``cues.strong[2]``), so a
compliance officer editing the YAML can find and fix it. ``check_rubric`` collects *all*
problems instead of stopping at the first; ``coc rubric validate`` prints them one per line.

Layout of a rubric folder: every ``*.yaml``/``*.yml`` file in the folder and in its ``criteria/``
subfolder is read (``rubric.yaml`` first, then the rest in name order). Each file holds some of
the top-level keys ``version``, ``multiplier_values``, ``themes``, ``criteria``, ``sectors`` and
``legal``; the lists are concatenated and the scalar keys may appear in one file only. A single
YAML file holding every key is a complete rubric too.

Loading is an explicit factory and is never cached here: callers keep the object they get.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from analyzer import resources
from analyzer.errors import RubricError, SectorError

_T = TypeVar("_T")

# --------------------------------------------------------------------------------------------
# Constants shared with the engine, toolkit and app
# --------------------------------------------------------------------------------------------

#: The eight theme ids, in display order. A rubric must define exactly these.
THEME_IDS: tuple[str, ...] = (
    "commitment_governance",
    "responsible_recruitment",
    "freedom_conditions",
    "vulnerable_groups",
    "supply_chain_due_diligence",
    "worker_voice_remedy",
    "capacity_transparency",
    "sector_specific",
)

#: The theme whose criteria apply only to sectors that list them in ``specific_criteria``.
SECTOR_SPECIFIC_THEME = "sector_specific"

#: Level numbers and their names (the keys of :class:`Levels`).
LEVEL_NAMES: tuple[str, ...] = ("absent", "mention", "commitment", "best_practice")

#: The default sector, which carries no multipliers.
GENERAL_SECTOR = "general"

#: Multiplier names and their default values.
DEFAULT_MULTIPLIER_VALUES: dict[str, float] = {"critical": 2.0, "elevated": 1.5, "normal": 1.0}

#: Legal framework ids the bundled rubric defines (user rubrics may add others).
LEGAL_IDS: tuple[str, ...] = ("uk_msa", "au_msa", "ca_sb657", "us_far", "eu_flr")

#: Regex flags every cue regex is compiled with.
CUE_FLAGS = re.IGNORECASE

_ID_PATTERN = r"^[a-z][a-z0-9_]*$"

Id = Annotated[str, StringConstraints(pattern=_ID_PATTERN, min_length=2, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Days = Literal[30, 90, 180]
MultiplierName = Literal["critical", "elevated"]


@functools.cache
def compile_cue(pattern: str) -> re.Pattern[str]:
    """Compile one cue regex the way the engine applies it (case-insensitive), cached."""
    return re.compile(pattern, CUE_FLAGS)


def _regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` is unusable as a cue, or None when it is fine."""
    try:
        compiled = compile_cue(pattern)
    except re.error as exc:
        return f"invalid regex: {exc} in {pattern!r}"
    if compiled.search("") is not None:
        return f"regex {pattern!r} matches the empty string, so it would fire on every clause"
    return None


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------


class _Frozen(BaseModel):
    """Immutable, strict about unknown keys, hashable even when a field is a dict."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.model_dump_json()))


class Theme(_Frozen):
    """One of the eight themes criteria are grouped in.

    ``practice`` marks a theme of practices workers must not suffer (fees, retained documents,
    withheld wages...): for its criteria a reported finding of a breach ("auditors found that
    workers had paid fees") is at most a mention, whereas for process themes (audits, remedy,
    reporting) such a finding shows the process at work.
    """

    id: Id
    title: Text
    description: Text
    practice: bool = False


class Levels(_Frozen):
    """What each level 0-3 means for one criterion."""

    absent: Text
    mention: Text
    commitment: Text
    best_practice: Text

    def describe(self, level: int) -> str:
        """The description of ``level`` (0-3)."""
        if level not in range(4):
            raise RubricError(f"level must be 0, 1, 2 or 3, not {level!r}")
        return str(getattr(self, LEVEL_NAMES[level]))


class FrameworkRef(_Frozen):
    """A standard or law a criterion comes from, with the article or indicator."""

    framework: Text
    reference: Text


def _check_regex(pattern: str) -> str:
    why = _regex_problem(pattern)
    if why:
        raise ValueError(why)
    return pattern


#: A cue regex: non-empty, compiles, and does not match the empty string.
Regex = Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_regex)]


def _check_unique(values: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for v in values:
        key = v.lower()
        if key in seen:
            raise ValueError(f"duplicate entry {v!r}")
        seen.add(key)
    return values


class Cues(_Frozen):
    """Evidence cues for the rule matcher.

    ``phrases`` are matched case-insensitively on tokens (spaCy PhraseMatcher on lowercase
    text); the regex lists are searched case-insensitively in the clause text.
    ``patterns`` add topic evidence, ``strong`` signal best practice for this criterion,
    ``weak`` signal loopholes or weak wording, ``exclude`` void a topic hit in that clause.
    ``commitment`` names the concrete elements the criterion's commitment level requires (its
    ``levels.commitment`` text): when the list is given, a clause that matches none of them is
    at most a mention, however mandatory its wording.
    ``complete`` names, as a conjunction, everything the commitment level asks for: a clause
    graded 2 or more by the rules that matches every one of them stays at least 2 whatever the
    learned level model reads (it may still be capped by a hedge, loophole or weak cue).
    ``named`` lists what it takes only to name to meet the commitment level (for international
    standards: a specific instrument such as ILO C29 or the UN Guiding Principles). A clause
    that names one is at least a commitment whatever its modality: hedged ("we support the
    UNGPs"), a definition taken from the instrument, or a duty that also defers to the law,
    and it lacks none of the ``commitment`` elements; only the criterion's weak cue, a future
    intention or a sentence about what others do keep it a mention. The engine does not lower such a clause for being the
    document's only one (see :func:`analyzer.engine.lone_commitment`).
    """

    phrases: tuple[Text, ...] = Field(min_length=1)
    patterns: tuple[Regex, ...] = ()
    strong: tuple[Regex, ...] = ()
    weak: tuple[Regex, ...] = ()
    exclude: tuple[Regex, ...] = ()
    commitment: tuple[Regex, ...] = ()
    complete: tuple[Regex, ...] = ()
    named: tuple[Regex, ...] = ()

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_unique(v)

    @field_validator("patterns", "strong", "weak", "exclude", "commitment", "complete", "named")
    @classmethod
    def _regexes(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        _check_unique(v)
        if len(v) > 1:
            # The matcher joins each list into one alternation; that must compile too (no global
            # inline flags such as "(?i)" mid-pattern, no repeated group names).
            try:
                re.compile("|".join(f"(?:{p})" for p in v), CUE_FLAGS)
            except re.error as exc:
                raise ValueError(
                    f"the regexes cannot be combined ({exc}); use scoped flags such as "
                    "'(?s:...)' instead of '(?s)' and avoid named groups"
                ) from None
        return v

    def compiled(
        self,
        kind: Literal["patterns", "strong", "weak", "exclude", "commitment", "complete", "named"],
    ) -> tuple[re.Pattern[str], ...]:
        """The regexes of one kind, compiled with :data:`CUE_FLAGS`."""
        values: tuple[str, ...] = getattr(self, kind)
        return tuple(compile_cue(p) for p in values)


class Step(_Frozen):
    """One implementation step of the action plan."""

    action: Text
    owner: Text
    days: Days


class Reading(_Frozen):
    """A public framework or guide worth reading."""

    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class Criterion(_Frozen):
    """One of the rubric's criteria: what to look for, how to grade it, how to close the gap."""

    id: Id
    theme: Id
    title: Text
    description: Text
    levels: Levels
    base_weight: int = Field(ge=1, le=3)
    core: bool
    sector_specific: bool = False
    #: Best practice is one statement (a ban that lists its forms): a single clause with the
    #: criterion's best-practice cue makes the document a 3 without a second clause
    #: committing to it (see :func:`analyzer.engine.lone_best_practice`).
    single_clause_best_practice: bool = False
    frameworks: tuple[FrameworkRef, ...] = Field(min_length=1)
    cues: Cues
    model_clause: Text
    sector_clauses: dict[Id, Text] = Field(default_factory=dict)
    implementation_steps: tuple[Step, ...] = Field(min_length=1)
    kpis: tuple[Text, ...] = Field(min_length=1)
    further_reading: tuple[Reading, ...] = ()

    @model_validator(mode="after")
    def _core_is_base_three(self) -> Criterion:
        if self.core != (self.base_weight == 3):
            raise ValueError(
                f"core is {str(self.core).lower()} but base_weight is {self.base_weight}: "
                "core criteria have base_weight 3 and only they do"
            )
        return self


class RiskFactor(_Frozen):
    """A sector risk factor with its evidence, sources and the criteria it bears on."""

    factor: Text
    evidence: Text
    sources: tuple[Text, ...] = Field(min_length=1)
    criteria: tuple[Id, ...] = Field(
        default=(),
        description="Ids of the criteria this risk bears on; the toolkit shows the risk in "
        "their gap sections (empty: chosen by matching words).",
    )

    @field_validator("criteria")
    @classmethod
    def _unique(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_unique(v)

    @model_serializer(mode="wrap")
    def _omit_empty_criteria(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Without criteria the dump is what it was before the field existed, so rubrics that
        # do not use it keep their content hash.
        data: dict[str, Any] = handler(self)
        if not self.criteria:
            data.pop("criteria", None)
        return data


class Sector(_Frozen):
    """A sector profile: its risks, multipliers, must-haves and sector-specific criteria."""

    id: Id
    label: Text
    description: Text
    risk_factors: tuple[RiskFactor, ...] = ()
    multipliers: dict[Id, MultiplierName] = Field(default_factory=dict)
    must_haves: tuple[Id, ...] = Field(min_length=1)
    specific_criteria: tuple[Id, ...] = ()
    training_focus: tuple[Text, ...] = ()
    supplier_engagement: tuple[Text, ...] = ()

    @field_validator("must_haves", "specific_criteria")
    @classmethod
    def _unique(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_unique(v)

    def level_of(self, criterion_id: str) -> str:
        """``critical``, ``elevated`` or ``normal`` for ``criterion_id`` in this sector."""
        return self.multipliers.get(criterion_id, "normal")


class LegalElement(_Frozen):
    """One element of a law, and the criteria whose levels satisfy it."""

    id: Id
    ref: Text
    label: Text
    criteria: tuple[Id, ...] = Field(min_length=1)
    min_level: int = Field(default=1, ge=1, le=3)
    rule: Literal["any", "all"] = "any"

    @field_validator("criteria")
    @classmethod
    def _unique(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_unique(v)

    def covered(self, levels: Mapping[str, int]) -> bool:
        """Whether graded ``levels`` (criterion id -> 0-3) satisfy this element."""
        hits = [levels.get(c, 0) >= self.min_level for c in self.criteria]
        return all(hits) if self.rule == "all" else any(hits)


class LegalFramework(_Frozen):
    """A law or regulation whose elements the analysis checks."""

    id: Id
    label: Text
    jurisdiction: Text
    citation: Text
    elements: tuple[LegalElement, ...] = Field(min_length=1)


class Rubric(_Frozen):
    """The whole rubric. Build it with :func:`load_rubric`.

    ``hash`` is the sha256 of the canonical JSON of everything else, so two rubrics with the
    same content have the same hash whatever their file layout, key order or whitespace.
    """

    version: Text
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    multiplier_values: dict[str, float]
    themes: tuple[Theme, ...]
    criteria: tuple[Criterion, ...]
    sectors: tuple[Sector, ...]
    legal: tuple[LegalFramework, ...]

    _criteria: dict[str, Criterion] = PrivateAttr(default_factory=dict)
    _sectors: dict[str, Sector] = PrivateAttr(default_factory=dict)
    _themes: dict[str, Theme] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        problems = cross_check(
            self.themes, self.criteria, self.sectors, self.legal, dict(self.multiplier_values)
        )
        if problems:
            raise ValueError("; ".join(p.render() for p in problems))
        expected = content_hash(self.model_dump(mode="json", exclude={"hash"}))
        if self.hash != expected:
            raise ValueError(f"hash {self.short_hash}... does not match the content")
        return self

    def model_post_init(self, __context: Any) -> None:
        self._criteria = {c.id: c for c in self.criteria}
        self._sectors = {s.id: s for s in self.sectors}
        self._themes = {t.id: t for t in self.themes}

    def __hash__(self) -> int:
        return hash(self.hash)

    @property
    def short_hash(self) -> str:
        """The first 12 hex digits of :attr:`hash`, for display."""
        return self.hash[:12]

    @property
    def grading_hash(self) -> str:
        """sha256 of what grading reads: the criteria's ids, themes, cues and whether one
        clause can hold their best practice, and which themes are practices. A model trained
        with one rubric stays valid for an edited one with the same grading hash: titles, level
        texts, frameworks, weights, sectors, legal checklists and toolkit content do not change
        how clauses and documents are graded."""
        return content_hash(
            {
                "criteria": [
                    {
                        "id": c.id,
                        "theme": c.theme,
                        "cues": c.cues.model_dump(mode="json"),
                        # the rules' document level, which the document model reads
                        "single_clause_best_practice": c.single_clause_best_practice,
                    }
                    for c in self.criteria
                ],
                "practice": sorted(t.id for t in self.themes if t.practice),
            }
        )

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(self._criteria)

    @property
    def single_clause_ids(self) -> frozenset[str]:
        """The criteria whose best practice one clause can hold (``single_clause_best_practice``)."""
        return frozenset(c.id for c in self.criteria if c.single_clause_best_practice)

    @property
    def sector_ids(self) -> tuple[str, ...]:
        return tuple(self._sectors)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(self._themes)

    @property
    def core_criteria(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria if c.core)

    def criterion(self, criterion_id: str) -> Criterion:
        return _pick(self._criteria, criterion_id, RubricError, "the rubric has no criterion")

    def sector(self, sector_id: str) -> Sector:
        return _pick(
            self._sectors, sector_id, SectorError, "unknown sector", listing="choose one of"
        )

    def theme(self, theme_id: str) -> Theme:
        return _pick(self._themes, theme_id, RubricError, "the rubric has no theme")

    def criteria_in_theme(self, theme_id: str) -> tuple[Criterion, ...]:
        self.theme(theme_id)
        return tuple(c for c in self.criteria if c.theme == theme_id)

    def multiplier(self, sector_id: str, criterion_id: str) -> float:
        """The weight multiplier of ``criterion_id`` in ``sector_id`` (normal when unlisted)."""
        sector = self.sector(sector_id)
        self.criterion(criterion_id)
        return float(self.multiplier_values[sector.level_of(criterion_id)])

    def applicable(self, sector_id: str, criterion_id: str) -> bool:
        """Whether the criterion counts in the sector (theme-8 ones only where listed)."""
        sector = self.sector(sector_id)
        criterion = self.criterion(criterion_id)
        return not criterion.sector_specific or criterion_id in sector.specific_criteria

    def must_haves(self, sector_id: str) -> tuple[str, ...]:
        """The sector's must-have criteria: its own list, then the core criteria it does not
        name (core criteria are must-haves in every sector, so choosing a high-risk sector never
        asks less of a code than the baseline)."""
        sector = self.sector(sector_id)
        return tuple(dict.fromkeys([*sector.must_haves, *self.core_criteria]))

    def must_have(self, sector_id: str, criterion_id: str) -> bool:
        return criterion_id in self.must_haves(sector_id)

    def target_level(self, sector_id: str, criterion_id: str) -> int:
        """3 for critical or must-have criteria, 2 otherwise, 0 when not applicable."""
        if not self.applicable(sector_id, criterion_id):
            return 0
        sector = self.sector(sector_id)
        if sector.level_of(criterion_id) == "critical" or self.must_have(sector_id, criterion_id):
            return 3
        return 2

    def legal_framework(self, framework_id: str) -> LegalFramework:
        for framework in self.legal:
            if framework.id == framework_id:
                return framework
        raise RubricError(
            f"the rubric has no legal framework {framework_id!r}; valid ids: "
            f"{', '.join(f.id for f in self.legal)}"
        )

    def summary(self) -> str:
        """One line: version, hash and counts."""
        return (
            f"rubric {self.version} (hash {self.hash[:8]}…): {len(self.criteria)} criteria, "
            f"{len(self.themes)} themes, {len(self.sectors)} sectors, "
            f"{len(self.legal)} legal frameworks"
        )


class RubricFile(BaseModel):
    """The shape of one rubric YAML file: any subset of the top-level keys (for editors)."""

    model_config = ConfigDict(
        extra="forbid",
        title="CoC Analyzer rubric file",
        json_schema_extra={
            "description": (
                "A CoC Analyzer rubric file. A rubric folder splits these keys across "
                "rubric.yaml, criteria/*.yaml, sectors.yaml and legal.yaml; a single file may "
                "hold them all."
            )
        },
    )

    version: Text | None = None
    hash: str | None = Field(
        default=None,
        description="Ignored: the content hash is computed on load (present in exported dumps).",
    )
    multiplier_values: dict[Literal["critical", "elevated", "normal"], float] | None = None
    themes: list[Theme] | None = None
    criteria: list[Criterion] | None = None
    sectors: list[Sector] | None = None
    legal: list[LegalFramework] | None = None


# --------------------------------------------------------------------------------------------
# Canonical hash
# --------------------------------------------------------------------------------------------


def content_hash(content: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of ``content`` (sorted keys, no whitespace)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# Problems and cross-reference checks
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric: where (file, line, entry, field) and what."""

    message: str
    entry: str = ""
    field: str = ""
    file: str = ""
    line: int | None = None

    def render(self) -> str:
        where = self.file
        if where and self.line:
            where = f"{where}:{self.line}"
        parts = [p for p in (where, self.entry, self.field) if p]
        return ": ".join([*parts, self.message])


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _pick(
    table: Mapping[str, _T],
    key: str,
    error: type[RubricError] | type[SectorError],
    unknown: str,
    *,
    listing: str = "valid ids",
) -> _T:
    """``table[key]``, or ``error`` naming the key, the closest id and every valid id."""
    if key in table:
        return table[key]
    raise error(f"{unknown} {key!r}{_suggest(key, table)}; {listing}: {', '.join(table)}")


def _entry_label(kind: str, entry_id: str) -> str:
    return f"{kind} {entry_id!r}"


def cross_check(
    themes: Sequence[Theme],
    criteria: Sequence[Criterion],
    sectors: Sequence[Sector],
    legal: Sequence[LegalFramework],
    multiplier_values: Mapping[str, float],
    *,
    known_criteria: Iterable[str] = (),
    known_sectors: Iterable[str] = (),
    known_themes_used: Iterable[str] = (),
) -> list[Problem]:
    """Rules across entries: unique ids, references resolve, the fixed themes, ranges.

    ``known_*`` are ids of entries that exist but failed their own validation (and the themes
    such entries name); references to them are not reported again.
    """
    problems: list[Problem] = []

    def dup(kind: str, ids: Iterable[str]) -> None:
        for entry_id, n in Counter(ids).items():
            if n > 1:
                problems.append(
                    Problem(
                        f"id is used {n} times; ids must be unique", _entry_label(kind, entry_id)
                    )
                )

    dup("theme", (t.id for t in themes))
    dup("criterion", (c.id for c in criteria))
    dup("sector", (s.id for s in sectors))
    dup("legal framework", (f.id for f in legal))
    for framework in legal:
        for element_id, n in Counter(e.id for e in framework.elements).items():
            if n > 1:
                problems.append(
                    Problem(
                        f"element id {element_id!r} is used {n} times",
                        _entry_label("legal framework", framework.id),
                        "elements",
                    )
                )

    # Themes: exactly the eight.
    theme_ids = [t.id for t in themes]
    missing = [t for t in THEME_IDS if t not in theme_ids]
    extra = [t for t in theme_ids if t not in THEME_IDS]
    if missing:
        problems.append(Problem(f"missing theme(s): {', '.join(missing)}", "themes"))
    for t in extra:
        problems.append(
            Problem(
                f"unknown theme{_suggest(t, THEME_IDS)}; the rubric has exactly these 8 themes: "
                f"{', '.join(THEME_IDS)}",
                _entry_label("theme", t),
            )
        )

    present = {c.theme for c in criteria} | set(known_themes_used)
    for theme in themes:
        if theme.id in THEME_IDS and criteria and theme.id not in present:
            problems.append(
                Problem(
                    "has no criteria; every theme needs at least one (its score would be undefined)",
                    _entry_label("theme", theme.id),
                )
            )

    # Multiplier values.
    names = ("normal", "elevated", "critical")
    for name in names:
        if name not in multiplier_values:
            problems.append(Problem(f"missing value for {name!r}", "multiplier_values"))
    for name, value in multiplier_values.items():
        if name not in names:
            problems.append(
                Problem(
                    "unknown multiplier name; use critical, elevated and normal",
                    "multiplier_values",
                    name,
                )
            )
        elif not 0.0 < value <= 5.0:
            problems.append(
                Problem(f"must be above 0 and at most 5, not {value}", "multiplier_values", name)
            )
    if all(n in multiplier_values for n in names):
        normal, elevated, critical = (multiplier_values[n] for n in names)
        if not normal <= elevated <= critical:
            problems.append(
                Problem(
                    "values must rise: normal <= elevated <= critical "
                    f"(got {normal}, {elevated}, {critical})",
                    "multiplier_values",
                )
            )

    # Criteria.
    crit = {c.id: c for c in criteria}
    all_criteria = set(crit) | set(known_criteria)
    all_sectors = {s.id for s in sectors} | set(known_sectors)
    for c in criteria:
        label = _entry_label("criterion", c.id)
        if c.theme not in THEME_IDS:
            problems.append(
                Problem(
                    f"unknown theme {c.theme!r}{_suggest(c.theme, THEME_IDS)}; valid themes: "
                    f"{', '.join(THEME_IDS)}",
                    label,
                    "theme",
                )
            )
        if c.sector_specific != (c.theme == SECTOR_SPECIFIC_THEME):
            problems.append(
                Problem(
                    f"criteria in theme {SECTOR_SPECIFIC_THEME!r} must set sector_specific: true"
                    if c.theme == SECTOR_SPECIFIC_THEME
                    else f"only criteria in theme {SECTOR_SPECIFIC_THEME!r} may set "
                    f"sector_specific: true (this one is in {c.theme!r})",
                    label,
                    "sector_specific",
                )
            )
        for sector_id in c.sector_clauses:
            if sector_id not in all_sectors:
                problems.append(
                    Problem(
                        f"unknown sector {sector_id!r}{_suggest(sector_id, all_sectors)}",
                        label,
                        f"sector_clauses.{sector_id}",
                    )
                )

    # Sectors.
    specific_ids = {c.id for c in criteria if c.theme == SECTOR_SPECIFIC_THEME}
    for s in sectors:
        label = _entry_label("sector", s.id)

        def ref(cid: str, where: str, label: str = label) -> bool:
            if cid not in all_criteria:
                problems.append(
                    Problem(f"unknown criterion {cid!r}{_suggest(cid, all_criteria)}", label, where)
                )
                return False
            return True

        for cid in s.multipliers:
            if (
                ref(cid, f"multipliers.{cid}")
                and cid in specific_ids
                and cid not in s.specific_criteria
            ):
                problems.append(
                    Problem(
                        f"{cid!r} is sector-specific; list it in specific_criteria "
                        "or its multiplier has no effect",
                        label,
                        f"multipliers.{cid}",
                    )
                )
        for i, cid in enumerate(s.must_haves):
            if (
                ref(cid, f"must_haves[{i}]")
                and cid in specific_ids
                and cid not in s.specific_criteria
            ):
                problems.append(
                    Problem(
                        f"{cid!r} is sector-specific; list it in specific_criteria too",
                        label,
                        f"must_haves[{i}]",
                    )
                )
        for i, risk in enumerate(s.risk_factors):
            for j, cid in enumerate(risk.criteria):
                where = f"risk_factors[{i}].criteria[{j}]"
                if ref(cid, where) and cid in specific_ids and cid not in s.specific_criteria:
                    problems.append(
                        Problem(
                            f"{cid!r} is sector-specific and does not apply to this sector; "
                            "list it in specific_criteria or remove it here",
                            label,
                            where,
                        )
                    )
        for i, cid in enumerate(s.specific_criteria):
            if ref(cid, f"specific_criteria[{i}]") and cid in crit and cid not in specific_ids:
                problems.append(
                    Problem(
                        f"{cid!r} is not in theme {SECTOR_SPECIFIC_THEME!r}; only those "
                        "criteria go in specific_criteria (the others always apply)",
                        label,
                        f"specific_criteria[{i}]",
                    )
                )
    if sectors and GENERAL_SECTOR not in {s.id for s in sectors} | set(known_sectors):
        problems.append(
            Problem(
                f"there must be a {GENERAL_SECTOR!r} sector (the baseline used when no sector "
                "is chosen)",
                "sectors",
            )
        )

    # Legal.
    for framework in legal:
        label = _entry_label("legal framework", framework.id)
        for i, element in enumerate(framework.elements):
            for j, cid in enumerate(element.criteria):
                if cid not in all_criteria:
                    problems.append(
                        Problem(
                            f"unknown criterion {cid!r}{_suggest(cid, all_criteria)}",
                            label,
                            f"elements[{i}] ({element.id}).criteria[{j}]",
                        )
                    )
    return problems


# --------------------------------------------------------------------------------------------
# Reading YAML with positions
# --------------------------------------------------------------------------------------------

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOP_KEYS = ("version", "multiplier_values", "themes", "criteria", "sectors", "legal")
_SCALAR_KEYS = ("version", "multiplier_values")
_LIST_KEYS = {
    "themes": "theme",
    "criteria": "criterion",
    "sectors": "sector",
    "legal": "legal framework",
}
_MODELS: dict[str, type[_Frozen]] = {
    "themes": Theme,
    "criteria": Criterion,
    "sectors": Sector,
    "legal": LegalFramework,
}


@dataclass
class _Source:
    """One parsed file: its data and node tree (for line numbers)."""

    path: Path
    shown: str
    data: Any
    node: yaml.Node | None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _duplicate_keys(node: yaml.Node) -> Iterator[tuple[str, int]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield key.value, key.start_mark.line + 1
                seen.add(key.value)
            yield from _duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item)


def _node_at(node: yaml.Node | None, path: Sequence[str | int]) -> yaml.Node | None:
    """The deepest node along ``path`` (keys and indexes) that exists."""
    current = node
    for step in path:
        if isinstance(current, yaml.MappingNode):
            nxt = next(
                (v for k, v in current.value if isinstance(k, yaml.ScalarNode) and k.value == step),
                None,
            )
            if nxt is None:
                # point at the key itself for unknown keys
                key = next(
                    (
                        k
                        for k, _ in current.value
                        if isinstance(k, yaml.ScalarNode) and k.value == step
                    ),
                    None,
                )
                return key if key is not None else current
            current = nxt
        elif isinstance(current, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(current.value):
                return current
            current = current.value[step]
        else:
            return current
    return current


def _line(node: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    found = _node_at(node, path)
    return found.start_mark.line + 1 if found is not None else None


def _read_yaml(path: Path, problems: list[Problem]) -> _Source | None:
    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem("file not found", file=shown))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(f"not UTF-8 text ({exc.reason}); save it as UTF-8", file=shown))
        return None
    except OSError as exc:
        problems.append(Problem(f"cannot read the file: {exc.strerror}", file=shown))
        return None
    try:
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        problems.append(
            Problem(
                f"YAML syntax error: {what or exc}. Check indentation and quoting "
                "(regexes with backslashes belong in 'single quotes')",
                file=shown,
                line=line,
            )
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(f"YAML error: {exc}", file=shown))
        return None
    if node is not None:
        for key, line in _duplicate_keys(node):
            problems.append(
                Problem(
                    f"duplicate key {key!r}: the later value would silently win",
                    file=shown,
                    line=line,
                )
            )
    return _Source(path, shown, data, node)


def _rubric_files(root: Path) -> list[Path]:
    files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    first = [p for p in files if p.stem == "rubric"]
    rest = [p for p in files if p.stem != "rubric"]
    sub = root / "criteria"
    nested = (
        sorted(p for p in sub.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        if sub.is_dir()
        else []
    )
    return [*first, *rest, *nested]


def _format_pydantic_loc(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _pydantic_problems(
    exc: ValidationError, model: type[BaseModel], entry: str, source: _Source, base: list[str | int]
) -> list[Problem]:
    out: list[Problem] = []
    errors = exc.errors(include_url=False)
    locs = [tuple(e["loc"]) for e in errors]
    for err in errors:
        here = tuple(err["loc"])
        if err["type"] == "too_short" and any(
            other != here and other[: len(here)] == here for other in locs
        ):
            continue  # a consequence of an item that failed; the item error says why
        loc = [p for p in err["loc"] if isinstance(p, str | int)]
        # Drop pydantic's internal union/function tags from the location.
        loc = [
            p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function")))
        ]
        msg = str(err["msg"])
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if err["type"] == "extra_forbidden":
            allowed = _allowed_fields(model, loc[:-1])
            name = str(loc[-1]) if loc else ""
            hint = _suggest(name, allowed)
            msg = f"unknown field{hint}; allowed fields: {', '.join(allowed)}"
        elif err["type"] == "missing":
            msg = "required field is missing"
        elif err["type"] == "string_pattern_mismatch" and loc and loc[-1] in ("id", "theme"):
            msg = "ids use lowercase letters, digits and underscores, starting with a letter"
        elif err["type"] == "literal_error":
            msg = f"{msg} (got {err.get('input')!r})"
        out.append(
            Problem(
                msg,
                entry,
                _format_pydantic_loc(loc),
                source.shown,
                _line(source.node, [*base, *loc]),
            )
        )
    return out


def _allowed_fields(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Field names of the sub-model at ``loc`` inside ``model`` (best effort)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            continue
        info = current.model_fields.get(part)
        if info is None:
            break
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


@dataclass
class RubricReport:
    """The outcome of :func:`check_rubric`: the rubric when valid, else every problem found."""

    path: Path
    rubric: Rubric | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rubric is not None and not self.problems

    def lines(self) -> list[str]:
        return [p.render() for p in self.problems]


def _resolve(path: str | Path | None) -> Path:
    return Path(path).expanduser() if path is not None else resources.rubric_dir()


def check_rubric(path: str | Path | None = None) -> RubricReport:
    """Read and validate a rubric folder or file, collecting every problem found."""
    root = _resolve(path)
    report = RubricReport(root)
    problems = report.problems
    if not root.exists():
        problems.append(
            Problem(
                "rubric not found: no such folder or file. Pass --rubric PATH (a rubric folder "
                "or a single YAML file) or set COC_RUBRIC",
                file=_display(root),
            )
        )
        return report
    if root.is_dir():
        if not any((root / n).is_file() for n in ("rubric.yaml", "rubric.yml")):
            problems.append(
                Problem(
                    "no rubric.yaml in this folder; a rubric folder needs rubric.yaml "
                    "(version, multiplier_values, themes) beside criteria/, sectors.yaml "
                    "and legal.yaml",
                    file=_display(root),
                )
            )
            return report
        files = _rubric_files(root)
    else:
        files = [root]

    sources = [s for s in (_read_yaml(f, problems) for f in files) if s is not None]
    # When a file cannot be read, rules across files would only report its absence again.
    unreadable = len(sources) < len(files)
    main_file = _display(files[0]) if files else _display(root)
    key_origin: dict[str, _Source] = {}

    scalars: dict[str, tuple[Any, _Source]] = {}
    entries: dict[str, list[tuple[Any, _Source, int]]] = {k: [] for k in _LIST_KEYS}
    for src in sources:
        if src.data is None:
            continue
        if not isinstance(src.data, dict):
            unreadable = True
            problems.append(
                Problem(
                    "the file must be a mapping of top-level keys "
                    f"({', '.join(_TOP_KEYS)}), not a {type(src.data).__name__}",
                    file=src.shown,
                    line=1,
                )
            )
            continue
        for key, value in src.data.items():
            key_origin.setdefault(str(key), src)
            if key == "hash":
                continue  # a dump of a loaded rubric carries its hash; it is recomputed here
            if key not in _TOP_KEYS:
                problems.append(
                    Problem(
                        f"unknown top-level key{_suggest(str(key), _TOP_KEYS)}; allowed: "
                        f"{', '.join(_TOP_KEYS)}",
                        str(key),
                        file=src.shown,
                        line=_line(src.node, [str(key)]),
                    )
                )
            elif key in _SCALAR_KEYS:
                if key in scalars:
                    problems.append(
                        Problem(
                            f"also set in {scalars[key][1].shown}; set it in one file only",
                            key,
                            file=src.shown,
                            line=_line(src.node, [key]),
                        )
                    )
                else:
                    scalars[key] = (value, src)
            elif not isinstance(value, list):
                problems.append(
                    Problem(
                        f"must be a list of {_LIST_KEYS[key]} entries (each starting with '- id:')",
                        key,
                        file=src.shown,
                        line=_line(src.node, [key]),
                    )
                )
            else:
                entries[key].extend((item, src, i) for i, item in enumerate(value))

    version: str | None = None
    if "version" not in scalars:
        if not unreadable:
            problems.append(
                Problem(
                    "required top-level key 'version' is missing (e.g. version: \"2026.11\")",
                    file=main_file,
                )
            )
    else:
        raw_version, src = scalars["version"]
        if isinstance(raw_version, str | int | float) and str(raw_version).strip():
            version = str(raw_version).strip()
        else:
            problems.append(
                Problem('must be a non-empty string such as "2026.11"', "version", file=src.shown)
            )

    multipliers: dict[str, float] = dict(DEFAULT_MULTIPLIER_VALUES)
    if "multiplier_values" in scalars:
        raw_mv, src = scalars["multiplier_values"]
        if not isinstance(raw_mv, dict):
            problems.append(
                Problem(
                    "must be a mapping such as {critical: 2.0, elevated: 1.5, normal: 1.0}",
                    "multiplier_values",
                    file=src.shown,
                    line=_line(src.node, ["multiplier_values"]),
                )
            )
        else:
            multipliers = {}
            for name, value in raw_mv.items():
                line = _line(src.node, ["multiplier_values", name])
                if name not in DEFAULT_MULTIPLIER_VALUES:
                    problems.append(
                        Problem(
                            "unknown multiplier name; use critical, elevated and normal",
                            "multiplier_values",
                            str(name),
                            src.shown,
                            line,
                        )
                    )
                elif isinstance(value, bool) or not isinstance(value, int | float):
                    problems.append(
                        Problem(
                            f"must be a number, not {value!r}",
                            "multiplier_values",
                            name,
                            src.shown,
                            line,
                        )
                    )
                else:
                    multipliers[name] = float(value)

    for key in _LIST_KEYS:
        if not unreadable and not entries[key]:
            problems.append(
                Problem(f"required top-level key {key!r} is missing or empty", file=main_file)
            )

    validated: dict[str, list[Any]] = {k: [] for k in _LIST_KEYS}
    failed_ids: dict[str, set[str]] = {k: set() for k in _LIST_KEYS}
    failed_themes: set[str] = set()
    origin: dict[tuple[str, str], tuple[_Source, int]] = {}
    for key, kind in _LIST_KEYS.items():
        model = _MODELS[key]
        for item, src, index in entries[key]:
            raw_id = item.get("id") if isinstance(item, dict) else None
            entry_id = str(raw_id) if raw_id is not None else f"#{index + 1}"
            label = _entry_label(kind, entry_id)
            base: list[str | int] = [key, index]
            if not isinstance(item, dict):
                problems.append(
                    Problem(
                        f"each {kind} must be a mapping of fields, not a {type(item).__name__}",
                        label,
                        file=src.shown,
                        line=_line(src.node, base),
                    )
                )
                continue
            origin.setdefault((kind, entry_id), (src, index))
            try:
                validated[key].append(model.model_validate(item))
            except ValidationError as exc:
                problems.extend(_pydantic_problems(exc, model, label, src, base))
                if raw_id is not None:
                    failed_ids[key].add(str(raw_id))
                if key == "criteria" and isinstance(item.get("theme"), str):
                    failed_themes.add(item["theme"])

    if unreadable:
        return report
    for p in cross_check(
        validated["themes"],
        validated["criteria"],
        validated["sectors"],
        validated["legal"],
        multipliers,
        known_criteria=failed_ids["criteria"],
        known_sectors=failed_ids["sectors"],
        known_themes_used=failed_themes,
    ):
        problems.append(_locate(p, origin, key_origin))

    if problems or version is None:
        return report

    content = {
        "version": version,
        "multiplier_values": multipliers,
        "themes": [t.model_dump(mode="json") for t in validated["themes"]],
        "criteria": [c.model_dump(mode="json") for c in validated["criteria"]],
        "sectors": [s.model_dump(mode="json") for s in validated["sectors"]],
        "legal": [f.model_dump(mode="json") for f in validated["legal"]],
    }
    try:
        report.rubric = Rubric.model_validate({**content, "hash": content_hash(content)})
    except ValidationError as exc:  # pragma: no cover - cross_check already covers these rules
        problems.extend(Problem(str(e["msg"]), file=_display(root)) for e in exc.errors())
    return report


def _locate(
    problem: Problem,
    origin: Mapping[tuple[str, str], tuple[_Source, int]],
    key_origin: Mapping[str, _Source],
) -> Problem:
    """Add file and line to a cross-check problem from where its entry (or key) was defined."""
    if problem.entry in key_origin:
        src = key_origin[problem.entry]
        key_path: list[str | int] = [problem.entry, *([problem.field] if problem.field else [])]
        return Problem(
            problem.message, problem.entry, problem.field, src.shown, _line(src.node, key_path)
        )
    match = re.match(r"^(theme|criterion|sector|legal framework) '(.+)'$", problem.entry)
    if not match or (match.group(1), match.group(2)) not in origin:
        return problem
    kind, entry_id = match.group(1), match.group(2)
    src, index = origin[(kind, entry_id)]
    key = next(k for k, v in _LIST_KEYS.items() if v == kind)
    path: list[str | int] = [key, index]
    if problem.field:
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", problem.field.split(" ")[0]):
            path.append(int(part[1:-1]) if part.startswith("[") else part)
    return Problem(problem.message, problem.entry, problem.field, src.shown, _line(src.node, path))


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and validate the rubric at ``path`` (folder or single YAML file).

    ``None`` means ``$COC_RUBRIC`` or the repository's ``rubrics/`` folder. Raises
    :class:`RubricError` naming the file, entry and field of the first problems found.
    """
    report = check_rubric(path)
    if report.rubric is not None and not report.problems:
        return report.rubric
    lines = report.lines() or [f"{_display(report.path)}: the rubric could not be loaded"]
    shown = lines[:5]
    more = len(lines) - len(shown)
    tail = (
        f" (and {more} more; run `coc rubric validate {_display(report.path)}` to list them all)"
        if more
        else ""
    )
    raise RubricError(" | ".join(shown) + tail)


def rubric_json_schema() -> dict[str, Any]:
    """JSON Schema of a rubric YAML file, for editors (yaml-language-server, VS Code...)."""
    schema = RubricFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


__all__ = [
    "CUE_FLAGS",
    "DEFAULT_MULTIPLIER_VALUES",
    "GENERAL_SECTOR",
    "LEGAL_IDS",
    "LEVEL_NAMES",
    "SECTOR_SPECIFIC_THEME",
    "THEME_IDS",
    "Criterion",
    "Cues",
    "FrameworkRef",
    "LegalElement",
    "LegalFramework",
    "Levels",
    "Problem",
    "Reading",
    "RiskFactor",
    "Rubric",
    "RubricFile",
    "RubricReport",
    "Sector",
    "Step",
    "Theme",
    "check_rubric",
    "compile_cue",
    "content_hash",
    "cross_check",
    "load_rubric",
    "rubric_json_schema",
]
