"""Grader: how the learned level model and model-only evidence may change the rules' level.

A small stand-in classifier gives fixed relevance probabilities and a fixed level, so each test
checks one policy of :class:`analyzer.engine.Grader` rather than a trained model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest
import spacy

from analyzer.engine import Finding, Grader
from analyzer.match import CueMatcher
from analyzer.rubric import Rubric, load_rubric


class StandInClassifier:
    """Relevance ``probs[(clause, criterion)]`` (0 elsewhere); every level predicted ``level``."""

    def __init__(
        self, labels: Sequence[str], probs: Mapping[tuple[int, str], float], level: int | None
    ) -> None:
        self.labels = tuple(labels)
        self.thresholds = {c: 0.5 for c in labels}
        self.rule_required: frozenset[str] = frozenset()
        self.card: dict[str, Any] = {}
        self.probs = dict(probs)
        self.level_value = level
        self.level = object() if level is not None else None

    def relevance_proba(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.labels)))
        for (i, cid), p in self.probs.items():
            out[i, self.labels.index(cid)] = p
        return out

    def predict_levels(self, tokens: Sequence[str]) -> list[tuple[int, float]]:
        assert self.level_value is not None
        return [(self.level_value, 0.9) for _ in tokens]


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="module")
def matcher(rubric: Rubric) -> CueMatcher:
    return CueMatcher(rubric, spacy.blank("en"))


def _finding(
    rubric: Rubric,
    matcher: CueMatcher,
    text: str,
    criterion: str,
    *,
    prob: float,
    level: int | None,
) -> Finding | None:
    clf = StandInClassifier(rubric.criterion_ids, {(0, criterion): prob}, level)
    grader = Grader(rubric, matcher, clf)  # type: ignore[arg-type]
    found = [f for f in grader.findings([text], [None])[0] if f.criterion == criterion]
    return found[0] if found else None


def test_level_model_cannot_lower_a_best_practice_cue(rubric: Rubric, matcher: CueMatcher) -> None:
    # the criterion's own best-practice cue ("blacklist") makes the rules say 3: the level
    # model saying 2 does not override the rubric
    text = "Suppliers must not retaliate against, dismiss or blacklist any worker who raises a concern."
    f = _finding(rubric, matcher, text, "non_retaliation", prob=0.9, level=2)
    assert f is not None and f.level == 3, f


def test_level_model_may_lower_generic_raisers(rubric: Rubric, matcher: CueMatcher) -> None:
    # 3 from two generic raisers only (a hotline, labour agents): the level model may lower it
    text = (
        "Suppliers must not retaliate against workers or labour agents who report a concern "
        "through the hotline."
    )
    rules_only = _finding(rubric, matcher, text, "non_retaliation", prob=0.9, level=None)
    assert rules_only is not None and rules_only.level == 3, rules_only
    f = _finding(rubric, matcher, text, "non_retaliation", prob=0.9, level=2)
    assert f is not None and f.level == 2, f


def test_model_only_evidence_is_not_raised_by_generic_raisers(
    rubric: Rubric, matcher: CueMatcher
) -> None:
    # no purchasing-practices cue in the clause: the classifier finds it, but its repayment
    # deadline and figures belong to another topic, so they do not make it best practice
    text = (
        "If a worker has paid a recruitment fee to a labour agent, we will repay the worker in "
        "full within 30 days."
    )
    assert not matcher.topics([text])[0].get("purchasing_practices")
    f = _finding(rubric, matcher, text, "purchasing_practices", prob=0.9, level=None)
    assert f is not None and f.source == "model" and f.level == 2, f


@pytest.mark.parametrize(
    ("plain", "formal"),
    [
        (
            "We don’t tolerate forced labour or human trafficking in our business.",
            "We do not tolerate forced labour or human trafficking in our business.",
        ),
        (
            "Suppliers won't hold workers' passports or identity documents.",
            "Suppliers will not hold workers' passports or identity documents.",
        ),
        (
            "You can’t be charged a fee for a job with us, and we'll never ask for one.",
            "You cannot be charged a fee for a job with us, and we will never ask for one.",
        ),
    ],
)
def test_contractions_read_like_the_formal_wording(
    rubric: Rubric, matcher: CueMatcher, plain: str, formal: str
) -> None:
    # employee codes written in a plain voice: the same cues, modality and level as the formal
    # wording (before, "don't tolerate" matched no cue and had no mandatory wording)
    grader = Grader(rubric, matcher)
    got = {(f.criterion, f.level) for f in grader.findings([plain], [None])[0]}
    want = {(f.criterion, f.level) for f in grader.findings([formal], [None])[0]}
    assert got == want and any(level >= 2 for _, level in want), (got, want)


def test_evidence_of_a_contracted_clause_quotes_its_own_words(
    rubric: Rubric, matcher: CueMatcher
) -> None:
    # the clause is read as "do not tolerate", but what the user sees highlighted and quoted
    # in the reasons is the document's "don’t tolerate"
    text = "We don’t tolerate forced labour or human trafficking in our business."
    findings = Grader(rubric, matcher).findings([text], [None])[0]
    assert findings
    for f in findings:
        assert f.matched and all(w.lower() in text.lower() for w in f.matched), f.matched
        assert "do not" not in f.why, f.why
    assert any("don’t tolerate" in w for f in findings for w in f.matched)
