"""Messy real-world layouts: site furniture in web pages, tables of contents, front matter,
quotes opening a sentence, Word content controls and text boxes, running headers of short
PDFs, scanned pages with a printed footer. Every input is generated here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _ingest_fixtures import (
    HTML_SITE_PAGE,
    HTML_SITE_PAGE_NO_MAIN,
    contents_docx_bytes,
    contents_pdf,
    hidden_content_docx_bytes,
    scan_with_footer_pdf,
    short_running_header_pdf,
)

from analyzer.errors import NoTextLayerError
from analyzer.ingest import load_document
from analyzer.ingest.cleanup import (
    Dehyphenator,
    Line,
    drop_contents,
    is_toc_entry,
    reflow,
    strip_headers_footers,
)
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


def test_html_sections_named_like_furniture_but_holding_text_are_kept() -> None:
    long = " ".join(["Workers can raise a concern with the hotline in their own language."] * 8)
    page = (
        '<html><body><main><h1>Code</h1><section id="social-compliance"><h2>Social '
        f'compliance</h2><p>{long}</p></section><section class="feedback"><h2>Feedback</h2>'
        f'<p>{long}</p></section><div class="share">Share: <a>LinkedIn</a></div></main>'
        "</body></html>"
    )
    doc = load_document(page.encode(), name="code.html")
    headings = [c.text for c in doc.clauses if c.kind == "heading"]
    assert headings == ["Code", "Social compliance", "Feedback"]
    assert "LinkedIn" not in doc.text


# --- 2. Tables of contents --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2.2 Recruitment fees ....................... 4", True),
        ("2.2 Recruitment fees . . . . . . . 4", True),
        ("Grievance mechanisms ------------ 12", True),
        ("1\tOur commitments\t2", True),
        ("Fees are repaid within 30 days", False),
        ("Overtime is capped at 60 hours a week, see Annex 2", False),
        ("Signature ______________", False),
    ],
)
def test_toc_entry_needs_leaders_or_a_tab(line: str, expected: bool) -> None:
    assert is_toc_entry(line) is expected


def test_contents_title_and_its_entries_go_until_the_text_starts() -> None:
    lines = [
        Line("Contents", 1, "heading"),
        Line("", 1, "blank"),
        Line("1. Purpose and scope", 1, "numbered"),
        Line("2. Forced labour, trafficking and slavery", 1, "numbered"),
        Line("", 1, "blank"),
        Line("1. Purpose and scope", 1, "heading"),
        Line("Suppliers shall not use forced labour.", 1),
    ]
    kept, removed = drop_contents(lines)
    assert [ln.text for ln in kept if ln.text] == [
        "1. Purpose and scope",
        "Suppliers shall not use forced labour.",
    ]
    assert removed == 3


def test_pdf_contents_page_is_dropped(tmp_path: Path) -> None:
    contents_pdf(tmp_path / "toc.pdf")
    doc = load_document(tmp_path / "toc.pdf")
    assert [c.text for c in doc.clauses] == [
        "1. Forced labour",
        "Suppliers shall not use forced labour.",
        "Recruitment fees paid by a worker are repaid within 30 days of their discovery.",
        "Workers keep their passports.",
    ]
    assert {c.page for c in doc.clauses} == {2}


def test_docx_tabbed_contents_are_dropped() -> None:
    doc = load_document(contents_docx_bytes(), name="code.docx")
    assert [c.text for c in doc.clauses] == [
        "Code of Conduct",
        "1. Our commitments",
        "We never use forced labour.",
    ]


# --- 3. Markdown front matter and [TOC] -------------------------------------------------------


@pytest.mark.parametrize(
    "front",
    [
        '---\ntitle: "Human Rights Policy"\nauthor: Zeta Mining\ntags: [policy]\n---\n',
        '+++\ntitle = "Human Rights Policy"\ndate = 2025-01-15\n+++\n',
    ],
)
@pytest.mark.parametrize("marker", ["[TOC]", "[[_TOC_]]", "* TOC\n{:toc}"])
def test_markdown_front_matter_and_toc_markers_are_dropped(front: str, marker: str) -> None:
    text = f"{front}\n{marker}\n\n# Human Rights Policy\n\n## 1. Scope\n\nWe ban forced labour.\n"
    doc = load_document(text.encode(), name="policy.md")
    assert doc.media_type == "markdown"
    assert [c.text for c in doc.clauses] == [
        "Human Rights Policy",
        "1. Scope",
        "We ban forced labour.",
    ]


def test_markdown_rules_are_not_front_matter() -> None:
    text = "---\n\nWe ban forced labour.\n\n---\n\n## Remedy\n\nFees are repaid.\n"
    doc = load_document(text.encode(), name="policy.md")
    assert [c.text for c in doc.clauses] == ["We ban forced labour.", "Remedy", "Fees are repaid."]


# --- 4. Opening quotes and brackets start the next sentence -----------------------------------


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("We ban forced labour. “Zero tolerance” applies to all sites.", "“Zero tolerance”"),
        ("We ban forced labour. ‘Zero tolerance’ applies to all sites.", "‘Zero tolerance’"),
        ("We ban forced labour. (Prison labour included.) Fees are banned.", "(Prison labour"),
        ('We ban forced labour. "Zero tolerance" applies to all sites.', '"Zero tolerance"'),
    ],
)
@pytest.mark.parametrize(
    ("name", "template"),
    [
        ("code.txt", "{}\n"),
        ("code.md", "# Code\n\n{}\n"),
        ("code.html", "<html><body><p>{}</p></body></html>"),
    ],
)
def test_opening_quotes_and_brackets_start_the_sentence(
    text: str, second: str, name: str, template: str
) -> None:
    doc = load_document(template.format(text).encode(), name=name)
    sentences = [c.text for c in doc.clauses if c.kind != "heading"]
    assert sentences[0] == "We ban forced labour."
    assert sentences[1].startswith(second)
    _offsets_hold(doc)


# --- 5. Word content controls, text boxes, tracked changes ------------------------------------


def test_docx_content_controls_text_boxes_and_insertions_are_read_once() -> None:
    doc = load_document(hidden_content_docx_bytes(), name="code.docx")
    assert [c.text for c in doc.clauses] == [
        "1. Forced labour",
        "Suppliers must not charge workers recruitment fees.",
        "Suppliers must not retain identity documents.",
        "Workers may resign freely.",
        "Speak up: call our hotline at any time.",
        "Wages are paid weekly.",
    ]


# --- 6. Running headers of short PDFs -----------------------------------------------------------


_BODY = {
    1: ["Suppliers shall not use forced labour.", "Passports stay with workers.", "Fees go."],
    2: ["Call our hotline 24/7.", "Wages are paid on time.", "Contracts are written."],
    3: ["Overtime is voluntary.", "Audits are unannounced.", "Remedy is provided."],
}


def _page(header: str, page: int) -> list[Line]:
    return [Line(t, page) for t in (header, *_BODY[page])]


def test_edge_lines_with_a_page_marker_are_running_headers() -> None:
    headers = {
        1: "Kappa Energy ASA — Code Page 1 of 3",
        2: "Page 2 of 3 Code — Kappa",
        3: "Kappa 3 / 3",
    }
    cleaned, removed = strip_headers_footers([_page(headers[n], n) for n in (1, 2, 3)])
    assert removed == 3
    assert [[ln.text for ln in page] for page in cleaned] == [_BODY[n] for n in (1, 2, 3)]


def test_odd_page_headers_of_a_three_page_pdf_go_even_when_ocr_changed_the_dash() -> None:
    headers = {
        1: "Kappa Energy ASA – Supplier Code",
        2: "Remedy",
        3: "Kappa Energy ASA - Supplier Code",
    }
    cleaned, removed = strip_headers_footers([_page(headers[n], n) for n in (1, 2, 3)])
    assert removed == 2
    assert [ln.text for ln in cleaned[1]][0] == "Remedy"  # once on the even pages: kept


def test_short_pdf_with_alternating_page_headers(tmp_path: Path) -> None:
    short_running_header_pdf(tmp_path / "code.pdf")
    doc = load_document(tmp_path / "code.pdf")
    assert "Kappa" not in doc.text and "Page" not in doc.text
    assert (
        "3.4 Suppliers shall ensure that all workers are free to leave on notice and without "
        "any penalty, and that no worker pays a deposit." in [c.text for c in doc.clauses]
    )


# --- 7. A scanned page with a printed footer --------------------------------------------------

HAVE_TESSERACT = shutil.which("tesseract") is not None


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_TESSERACT, reason="Tesseract is not installed")
def test_scanned_page_with_a_printed_footer_is_ocrd(tmp_path: Path) -> None:
    scan_with_footer_pdf(tmp_path / "scan.pdf")
    doc = load_document(tmp_path / "scan.pdf")
    assert doc.ocr_pages == (2,)
    words = " ".join(c.text for c in doc.clauses if c.page == 2).lower()
    for word in ("suppliers", "never", "passports", "workers"):
        assert word in words
    assert [c.text for c in doc.clauses if c.page == 3] == [
        "3. Remedy",
        "Fees paid by workers are repaid in full.",
    ]


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_TESSERACT, reason="Tesseract is not installed")
def test_full_page_picture_without_words_keeps_the_text_layer(tmp_path: Path) -> None:
    scan_with_footer_pdf(tmp_path / "cover.pdf", image_text=False)
    doc = load_document(tmp_path / "cover.pdf")
    assert doc.ocr_pages == () and not doc.warnings
    assert [c.text for c in doc.clauses if c.page == 2] == [
        "Northwind Trading Supplier Code, issued 2025"
    ]


def test_scanned_page_with_a_printed_footer_warns_without_ocr(tmp_path: Path) -> None:
    scan_with_footer_pdf(tmp_path / "scan.pdf")
    doc = load_document(tmp_path / "scan.pdf", ocr=False)
    assert any(w.startswith("Pages 2 look scanned") for w in doc.warnings), doc.warnings


def test_document_of_scans_with_printed_footers_is_refused_without_ocr(tmp_path: Path) -> None:
    scan_with_footer_pdf(tmp_path / "scan.pdf", only_scan=True)
    with pytest.raises(NoTextLayerError, match="--no-ocr"):
        load_document(tmp_path / "scan.pdf", ocr=False)


# --- 8. Footnote marks, compound words at a line end, form feeds --------------------------------


def test_lone_footnote_mark_is_not_a_clause() -> None:
    lines = [
        Line(
            "The Code applies to all employees, officers and directors of Acme Holdings and its", 1
        ),
        Line("subsidiaries, including joint ventures.", 1),
        Line("1", 1),
        Line("Scope of the Code", 1),
        Line(
            "Every employee must read this Code and confirm each year that they have understood", 1
        ),
        Line("it.", 1),
    ]
    assert [b.text for b in reflow(lines)] == [
        "The Code applies to all employees, officers and directors of Acme Holdings and its "
        "subsidiaries, including joint ventures.",
        "Scope of the Code",
        "Every employee must read this Code and confirm each year that they have understood it.",
    ]


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("decision", "making", "decision-making"),
        ("risk", "based", "risk-based"),
        ("respons", "ibility", "responsibility"),
        ("un", "related", "unrelated"),
    ],
)
def test_common_compound_endings_keep_their_hyphen(left: str, right: str, joined: str) -> None:
    assert Dehyphenator().join(left, right) == joined


def test_form_feeds_start_new_pages_and_running_headers_go() -> None:
    text = (
        "ACME CODE OF CONDUCT\n\nWe prohibit forced labour.\n\nAll suppliers are audited.\n"
        "\fACME CODE OF CONDUCT\n\n2. REMEDY\n\nWe provide remedy to affected workers.\n\f"
    )
    doc = load_document(text.encode(), name="code.txt")
    assert len(doc.pages) == 2
    assert [(c.page, c.text) for c in doc.clauses] == [
        (1, "We prohibit forced labour."),
        (1, "All suppliers are audited."),
        (2, "2. REMEDY"),
        (2, "We provide remedy to affected workers."),
    ]
    _offsets_hold(doc)


def test_contents_with_page_numbers_end_at_the_first_line_without_one() -> None:
    lines = [
        Line("Contents", 2),
        Line("1 Introduction 3", 2),
        Line("", 2, "blank"),
        Line("2 Forced Labour 4", 2),
        Line("Message From Our Chair", 2),
        Line("We have never tolerated forced labour.", 2),
    ]
    kept, removed = drop_contents(lines)
    assert [ln.text for ln in kept if ln.text] == [
        "Message From Our Chair",
        "We have never tolerated forced labour.",
    ]
    assert removed == 3


def test_a_lone_tabbed_value_is_not_a_contents_line() -> None:
    # a contents list has several entries; one "label<TAB>number" line in Word is a value
    import io

    import docx

    d = docx.Document()
    d.add_heading("Young workers", 1)
    d.add_paragraph("Minimum age\t15")
    d.add_paragraph("Suppliers shall not employ anyone younger than the minimum age.")
    d.add_paragraph("Without a contents title, tabbed entries next to each other still go:")
    for entry in ("1 Scope\t2", "2 Forced labour\t3"):
        d.add_paragraph(entry)
    buf = io.BytesIO()
    d.save(buf)
    texts = [" ".join(c.text.split()) for c in load_document(buf.getvalue(), name="c.docx").clauses]
    assert "Minimum age 15" in texts
    assert not any("Scope" in t or "Forced labour 3" in t for t in texts), texts
