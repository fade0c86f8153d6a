"""A hand-made Analysis for the view-model and chart tests (no engine needed)."""

from __future__ import annotations

from analyzer.results import (
    Analysis,
    CriterionResult,
    DocumentInfo,
    Evidence,
    LegalElement,
    ModelInfo,
    RubricInfo,
    SectorRank,
    SectorScore,
    ThemeScore,
)


def _crit(
    cid: str,
    theme: str,
    level: int,
    *,
    target: int = 2,
    weight: int = 2,
    mult: float = 1.0,
    applicable: bool = True,
    evidence: list[Evidence] | None = None,
) -> CriterionResult:
    return CriterionResult(
        id=cid,
        theme=theme,
        title=cid.replace("_", " ").title(),
        level=level,
        confidence=0.8,
        evidence=evidence or [],
        why=f"why {cid}",
        base_weight=weight,
        applicable=applicable,
        multiplier=mult,
        target_level=target if applicable else 0,
        priority=weight * mult * max(0, target - level) if applicable else 0.0,
    )


def _uk_msa(
    element: str, label: str, criteria: list[str], *, covered_by: list[str]
) -> LegalElement:
    """An element of the UK Modern Slavery Act, covered when some criterion covers it."""
    return LegalElement(
        framework="uk_msa",
        element=element,
        covered=bool(covered_by),
        criteria=criteria,
        covered_by=covered_by,
        label=label,
        framework_label="UK Modern Slavery Act",
    )


def make_analysis(name: str = "code.pdf", sha: str = "a" * 64, **levels: int) -> Analysis:
    """A hand-made analysis: five criteria over two themes, levels overridable by keyword."""
    lv = {"no_fees": 3, "free_to_leave": 1, "grievance": 0, "audits": 2, "fishing_vessels": 0}
    lv.update(levels)
    ev_fees = [
        Evidence(
            page=2,
            text="Workers shall never pay recruitment fees; any fees paid are repaid in 90 days.",
            score=0.9,
            source="rule",
            level=3,
            matched=["recruitment fees", "repaid"],
            clause_index=4,
        ),
        Evidence(page=5, text="We oppose fees.", score=0.4, source="model", level=1),
    ]
    criteria = [
        _crit(
            "no_fees", "recruitment", lv["no_fees"], target=3, weight=3, mult=2.0, evidence=ev_fees
        ),
        _crit(
            "free_to_leave",
            "recruitment",
            lv["free_to_leave"],
            weight=3,
            evidence=[Evidence(page=3, text='=HYPERLINK("x")', score=0.5, source="rule")],
        ),
        _crit("grievance", "remedy", lv["grievance"], target=3, weight=2, mult=1.5),
        _crit("audits", "remedy", lv["audits"], weight=1),
        _crit("fishing_vessels", "remedy", lv["fishing_vessels"], applicable=False),
    ]
    return Analysis(
        document=DocumentInfo(name=name, sha256=sha, pages=6, language="en", ocr_pages=[4]),
        rubric=RubricInfo(version="1", hash="h"),
        model=ModelInfo(kind="rules"),
        criteria=criteria,
        themes=[
            ThemeScore(id="recruitment", score=66.7, title="Responsible recruitment"),
            ThemeScore(id="remedy", score=25.0, title="Worker voice and remedy"),
        ],
        overall_score=48.26,
        sector=SectorScore(
            id="apparel", suitability=41.0, label="Apparel", missing_must_haves=["grievance"]
        ),
        sector_ranking=[
            SectorRank(id="general", suitability=55.0, label="General"),
            SectorRank(
                id="apparel", suitability=41.0, label="Apparel", missing_must_haves=["grievance"]
            ),
            SectorRank(id="seafood", suitability=60.0, label="Seafood"),
        ],
        legal=[
            _uk_msa("s54_a", "Policies", ["no_fees", "grievance"], covered_by=["no_fees"]),
            _uk_msa("s54_b", "Remedy", ["grievance"], covered_by=[]),
            LegalElement(
                framework="us_far",
                element="far_1",
                covered=True,
                criteria=["audits"],
                covered_by=["audits"],
            ),
        ],
        warnings=["Engine note."],
    )
