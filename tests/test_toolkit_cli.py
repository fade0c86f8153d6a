"""``coc toolkit``: from a saved analysis (with rescoring), with a corpus, and its errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from _toolkit_data import ANALYSIS_JSON, ORG, docx_text, fixture_analysis

from analyzer.cli import main
from analyzer.results import Evidence
from analyzer.rubric import load_rubric


def _run(*argv: str) -> int:
    return main(["toolkit", *argv])


def test_from_json_to_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kit.md"
    code = _run(
        "--from-json",
        str(ANALYSIS_JSON),
        "--org",
        ORG,
        "--format",
        "md",
        "-o",
        str(out),
        "--date",
        "2026-11-28",
        "--db",
        str(tmp_path / "no.sqlite"),
    )
    assert code == 0
    md = out.read_text(encoding="utf-8")
    assert md.startswith("# Anti-trafficking and forced labour toolkit for Harbour \\& Vale Group")
    assert "| Date | 28 November 2026 |" in md
    assert "No corpus database was found at" in md
    assert not (tmp_path / "no.sqlite").exists()  # never created just to look
    assert f"wrote {out}" in capsys.readouterr().err


def test_other_sector_is_rescored(tmp_path: Path) -> None:
    out = tmp_path / "kit.md"
    assert (
        _run("--from-json", str(ANALYSIS_JSON), "--org", ORG, "--sector", "apparel", "-o", str(out))
        == 0
    )
    md = out.read_text(encoding="utf-8")
    rubric = load_rubric()
    label = rubric.sector("apparel").label
    assert f"Tailored to the **{label}** sector" in md
    gap_table = md.split("## Gap table")[1].split("## Closing")[0]
    maritime = rubric.criterion("maritime_fishing_protections").title
    assert maritime not in gap_table  # applies to seafood, not apparel
    seafood = out.with_name("seafood.md")
    assert _run("--from-json", str(ANALYSIS_JSON), "--org", ORG, "-o", str(seafood)) == 0
    assert maritime in seafood.read_text(encoding="utf-8").split("## Gap table")[1]


def test_default_output_name_and_format_from_suffix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run("--from-json", str(ANALYSIS_JSON), "--org", ORG, "--format", "html") == 0
    html = (tmp_path / "analysis-toolkit.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Harbour &amp; Vale Group" in html
    assert _run("--from-json", str(ANALYSIS_JSON), "--org", ORG, "-o", "board.docx") == 0
    assert ORG in docx_text((tmp_path / "board.docx").read_bytes())


def test_practices_from_a_corpus_database(tmp_path: Path) -> None:
    from analyzer.store import CorpusStore

    other = fixture_analysis()
    strong = Evidence(
        page=2,
        text="No worker shall pay any recruitment fee or cost at any stage; fees found are "
        "repaid in full within 90 days.",
        score=0.95,
        source="rule+model",
        level=3,
    )
    criteria = [
        c.model_copy(update={"evidence": [strong], "level": 3})
        if c.id == "no_recruitment_fees"
        else c
        for c in other.criteria
    ]
    other = other.model_copy(
        update={
            "criteria": criteria,
            "document": other.document.model_copy(
                update={"name": "pacific-catch-code.pdf", "sha256": "9" * 64}
            ),
        }
    )
    db = tmp_path / "corpus.sqlite"
    with CorpusStore.open(db) as store:
        store.add_analysis(other, organisation="Pacific Catch", sector="seafood")
    out = tmp_path / "kit.md"
    assert (
        _run("--from-json", str(ANALYSIS_JSON), "--org", ORG, "--db", str(db), "-o", str(out)) == 0
    )
    md = out.read_text(encoding="utf-8")
    practices = md.split("## Promising practices")[1].split("## Training plan")[0]
    assert "repaid in full within 90 days" in practices
    assert (
        "Pacific Catch, pacific-catch-code.pdf, p. 2 (Seafood, fishing and aquaculture)"
        in practices
    )


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["--org", ORG], "give either a document"),
        (["x.pdf", "--from-json", str(ANALYSIS_JSON), "--org", ORG], "not both"),
        (["--from-json", str(ANALYSIS_JSON), "--org", ORG, "--sector", "fishing"], "choose one of"),
        (["--from-json", str(ANALYSIS_JSON), "--org", ORG, "--date", "28/11/2026"], "YYYY-MM-DD"),
        (["--from-json", "missing.json", "--org", ORG], "no saved analysis at missing.json"),
        (["--from-json", str(ANALYSIS_JSON), "--org", "  "], "--org needs the organisation"),
        (
            ["--from-json", str(ANALYSIS_JSON), "--org", ORG, "--templates", "/nonexistent/tpl"],
            "/nonexistent/tpl does not exist",
        ),
    ],
)
def test_user_errors_exit_2_with_one_line(
    argv: list[str], expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(*argv, "-o", str(tmp_path / "out.md")) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("coc: error:") and expected in err


def test_not_an_analysis_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"document": {"name": "x"}}), encoding="utf-8")
    assert _run("--from-json", str(bad), "--org", ORG, "-o", str(tmp_path / "o.md")) == 2
    err = capsys.readouterr().err
    assert "is not a saved analysis" in err and "coc analyze" in err


def test_stdout_output(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert _run("--from-json", str(ANALYSIS_JSON), "--org", ORG, "--format", "md", "-o", "-") == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"# Anti-trafficking")


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["toolkit", "--help"])
    text = capsys.readouterr().out
    for option in (
        "--from-json",
        "--sector",
        "--org",
        "--format",
        "--rubric",
        "--db",
        "--password",
        "--templates",
    ):
        assert option in text


@pytest.mark.slow
def test_analyses_a_document_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("analyzer.engine")
    sample = Path(__file__).resolve().parent.parent / "corpus" / "samples"
    source = next(iter(sorted(sample.glob("*supplier_code*.md"))), None)
    if source is None:
        pytest.skip("no sample supplier code in corpus/samples")
    out = tmp_path / "kit.docx"
    assert _run(str(source), "--sector", "electronics", "--org", "Kestrel", "-o", str(out)) == 0
    md = tmp_path / "rules.md"
    assert _run(str(source), "--no-model", "--org", "Kestrel", "-o", str(md)) == 0
    assert "| Grading | rules only (no trained model) |" in md.read_text(encoding="utf-8")
    import docx

    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert document.paragraphs[0].text == "Kestrel"
    assert source.name in docx_text(out.read_bytes())


def test_load_practices_empty_broken_and_missing_database(tmp_path: Path) -> None:
    from analyzer.store import CorpusStore
    from analyzer.toolkit import load_practices

    rubric = load_rubric()
    empty = tmp_path / "empty.sqlite"
    CorpusStore.open(empty).close()
    found, why = load_practices(str(empty), rubric, "seafood")
    assert found is None and why and "holds no analysed documents yet" in why
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    practices, note = load_practices(str(broken), rubric, "seafood")
    assert practices is None and note is not None and "could not be read" in note
    notes = tmp_path / "notes.txt"  # an empty file is not turned into a database
    notes.touch()
    practices, note = load_practices(str(notes), rubric, "seafood")
    assert practices is None and note is not None and "not a corpus database" in note
    assert notes.read_bytes() == b""
    practices, note = load_practices(str(tmp_path / "absent.sqlite"), rubric, "seafood")
    assert practices is None and note is not None and "No corpus database was found" in note
    assert not (tmp_path / "absent.sqlite").exists()


def test_unwritable_output_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert _run("--from-json", str(ANALYSIS_JSON), "--org", ORG, "-f", "md", "-o", str(folder)) == 2
    assert "cannot write the toolkit to" in capsys.readouterr().err


def test_format_and_output_extension_must_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o.docx"
    args = ["--from-json", str(ANALYSIS_JSON), "--org", ORG, "--db", str(tmp_path / "n.sqlite")]
    assert _run(*args, "--format", "pdf", "-o", str(out)) == 2  # a PDF named .docx opens nowhere
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ends in .docx but --format is pdf" in err
    assert not out.exists()
    htm = tmp_path / "o.htm"
    assert _run(*args, "-o", str(htm)) == 0  # no --format: the extension says html
    assert htm.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert _run(*args, "--format", "md", "-o", str(tmp_path / "o.txt")) == 0  # no format name


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_binary_toolkit_is_not_written_to_a_terminal(
    fmt: str, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert _run("--from-json", str(ANALYSIS_JSON), "--org", ORG, "-f", fmt, "-o", "-") == 2
    captured = capsysbinary.readouterr()
    assert captured.out == b""
    err = captured.err.decode()
    assert err.count("\n") == 1 and "stdout is a terminal" in err and "-o PATH" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "is a folder, not a saved analysis"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
            "is not a saved analysis (it is not a text",
        ),
        (b"", "is empty, not a saved analysis"),
        (b"{not json", "is not a saved analysis (it is not valid JSON)"),
    ],
    ids=["folder", "png", "empty", "broken-json"],
)
def test_unreadable_saved_analysis_is_one_plain_line(
    content: bytes | None, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "saved"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    assert _run("--from-json", str(path), "--org", ORG, "-o", str(tmp_path / "o.md")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "coc analyze" in err
    for raw in ("Errno", "codec", "Invalid JSON", "(:"):
        assert raw not in err


def test_toolkit_reads_documents_with_the_reading_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    pdf = str(sample / "mining_code_of_business_conduct.pdf")
    out = str(tmp_path / "kit.md")
    assert _run(pdf, "--org", ORG, "--no-model", "--max-pages", "1", "-o", out) == 2
    err = capsys.readouterr().err
    assert "over the limit of 1" in err and "--max-pages" in err
    assert _run(pdf, "--org", ORG, "--no-model", "--max-mb", "0.001", "-o", out) == 2
    assert "--max-mb" in capsys.readouterr().err
