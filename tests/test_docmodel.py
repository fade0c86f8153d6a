"""The document model: how it moves a criterion's level, what it may not do, how it is stored."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from analyzer.docmodel import FEATURES, DocStats, DocumentModel, features, fit_document_model
from analyzer.engine import Aggregate, Finding, revise
from analyzer.errors import UntrustedModelError
from analyzer.persistence import (
    MODEL_NAME,
    default_model_path,
    load_classifier,
    read_card,
    save_classifier,
)

CRITERIA = ("explicit_prohibition", "training")
STATS = DocStats(share_2=0.5, share_3=0.2, share_found=0.7, clauses=120)


def _model(prefer: int, margin: float = 0.05, strength: float = 1.0) -> DocumentModel:
    """A model that prefers level ``prefer`` everywhere, and levels nearer to it to those
    further away (``strength`` per level of distance in the logits)."""
    intercept = -strength * np.abs(np.arange(4) - prefer).astype(np.float64)
    return DocumentModel(CRITERIA, np.zeros((len(FEATURES) + len(CRITERIA), 4)), intercept, margin)


def _f(level: int, clause: int, score: float = 0.9, prob: float | None = 0.9) -> Finding:
    return Finding("training", clause, level, score, "rule+model", f"why {clause}", prob=prob)


def test_features_have_their_names() -> None:
    assert len(features(2, [_f(2, 1), _f(3, 4)], STATS)) == len(FEATURES)
    assert len(features(0, [], STATS)) == len(FEATURES)


def test_the_model_never_goes_above_the_evidence() -> None:
    model = _model(prefer=3)
    level, p = model.decide("training", 1, [_f(2, 1), _f(1, 2)], STATS)
    assert level == 2 and p.argmax() == 3 and abs(p.sum() - 1) < 1e-9
    assert model.decide("training", 0, [], STATS)[0] == 0
    # one level at a time: a 3 it reads as absent is lowered to 2, a 1 it reads as best
    # practice is raised to 2
    assert _model(prefer=0).decide("training", 3, [_f(3, 1)], STATS)[0] == 2
    assert model.decide("training", 1, [_f(3, 1), _f(1, 2)], STATS)[0] == 2


def test_a_small_preference_keeps_the_rules_level() -> None:
    # prefers 1 over 2 by a hair: below the margin, the rules' 2 stands
    close = _model(prefer=1, strength=0.1)
    assert close.decide("training", 2, [_f(2, 1)], STATS)[0] == 2
    assert _model(prefer=1).decide("training", 2, [_f(2, 1)], STATS)[0] == 1


def test_revise_keeps_the_level_of_the_first_evidence_clause() -> None:
    found = [_f(3, 1), _f(3, 2), _f(1, 3)]
    agg = Aggregate(3, 0.9, tuple(found), "level 3 from clause 1: why 1")
    lowered = revise(agg, "training", found, STATS, _model(prefer=2))
    assert lowered.level == 2 and lowered.evidence[0].clause == 1
    assert [f.level for f in lowered.evidence] == [2, 2, 1]
    assert "lowered to 2 by the document model" in lowered.evidence[0].why
    assert "counted at the document's level 2" in lowered.evidence[1].why
    assert lowered.why.startswith("level 2 from clause 1")
    # back up to what the clause itself reached (a lone best practice the rules lowered)
    held = Aggregate(2, 0.9, (replace(found[0], level=2), found[2]), "lowered")
    raised = revise(held, "training", [found[0], found[2]], STATS, _model(prefer=3))
    assert raised.level == 3 and raised.evidence[0].level == 3
    assert "raised to 3" in raised.evidence[0].why
    # to 0: the evidence is not counted, and the reason says which clause was set aside
    mention = Aggregate(1, 0.9, (found[2],), "level 1 from clause 3: why 3")
    gone = revise(mention, "training", [found[2]], STATS, _model(prefer=0))
    assert gone.level == 0 and gone.evidence == () and "clause 3 was found" in gone.why
    # nothing to change: the same object
    assert revise(agg, "training", found, STATS, _model(prefer=3)) is agg


def test_fitting_needs_every_level() -> None:
    rows = [("training", features(lv, [_f(max(lv, 1), 1)], STATS), lv) for lv in (0, 1, 2, 3)]
    model = fit_document_model(rows * 3, CRITERIA)
    assert model.coef.shape == (len(FEATURES) + len(CRITERIA), 4)
    with pytest.raises(ValueError, match="every level"):
        fit_document_model([r for r in rows if r[2] != 3], CRITERIA)
    with pytest.raises(ValueError, match="do not fit"):
        DocumentModel(CRITERIA, np.zeros((3, 4)), np.zeros(4))


def test_the_bundled_model_has_a_measured_document_model() -> None:
    path = default_model_path()
    if not path.is_file():
        pytest.skip("no bundled model")
    clf = load_classifier(path)
    assert clf.document is not None and clf.document.criteria == clf.labels
    card = read_card(path)["document_model"]
    loso = card["leave_one_set_out"]
    # left out in turn, the sets agreed more often with the model than with the rules alone
    assert loso["model"]["exact"] > loso["rules"]["exact"]
    assert loso["model"]["mae"] < loso["rules"]["mae"]
    assert "heldout21" not in card["sets"] and "heldout22" not in card["sets"]


def test_a_document_model_that_does_not_fit_is_refused(tmp_path: Path) -> None:
    path = default_model_path()
    if not path.is_file():
        pytest.skip("no bundled model")
    clf = load_classifier(path)
    assert clf.document is not None
    out = tmp_path / MODEL_NAME
    save_classifier(clf, out, dict(read_card(path)))
    again = load_classifier(out)
    assert again.document is not None
    assert np.array_equal(again.document.coef, clf.document.coef)
    # the same archive with a document model of the wrong width is not loaded
    with np.load(out, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["document.coef"] = arrays["document.coef"][:-1]
    bad = tmp_path / "bad" / MODEL_NAME
    bad.parent.mkdir()
    np.savez(bad, **arrays)
    shutil.copy(out.with_name("model_card.json"), bad.with_name("model_card.json"))
    with pytest.raises(UntrustedModelError, match="document model"):
        load_classifier(bad)
    meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
    assert meta["document"]["criteria"] == list(clf.labels)
