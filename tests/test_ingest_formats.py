"""DOCX, HTML, Markdown and text ingestion, and the public-domain texts in shared/docs."""

from __future__ import annotations

import pytest
from _ingest_fixtures import HTML_DOC, MARKDOWN_DOC, docx_bytes

from analyzer.ingest import load_document, sniff_media_type
from analyzer.resources import shared_dir
from analyzer.types import Document

DOCS = shared_dir() / "docs"


def _offsets_hold(doc: Document) -> None:
    for clause in doc.clauses:
        assert doc.text[clause.start : clause.end] == clause.text


def _triples(doc: Document) -> list[tuple[str, str | None, str]]:
    return [(c.kind, c.heading, c.text) for c in doc.clauses]


def test_docx_headings_lists_and_table() -> None:
    doc = load_document(docx_bytes(), name="code.docx")
    assert doc.media_type == "docx"
    assert _triples(doc) == [
        ("heading", "Supplier Code of Conduct", "Supplier Code of Conduct"),
        ("heading", "Forced Labour", "Forced Labour"),
        ("sentence", "Forced Labour", "Suppliers shall not use forced or bonded labour."),
        ("sentence", "Forced Labour", "Workers may resign on reasonable notice."),
        ("bullet", "Forced Labour", "Workers keep their own identity documents;"),
        ("bullet", "Forced Labour", "No worker pays a recruitment fee;"),
        ("heading", "Remedy", "Remedy"),
        ("numbered", "Remedy", "Any fees paid are repaid in full within 90 days."),
        ("table_row", "Remedy", "Channel | Hotline"),
        ("table_row", "Remedy", "Languages | Twelve"),
        ("sentence", "Remedy", "Concerns can be raised anonymously."),
    ]
    _offsets_hold(doc)


def test_html_drops_scripts_and_keeps_structure() -> None:
    doc = load_document(HTML_DOC.encode("utf-8"), name="code.html")
    assert doc.media_type == "html"
    assert _triples(doc) == [
        ("heading", "Supplier Code of Conduct", "Supplier Code of Conduct"),
        ("heading", "Forced Labour", "Forced Labour"),
        ("sentence", "Forced Labour", "Suppliers shall not use forced labour."),
        ("sentence", "Forced Labour", "Workers are free to leave."),
        ("bullet", "Forced Labour", "No recruitment fees;"),
        ("bullet", "Forced Labour", "No retention of passports."),
        ("heading", "Grievances", "Grievances"),
        ("sentence", "Grievances", "Workers can report concerns anonymously & safely."),
        ("table_row", "Grievances", "Channel | Contact"),
        ("table_row", "Grievances", "Hotline | 0800 123"),
    ]
    for hidden in ("do not show", "nor this", "color: red", "Enable JavaScript", "Home"):
        assert hidden not in doc.text
    _offsets_hold(doc)


def test_markdown() -> None:
    doc = load_document(MARKDOWN_DOC.encode("utf-8"), name="code.md")
    assert doc.media_type == "markdown"
    assert _triples(doc) == [
        ("heading", "Supplier Code of Conduct", "Supplier Code of Conduct"),
        ("heading", "1. Forced Labour", "1. Forced Labour"),
        (
            "sentence",
            "1. Forced Labour",
            "Suppliers shall not use forced labour, e.g. prison or bonded labour.",
        ),
        ("sentence", "1. Forced Labour", "See the ILO conventions."),
        ("bullet", "1. Forced Labour", "No recruitment fees;"),
        ("bullet", "1. Forced Labour", "No retention of passports."),
        ("numbered", "1. Forced Labour", "1. Workers may resign freely."),
        ("numbered", "1. Forced Labour", "2. Wages are paid monthly."),
        ("table_row", "1. Forced Labour", "Risk | Response"),
        ("table_row", "1. Forced Labour", "Fees | Repay"),
    ]
    _offsets_hold(doc)


def test_plain_text_reflow_bullets_numbering_and_abbreviations() -> None:
    text = (
        "CODE OF CONDUCT\n"
        "\n"
        "Scope and Purpose\n"
        "This Code applies to all suppliers of Acme Co. and its affiliates, incl. agents,\n"
        "sub-contractors and respons-\n"
        "ible managers. It follows ILO Convention No. 29 and Art. 5 of the Charter.\n"
        "\n"
        "1.2 Suppliers shall not charge fees, e.g. for visas, i.e. any cost of hiring.\n"
        "(a) workers keep their passports;\n"
        "a) wages are paid on time;\n"
        "i. overtime is voluntary;\n"
        "Art. 5 Remedy applies to every case.\n"
        "• bullets stay separate\n"
        "* so do these\n"
        "▪ and these\n"
        "o and these too\n"
    )
    doc = load_document(text.encode("utf-8"), name="code.txt")
    assert doc.media_type == "text"
    assert _triples(doc) == [
        ("heading", "CODE OF CONDUCT", "CODE OF CONDUCT"),
        ("heading", "Scope and Purpose", "Scope and Purpose"),
        (
            "sentence",
            "Scope and Purpose",
            "This Code applies to all suppliers of Acme Co. and its affiliates, incl. agents, "
            "sub-contractors and responsible managers.",
        ),
        (
            "sentence",
            "Scope and Purpose",
            "It follows ILO Convention No. 29 and Art. 5 of the Charter.",
        ),
        (
            "numbered",
            "Scope and Purpose",
            "1.2 Suppliers shall not charge fees, e.g. for visas, i.e. any cost of hiring.",
        ),
        ("numbered", "Scope and Purpose", "(a) workers keep their passports;"),
        ("numbered", "Scope and Purpose", "a) wages are paid on time;"),
        ("numbered", "Scope and Purpose", "i. overtime is voluntary;"),
        ("numbered", "Scope and Purpose", "Art. 5 Remedy applies to every case."),
        ("bullet", "Scope and Purpose", "bullets stay separate"),
        ("bullet", "Scope and Purpose", "so do these"),
        ("bullet", "Scope and Purpose", "and these"),
        ("bullet", "Scope and Purpose", "and these too"),
    ]
    _offsets_hold(doc)


@pytest.mark.parametrize(
    ("encoded", "media"),
    [
        ("\ufeffSuppliers shall pay wages on time.".encode(), "text"),
        ("Suppliers shall pay wages on time.".encode("utf-16"), "text"),
        ("Café suppliers shall pay wages – on time.".encode("cp1252"), "text"),
        ("Le café – les fournisseurs paient à temps.".encode(), "text"),
    ],
)
def test_text_encodings(encoded: bytes, media: str) -> None:
    doc = load_document(encoded, name="code.txt")
    assert doc.media_type == media
    assert len(doc.clauses) == 1
    assert "\ufeff" not in doc.text and "\x00" not in doc.text
    assert doc.clauses[0].text.endswith(".")


def test_normalisation_of_odd_characters() -> None:
    text = "Suppliers shall ﬁnd and ﬂag\u00a0risks\u200b of forced\u00adlabour in “all” tiers."
    doc = load_document(text.encode("utf-8"))
    assert (
        doc.clauses[0].text == "Suppliers shall find and flag risks of forcedlabour in “all” tiers."
    )


def test_sniffing_ignores_the_extension() -> None:
    assert sniff_media_type(b"%PDF-1.7\n...", "x.txt") == "pdf"
    assert sniff_media_type(HTML_DOC.encode(), "x.md") == "html"
    assert sniff_media_type(MARKDOWN_DOC.encode(), "x.txt") == "markdown"
    assert sniff_media_type(b"Just some words.\nAnd more.", "x.html") == "text"
    assert sniff_media_type(docx_bytes(), "x.pdf") == "docx"


def test_html_named_pdf_is_read_as_html_with_a_warning() -> None:
    doc = load_document(HTML_DOC.encode(), name="policy.pdf")
    assert doc.media_type == "html"
    assert any("named .pdf" in w for w in doc.warnings)


# --- public-domain texts in shared/docs -------------------------------------------------------

needs_docs = pytest.mark.skipif(not DOCS.is_dir(), reason="shared/docs is not available")


@needs_docs
def test_far_clause_items_and_headings() -> None:
    doc = load_document(DOCS / "US-FAR_52.222-50_Nov2021.txt")
    assert doc.language == "en" and not doc.warnings
    texts = [c.text for c in doc.clauses]
    assert "(b) Policy." in texts
    assert "(3) Use forced labor in the performance of the contract;" in texts
    assert "(6) Charge employees or potential employees recruitment fees;" in texts
    assert (
        "(ii) The actions that will be taken against employees or agents for violations of "
        "this policy." in texts
    )
    by_text = {c.text: c for c in doc.clauses}
    assert (
        by_text["(6) Charge employees or potential employees recruitment fees;"].kind == "numbered"
    )
    assert by_text["(6) Charge employees or potential employees recruitment fees;"].heading == (
        "(b) Policy"
    )
    headings = {c.text for c in doc.clauses if c.kind == "heading"}
    assert "Combating Trafficking in Persons (Nov 2021)" in headings
    # "U.S.C." and "U.S." do not end sentences
    assert any("46 U.S.C. 40102(4)" in t for t in texts)
    _offsets_hold(doc)


@needs_docs
def test_markdown_bold_over_a_line_break_is_removed() -> None:
    text = (
        "# Code\n\n3.4 Every worker shall receive a contract, **before leaving\n"
        "their home country**, in a language they understand.\n\n"
        "A lone **asterisk pair\n\nacross a blank line** stays as written.\n"
    )
    doc = load_document(text.encode("utf-8"), name="code.md")
    joined = " ".join(c.text for c in doc.clauses)
    assert "before leaving their home country, in a language" in joined
    assert "**before" not in joined and "country**" not in joined
    assert "**asterisk pair" in joined  # no bold spans a paragraph break


def test_comply_chain_english_markdown() -> None:
    doc = load_document(DOCS / "USDOL-ComplyChain_code-standards_EN.md")
    assert doc.media_type == "markdown" and doc.language == "en" and not doc.warnings
    headings = [c.text for c in doc.clauses if c.kind == "heading"]
    assert "Child Labor" in headings and "Forced Labor and Trafficking in Persons" in headings
    bullets = [c for c in doc.clauses if c.kind == "bullet"]
    assert len(bullets) >= 10
    assert any(
        c.text.startswith("ILO Recommendation No. 190, which accompanies") for c in doc.clauses
    )
    _offsets_hold(doc)


@needs_docs
@pytest.mark.parametrize(
    ("suffix", "code", "label"), [("ES", "es", "Spanish"), ("FR", "fr", "French")]
)
def test_comply_chain_translations_are_flagged(suffix: str, code: str, label: str) -> None:
    doc = load_document(DOCS / f"USDOL-ComplyChain_code-standards_{suffix}.md")
    assert doc.language == code and not doc.is_english
    assert any(f"looks like {label} ({code})" in w for w in doc.warnings)
    _offsets_hold(doc)


def test_huge_single_line_text_is_segmented_in_pieces() -> None:
    sentence = "Suppliers shall pay every worker on time and in full, e.g. monthly. "
    data = (sentence * 16_000).encode()  # 1.1 MB on one line: over spaCy's max_length
    doc = load_document(data, name="one-line.txt")
    assert len(doc.clauses) == 16_000
    assert all(c.text == sentence.strip() for c in doc.clauses)
    _offsets_hold(doc)
