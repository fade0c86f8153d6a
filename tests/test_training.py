"""Training round-trip on a tiny corpus into tmp_path; persistence safety (allow-list, stale)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer import resources
from analyzer.classify import Classifier
from analyzer.engine import Engine, Grader
from analyzer.errors import InputError, ModelNotFoundError, UntrustedModelError
from analyzer.match import CueMatcher
from analyzer.persistence import MODEL_NAME, load_classifier, load_for_rubric, save_classifier
from analyzer.rubric import Rubric, load_rubric
from analyzer.training import label_files, load_labelled, train


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight documents of the labelled corpus, as one JSONL file."""
    files = label_files(resources.corpus_dir() / "labels")
    if not files:
        pytest.skip("no labelled corpus")
    lines: list[str] = []
    docs: list[str] = []
    for f in files:
        for line in f.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)["doc"]
            if doc not in docs:
                if len(docs) >= 8:
                    continue
                docs.append(doc)
            lines.append(line)
    out = tmp_path_factory.mktemp("tiny") / "tiny.jsonl"
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


@pytest.fixture(scope="module")
def trained(rubric: Rubric, tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    clf, card = train(rubric, [tiny], folds=2)
    path = tmp_path_factory.mktemp("model") / MODEL_NAME
    save_classifier(clf, path, card)
    return path


@pytest.mark.slow
def test_train_save_load_round_trip(rubric: Rubric, tiny: Path, trained: Path) -> None:
    card = json.loads(trained.with_name("model_card.json").read_text())
    for key in (
        "sklearn_version",
        "skops_version",
        "numpy_version",
        "python_version",
        "labels",
        "rubric_hash",
        "data_sha256",
        "trained_at",
        "oof_clause_metrics",
        "model_sha256",
    ):
        assert key in card
    assert card["rubric_hash"] == rubric.hash
    assert card["labels"] == list(rubric.criterion_ids)
    assert trained.stat().st_size < 8 * 2**20
    clf = load_classifier(trained)
    assert clf.labels == rubric.criterion_ids
    docs = load_labelled([tiny], rubric.criterion_ids)
    grader = Grader(rubric, CueMatcher(rubric), clf)
    found = grader.findings(docs[0].texts, docs[0].headings)
    assert len(found) == len(docs[0].texts)
    assert any(found), "the trained model finds something in its own training document"
    probs = clf.relevance_proba(["Suppliers shall not charge recruitment fees to workers."])
    assert probs.shape == (1, len(rubric.criterion_ids))
    # same data, same seed: same thresholds
    clf2, _ = train(rubric, [tiny], folds=2)
    assert dict(clf2.thresholds) == dict(clf.thresholds)


@pytest.mark.slow
def test_stale_model_falls_back_to_rules(rubric: Rubric, trained: Path) -> None:
    card_path = trained.with_name("model_card.json")
    card = json.loads(card_path.read_text())
    card["rubric_hash"] = "0" * 64
    card_path.write_text(json.dumps(card))
    try:
        clf, warnings = load_for_rubric(rubric, trained)
        assert clf is None and warnings and "coc train" in warnings[0]
        engine = Engine.from_defaults(model_path=trained)
        a = engine.analyze(b"Suppliers shall not charge recruitment fees.", name="x.txt")
        assert a.model.kind == "rules"
        assert any("another version of the rubric" in w for w in a.warnings)
    finally:
        card["rubric_hash"] = rubric.hash
        card_path.write_text(json.dumps(card))
    clf, warnings = load_for_rubric(rubric, trained)
    assert clf is not None and not warnings


def test_missing_model(tmp_path: Path, rubric: Rubric) -> None:
    with pytest.raises(ModelNotFoundError, match="coc train"):
        load_classifier(tmp_path / "nothing.skops")
    clf, warnings = load_for_rubric(rubric, tmp_path / "nothing.skops")
    assert clf is None and "rules only" in warnings[0]


def test_tampered_model_is_untrusted(tmp_path: Path) -> None:
    bad = tmp_path / MODEL_NAME
    bad.write_bytes(b"PK\x03\x04 this is not a model")
    with pytest.raises(UntrustedModelError):
        load_classifier(bad)


def test_model_with_unknown_type_is_refused(tmp_path: Path) -> None:
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    path = tmp_path / MODEL_NAME
    # a FunctionTransformer wrapping an arbitrary function: outside our allow-list
    sio.dump({"relevance": FunctionTransformer(func=print), "labels": ["a"]}, path)
    with pytest.raises(UntrustedModelError, match="allow-list"):
        load_classifier(path)


def test_bad_labels_are_reported(tmp_path: Path, rubric: Rubric) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps({"doc": "d", "i": 0, "text": "x", "labels": {"nope": 2}}) + "\n")
    with pytest.raises(InputError, match="unknown criterion"):
        load_labelled([f], rubric.criterion_ids)


def test_classifier_bundle_round_trip() -> None:
    clf = Classifier(relevance=None, level=None, labels=("a", "b"), thresholds={"a": 0.3, "b": 0.6})
    again = Classifier.from_bundle(clf.bundle(), {})
    assert again.labels == ("a", "b") and again.thresholds == {"a": 0.3, "b": 0.6}


@pytest.mark.slow
def test_train_cli_writes_model_and_card(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from analyzer.cli import main

    out = tmp_path / "m"
    assert main(["train", "--data", str(tiny), "--out", str(out), "--folds", "2"]) == 0
    assert (out / MODEL_NAME).is_file() and (out / "model_card.json").is_file()
    assert "grouped out-of-fold clause F1" in capsys.readouterr().out
    assert main(["train", "--data", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith("coc: error:")
