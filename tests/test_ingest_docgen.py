"""The code-of-conduct generator used by tests and benchmarks is deterministic and realistic."""

from __future__ import annotations

import re
from pathlib import Path

import _ingest_fixtures  # noqa: F401  (puts benchmarks/ on the path if needed)

from benchmarks.docgen import make_code_paragraphs, make_code_pdf, make_code_text


def test_make_code_text_is_deterministic_and_varied() -> None:
    pages = make_code_text(5, seed=3)
    assert pages == make_code_text(5, seed=3)
    assert pages != make_code_text(5, seed=4)
    assert len(pages) == 5 and all(pages)
    flat = [p for page in pages for p in page]
    assert any(re.match(r"^\d+\. [A-Z]", p) for p in flat)  # numbered headings
    assert any(re.match(r"^\d+\.\d+ ", p) for p in flat)  # numbered clauses
    assert any(p.startswith(("• ", "- ", "– ")) for p in flat)  # bullets
    text = " ".join(flat)
    assert "shall" in text and ("should" in text or "encouraged" in text)  # strong and weak
    assert "%" in text  # statistics


def test_make_code_pdf_pages_and_truth(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    path = tmp_path / "code.pdf"
    truth = make_code_pdf(path, pages=4, columns=2, seed=1)
    pdf = pdfium.PdfDocument(path)
    assert len(pdf) == 4
    pdf.close()
    expected = [s for page in make_code_paragraphs(4, 1, 2) for p in page for s in p.sentences]
    assert truth == expected
