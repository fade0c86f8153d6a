"""Messy real-world layouts: site furniture in web pages, tables of contents, front matter,
quotes opening a sentence, Word content controls and text boxes, running headers of short
PDFs, scanned pages with a printed footer. Every input is generated here."""

from __future__ import annotations

from _ingest_fixtures import HTML_SITE_PAGE, HTML_SITE_PAGE_NO_MAIN

from analyzer.ingest import load_document
from analyzer.types import Document


def _triples(doc: Document) -> list[tuple[str, str | None, str]]:
    return [(c.kind, c.heading, c.text) for c in doc.clauses]


def _offsets_hold(doc: Document) -> None:
    for clause in doc.clauses:
        assert doc.text[clause.start : clause.end] == clause.text


# --- 1. HTML site furniture -------------------------------------------------------------------


def test_html_reads_only_the_main_content_and_keeps_its_title() -> None:
    doc = load_document(HTML_SITE_PAGE.encode(), name="code.html")
    title = "Supplier Code of Conduct"
    assert _triples(doc) == [
        ("heading", title, title),
        ("sentence", title, "Version 3, approved by the Board in May 2025."),
        ("heading", "Forced labour", "Forced labour"),
        ("sentence", "Forced labour", "Suppliers must not use forced or bonded labour."),
        ("bullet", "Forced labour", "Workers keep their own passports;"),
        ("bullet", "Forced labour", "No worker pays a recruitment fee."),
        ("heading", "Speaking up", "Speaking up"),
        (
            "sentence",
            "Speaking up",
            "Workers can report concerns anonymously through our hotline.",
        ),
    ]
    _offsets_hold(doc)


def test_html_without_main_drops_page_header_footer_aside_and_banners() -> None:
    doc = load_document(HTML_SITE_PAGE_NO_MAIN.encode(), name="code.html")
    title = "Supplier Code of Conduct"
    assert _triples(doc) == [
        ("heading", title, title),
        ("heading", "Forced labour", "Forced labour"),
        ("sentence", "Forced labour", "Suppliers must not use forced or bonded labour."),
        ("heading", "Recruitment", "Recruitment"),
        ("sentence", "Recruitment", "No worker pays a recruitment fee."),
    ]
