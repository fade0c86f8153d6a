"""Calibrated confidence: buckets, smoothing, the file and its checks, the engine, the command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from analyzer.calibration import (
    NEAR_RATIO,
    PRIOR_WEIGHT,
    Calibration,
    bucket,
    load_calibration,
    save_calibration,
)
from analyzer.engine import Engine
from analyzer.errors import InputError
from analyzer.evaluation import calibration_error
from analyzer.persistence import default_model_path, read_card

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class _E:
    level: int
    source: str


def test_buckets_name_level_cue_and_support() -> None:
    assert bucket(0, []) == "0"
    assert bucket(2, []) == "0"
    assert bucket(3, [_E(3, "rule+model"), _E(2, "model")]) == "3/cue/single"
    assert bucket(3, [_E(3, "rule+model"), _E(3, "model")]) == "3/cue/several"
    assert bucket(2, [_E(2, "model"), _E(1, "rule")]) == "2/model/single"
    assert bucket(1, [_E(1, "context"), _E(1, "rule")]) == "1/model/several"
    assert bucket(1, [_E(1, "rule")]) == "1/cue/single"
    # absent: how close the model came (highest probability / threshold), when it was asked
    assert bucket(0, [], 0.7) == "0/near"
    assert bucket(0, [], NEAR_RATIO) == "0/near"
    assert bucket(0, [], 0.1) == "0/far"


def _cal(**counts: tuple[int, int]) -> Calibration:
    return Calibration("m", "r", ("dev",), {k.replace("_", "/"): v for k, v in counts.items()})


def test_confidence_is_the_bucket_rate_pulled_towards_its_level() -> None:
    cal = _cal(**{"3_cue_single": (5, 10), "3_cue_several": (27, 30)})
    prior = 32 / 40
    assert cal.level_rate(3) == pytest.approx(prior)
    assert cal.confidence("3/cue/single") == pytest.approx((5 + PRIOR_WEIGHT * prior) / 20)
    # a bucket never seen takes its level's rate; a level never seen has no calibration
    assert cal.confidence("3/model/single") == pytest.approx(prior)
    assert cal.confidence("2/cue/single") is None
    assert cal.confidence("0") is None
    zero = _cal(**{"0_near": (3, 4), "0_far": (19, 20)})
    assert zero.level_rate(0) == pytest.approx(22 / 24)
    assert zero.confidence("0/near") == pytest.approx((3 + PRIOR_WEIGHT * 22 / 24) / 14)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    cal = _cal(**{"0": (9, 10), "2_cue_single": (3, 4)})
    path = save_calibration(cal, tmp_path / "calibration.yaml")
    assert path.read_text(encoding="utf-8").startswith("# Written by `coc calibrate`")
    again = load_calibration(path)
    assert again == cal
    save_calibration(again, tmp_path / "second.yaml")
    assert (tmp_path / "second.yaml").read_bytes() == path.read_bytes()  # reproducible
    assert load_calibration(tmp_path / "missing.yaml") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("buckets: [1, 2", "cannot be read as YAML"),
        ("model_sha256: m\nrubric_hash: r\n", "buckets: Field required"),
        (
            "model_sha256: m\nrubric_hash: r\nbuckets:\n  4/cue/single: {agreed: 1, documents: 2}\n",
            "unknown bucket '4/cue/single'",
        ),
        (
            "model_sha256: m\nrubric_hash: r\nbuckets:\n  '0': {agreed: 3, documents: 2}\n",
            "agreed exceeds documents",
        ),
        (
            "model_sha256: m\nrubric_hash: r\nbuckets:\n  '0': {agreed: -1, documents: 2}\n",
            "buckets.0.agreed",
        ),
    ],
)
def test_a_damaged_file_is_one_line_that_says_what_to_do(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "calibration.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_calibration(path)
    assert message in str(err.value)
    assert "\n" not in str(err.value) and "coc calibrate" in str(err.value)


def test_calibration_error_scores() -> None:
    assert calibration_error([]) == {"brier": 0.0, "ece": 0.0}
    assert calibration_error([(1.0, True), (0.0, False)]) == {"brier": 0.0, "ece": 0.0}
    # all at 0.9 but right only half the time: Brier (0.01 + 0.81) / 2, ECE |0.9 - 0.5|
    assert calibration_error([(0.9, True), (0.9, False)]) == {"brier": 0.41, "ece": 0.4}


def test_the_shipped_calibration_was_measured_with_the_shipped_model() -> None:
    """`make model` retrains and recalibrates; this fails when only the first was run."""
    cal = load_calibration()
    assert cal is not None
    card = read_card(default_model_path())
    engine = Engine.from_defaults()
    assert cal.matches(str(card["model_sha256"]), engine.rubric)
    assert engine.calibration is not None and engine.load_warnings == ()


def test_engine_reports_the_bucket_rate(tmp_path: Path) -> None:
    engine = Engine.from_defaults()
    text = (
        "Suppliers shall not charge workers any recruitment fees or related costs, and shall "
        "reimburse any such fees within 30 days."
    )
    path = tmp_path / "code.txt"
    path.write_text(f"Recruitment\n\n{text}\n", encoding="utf-8")
    analysis = engine.analyze(path)
    assert engine.calibration is not None
    for c in analysis.criteria:
        assert c.confidence_basis.split("/")[0] == str(c.level)
        if c.level:
            assert c.confidence_basis == bucket(c.level, c.evidence)
        else:
            assert c.confidence_basis in ("0/near", "0/far")
        expected = engine.calibration.confidence(c.confidence_basis)
        assert c.confidence == pytest.approx(expected, abs=1e-4)
    fees = next(c for c in analysis.criteria if c.id == "no_recruitment_fees")
    assert fees.level >= 2


def test_a_calibration_for_another_model_is_ignored_with_a_warning(tmp_path: Path) -> None:
    model = default_model_path()
    for name in (model.name, "model_card.json"):
        shutil.copy(model.with_name(name), tmp_path / name)
    save_calibration(_cal(**{"0": (1, 2)}), tmp_path / "calibration.yaml")
    engine = Engine.from_defaults(model_path=tmp_path / model.name)
    assert engine.calibration is None
    assert any("another model or rubric" in w for w in engine.load_warnings)
    (tmp_path / "calibration.yaml").unlink()
    engine = Engine.from_defaults(model_path=tmp_path / model.name)
    assert any("run `coc calibrate`" in w for w in engine.load_warnings)
    rules = Engine.from_defaults(use_model=False)
    assert rules.calibration is None and rules.load_warnings == ()


def _coc(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analyzer", *args], capture_output=True, text=True, cwd=cwd
    )


def test_coc_calibrate_writes_counts_the_engine_accepts(tmp_path: Path) -> None:
    model = default_model_path()
    for name in (model.name, "model_card.json"):
        shutil.copy(model.with_name(name), tmp_path / name)
    gold = ROOT / "corpus" / "heldout6"
    res = _coc("calibrate", "--gold", str(gold), "--model", str(tmp_path / model.name))
    assert res.returncode == 0, res.stderr
    assert "280 criterion levels" in res.stdout
    cal = load_calibration(tmp_path / "calibration.yaml")
    assert cal is not None and sum(n for _a, n in cal.counts.values()) == 280
    engine = Engine.from_defaults(model_path=tmp_path / model.name)
    assert engine.calibration == cal and engine.load_warnings == ()


def test_coc_calibrate_without_gold_is_one_line(tmp_path: Path) -> None:
    res = _coc("calibrate", "--gold", str(tmp_path), "--out", str(tmp_path / "c.yaml"))
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "no gold.jsonl in" in res.stderr
    assert not (tmp_path / "c.yaml").exists()
    assert res.stdout == ""


def test_coc_calibrate_without_a_model_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    res = _coc("calibrate", "--model", str(tmp_path / "clf.npz"))
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert "no trained model at" in res.stderr and "check the --model path" in res.stderr
    monkeypatch.setenv("COC_MODEL_DIR", str(tmp_path))  # the default model is missing
    res = _coc("calibrate")
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert "cannot calibrate without a usable trained model: no trained model at" in res.stderr
    assert not (tmp_path / "calibration.yaml").exists()


def test_an_absent_criterion_a_clause_came_close_to_names_that_clause(tmp_path: Path) -> None:
    path = tmp_path / "policy.md"
    path.write_text(
        "# Training on modern slavery\n\n"
        "We have not given any formal training on modern slavery.\n\n"
        "Our canteen serves vegetarian meals every day.\n",
        encoding="utf-8",
    )
    analysis = Engine.from_defaults().analyze(path)
    training = next(c for c in analysis.criteria if c.id == "training")
    assert training.level == 0 and training.confidence_basis == "0/near"
    assert training.closest is not None  # the heading is not a candidate, the sentence is
    assert training.closest.text == "We have not given any formal training on modern slavery."
    assert training.closest.level == 0 and "not counted as evidence" in training.closest.why
    for c in analysis.criteria:  # only absent criteria a clause came close to have one
        assert (c.closest is not None) == (c.confidence_basis == "0/near")
