"""A stand-in engine for the batch tests, which are about scheduling, resuming and storage.

It grades by the file's content (deterministically), can be slowed down, fails like the real
engine on a "CORRUPT" file, kills its worker process on a "CRASH" file, and logs every analysis
it performs to ``$COC_TEST_LOG`` (one sha256 per line) so tests can count real analyses.
``rescore`` (like ``Engine.rescore``) changes only the sector scores and logs nothing.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from _store_data import make_analysis

from analyzer.errors import PdfReadError, RubricError
from analyzer.ingest import Limits
from analyzer.results import Analysis, SectorScore

CRITERIA = ("explicit_prohibition", "no_recruitment_fees", "grievance_mechanism")
#: criteria that do not apply to a sector (like the real rubric's sector applicability)
NOT_APPLICABLE = {"mining": ("grievance_mechanism",)}


class FakeEngine:
    def __init__(self, rubric_hash: str) -> None:
        self.rubric_hash = rubric_hash

    @classmethod
    def from_defaults(
        cls,
        rubric_path: str | None = None,
        model_path: str | None = None,
        *,
        use_model: bool = True,
    ) -> FakeEngine:
        if rubric_path == "BROKEN":
            raise RubricError("rubric.yaml, line 3: criteria[0].id is missing; add an id.")
        return cls(rubric_hash=f"fake-rubric-{rubric_path or 'default'}")

    def analyze(
        self,
        source: str | Path | bytes,
        *,
        name: str | None = None,
        sector: str = "general",
        password: str | None = None,
        limits: Limits | None = None,
    ) -> Analysis:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if b"CRASH" in data:
            os._exit(3)
        if b"CORRUPT" in data:
            raise PdfReadError(f"{name} is damaged: the PDF ends early.\nRe-save it and retry.")
        time.sleep(float(os.environ.get("COC_TEST_SLEEP", "0")))
        log = os.environ.get("COC_TEST_LOG")
        if log and name != "probe.md":
            with open(log, "a") as fh:
                fh.write(digest + "\n")
        levels = {c: int(digest[i], 16) % 4 for i, c in enumerate(CRITERIA)}
        ev = {c: [(f"{name}: clause on {c}.", lvl, 0.7)] for c, lvl in levels.items() if lvl}
        return make_analysis(
            name or "document",
            levels,
            sector=sector,
            rubric_hash=self.rubric_hash,
            evidence=ev,
            sha256=digest,
            not_applicable=NOT_APPLICABLE.get(sector, ()),
        )

    def rescore(self, analysis: Analysis, sector: str) -> Analysis:
        # a sector-dependent suitability, so tests can tell which sector a result was scored for
        suitability = round(analysis.overall_score * (1 + len(sector) % 3) / 3, 1)
        skip = NOT_APPLICABLE.get(sector, ())
        criteria = [
            c.model_copy(update={"applicable": c.id not in skip}) for c in analysis.criteria
        ]
        return analysis.model_copy(
            update={"sector": SectorScore(id=sector, suitability=suitability), "criteria": criteria}
        )
