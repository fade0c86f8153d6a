"""Shared helpers for the toolkit tests: the fixed analysis, text extraction per format."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from analyzer.results import Analysis

FIXTURES = Path(__file__).parent / "fixtures" / "toolkit"
ANALYSIS_JSON = FIXTURES / "analysis.json"
GOLDEN_MD = FIXTURES / "golden.md"
SNAPSHOT_RUBRIC = FIXTURES / "rubric"
DATE = dt.date(2026, 11, 28)
ORG = "Harbour & Vale Group"


def fixture_analysis() -> Analysis:
    return Analysis.model_validate_json(ANALYSIS_JSON.read_text(encoding="utf-8"))


def squash(text: str) -> str:
    """Whitespace runs (including PDF line breaks) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of a PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


def docx_text(data: bytes) -> str:
    """All text of a DOCX: body paragraphs, table cells, headers and footers."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)
