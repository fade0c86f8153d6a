"""Engine: combine policy, aggregation, context, end-to-end on FAR and on a weak document."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from analyzer.engine import (
    MAX_EVIDENCE,
    Engine,
    Finding,
    aggregate,
    combine,
    lone_best_practice,
    lone_commitment,
)
from analyzer.resources import shared_dir
from analyzer.types import Clause, Document

FAR = shared_dir() / "docs" / "US-FAR_52.222-50_Nov2021.txt"
FAR_EXPECTED = (
    "explicit_prohibition",
    "no_recruitment_fees",
    "no_document_retention",
    "contract_flow_down",
    "housing_standards",
    "commercial_sexual_exploitation",
)

WEAK_DOC = """# Code of Business Conduct

## Introduction

Harbourline Logistics values honesty, integrity and respect in everything we do.

## Governance

The audit committee of the board reviews the financial statements and meets the external
auditor twice a year. Internal audit reports to the audit committee on financial controls.

## Information security

All staff complete IT training on phishing and password security every year. Supply chain
disruptions due to weather are covered by our business continuity plan.

## Human rights

We respect human rights and expect our partners to do the same.

## Gifts and entertainment

Employees must not accept gifts worth more than 50 euros from customers or vendors.
"""


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_defaults()


@pytest.fixture(scope="module")
def rules_engine() -> Engine:
    return Engine.from_defaults(use_model=False)


@pytest.mark.parametrize(
    ("rule", "prob", "thr", "strong", "context", "relevant", "source"),
    [
        (True, None, 0.5, False, False, True, "rule"),
        (False, None, 0.5, False, False, False, None),
        (False, None, 0.5, False, True, True, "context"),
        (True, 0.30, 0.5, False, False, True, "rule+model"),
        (True, 0.05, 0.5, False, False, False, None),  # the model vetoes an unrelated sense
        (False, 0.60, 0.5, False, False, True, "model"),
        (False, 0.40, 0.5, False, False, False, None),
        (False, 0.20, 0.5, False, True, True, "context"),
    ],
)
def test_combine_policy(
    rule: bool,
    prob: float | None,
    thr: float,
    strong: bool,
    context: bool,
    relevant: bool,
    source: str | None,
) -> None:
    d = combine(rule, prob, thr, strong=strong, context=context)
    assert d.relevant is relevant
    assert d.source == source
    assert 0.0 <= d.score <= 1.0


def test_a_specific_cue_phrase_is_not_vetoed() -> None:
    # a long cue phrase cannot be a word used in another sense: the model's low probability
    # (it never saw the phrasing) does not veto it; a single trigger word stays vetoed
    assert combine(True, 0.05, 0.5).relevant is False
    kept = combine(True, 0.05, 0.5, specific=True)
    assert kept.relevant and kept.source == "rule+model" and 0.5 <= kept.score < 0.6


def _f(
    level: int,
    score: float,
    source: str = "model",
    clause: int = 0,
    prob: float | None = None,
    strong: bool = False,
) -> Finding:
    return Finding("x", clause, level, score, source, "why", prob=prob, strong=strong)  # type: ignore[arg-type]


def test_aggregate_max_level_and_stray_mentions() -> None:
    assert aggregate([]).level == 0
    agg = aggregate(
        [_f(1, 0.9, clause=1), _f(3, 0.7, clause=2, strong=True), _f(2, 0.95, clause=3)]
    )
    assert agg.level == 3 and agg.evidence[0].clause == 2 and len(agg.evidence) == 3
    assert aggregate([_f(1, 0.6)]).level == 0  # one weak stray mention, one source only
    many = aggregate([_f(1 + k % 3, 0.5 + k / 20, clause=k) for k in range(7)])
    assert len(many.evidence) == MAX_EVIDENCE == 5
    assert [f.clause for f in many.evidence] == [5, 2, 4, 1, 6]  # by level, then score
    assert aggregate([_f(1, 0.6, "rule+model")]).level == 1


def test_best_practice_needs_corroboration() -> None:
    bp = _f(3, 0.9, "rule+model", clause=4, strong=True)
    generic = _f(3, 0.9, "rule+model", clause=4)  # raised by mechanism and scope only
    other = _f(2, 0.8, "rule+model", clause=9)
    mention = _f(1, 0.8, "rule+model", clause=7)
    # the criterion's own best-practice wording, and another clause that commits: 3
    assert aggregate([bp, other]).level == 3
    assert lone_best_practice([bp, other]) == ""
    # the same clause alone (a mention beside it does not commit): a commitment
    alone = aggregate([bp, mention])
    assert alone.level == 2 and alone.evidence[0].clause == 4 and alone.evidence[0].level == 2
    assert "no other clause" in alone.why and "lowered to 2" in alone.evidence[0].why
    # raised only by generic details: 2 even with support, 3 once a second clause reaches 3
    assert aggregate([generic, other]).level == 2
    assert "generic details" in aggregate([generic, other]).why
    assert aggregate([generic, replace(generic, clause=5)]).level == 3
    # a criterion whose best practice is one statement: the wording alone is enough, the
    # generic details still are not
    assert aggregate([bp, mention], single_clause=True).level == 3
    assert aggregate([generic, mention], single_clause=True).level == 2
    # the document level is always the level of its first evidence clause
    for fs in ([bp], [generic], [bp, other], [generic, mention, other]):
        for single in (False, True):
            agg = aggregate(fs, single_clause=single)
            assert agg.evidence[0].level == agg.level == max(f.level for f in agg.evidence)


def test_one_ban_listing_its_forms_is_best_practice(rules_engine: Engine) -> None:
    # explicit_prohibition sets single_clause_best_practice in the rubric: its best practice
    # is one ban, so the clause alone makes the document a 3 (other criteria need a second
    # clause that commits, see test_best_practice_needs_corroboration)
    crit = {c.id: c for c in rules_engine.rubric.criteria}
    assert crit["explicit_prohibition"].single_clause_best_practice
    assert not crit["training"].single_clause_best_practice
    doc = _doc(
        [
            (
                "We prohibit forced, bonded and indentured labour, involuntary prison labour, "
                "slavery and human trafficking, as defined by ILO Convention No. 29, and we apply "
                "zero tolerance across our value chain.",
                "Forced labour",
                "sentence",
            )
        ]
    )
    res = {c.id: c for c in rules_engine.analyze_document(doc).criteria}
    assert res["explicit_prohibition"].level == 3, res["explicit_prohibition"].why


def test_a_commitment_needs_a_clause_plainly_about_the_criterion() -> None:
    passing = _f(2, 0.7, "rule+model", clause=3, prob=0.55)  # mainly about another topic
    plain = _f(2, 0.9, "rule+model", clause=3, prob=0.95)
    mention = _f(1, 0.8, "rule+model", clause=8, prob=0.9)
    alone = aggregate([passing, mention])
    assert alone.level == 1 and alone.evidence[0].clause == 3
    assert "lowered to 1" in alone.evidence[0].why and "0.55" in alone.why
    assert aggregate([plain, mention]).level == 2
    assert lone_commitment([plain]) == ""
    # a second commitment clause corroborates it; rules-only findings have no probability
    assert aggregate([passing, replace(passing, clause=5)]).level == 2
    assert aggregate([replace(passing, prob=None, source="rule")]).level == 2
    # naming an instrument is the commitment, however little the clause is about it
    assert aggregate([replace(passing, named=True), mention]).level == 2
    # a lone best practice lowered to 2 is then read the same way
    assert aggregate([replace(passing, level=3, strong=True), mention]).level == 1
    assert aggregate([_f(1, 0.6), _f(1, 0.6, clause=4)]).level == 1


def test_equal_scores_are_ordered_by_model_probability() -> None:
    # a cue hit past the model threshold scores 1.0 whatever the probability: the clause the
    # model reads as most plainly about the criterion is quoted first, then document order
    agg = aggregate(
        [
            _f(2, 1.0, "rule+model", clause=1, prob=0.55),
            _f(2, 1.0, "rule+model", clause=7, prob=0.97),
            _f(2, 0.9, "rule+model", clause=0, prob=0.99),
            _f(2, 1.0, "rule+model", clause=3, prob=0.55),
        ]
    )
    assert [f.clause for f in agg.evidence] == [7, 1, 3, 0]


def _doc(texts: list[tuple[str, str | None, str]]) -> Document:
    clauses = tuple(
        Clause("d", i, t, 1, h, 0, len(t), kind=k)  # type: ignore[arg-type]
        for i, (t, h, k) in enumerate(texts)
    )
    return Document("d", "test", "0" * 64, "text", (), "\n".join(t for t, _, _ in texts), clauses)


def test_bullets_inherit_mandatory_lead_in(rules_engine: Engine) -> None:
    doc = _doc(
        [
            ("Suppliers shall not:", "Labour standards", "sentence"),
            (
                "confiscate or retain workers' passports or identity documents;",
                "Labour standards",
                "bullet",
            ),
        ]
    )
    res = {c.id: c for c in rules_engine.analyze_document(doc).criteria}
    assert res["no_document_retention"].level >= 2
    assert "lead-in" in res["no_document_retention"].evidence[0].why


def test_definitions_are_not_commitments(rules_engine: Engine) -> None:
    doc = _doc(
        [
            ("Definitions", "Definitions", "heading"),
            (
                "Forced labour means any work or service which is exacted from any person under "
                "the menace of any penalty and for which the person has not offered himself "
                "voluntarily.",
                "Definitions",
                "sentence",
            ),
        ]
    )
    res = {c.id: c for c in rules_engine.analyze_document(doc).criteria}
    assert res["explicit_prohibition"].level == 0


@pytest.mark.skipif(not FAR.is_file(), reason="shared FAR text not available")
def test_far_end_to_end(engine: Engine) -> None:
    a = engine.analyze(FAR, sector="construction")
    levels = {c.id: c.level for c in a.criteria}
    low = {c: levels[c] for c in FAR_EXPECTED if levels[c] < 2}
    assert not low, f"expected level >= 2: {low} (model: {a.model.kind}, {a.warnings})"
    for c in a.criteria:
        if c.level:
            assert c.evidence and c.evidence[0].text and c.evidence[0].why
            assert c.evidence[0].level <= c.level
    assert a.sector.id == "construction"


def test_weak_document_has_few_findings_and_no_overfiring(engine: Engine) -> None:
    a = engine.analyze(WEAK_DOC.encode(), name="weak.md")
    levels = {c.id: c.level for c in a.criteria}
    assert levels["monitoring_audits"] == 0
    assert levels["training"] == 0
    assert levels["senior_approval_accountability"] <= 1
    assert sum(1 for v in levels.values() if v) <= 4, levels
    assert all(v <= 1 for v in levels.values()), levels
    assert a.overall_score < 10


def test_rescore_changes_only_sector_fields(engine: Engine) -> None:
    a = engine.analyze(WEAK_DOC.encode(), name="weak.md", sector="general")
    b = engine.rescore(a, "seafood")
    assert b.sector.id == "seafood"
    assert [c.level for c in a.criteria] == [c.level for c in b.criteria]
    mfp = {c.id: c for c in b.criteria}["maritime_fishing_protections"]
    assert mfp.applicable and mfp.target_level >= 2
    assert not {c.id: c for c in a.criteria}["maritime_fishing_protections"].applicable


def test_unknown_sector_lists_valid_ids(engine: Engine) -> None:
    from analyzer.errors import SectorError

    with pytest.raises(SectorError, match="apparel"):
        engine.analyze(WEAK_DOC.encode(), name="weak.md", sector="shipbuilding")


def test_empty_clause_list_is_all_absent(rules_engine: Engine) -> None:
    a = rules_engine.analyze_document(_doc([]))
    assert all(c.level == 0 for c in a.criteria) and a.overall_score == 0.0
    assert any("no text" in w for w in a.warnings)


def test_one_language_warning_whether_or_not_ingestion_gave_it(rules_engine: Engine) -> None:
    from dataclasses import replace

    from analyzer.ingest.language import language_warning

    expected = language_warning("fr")
    bare = replace(_doc([("Les fournisseurs ne doivent pas.", None, "sentence")]), language="fr")
    assert rules_engine.analyze_document(bare).warnings == [expected]
    ingested = replace(bare, warnings=(str(expected),))
    assert rules_engine.analyze_document(ingested).warnings == [expected]
    english = _doc([("Suppliers shall not retain passports.", None, "sentence")])
    assert rules_engine.analyze_document(english).warnings == []


def test_editing_what_grading_does_not_read_keeps_the_model(tmp_path: Path) -> None:
    # Task-force members re-weight sectors and reword titles or framework references; that must
    # not switch the trained model off. Changing a cue does (the model learned from the cues).
    from analyzer.resources import rubric_dir

    edited = tmp_path / "rubric"
    shutil.copytree(rubric_dir(), edited)
    criteria = edited / "criteria" / "1_commitment_governance.yaml"
    text = criteria.read_text("utf-8")
    old_ref = "Abolition of Forced Labour Convention 1957"
    assert old_ref in text
    criteria.write_text(text.replace(old_ref, "Abolition of Forced Labour Convention (1957)"))
    sectors = edited / "sectors.yaml"
    sectors.write_text(
        sectors.read_text("utf-8").replace("traceability: critical", "traceability: elevated", 1),
        "utf-8",
    )
    engine = Engine.from_defaults(rubric_path=edited)
    assert engine.model_info.kind == "sklearn"
    assert engine.calibration is not None and engine.load_warnings == ()
    assert engine.rubric.hash != Engine.from_defaults(use_model=False).rubric.hash

    cue = "        - 'zero tolerance of forced labour'\n"
    assert cue in text
    criteria.write_text(text.replace(cue, "        - 'slavery-free pledge'\n" + cue, 1))
    engine = Engine.from_defaults(rubric_path=edited)
    assert engine.model_info.kind == "rules"
    assert any("criteria or cues changed" in w for w in engine.load_warnings)
