"""Training round-trip on a tiny corpus; NumPy inference = scikit-learn; safe loading; stale."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analyzer import resources
from analyzer.engine import Engine, Grader
from analyzer.errors import InputError, ModelError, ModelNotFoundError, UntrustedModelError
from analyzer.match import CueMatcher
from analyzer.persistence import MODEL_NAME, load_classifier, load_for_rubric, save_classifier
from analyzer.rubric import Rubric, load_rubric
from analyzer.training import label_files, load_labelled, train, writer_level_examples


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


WRITTEN = """# Supplier standard (fictional)

## Recruitment fees

Suppliers must not charge workers any recruitment fee, and must repay in full within 30 days any fee a worker paid to a labour agent.

## Training

We may offer suppliers some training on labour standards from time to time.
"""


@pytest.fixture(scope="module")
def writer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A document-level gold folder: one document, two quoted criteria and a stray quote."""
    folder = tmp_path_factory.mktemp("writer")
    (folder / "docs").mkdir()
    (folder / "docs" / "w1.md").write_text(WRITTEN, "utf-8")
    line = {
        "doc": "w1",
        "file": "docs/w1.md",
        "levels": {"no_recruitment_fees": 3, "training": 1, "grievance_mechanism": 2},
        "evidence": {
            "no_recruitment_fees": "must repay in full within 30 days any fee a worker paid",
            "training": "We may offer suppliers some training on labour standards",
            "grievance_mechanism": "Workers can call our hotline in six languages.",
        },
    }
    (folder / "gold.jsonl").write_text(json.dumps(line) + "\n", "utf-8")
    return folder


def test_writer_quotes_become_level_examples(rubric: Rubric, writer: Path) -> None:
    examples = writer_level_examples([writer], CueMatcher(rubric), rubric.criterion_ids)
    # the quote no clause holds (the hotline) is skipped; the others keep the writer's level
    assert [level for _, level in examples] == [3, 1]
    fees, training = (text for text, _ in examples)
    assert fees.startswith("Suppliers must not charge") and "c_no_recruitment_fees" in fees
    assert training.startswith("We may offer") and "c_training" in training
    # a rubric without one of the gold's criteria (a renamed copy) skips it, no error
    fewer = [c for c in rubric.criterion_ids if c != "training"]
    kept = writer_level_examples([writer], CueMatcher(rubric), fewer)
    assert [level for _, level in kept] == [3]


@pytest.fixture(scope="module")
def trained(
    rubric: Rubric, tiny: Path, writer: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    clf, card = train(rubric, [tiny], folds=2, writer_gold=[writer], document_gold=[writer])
    path = tmp_path_factory.mktemp("model") / MODEL_NAME
    save_classifier(clf, path, card)
    return path


@pytest.mark.slow
def test_train_save_load_round_trip(
    rubric: Rubric, tiny: Path, writer: Path, trained: Path
) -> None:
    card = json.loads(trained.with_name("model_card.json").read_text())
    for key in (
        "sklearn_version",
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
    assert card["writer_gold"]["sets"] == [writer.name]
    assert card["writer_gold"]["examples"] == 2 and len(card["writer_gold"]["data_sha256"]) == 64
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
    # what was saved is what is loaded: same probabilities, levels and thresholds
    fresh, _ = train(rubric, [tiny], folds=2, writer_gold=[writer], document_gold=[writer])
    texts = [t for d in docs[:2] for t in d.texts]
    assert np.array_equal(fresh.relevance_proba(texts), clf.relevance_proba(texts))
    assert dict(fresh.thresholds) == dict(clf.thresholds)
    assert fresh.rule_required == clf.rule_required
    toks = ["no_recruitment_fees|g_mandatory r_2 suppliers shall not charge fees"]
    assert fresh.predict_levels(toks) == clf.predict_levels(toks)
    # the document model, fitted on the writer's gold, is saved and loaded with the rest
    assert card["document_model"]["sets"] == [writer.name]
    assert card["document_model"]["rows"] == len(rubric.criterion_ids)
    assert card["document_model"]["leave_one_set_out"] is None  # one set: nothing to leave out
    assert clf.document is not None and fresh.document is not None
    assert np.array_equal(clf.document.coef, fresh.document.coef)
    # same data, same seed: the same file, byte for byte
    again = trained.parent / "again" / MODEL_NAME
    save_classifier(fresh, again, dict(card))
    assert again.read_bytes() == trained.read_bytes()


@pytest.mark.slow
def test_stale_model_falls_back_to_rules(
    rubric: Rubric, trained: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default model (here $COC_MODEL_DIR) falls back with a warning when stale; the same
    model given explicitly (--model) is an error, not silently ignored."""
    monkeypatch.setenv("COC_MODEL_DIR", str(trained.parent))
    card_path = trained.with_name("model_card.json")
    card = json.loads(card_path.read_text())
    assert card["grading_hash"] == rubric.grading_hash
    card["grading_hash"] = "0" * 64
    card_path.write_text(json.dumps(card))
    try:
        clf, warnings = load_for_rubric(rubric)
        assert clf is None and warnings and "coc train --out DIR" in warnings[0]
        engine = Engine.from_defaults()
        a = engine.analyze(b"Suppliers shall not charge recruitment fees.", name="x.txt")
        assert a.model.kind == "rules"
        assert any("criteria or cues changed" in w for w in a.warnings)
        with pytest.raises(ModelError, match="criteria or cues changed") as info:
            Engine.from_defaults(model_path=trained)
        assert "--model" in str(info.value) and "coc train" in str(info.value)
        # a card written before the grading hash existed is checked on the whole rubric hash
        del card["grading_hash"]
        card["rubric_hash"] = "0" * 64
        card_path.write_text(json.dumps(card))
        assert load_for_rubric(rubric)[0] is None
        card["rubric_hash"] = rubric.hash
        card_path.write_text(json.dumps(card))
        assert load_for_rubric(rubric)[0] is not None
    finally:
        card["grading_hash"] = rubric.grading_hash
        card_path.write_text(json.dumps(card))
    for path in (None, trained):
        clf, warnings = load_for_rubric(rubric, path)
        assert clf is not None and not warnings


def test_missing_model(tmp_path: Path, rubric: Rubric, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModelNotFoundError, match="coc train"):
        load_classifier(tmp_path / "nothing.npz")
    monkeypatch.setenv("COC_MODEL_DIR", str(tmp_path))  # the default model is missing: fallback
    clf, warnings = load_for_rubric(rubric)
    assert clf is None and "rules only" in warnings[0]
    assert Engine.from_defaults().model_info.kind == "rules"
    with pytest.raises(ModelNotFoundError, match="check the --model path"):  # asked for: error
        load_for_rubric(rubric, tmp_path / "nothing.npz")
    with pytest.raises(ModelNotFoundError, match="check the --model path"):
        Engine.from_defaults(model_path=tmp_path / "nothing.npz")
    with pytest.raises(ModelNotFoundError, match="is a folder"):
        Engine.from_defaults(model_path=tmp_path)
    assert Engine.from_defaults(model_path=tmp_path, use_model=False).classifier is None


def test_a_file_that_is_not_a_model_is_refused_in_plain_words(tmp_path: Path) -> None:
    png = tmp_path / "chart.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UntrustedModelError) as info:
        load_classifier(png)
    message = str(info.value)
    assert message.startswith("chart.png is not a valid CoC Analyzer model (it is not a .npz")
    assert "pickle" not in message and "coc train" in message


def test_tampered_model_is_untrusted(tmp_path: Path) -> None:
    bad = tmp_path / MODEL_NAME
    bad.write_bytes(b"PK\x03\x04 this is not a model")
    with pytest.raises(UntrustedModelError):
        load_classifier(bad)


def test_model_with_object_arrays_is_refused(tmp_path: Path) -> None:
    """A pickled payload inside the archive is never unpickled."""
    path = tmp_path / MODEL_NAME
    payload = np.array([print, {"labels": ["a"]}], dtype=object)
    np.savez(path, meta=payload)
    with pytest.raises(UntrustedModelError, match="not a valid CoC Analyzer model") as info:
        load_classifier(path)
    # never NumPy's advice to load it unsafely with allow_pickle=
    assert "allow_pickle" not in str(info.value) and "never loaded" in str(info.value)


@pytest.mark.slow
def test_model_whose_arrays_do_not_fit_is_refused(trained: Path, tmp_path: Path) -> None:
    with np.load(trained, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["relevance.coef"] = arrays["relevance.coef"][:-1]  # one feature short
    bad = tmp_path / MODEL_NAME
    np.savez(bad, **arrays)
    with pytest.raises(UntrustedModelError, match="coefficients do not fit"):
        load_classifier(bad)
    meta = json.loads(bytes(arrays["meta"]).decode())
    meta["format"] = 2  # e.g. an old skops-era file renamed
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    np.savez(bad, **arrays)
    with pytest.raises(UntrustedModelError, match="format"):
        load_classifier(bad)


def test_bad_labels_are_reported(tmp_path: Path, rubric: Rubric) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps({"doc": "d", "i": 0, "text": "x", "labels": {"nope": 2}}) + "\n")
    with pytest.raises(InputError, match="unknown criterion"):
        load_labelled([f], rubric.criterion_ids)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
            "is not a labelled JSONL file (it is not UTF-8",
        ),
        (b"# Notes\n\nnot json\n", ":1: not a line of JSON"),
        (b'{"text": "x"}\n', ":1: a labelled clause needs the field 'doc'"),
        (b'{"doc": "d", "text": "x", "labels": ["a"]}\n', ":1: not a labelled clause"),
    ],
    ids=["png", "markdown", "no-doc", "labels-list"],
)
def test_files_that_are_not_labelled_jsonl_are_named(
    content: bytes, expected: str, tmp_path: Path, rubric: Rubric
) -> None:
    f = tmp_path / "data.x"
    f.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_labelled([f], rubric.criterion_ids)
    message = str(info.value)
    assert message.startswith(str(f)) and expected in message
    assert "codec" not in message and "Expecting value" not in message


def test_linear_models_match_scikit_learn() -> None:
    """NumPy inference reproduces scikit-learn's predict_proba (word + char_wb, ovr, softmax)."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    from analyzer.linear import export_pipeline

    texts = [
        "Suppliers shall not charge recruitment fees to workers.",
        "Workers keep their passports; employers must not retain identity documents.",
        "Die Lieferanten dürfen keine Gebühren erheben; à la carte, café, naïve façade.",
        "We encourage suppliers to respect working hours where practicable.",
        "A b c: the Audit Committee reviews financial controls annually.",
        "Child labour is prohibited; the minimum age is 15 (ILO C138).",
    ] * 3
    y = np.array([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 1, 0]] * 3)
    union = FeatureUnion(
        [
            (
                "word",
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode"),
            ),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)),
        ]
    )
    ovr = Pipeline([("f", union), ("clf", OneVsRestClassifier(LogisticRegression()))])
    ovr.fit(texts, y)  # the third label never occurs: a constant predictor
    probe = [*texts[:6], "Unseen wording: no fees, no passports held, ÉLÈVES.", ""]
    assert np.allclose(
        export_pipeline(ovr).predict_proba(probe), ovr.predict_proba(probe), atol=1e-6
    )
    levels = [1, 2, 3, 1, 2, 3] * 3
    tok = FeatureUnion(
        [
            ("tok", CountVectorizer(token_pattern=r"\S*[|_]\S*", lowercase=False, binary=True)),
            ("words", TfidfVectorizer(token_pattern=r"(?u)\b[a-z][a-z]+\b", ngram_range=(1, 2))),
        ],
        transformer_weights={"tok": 1.0, "words": 0.5},
    )
    toks = [
        f"c_{i % 4}|g_x r_{lv} {t}" for i, (lv, t) in enumerate(zip(levels, texts, strict=True))
    ]
    multi = Pipeline([("f", tok), ("clf", LogisticRegression())]).fit(toks, levels)
    lm = export_pipeline(multi)
    assert lm.classes == (1, 2, 3)
    assert np.allclose(lm.predict_proba(toks), multi.predict_proba(toks), atol=1e-6)
    binary = Pipeline([("f", tok), ("clf", LogisticRegression())])
    binary.fit(toks, [min(lv, 2) for lv in levels])
    assert np.allclose(
        export_pipeline(binary).predict_proba(toks), binary.predict_proba(toks), atol=1e-6
    )


@pytest.mark.slow
def test_train_cli_writes_model_and_card(
    tiny: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from analyzer.cli import main

    out = tmp_path / "m"
    args = ["train", "--data", str(tiny), "--out", str(out), "--folds", "2"]
    assert main([*args, "--no-document-model"]) == 0
    assert (out / MODEL_NAME).is_file() and (out / "model_card.json").is_file()
    printed = capsys.readouterr().out
    assert "grouped out-of-fold clause F1" in printed and "document model" not in printed
    assert load_classifier(out / MODEL_NAME).document is None
    assert main(["train", "--data", str(tmp_path / "missing")]) == 2
    assert capsys.readouterr().err.startswith("coc: error:")


@pytest.mark.slow
def test_writer_examples_train_the_level_model(rubric: Rubric, tiny: Path, writer: Path) -> None:
    with_writers, _ = train(rubric, [tiny], folds=2, writer_gold=[writer], document_gold=[])
    without, card = train(rubric, [tiny], folds=2, writer_gold=[], document_gold=[])
    assert card["writer_gold"] == {
        "sets": [],
        "examples": 0,
        "weight": 3.0,
        "data_sha256": card["writer_gold"]["data_sha256"],
    }
    assert with_writers.level is not None and without.level is not None
    a, b = with_writers.level.coef, without.level.coef
    assert a.shape != b.shape or not np.allclose(a, b)  # the quotes moved the level model
    # the relevance model and its thresholds do not learn from them
    assert with_writers.thresholds == without.thresholds
