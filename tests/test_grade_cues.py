"""Rubric cues that decide a grade: best-practice (strong) and weak cues read on real-style
sentences (our own wording), with the rules-only engine's level where it matters."""

from __future__ import annotations

import pytest
import spacy

from analyzer.grade import read_signals, rule_level
from analyzer.match import CueMatcher
from analyzer.rubric import load_rubric


@pytest.fixture(scope="module")
def matcher() -> CueMatcher:
    return CueMatcher(load_rubric(), spacy.blank("en"))


def _level(matcher: CueMatcher, text: str, criterion: str) -> int:
    topic = matcher.topics([text])[0].get(criterion, ())
    hit = matcher.detail(text, criterion, topic)
    return rule_level(read_signals(text), hit.strong, hit.weak, hit.topic)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Where local law and this Code cover the same matter, the supplier shall follow whichever "
        "provision gives workers the greater protection.",
        "Where national law and our Standards differ, contractors must apply the standard that "
        "offers the higher protection to workers.",
    ],
)
def test_higher_standard_rule_is_best_practice(matcher: CueMatcher, text: str) -> None:
    assert matcher.detail(text, "international_standards").strong
    assert _level(matcher, text, "international_standards") == 3


def test_a_code_in_many_languages_is_not_the_weak_intranet_cue(matcher: CueMatcher) -> None:
    translated = "This Code is published on our website and is available in 11 languages."
    hit = matcher.detail(translated, "public_communication")
    assert hit.strong and not hit.weak
    # "available on the intranet" without any communication is still only a mention
    intranet = "The Policy is available on the staff intranet."
    assert matcher.detail(intranet, "public_communication").weak


def test_we_are_opposed_to_forced_labour_is_a_mention(matcher: CueMatcher) -> None:
    text = "We are opposed to forced labour and human trafficking and expect our vendors to agree."
    assert matcher.topics([text])[0].get("explicit_prohibition")
    assert _level(matcher, text, "explicit_prohibition") == 1


# --- best practice specific to one criterion, worded in the ways real codes word it ---------
@pytest.mark.parametrize(
    ("criterion", "text"),
    [
        (
            "freedom_to_leave",
            "When a seasonal worker's contract ends or she resigns, the grower pays her journey "
            "home.",
        ),
        (
            "freedom_to_leave",
            "Workers may leave at any time on two weeks' notice, or without notice where they have "
            "been abused by a supervisor.",
        ),
        (
            "effectiveness_reporting",
            "In 2025 our hotline received 340 reports, and 41 cases were referred to the labour "
            "inspectorate.",
        ),
    ],
)
def test_criterion_specific_best_practice_is_a_strong_cue(
    matcher: CueMatcher, criterion: str, text: str
) -> None:
    assert matcher.detail(text, criterion).strong
    assert _level(matcher, text, criterion) == 3


@pytest.mark.parametrize(
    ("criterion", "text"),
    [
        # a plain ban, a plain commitment: no mechanism of the criterion's best practice
        ("non_retaliation", "We do not tolerate retaliation against anyone who speaks up."),
        ("training", "All employees must complete training on this Code."),
        (
            "freedom_to_leave",
            "Workers must be free to resign from their employment on reasonable notice.",
        ),
        ("recruiter_due_diligence", "Suppliers must use reputable recruitment agencies."),
        (
            "noncompliance_consequences",
            "Breaches of this Code may lead to termination of the business relationship.",
        ),
        ("effectiveness_reporting", "We will report on our progress in our annual statement."),
    ],
)
def test_plain_commitments_stay_below_best_practice(
    matcher: CueMatcher, criterion: str, text: str
) -> None:
    assert not matcher.detail(text, criterion).strong
    assert _level(matcher, text, criterion) <= 2


@pytest.mark.parametrize(
    "text",
    [
        "This policy was approved by the Board in May 2025.",
        "Signed on 3 May 2024 by the Chief Executive.",
        "May 2024: the policy was updated after consultation with unions.",
    ],
)
def test_the_month_may_is_not_a_hedge(text: str) -> None:
    assert read_signals(text).aspirational == ()


def test_the_modal_may_is_still_a_hedge() -> None:
    assert read_signals(
        "Suppliers may use labour agencies, and we may audit them in May."
    ).aspirational


@pytest.mark.parametrize(
    "text",
    [
        "We comply with all applicable wage and hour laws.",
        "Suppliers are expected to respect local laws on working hours.",
        "We know that crew on some vessels work very long hours.",
        "Working time at our depots must comply with local law.",
    ],
)
def test_generic_working_hours_wording_is_a_mention(matcher: CueMatcher, text: str) -> None:
    assert matcher.topics([text])[0].get("working_hours")
    assert _level(matcher, text, "working_hours") == 1


def test_working_hours_of_a_helpline_are_not_the_topic(matcher: CueMatcher) -> None:
    text = "The helpline is staffed during working hours and by voicemail at other times."
    assert not matcher.topics([text])[0].get("working_hours")
