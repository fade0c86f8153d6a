"""``coc analyze`` contract: json fields, table output, one-line errors with exit code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.cli import main
from analyzer.rubric import load_rubric

TEXT = """# Supplier Code

## Forced labour

Suppliers shall not use forced, bonded, indentured or involuntary prison labour.
Suppliers shall not charge workers recruitment fees, directly or indirectly, and shall
reimburse any fees found within 90 days.

## Grievances

Workers may raise concerns through our hotline.
"""


@pytest.fixture()
def doc(tmp_path: Path) -> Path:
    p = tmp_path / "code.md"
    p.write_text(TEXT, "utf-8")
    return p


def test_json_contract(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(doc), "--format", "json", "--sector", "apparel"]) == 0
    data = json.loads(capsys.readouterr().out)
    rubric = load_rubric()
    assert [c["id"] for c in data["criteria"]] == list(rubric.criterion_ids)
    for key in (
        "schema_version",
        "document",
        "rubric",
        "model",
        "themes",
        "overall_score",
        "sector",
        "sector_ranking",
        "legal",
        "warnings",
    ):
        assert key in data
    assert data["sector"]["id"] == "apparel"
    assert len(data["sector_ranking"]) == len(rubric.sector_ids)
    fees = next(c for c in data["criteria"] if c["id"] == "no_recruitment_fees")
    assert fees["level"] >= 2 and fees["evidence"]
    ev = fees["evidence"][0]
    for key in (
        "page",
        "text",
        "score",
        "source",
        "heading",
        "clause_index",
        "level",
        "why",
        "matched",
    ):
        assert key in ev
    assert ev["matched"]
    assert data["model"]["kind"] in ("sklearn", "rules")


def test_table_and_md_and_out(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "Overall score" in out and "No recruitment fees (Employer Pays" in out and "“" in out
    assert "no_recruitment_fees" not in out  # titles for people, ids only in the JSON
    target = tmp_path / "r.md"
    assert main(["analyze", str(doc), "--format", "md", "--out", str(target), "--no-model"]) == 0
    md = target.read_text()
    assert md.startswith("# Analysis of") and "| criterion |" in md


def test_no_model_flag(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(doc), "--format", "json", "--no-model"]) == 0
    assert json.loads(capsys.readouterr().out)["model"]["kind"] == "rules"


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "does-not-exist.pdf"],
        ["analyze", "{doc}", "--sector", "shipbuilding"],
        ["analyze", "{empty}"],
    ],
)
def test_bad_input_one_line_exit_2(
    argv: list[str], doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    args = [a.format(doc=doc, empty=empty) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("coc: error:")
    if "shipbuilding" in args:
        assert "apparel" in err and "seafood" in err


def test_evaluate_aims_without_data_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COC_SHARED", str(tmp_path))
    assert main(["evaluate", "--aims"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "AIMS" in err


def test_evaluate_rejects_bad_folds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--folds", "1"]) == 2
    assert "folds" in capsys.readouterr().err


def test_unwritable_out_is_one_line(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(doc), "--no-model", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("coc: error: cannot write the output to")


SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
TWO_PAGES = SAMPLES / "mining_code_of_business_conduct.pdf"


def test_analyze_has_the_reading_options_its_errors_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from _ingest_fixtures import encrypted_pdf

    monkeypatch.setenv("COC_MAX_PAGES", "1")
    assert main(["analyze", str(TWO_PAGES), "--no-model"]) == 2
    err = capsys.readouterr().err
    assert "over the limit of 1" in err and "--max-pages" in err
    assert main(["analyze", str(TWO_PAGES), "--no-model", "--max-pages", "2"]) == 0  # wins
    capsys.readouterr()
    monkeypatch.delenv("COC_MAX_PAGES")
    assert main(["analyze", str(TWO_PAGES), "--no-model", "--max-mb", "0.001"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "over the limit of 0.001 MB: " in err and "--max-mb" in err
    locked = tmp_path / "locked.pdf"
    encrypted_pdf(locked)
    assert main(["analyze", str(locked), "--no-model"]) == 2
    assert "pass --password" in capsys.readouterr().err
    assert main(["analyze", str(locked), "--no-model", "--password", "secret"]) == 0


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_labelled_data_that_is_not_jsonl_is_one_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "chart.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    argv = [command, "--data", str(png)] + (["--out", str(tmp_path)] if command == "train" else [])
    assert main(argv) == 2
    err = capsys.readouterr().err.splitlines()  # train says "training on 1 file(s)..." first
    assert err[-1].startswith(f"coc: error: {png} is not a labelled JSONL file")
    assert not any("internal error" in line for line in err)


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_a_writer_gold_folder_without_gold_is_one_line(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, "--writer-gold", str(tmp_path)]
    assert main(argv + (["--out", str(tmp_path)] if command == "train" else [])) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"no gold.jsonl in {tmp_path}" in err
    assert "--writer-gold" in err


def test_calibrate_with_a_model_that_is_not_one_is_one_plain_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "chart.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    assert main(["calibrate", "--model", str(png), "--out", str(tmp_path / "cal.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "chart.png is not a valid CoC Analyzer model" in err
    assert "pickle" not in err and "coc train" in err
    assert main(["calibrate", "--model", str(tmp_path / "none.npz")]) == 2
    assert "no trained model at" in capsys.readouterr().err


def test_the_british_spelling_works_too(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyse", str(doc), "--format", "json", "--no-model"]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["name"] == doc.name
