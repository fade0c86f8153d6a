"""Hand-made Analysis fixtures for the corpus store and batch tests (no engine needed)."""

from __future__ import annotations

import hashlib

from analyzer.results import (
    Analysis,
    CriterionResult,
    DocumentInfo,
    Evidence,
    ModelInfo,
    RubricInfo,
    SectorRank,
    SectorScore,
    ThemeScore,
)

CRITERIA = {
    "explicit_prohibition": "commitment_governance",
    "no_recruitment_fees": "responsible_recruitment",
    "no_document_retention": "freedom_conditions",
    "grievance_mechanism": "worker_voice_remedy",
}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def make_analysis(
    name: str,
    levels: dict[str, int],
    *,
    sector: str = "general",
    overall: float | None = None,
    rubric_hash: str = "rubric-hash-1",
    rubric_version: str = "1.0",
    model_kind: str = "rules",
    model_version: str = "",
    evidence: dict[str, list[tuple[str, int, float]]] | None = None,
    sha256: str | None = None,
    not_applicable: tuple[str, ...] = (),
) -> Analysis:
    """An Analysis with the given criterion levels and evidence (text, level, score); the
    criteria in ``not_applicable`` do not apply to its sector."""
    evidence = evidence or {}
    criteria = [
        CriterionResult(
            id=cid,
            theme=CRITERIA.get(cid, "commitment_governance"),
            level=lvl,
            confidence=0.5 + lvl / 10,
            applicable=cid not in not_applicable,
            evidence=[
                Evidence(page=i + 1, text=t, score=s, source="rule", level=el, heading="Code")
                for i, (t, el, s) in enumerate(evidence.get(cid, []))
            ],
        )
        for cid, lvl in levels.items()
    ]
    if overall is None:
        overall = round(100 * sum(levels.values()) / (3 * max(1, len(levels))), 1)
    return Analysis(
        document=DocumentInfo(
            name=name, sha256=sha256 or sha(name), pages=2, language="en", media_type="markdown"
        ),
        rubric=RubricInfo(version=rubric_version, hash=rubric_hash),
        model=ModelInfo(kind=model_kind, version=model_version),
        criteria=criteria,
        themes=[ThemeScore(id="commitment_governance", score=overall)],
        overall_score=overall,
        sector=SectorScore(id=sector, suitability=overall),
        sector_ranking=[SectorRank(id=sector, suitability=overall)],
        legal=[],
        analyzer_version="0.1.0",
    )
