"""Rubric cue matcher: phrases (LOWER, spelling variants), patterns, strong/weak/exclude."""

from __future__ import annotations

import pytest

from analyzer.match import CueMatcher, spelling_variants
from analyzer.rubric import Rubric, load_rubric


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="module")
def matcher(rubric: Rubric) -> CueMatcher:
    return CueMatcher(rubric)


def test_spelling_variants() -> None:
    assert {"forced labour", "forced labor"} <= spelling_variants("forced labour")
    assert "sub tier" in spelling_variants("sub-tier")
    assert "organization" in spelling_variants("organisation")


def test_topic_hits_with_words(matcher: CueMatcher) -> None:
    hits = matcher.topics(
        [
            "Suppliers shall not charge workers recruitment fees or hold their passports.",
            "Our canteen serves vegetarian meals every day.",
        ]
    )
    assert "no_recruitment_fees" in hits[0]
    assert any("recruitment fee" in w.lower() for w in hits[0]["no_recruitment_fees"])
    assert "no_document_retention" in hits[0]
    assert hits[1] == {}


def test_american_spelling_matches(matcher: CueMatcher) -> None:
    hits = matcher.topics(["Vendors must not use forced labor of any kind."])[0]
    assert "explicit_prohibition" in hits


def test_strong_and_weak_cues(matcher: CueMatcher) -> None:
    text = (
        "Any recruitment fees paid by workers, directly or indirectly, shall be reimbursed "
        "within 90 days."
    )
    topic = matcher.topics([text])[0]["no_recruitment_fees"]
    hit = matcher.detail(text, "no_recruitment_fees", topic)
    assert hit.fired and hit.strong
    weak = "Workers shall not pay excessive recruitment fees."
    hit = matcher.detail(weak, "no_recruitment_fees", ("recruitment fees",))
    assert hit.weak


def test_exclude_voids_unrelated_sense(matcher: CueMatcher) -> None:
    text = "The audit committee reviews the financial statements with the external auditor."
    res = matcher.match([text])[0]
    assert not any(h.fired for cid, h in res.items() if cid == "monitoring_audits")
