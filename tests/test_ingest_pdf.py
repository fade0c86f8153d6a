"""PDF ingestion: one and two columns, headers/footers, hyphenation, tables, OCR, encryption."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from _ingest_fixtures import (
    COLUMN_TABLE_ROWS,
    OCR_LINES,
    TABLE_ROWS,
    code_pdf,
    column_table_pdf,
    encrypted_pdf,
    scanned_pdf,
    table_pdf,
)

from analyzer.errors import EncryptedPdfError, NoTextLayerError, PdfReadError
from analyzer.ingest import load_document
from analyzer.types import Document

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
HAVE_TESSERACT = shutil.which("tesseract") is not None


def _golden_lines(doc: Document) -> list[str]:
    return [f"p.{c.page}\t{c.kind}\t{c.heading or ''}\t{c.text}" for c in doc.clauses]


def _check_golden(doc: Document, name: str) -> None:
    path = GOLDEN / name
    lines = _golden_lines(doc)
    if os.environ.get("COC_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = path.read_text(encoding="utf-8").splitlines()
    assert lines == expected


def _check_offsets(doc: Document) -> None:
    for i, clause in enumerate(doc.clauses):
        assert clause.index == i
        assert doc.text[clause.start : clause.end] == clause.text
        assert clause.doc_id == doc.doc_id
    joined = "\n\n".join(p.text for p in doc.pages)
    assert joined == doc.text


@pytest.mark.parametrize(
    ("columns", "order", "golden"),
    [
        (1, "column", "one_column.tsv"),
        (2, "column", "two_column.tsv"),
        (2, "row", "two_column.tsv"),  # lines written across the columns: same result
    ],
)
def test_generated_code_is_recovered_exactly(
    tmp_path: Path, columns: int, order: str, golden: str
) -> None:
    path = tmp_path / "code.pdf"
    truth = code_pdf(path, columns=columns, order=order)
    doc = load_document(path)
    assert doc.media_type == "pdf"
    assert doc.page_count == 3
    assert doc.name == "code.pdf"
    got = [(c.page, c.text) for c in doc.clauses]
    assert got == truth  # every sentence intact, in reading order, on the right page
    _check_offsets(doc)
    _check_golden(doc, golden)
    # running header and "Page N of M" footer are gone
    assert "Supplier Code of Conduct | Version" not in doc.text
    assert "Page 1 of 3" not in doc.text and "Public" not in doc.text
    assert "\u00ad" not in doc.text and "\ufffe" not in doc.text


def test_hyphenation_and_headings_in_one_column(tmp_path: Path) -> None:
    import re

    import pypdfium2 as pdfium

    path = tmp_path / "code.pdf"
    truth = " ".join(s for _, s in code_pdf(path, columns=1, pages=6, seed=3))
    pdf = pdfium.PdfDocument(path)
    raw = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    breaks = re.findall(r"(\w+)\ufffe\s*(\w+)", raw)
    assert len(breaks) >= 10  # the fixture really hyphenates at line ends
    doc = load_document(path)
    for left, right in breaks:
        joined = left + right if left + right in truth else f"{left}-{right}"
        assert joined in truth
        assert joined in doc.text
    assert any(f"{a}-{b}" in truth for a, b in breaks)  # a real compound was broken too
    headings = [c for c in doc.clauses if c.kind == "heading"]
    assert headings and all(re.match(r"\d+\. [A-Z]", c.text) for c in headings)
    for clause in doc.clauses:
        if clause.kind == "heading":
            assert clause.heading == clause.text
        else:
            assert clause.heading is not None and clause.heading[0].isdigit()
    numbered = [c for c in doc.clauses if c.kind == "numbered"]
    assert numbered and all(re.match(r"\d+(\.\d+)+ |\([a-d]\) ", c.text) for c in numbered)
    bullets = [c for c in doc.clauses if c.kind == "bullet"]
    assert bullets and all(c.text[0].isupper() for c in bullets)


def test_table_rows_are_kept_as_rows(tmp_path: Path) -> None:
    path = tmp_path / "table.pdf"
    table_pdf(path)
    doc = load_document(path)
    rows = [c.text for c in doc.clauses if c.kind == "table_row"]
    assert rows == [" | ".join(r) for r in TABLE_ROWS]
    texts = [c.text for c in doc.clauses]
    assert texts[0] == "Monitoring Forced Labour Risks"
    assert doc.clauses[0].kind == "heading"
    assert texts.index("The table lists what we look at and how we respond.") < texts.index(
        " | ".join(TABLE_ROWS[0])
    )
    assert texts[-1] == "Findings are reported to the Board every quarter."
    # the table's words appear once (as rows), not again as loose text
    assert doc.text.count("Payslips and agent invoices") == 1
    _check_offsets(doc)


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_TESSERACT, reason="Tesseract is not installed")
def test_scanned_page_is_read_with_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    scanned_pdf(path, with_text_page=True)
    doc = load_document(path)
    assert doc.ocr_pages == (2,)
    assert doc.pages[1].ocr and not doc.pages[0].ocr
    ocr_clauses = [c for c in doc.clauses if c.ocr]
    assert ocr_clauses and all(c.page == 2 for c in ocr_clauses)
    words = " ".join(c.text for c in ocr_clauses).lower()
    for word in ("suppliers", "never", "passports", "workers"):
        assert word in words
    assert not any(c.ocr for c in doc.clauses if c.page == 1)
    _check_offsets(doc)


def test_scanned_page_without_ocr_warns_with_page_and_advice(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    scanned_pdf(path, with_text_page=True)
    doc = load_document(path, ocr=False)
    assert doc.ocr_pages == ()
    assert [c.text for c in doc.clauses] == [
        "1. Scope",
        "This Code applies to every supplier of Northwind Trading.",
    ]
    assert any("Pages 2 " in w and "tesseract-ocr" in w for w in doc.warnings), doc.warnings


def test_fully_scanned_without_ocr_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "scan.pdf"
    scanned_pdf(path, with_text_page=False)
    with pytest.raises(NoTextLayerError, match="--no-ocr"):
        load_document(path, ocr=False)
    monkeypatch.setattr("analyzer.ingest.pdf.ocr_available", lambda: False)
    with pytest.raises(NoTextLayerError, match="apt-get install tesseract-ocr"):
        load_document(path)


def test_ocr_words_match_drawn_text() -> None:
    assert "passports" in " ".join(OCR_LINES)  # guards the OCR test's expectations


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    encrypted_pdf(path)
    with pytest.raises(EncryptedPdfError, match="password-protected: pass --password"):
        load_document(path)
    with pytest.raises(EncryptedPdfError, match="password given is wrong"):
        load_document(path, password="nope")
    doc = load_document(path, password="secret")
    assert [c.text for c in doc.clauses] == [
        "Suppliers shall not charge workers any recruitment fees."
    ]


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.9, 0.99])
def test_truncated_pdf(tmp_path: Path, fraction: float) -> None:
    path = tmp_path / "code.pdf"
    code_pdf(path, columns=1, pages=2)
    data = path.read_bytes()
    with pytest.raises(PdfReadError, match="download or export it again") as info:
        load_document(data[: int(len(data) * fraction)], name="cut.pdf")
    assert "PDFium" not in str(info.value) and "(" not in str(info.value)  # plain words only


def test_doc_id_and_bytes_name(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "code.pdf"
    code_pdf(path, columns=1, pages=1)
    data = path.read_bytes()
    doc = load_document(data)
    assert doc.name == "document"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.doc_id == doc.sha256[:16]
    assert load_document(data, name="upload.pdf").name == "upload.pdf"


@pytest.mark.slow
@pytest.mark.parametrize("columns", [1, 2])
def test_weasyprint_layout_with_real_hyphenation(columns: int) -> None:
    from _ingest_fixtures import weasy_pdf

    data, truth = weasy_pdf(columns)
    doc = load_document(data, name="weasy.pdf")
    assert doc.page_count >= 2
    texts = [c.text for c in doc.clauses]
    assert texts == truth  # same sentences, same order; layout hyphens removed
    assert "Kestrel Components - Supplier Code" not in doc.text
    assert "Page 1 of" not in doc.text
    assert "\u2010" not in doc.text
    _check_offsets(doc)


@pytest.mark.parametrize("columns", [1, 2])
def test_bold_or_larger_lines_are_headings(tmp_path: Path, columns: int) -> None:
    """Sentence-case headings are recognised from their font (bold or larger than the body)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    sections = [
        ("Who this code applies to", ["This Code applies to all staff and contractors."]),
        ("How we treat workers", ["Nobody pays a fee to work for us.", "Wages are paid monthly."]),
        ("Raising a concern", ["Anyone can call the ethics line.", "Calls can be anonymous."]),
    ]
    path = tmp_path / "bold.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    xs = [72.0] if columns == 1 else [72.0, 320.0]
    for x in xs:
        y = 760.0
        for title, body in sections:
            c.setFont("Helvetica-Bold", 11 if columns == 2 else 14)
            c.drawString(x, y, title)
            y -= 18
            c.setFont("Helvetica", 10)
            for sentence in body:
                c.drawString(x, y, sentence)
                y -= 14
            y -= 10
    c.showPage()
    c.save()
    doc = load_document(path)
    expected: list[tuple[str, str | None, str]] = []
    for _ in xs:
        for title, body in sections:
            expected.append(("heading", title, title))
            expected.extend(("sentence", title, s) for s in body)
    assert [(c.kind, c.heading, c.text) for c in doc.clauses] == expected


def test_heading_wrapped_in_capitals_is_one_heading(tmp_path: Path) -> None:
    """An ALL-CAPS heading in the body font wrapped over two lines ("4. SECTION 4 - LABOUR" +
    "STANDARDS") is one heading, and the clauses after it carry all of it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "wrapped.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    y = 760.0
    for number in (4, 5):
        for text in (
            "Workers are free to leave their job with reasonable notice.",
            f"{number}. SECTION {number} – LABOUR",
            "STANDARDS",
            "Suppliers shall not use forced, bonded or compulsory labour.",
            "No worker shall pay a recruitment fee to get a job.",
        ):
            c.drawString(72, y, text)
            y -= 14
        y -= 10
    c.showPage()
    c.save()
    doc = load_document(path)
    headings = [cl.text for cl in doc.clauses if cl.kind == "heading"]
    assert headings == ["4. SECTION 4 – LABOUR STANDARDS", "5. SECTION 5 – LABOUR STANDARDS"]
    fee = [cl for cl in doc.clauses if cl.text.startswith("No worker")]
    assert [cl.heading for cl in fee] == headings


def test_sentence_gets_the_page_it_starts_on(tmp_path: Path) -> None:
    """A paragraph running over a page break is one block, yet each sentence in it carries the
    page where it starts (not the page where the paragraph starts)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "over.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    page1 = [
        "Our suppliers must treat every worker with dignity and respect at all times and in all",
        "places where they work for us. Workers must be free to leave their employment after",
        "giving reasonable notice, and suppliers must never hold back their wages, their identity",
    ]
    page2 = [
        "papers or their passports as a condition of continued work at the site. We also joined",
        "the Seafood Ethics Action Alliance in May 2024 to work with our peers on these issues.",
    ]
    for lines in (page1, page2):
        y = 760.0
        for text in lines:
            c.drawString(72, y, text)
            y -= 14
        c.showPage()
    c.save()
    doc = load_document(path)
    pages = {cl.text.split()[0] + " " + cl.text.split()[1]: cl.page for cl in doc.clauses}
    assert pages == {"Our suppliers": 1, "Workers must": 1, "We also": 2}
    _check_offsets(doc)


def test_table_in_one_column_leaves_the_other_column_whole(tmp_path: Path) -> None:
    """A ruled table in the left column of a two-column page cuts only that column: the right
    column beside it reads on (no text glued across the columns, none lost)."""
    path = tmp_path / "column_table.pdf"
    sentences = column_table_pdf(path)
    doc = load_document(path)
    assert len({cl.page for cl in doc.clauses}) == 1
    texts = [cl.text for cl in doc.clauses if cl.kind == "sentence"]
    assert texts == sentences
    rows = [cl.text for cl in doc.clauses if cl.kind == "table_row"]
    assert rows == [" | ".join(r) for r in COLUMN_TABLE_ROWS]
    _check_offsets(doc)
