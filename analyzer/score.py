"""Scores from graded levels: pure functions, every formula in one place.

``levels`` maps each criterion id to its graded level 0-3. With ``w`` the criterion's
``base_weight``, ``m`` its multiplier in the sector (critical 2.0, elevated 1.5, normal 1.0) and
``A(s)`` the criteria applicable in sector ``s`` (theme-8 criteria only where the sector lists
them):

- theme score      = 100 * sum(w * level/3) / sum(w)          over the theme's criteria in A(s)
- overall score    = 100 * sum(w * level/3) / sum(w)          over A(s)
- suitability(s)   = 100 * sum(w * m * level/3) / sum(w * m)  over A(s)
- missing must-haves of s = must-have criteria of s whose level is below 2
- target level     = 3 if critical in s or a must-have of s, 2 otherwise, 0 if not applicable
- priority         = w * m * max(0, target - level)
- a legal element is covered when its criteria reach ``min_level`` under its rule
  (``any``: at least one does; ``all``: every one does)

Themes with no applicable criterion in the sector (theme 8 outside its sectors) are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from analyzer.results import LegalElement, SectorRank, SectorScore, ThemeScore

if TYPE_CHECKING:
    from analyzer.rubric import Rubric

__all__ = [
    "criterion_priority",
    "legal_coverage",
    "missing_must_haves",
    "overall_score",
    "sector_ranking",
    "sector_score",
    "suitability",
    "theme_scores",
    "weighted_score",
]

MUST_HAVE_LEVEL = 2


def _round(x: float) -> float:
    return round(min(100.0, max(0.0, x)), 1)


def weighted_score(levels: Mapping[str, int], weights: Mapping[str, float]) -> float:
    """100 * sum(weight * level/3) / sum(weight); 0 when there is no weight."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    got = sum(w * min(3, max(0, levels.get(cid, 0))) / 3.0 for cid, w in weights.items())
    return _round(100.0 * got / total)


def theme_scores(
    rubric: Rubric, levels: Mapping[str, int], sector: str = "general"
) -> list[ThemeScore]:
    """One score per theme with at least one applicable criterion in ``sector``."""
    out: list[ThemeScore] = []
    for theme in rubric.themes:
        weights = {
            c.id: float(c.base_weight)
            for c in rubric.criteria_in_theme(theme.id)
            if rubric.applicable(sector, c.id)
        }
        if not weights:
            continue
        out.append(
            ThemeScore(id=theme.id, title=theme.title, score=weighted_score(levels, weights))
        )
    return out


def overall_score(rubric: Rubric, levels: Mapping[str, int], sector: str = "general") -> float:
    """Base-weighted score over the criteria applicable in ``sector``."""
    weights = {
        c.id: float(c.base_weight) for c in rubric.criteria if rubric.applicable(sector, c.id)
    }
    return weighted_score(levels, weights)


def suitability(rubric: Rubric, levels: Mapping[str, int], sector: str) -> float:
    """Base weight x sector multiplier weighted score over the applicable criteria."""
    weights = {
        c.id: c.base_weight * rubric.multiplier(sector, c.id)
        for c in rubric.criteria
        if rubric.applicable(sector, c.id)
    }
    return weighted_score(levels, weights)


def missing_must_haves(rubric: Rubric, levels: Mapping[str, int], sector: str) -> list[str]:
    """The sector's must-have criteria graded below 2 (commitment)."""
    return [
        cid
        for cid in rubric.must_haves(sector)
        if rubric.applicable(sector, cid) and levels.get(cid, 0) < MUST_HAVE_LEVEL
    ]


def sector_score(rubric: Rubric, levels: Mapping[str, int], sector: str) -> SectorScore:
    """Suitability, multipliers (non-normal ones) and missing must-haves for one sector."""
    sec = rubric.sector(sector)
    return SectorScore(
        id=sec.id,
        label=sec.label,
        suitability=suitability(rubric, levels, sec.id),
        missing_must_haves=missing_must_haves(rubric, levels, sec.id),
        multipliers={cid: rubric.multiplier(sec.id, cid) for cid in sec.multipliers},
    )


def sector_ranking(rubric: Rubric, levels: Mapping[str, int]) -> list[SectorRank]:
    """Every sector by suitability, best first (ties by fewer missing must-haves, then id)."""
    rows = []
    for sec in rubric.sectors:
        rows.append(
            SectorRank(
                id=sec.id,
                label=sec.label,
                suitability=suitability(rubric, levels, sec.id),
                missing_must_haves=missing_must_haves(rubric, levels, sec.id),
            )
        )
    rows.sort(key=lambda r: (-r.suitability, len(r.missing_must_haves), r.id))
    return rows


def legal_coverage(rubric: Rubric, levels: Mapping[str, int]) -> list[LegalElement]:
    """Each element of each legal framework: covered or not, and which criteria cover it."""
    out: list[LegalElement] = []
    for fw in rubric.legal:
        for el in fw.elements:
            covered_by = [c for c in el.criteria if levels.get(c, 0) >= el.min_level]
            needed = len(el.criteria) if el.rule == "all" else 1
            covered = len(covered_by) >= needed
            out.append(
                LegalElement(
                    framework=fw.id,
                    framework_label=fw.label,
                    element=el.id,
                    label=f"{el.ref}: {el.label}",
                    covered=covered,
                    criteria=list(el.criteria),
                    covered_by=covered_by,
                )
            )
    return out


def criterion_priority(base_weight: int, multiplier: float, target_level: int, level: int) -> float:
    """base_weight x multiplier x max(0, target_level - level)."""
    return float(base_weight) * multiplier * max(0, target_level - level)
