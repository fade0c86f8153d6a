"""Untrusted text (document evidence, organisation name) through every toolkit format.

The output must show the literal text: no script runs, ``{{ 7*7 }}`` is never evaluated, ``{%
raw %}`` does not break the template, ``&`` and ``<`` do not break HTML or the DOCX XML, and
control characters that XML cannot hold are dropped.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from _toolkit_data import DATE, docx_text, fixture_analysis, pdf_text, squash

from analyzer.results import Analysis, Evidence
from analyzer.rubric import Rubric, load_rubric
from analyzer.toolkit import build_content, render_toolkit

CONTROL = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x1f"
EVIL = f"<script>alert(1)</script> {{{{ 7*7 }}}} {{% raw %}} Fish & Chips{CONTROL} end"
ORG_EVIL = f"Evil & Co \"q\" 'a' <script>alert(1)</script> {{{{ 7*7 }}}} {{% raw %}}{CONTROL}"
LITERALS = ("<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "Fish & Chips end")


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="module")
def evil() -> Analysis:
    """The fixture with hostile text in evidence, headings, the file name and a warning.

    Most criteria are set to best practice so that the document is short (fast PDF), while the
    evidence of a gap, a strength and a legal element all carry the hostile text.
    """
    base = fixture_analysis()
    hostile = Evidence(
        page=3,
        text=EVIL,
        score=0.9,
        source="rule",
        heading=f"Heading {EVIL}",
        level=1,
        matched=["<script>", "{{ 7*7 }}", "Fish & Chips"],  # highlighted parts stay escaped
    )
    criteria = []
    for c in base.criteria:
        if c.id == "no_recruitment_fees":  # a gap
            criteria.append(c.model_copy(update={"evidence": [hostile], "level": 1}))
        elif c.id == "explicit_prohibition":  # a strength, cited by every legal framework
            strong = hostile.model_copy(update={"level": 3})
            criteria.append(c.model_copy(update={"evidence": [strong], "level": 3}))
        else:
            criteria.append(c.model_copy(update={"level": 3} if c.applicable else {}))
    document = base.document.model_copy(update={"name": f"{EVIL}.pdf"})
    return base.model_copy(update={"criteria": criteria, "document": document, "warnings": [EVIL]})


def _assert_literal(text: str) -> None:
    flat = squash(text)
    for literal in LITERALS:
        assert literal in flat, literal
    assert "Evil & Co" in flat
    assert not any(ch in text for ch in CONTROL)
    # Wherever a hostile string is printed, its template-looking part is printed literally.
    printed = flat.count("Fish & Chips end") + flat.count("Evil & Co")
    assert flat.count("{{ 7*7 }}") == printed
    assert flat.count("{% raw %}") == printed


def test_content_model_keeps_text_but_drops_control_characters(
    evil: Analysis, rubric: Rubric
) -> None:
    content = build_content(evil, rubric, org=ORG_EVIL, date=DATE)
    assert content.cover.org == "Evil & Co \"q\" 'a' <script>alert(1)</script> {{ 7*7 }} {% raw %}"
    section = next(s for s in content.sections if s.row.id == "no_recruitment_fees")
    assert (
        section.quotes[0].text == "<script>alert(1)</script> {{ 7*7 }} {% raw %} Fish & Chips end"
    )


def test_html_shows_literal_text_and_runs_nothing(evil: Analysis, rubric: Rubric) -> None:
    from bs4 import BeautifulSoup

    html = render_toolkit(evil, rubric, fmt="html", org=ORG_EVIL, date=DATE).decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("script") == []
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>&lt;script&gt;</mark>" in html and "<mark>Fish &amp; Chips</mark>" in html
    _assert_literal(soup.get_text())
    assert "{{ 7*7 }}" in soup.title.get_text()
    author = soup.find("meta", attrs={"name": "author"})
    assert (
        author is not None
        and author["content"] == build_content(evil, rubric, org=ORG_EVIL).cover.org
    )  # quotes cannot break out of the attribute


def test_markdown_escapes_html_and_markup(evil: Analysis, rubric: Rubric) -> None:
    md = render_toolkit(evil, rubric, fmt="md", org=ORG_EVIL, date=DATE).decode()
    assert "<script>" not in md
    assert r"\<script\>alert(1)\</script\>" in md
    assert r"{{ 7\*7 }}" in md and "{% raw %}" in md and r"Fish \& Chips end" in md
    assert not any(ch in md for ch in CONTROL)
    markdown_it = pytest.importorskip("markdown_it")
    from bs4 import BeautifulSoup

    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.find_all("script") == []
    _assert_literal(soup.get_text())


def test_docx_stays_valid_xml_and_shows_literal_text(evil: Analysis, rubric: Rubric) -> None:
    import docx

    data = render_toolkit(evil, rubric, fmt="docx", org=ORG_EVIL, date=DATE)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode()
    assert "<script>" not in body  # escaped as &lt;script&gt;
    document = docx.Document(io.BytesIO(data))  # reopens: the XML is well-formed
    text = docx_text(data)
    _assert_literal(text)
    header = document.sections[0].header.paragraphs[0].text
    assert "Evil & Co \"q\" 'a' <script>alert(1)</script> {{ 7*7 }}" in header


@pytest.mark.slow
def test_pdf_extracts_literal_text(evil: Analysis, rubric: Rubric) -> None:
    data = render_toolkit(evil, rubric, fmt="pdf", org=ORG_EVIL, date=DATE)
    text = " ".join(pdf_text(data))
    _assert_literal(text)


def test_escaping_holds_for_any_text() -> None:
    """Property: cleaned text is valid XML content, and escaped Markdown renders back to it."""
    import xml.etree.ElementTree as ET
    from html import escape

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from analyzer.toolkit.sanitize import clean, md_escape

    markdown_it = pytest.importorskip("markdown_it")
    from bs4 import BeautifulSoup

    md = markdown_it.MarkdownIt("commonmark").enable("table")
    alphabet = st.characters(codec="utf-8") | st.sampled_from(
        list("<>&*_`[]()#!|\\-+=~{}%0123456789 \n\t")
    )

    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.text(alphabet=alphabet, max_size=60))
    def check(text: str) -> None:
        cleaned = clean(text)
        ET.fromstring(f"<p>{escape(cleaned)}</p>")  # no XML-invalid character survives
        shown = BeautifulSoup(md.render(md_escape(text)), "html.parser")
        assert shown.find("script") is None
        assert squash(shown.get_text()) == squash(cleaned)

    check()
