"""Scoring formulas: table-driven (weighted scores, suitability, must-haves, legal any/all)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from analyzer import score
from analyzer.rubric import LegalElement, LegalFramework, Rubric, load_rubric


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.mark.parametrize(
    ("levels", "weights", "expected"),
    [
        ({"a": 3, "b": 3}, {"a": 1, "b": 2}, 100.0),
        ({}, {"a": 1, "b": 2}, 0.0),
        ({"a": 3, "b": 0}, {"a": 1, "b": 2}, 33.3),
        ({"a": 0, "b": 3}, {"a": 1, "b": 2}, 66.7),
        ({"a": 2, "b": 2}, {"a": 3, "b": 1}, 66.7),
        ({"a": 1}, {"a": 2}, 33.3),
        ({"a": 3}, {}, 0.0),
    ],
)
def test_weighted_score(levels: dict[str, int], weights: dict[str, float], expected: float) -> None:
    assert score.weighted_score(levels, weights) == expected


@pytest.mark.parametrize(
    ("weight", "mult", "target", "level", "expected"),
    [(3, 2.0, 3, 1, 12.0), (2, 1.0, 2, 2, 0.0), (2, 1.5, 2, 0, 6.0), (1, 1.0, 2, 3, 0.0)],
)
def test_priority(weight: int, mult: float, target: int, level: int, expected: float) -> None:
    assert score.criterion_priority(weight, mult, target, level) == expected


def test_overall_and_themes_follow_base_weights(rubric: Rubric) -> None:
    all3 = {c.id: 3 for c in rubric.criteria}
    assert score.overall_score(rubric, all3) == 100.0
    assert score.overall_score(rubric, {}) == 0.0
    only = {"explicit_prohibition": 3}
    applicable = [c for c in rubric.criteria if rubric.applicable("general", c.id)]
    expected = round(100 * 3 / sum(c.base_weight for c in applicable), 1)
    assert score.overall_score(rubric, only) == expected
    themes = {t.id: t.score for t in score.theme_scores(rubric, only)}
    assert "sector_specific" not in themes  # no theme-8 criterion applies to "general"
    t1 = rubric.criteria_in_theme("commitment_governance")
    assert themes["commitment_governance"] == round(100 * 3 / sum(c.base_weight for c in t1), 1)


def test_suitability_uses_multipliers(rubric: Rubric) -> None:
    sector = "seafood"
    levels = {c.id: (3 if i % 2 else 1) for i, c in enumerate(rubric.criteria)}
    num = den = 0.0
    for c in rubric.criteria:
        if not rubric.applicable(sector, c.id):
            continue
        w = c.base_weight * rubric.multiplier(sector, c.id)
        num += w * levels[c.id] / 3
        den += w
    assert score.suitability(rubric, levels, sector) == round(100 * num / den, 1)
    res = score.sector_score(rubric, levels, sector)
    assert res.multipliers and all(v in (1.5, 2.0) for v in res.multipliers.values())
    assert set(res.missing_must_haves) == {
        m for m in rubric.must_haves(sector) if levels.get(m, 0) < 2
    }


def test_core_criteria_are_must_haves_in_every_sector(rubric: Rubric) -> None:
    # a high-risk sector never asks less of a code than the baseline: its own must-haves come
    # first, then every core criterion, each with target level 3
    core = set(rubric.core_criteria)
    assert set(rubric.must_haves("general")) == core
    for sector in rubric.sectors:
        wanted = rubric.must_haves(sector.id)
        assert wanted[: len(sector.must_haves)] == sector.must_haves
        assert core <= set(wanted)
        for cid in core:
            assert rubric.target_level(sector.id, cid) == 3
            assert rubric.target_level(sector.id, cid) >= rubric.target_level("general", cid)
    apparel = score.sector_score(rubric, {}, "apparel")
    assert "wages_no_debt_bondage" in apparel.missing_must_haves


def test_ranking_covers_all_sectors_best_first(rubric: Rubric) -> None:
    levels = {"no_recruitment_fees": 3, "no_document_retention": 3, "recruiter_due_diligence": 3}
    ranking = score.sector_ranking(rubric, levels)
    assert {r.id for r in ranking} == set(rubric.sector_ids)
    vals = [r.suitability for r in ranking]
    assert vals == sorted(vals, reverse=True)


def _fake(rule: str, min_level: int) -> SimpleNamespace:
    el = LegalElement(
        id="e1", ref="(x)", label="thing", criteria=("aa", "bb"), min_level=min_level, rule=rule
    )
    fw = LegalFramework(id="fw", label="Law", jurisdiction="X", citation="s.1", elements=(el,))
    return SimpleNamespace(legal=(fw,))


@pytest.mark.parametrize(
    ("rule", "min_level", "levels", "covered", "by"),
    [
        ("any", 1, {"aa": 1}, True, ["aa"]),
        ("any", 2, {"aa": 1, "bb": 1}, False, []),
        ("all", 1, {"aa": 1}, False, ["aa"]),
        ("all", 2, {"aa": 2, "bb": 3}, True, ["aa", "bb"]),
        ("all", 2, {"aa": 2, "bb": 1}, False, ["aa"]),
    ],
)
def test_legal_any_all(
    rule: str, min_level: int, levels: dict[str, int], covered: bool, by: list[str]
) -> None:
    (el,) = score.legal_coverage(_fake(rule, min_level), levels)  # type: ignore[arg-type]
    assert el.covered is covered
    assert el.covered_by == by
    assert el.framework == "fw" and el.criteria == ["aa", "bb"]


def test_legal_coverage_on_real_rubric(rubric: Rubric) -> None:
    assert all(not e.covered for e in score.legal_coverage(rubric, {}))
    assert all(
        e.covered for e in score.legal_coverage(rubric, {c: 3 for c in rubric.criterion_ids})
    )
