"""Bad input: every failure is a typed InputError with a one-line message; the CLI exits 2."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from _ingest_fixtures import code_pdf, encrypted_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.cli import main
from analyzer.errors import (
    EmptyDocumentError,
    EncodingError,
    InputError,
    PdfReadError,
    TooLargeError,
    UnsupportedFormatError,
)
from analyzer.ingest import Limits, load_document


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("pdf") / "code.pdf"
    code_pdf(path, columns=2, pages=2)
    return path.read_bytes()


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "error", "words"),
    [
        (b"", "empty.pdf", EmptyDocumentError, "is empty"),
        (b"   \n\t ", "blank.txt", EmptyDocumentError, "is empty"),
        (os.urandom(0) + bytes(range(256)) * 8, "random.pdf", PdfReadError, "not a PDF"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "garbage.pdf", PdfReadError, "export it again"),
        (_zip({"a.txt": b"hello"}), "archive.pdf", UnsupportedFormatError, "ZIP archive"),
        (b"PK\x03\x04broken", "broken.docx", UnsupportedFormatError, "damaged"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "scan.png", UnsupportedFormatError, "PNG image"),
        (b"caf\x81 \x90\x9d\xff\xfe" * 40, "notes.txt", EncodingError, "re-save it as UTF-8"),
        (b"\x00\x01\x02\x03binary\x00\x00" * 30, "blob.bin", UnsupportedFormatError, "binary"),
        (
            _zip({"word/document.xml": b"<not really xml"}),
            "bad.docx",
            InputError,
            "cannot be opened",
        ),
    ],
)
def test_bad_inputs_raise_typed_one_line_errors(
    data: bytes, name: str, error: type[InputError], words: str
) -> None:
    with pytest.raises(error) as info:
        load_document(data, name=name)
    message = str(info.value)
    assert words in message
    assert "\n" not in message and name in message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_document(tmp_path / "nope.pdf")
    with pytest.raises(InputError, match="is a folder"):
        load_document(tmp_path)


def test_size_and_page_limits(
    tmp_path: Path, small_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "code.pdf"
    path.write_bytes(small_pdf)
    with pytest.raises(TooLargeError, match="--max-mb"):
        load_document(path, limits=Limits(max_bytes=1000))
    with pytest.raises(TooLargeError, match="--max-mb"):
        load_document(small_pdf, limits=Limits(max_bytes=1000))
    with pytest.raises(TooLargeError, match="has 2 pages, over the limit of 1"):
        load_document(path, limits=Limits(max_pages=1))
    monkeypatch.setenv("COC_MAX_PAGES", "1")
    assert Limits.from_env().max_pages == 1
    with pytest.raises(TooLargeError):
        load_document(path)
    monkeypatch.setenv("COC_MAX_PAGES", "5")
    monkeypatch.setenv("COC_MAX_MB", "0.001")
    with pytest.raises(TooLargeError) as info:
        load_document(path)
    size = f"{len(small_pdf) / 2**20:.3f}"  # enough decimals to tell size and limit apart
    assert f"code.pdf is {size} MB, over the limit of 0.001 MB: " in str(info.value)
    with pytest.raises(TooLargeError, match="is 0.00105 MB, over the limit of 0.00095 MB"):
        load_document(b"x" * 1100, name="t.txt", limits=Limits(max_bytes=1000))
    with pytest.raises(TooLargeError, match="is 50.1 MB, over the limit of 50 MB"):
        load_document(b"x" * (50 * 2**20 + 2**17), name="t.txt", limits=Limits())
    monkeypatch.setenv("COC_MAX_MB", "lots")
    with pytest.raises(InputError, match="COC_MAX_MB"):
        load_document(path)


# --- the CLI ------------------------------------------------------------------------------------


def test_cli_extract_text_and_json(
    tmp_path: Path, small_pdf: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "code.pdf"
    path.write_bytes(small_pdf)
    assert main(["extract", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "p.1 # 1. Recruitment Fees"
    assert out[1].startswith("p.1 [1. Recruitment Fees] ")
    assert main(["extract", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["media_type"] == "pdf" and data["name"] == "code.pdf"
    assert len(data["pages"]) == 2
    first = data["clauses"][0]
    assert data["text"][first["start"] : first["end"]] == first["text"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.pdf"], "file not found"),
        (["locked.pdf"], "password-protected: pass --password"),
        (["locked.pdf", "--password", "bad"], "password given is wrong"),
        (["code.pdf", "--max-pages", "1"], "over the limit of 1"),
        (["code.pdf", "--max-mb", "0.001"], "over the limit"),
        (["empty.txt"], "is empty"),
        (["cut.pdf"], "download or export it again"),
    ],
)
def test_cli_errors_are_one_line_exit_2(
    tmp_path: Path,
    small_pdf: bytes,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    words: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "code.pdf").write_bytes(small_pdf)
    (tmp_path / "cut.pdf").write_bytes(small_pdf[: len(small_pdf) // 2])
    (tmp_path / "empty.txt").write_bytes(b"")
    encrypted_pdf(tmp_path / "locked.pdf")
    assert main(["extract", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("coc: error: ")
    assert words in err and "Traceback" not in err


def test_cli_password_and_no_ocr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    encrypted_pdf(tmp_path / "locked.pdf")
    assert main(["extract", str(tmp_path / "locked.pdf"), "--password", "secret", "--no-ocr"]) == 0
    assert "recruitment fees" in capsys.readouterr().out


# --- property: nothing but InputError escapes ---------------------------------------------------


@settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(data=st.binary(max_size=4096), name=st.sampled_from(["x.pdf", "x.txt", "x.docx", "x"]))
def test_arbitrary_bytes_never_raise_anything_else(data: bytes, name: str) -> None:
    try:
        doc = load_document(data, name=name)
    except InputError:
        return
    for clause in doc.clauses:
        assert doc.text[clause.start : clause.end] == clause.text


@settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(
        st.tuples(st.floats(min_value=0.0, max_value=0.9999), st.integers(0, 255)), max_size=12
    ),
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html>"]),
)
def test_mutated_pdfs_never_raise_anything_else(
    small_pdf: bytes, cut: float, flips: list[tuple[float, int]], prefix: bytes
) -> None:
    data = bytearray(small_pdf[: max(1, int(len(small_pdf) * cut))])
    for where, value in flips:
        data[int(where * len(data))] = value
    try:
        doc = load_document(prefix + bytes(data), name="mutant.pdf", ocr=False)
    except InputError:
        return
    for clause in doc.clauses:
        assert doc.text[clause.start : clause.end] == clause.text


def test_docx_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from _ingest_fixtures import docx_bytes

    monkeypatch.setattr("analyzer.ingest.office.MAX_UNPACKED", 1000)
    with pytest.raises(TooLargeError, match="unpacks to"):
        load_document(docx_bytes(), name="big.docx")


@pytest.mark.parametrize(
    ("member", "said"),
    [("xl/workbook.xml", "an Excel spreadsheet"), ("ppt/presentation.xml", "a PowerPoint")],
)
def test_office_files_that_are_not_word_are_named(member: str, said: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, "<x/>")
    with pytest.raises(UnsupportedFormatError) as info:
        load_document(buf.getvalue(), name="policy.docx")
    message = str(info.value)
    assert message.startswith(f"policy.docx is {said}") and "export it to PDF" in message
