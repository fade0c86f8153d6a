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
