"""Unit tests of the clean-up rules, geometry helpers, segmentation and language detection."""

from __future__ import annotations

import pytest

from analyzer.ingest.cleanup import (
    Dehyphenator,
    Line,
    bullet_marker,
    looks_like_heading,
    normalize_text,
    numbered_marker,
    reflow,
    strip_headers_footers,
)
from analyzer.ingest.language import detect_language, language_warning
from analyzer.ingest.pdf import find_gutter, group_rows, margin_rows
from analyzer.ingest.segment import split_sentences


def _lines(*texts: str, page: int = 1) -> list[Line]:
    return [Line(t, page) for t in texts]


def test_normalize_text() -> None:
    assert normalize_text("ﬁne ﬂow ﬀ ﬃ ﬄ") == "fine flow ff ffi ffl"
    assert normalize_text("a\u00a0b\u2009c\u200bd\ufeff") == "a b cd"
    assert normalize_text("soft\u00adhyphen") == "softhyphen"
    assert normalize_text("respons\u00ad\nibility") == "respons\u00ad\nibility"
    assert normalize_text("investiga\ufffetions") == "investiga\u00ad\ntions"
    assert normalize_text("authorit\x02\r\nies") == "authorit\u00ad\nies"
    assert normalize_text("“quoted” ‘text’") == "“quoted” ‘text’"
    assert normalize_text("ＡＢＣ１") == "ABC1"


def test_dehyphenation_rule() -> None:
    dh = Dehyphenator(["the forced-labour policy", "supply chain transparency"])
    assert dh.join("respons", "ibility") == "responsibility"
    assert dh.join("forced", "labour") == "forced-labour"  # written with a hyphen elsewhere
    assert dh.join("transpa", "rency") == "transparency"
    assert dh.join("self", "assessment") == "self-assessment"  # compound prefix
    assert dh.join("third", "party") == "third-party"
    assert dh.join("Anti", "Slavery") == "Anti-Slavery"  # capitalised continuation
    assert dh.join("2021", "2024") == "2021-2024"


def test_reflow_joins_wrapped_lines_and_hyphens() -> None:
    lines = _lines(
        "Suppliers accept full respons-",
        "ibility for their labour agents and",
        "conduct self-",
        "assessments every year.",
        "• workers keep their passports;",
        "1.2 Wages are paid on time.",
    )
    blocks = reflow(lines)
    assert [(b.kind, b.text) for b in blocks] == [
        (
            "para",
            "Suppliers accept full responsibility for their labour agents and conduct "
            "self-assessments every year.",
        ),
        ("bullet", "workers keep their passports;"),
        ("numbered", "1.2 Wages are paid on time."),
    ]


def test_reflow_short_line_ends_paragraph_but_full_line_does_not() -> None:
    full = "Suppliers keep records of hours, wages and contracts for every worker on site"
    lines = _lines(
        full,
        full + " as set out in Sec.",
        "2 of this Code and the applicable law of the country of production and sale.",
        "Short last line.",
        "Next paragraph starts here.",
    )
    blocks = reflow(lines)
    assert [b.text.split()[0] for b in blocks] == ["Suppliers", "Next"]
    assert "as set out in Sec. 2 of this Code" in blocks[0].text
    assert blocks[0].text.endswith("Short last line.")


def test_strip_headers_footers() -> None:
    def body(n: int) -> list[str]:
        return [f"Section {'ABCD'[n - 1]} rule {k}." for k in range(1, 5)]

    pages = [
        _lines("ACME plc | Supplier Code", *body(n), f"Page {n} of 4", page=n) for n in range(1, 5)
    ]
    cleaned, removed = strip_headers_footers(pages)
    assert removed == 8
    assert [[ln.text for ln in page] for page in cleaned] == [body(n) for n in range(1, 5)]
    # a single page keeps everything but a lone page number
    single, _ = strip_headers_footers([_lines("Title", "Body.", "- 7 -")])
    assert [ln.text for ln in single[0]] == ["Title", "Body."]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("4. Forced Labour", True),
        ("4.2 Recruitment Fees", True),
        ("FORCED LABOUR AND HUMAN TRAFFICKING", True),
        ("Grievance Mechanisms", True),
        ("Article 5 Remedy", True),
        ("Suppliers shall not use forced labour.", False),
        ("4.3 All tier 1 and tier 2 suppliers are expected to", False),
        ("• Bullet Item Here", False),
        ("the end of a wrapped line", False),
        ("12", False),
        # sign-off and document-control lines are statements (senior approval), not headings
        ("Approved: Executive Board, 30 January 2024", False),
        ("Signed on behalf of the Board of Directors", False),
        ("Policy Owner: Chief Procurement Officer", False),
        ("Endorsed by: Group CEO", False),
        # a signature: a name and a senior title
        ("Tom Pennock, Director", False),
        ("Hannah Voss-Achebe, Chief Executive Officer", False),
        ("Health, Safety and Welfare", True),
        ("Approved Labour Providers", True),
        ("Approval and Sign-off", True),
    ],
)
def test_looks_like_heading(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


@pytest.mark.parametrize(
    "line",
    [
        "1.2 Suppliers",
        "(a) workers",
        "a) wages",
        "i. overtime",
        "(iv) fees",
        "Art. 5 Remedy",
        "3. The",
    ],
)
def test_numbered_markers(line: str) -> None:
    assert numbered_marker(line)


@pytest.mark.parametrize(
    "line", ["Art. 5 of the Charter", "2 of this Code", "e.g. visas", "12 workers"]
)
def test_not_numbered(line: str) -> None:
    assert not numbered_marker(line)


@pytest.mark.parametrize("line", ["• a", "- a", "* a", "▪ a", "– a", "o a", "◆ a", "❖ a", "→ a"])
def test_bullet_markers(line: str) -> None:
    assert bullet_marker(line)


def test_symbol_font_glyphs_without_unicode_become_bullets_or_vanish() -> None:
    # Word's Symbol-font bullet read by pdfium (U+F0B7), a Wingdings one (U+F0A7), and the
    # "(cid:N)" that pdfminer-based tools print for a glyph without a Unicode map
    text = "Suppliers shall:\n\uf0b7 pay wages monthly;\n  \uf0a7\tkeep no passports;\n(cid:127) allow leave."
    out = normalize_text(text).split("\n")
    assert out == [
        "Suppliers shall:",
        "• pay wages monthly;",
        "  • keep no passports;",
        "• allow leave.",
    ]
    assert all(bullet_marker(line) for line in out[1:])
    # elsewhere they are icons: dropped, words kept apart
    assert (
        normalize_text("Call \uf028 +44 20 7946 0000 or(cid:3)write")
        == "Call +44 20 7946 0000 or write"
    )
    assert normalize_text("\uf0b7") == " "  # a lone glyph is not a bullet of anything


def test_sentence_splitting_respects_legal_abbreviations() -> None:
    text = (
        "Suppliers, e.g. agents, i.e. recruiters, shall comply with No. 29 and Sec. 4.2, "
        "incl. para. 3, approx. 5 yrs. after signing, cf. Art. 5 of the U.S. and U.K. rules "
        "of Acme Co. Ltd. and Widget Inc. and Gadget Corp. etc. It applies now. "
        "Another sentence follows!"
    )
    spans = split_sentences([text])[0]
    sentences = [text[s:e] for s, e in spans]
    assert len(sentences) == 3
    assert sentences[1] == "It applies now."


def test_group_rows_margins_and_gutter() -> None:
    width = 600.0
    rects = [(50.0, 800.0, 300.0, 810.0), (500.0, 800.0, 550.0, 810.0)]  # header row
    for k in range(20):
        y = 700.0 - 14 * k
        rects.append((50.0, y, 280.0, y + 10))  # left column
        rects.append((320.0, y, 550.0, y + 10))  # right column
    rects.append((280.0, 30.0, 320.0, 40.0))  # footer
    rows = group_rows(rects)
    assert len(rows) == 22
    assert margin_rows(rows) == (1, 1)
    gutter = find_gutter(rects, width)
    assert gutter is not None and 280 <= gutter[0] < gutter[1] <= 320
    one_column = [(50.0, 700.0 - 14 * k, 550.0, 710.0 - 14 * k) for k in range(20)]
    assert find_gutter(one_column, width) is None


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            "en",
            "The supplier shall not use forced labour and must pay all workers on time for the work they do in the factory.",
        ),
        (
            "es",
            "El proveedor no debe utilizar trabajo forzoso y debe pagar a todos los trabajadores a tiempo por el trabajo que realizan en la fábrica.",
        ),
        (
            "fr",
            "Le fournisseur ne doit pas recourir au travail forcé et doit payer tous les travailleurs à temps pour le travail qu'ils font dans l'usine.",
        ),
        (
            "de",
            "Der Lieferant darf keine Zwangsarbeit einsetzen und muss alle Arbeiter pünktlich für die Arbeit bezahlen, die sie in der Fabrik leisten.",
        ),
        (
            "pt",
            "O fornecedor não deve usar trabalho forçado e deve pagar a todos os trabalhadores em dia pelo trabalho que fazem na fábrica e nas obras.",
        ),
        (
            "it",
            "Il fornitore non deve usare lavoro forzato e deve pagare tutti i lavoratori in tempo per il lavoro che svolgono nella fabbrica e nei cantieri.",
        ),
        (
            "nl",
            "De leverancier mag geen dwangarbeid gebruiken en moet alle werknemers op tijd betalen voor het werk dat zij in de fabriek doen.",
        ),
    ],
)
def test_language_detection(code: str, text: str) -> None:
    detected, confidence = detect_language(" ".join([text] * 3))
    assert detected == code
    assert confidence > 0
    warning = language_warning(detected)
    assert (warning is None) == (code == "en")
    if warning:
        assert f"({code})" in warning and "English" in warning


def test_language_detection_needs_enough_text() -> None:
    assert detect_language("Hola mundo") == ("en", 0.0)


def test_dehyphenation_with_layout_soft_hyphens() -> None:
    # WeasyPrint-style: the engine's own hyphens are U+2010, so "-" at a line end is real
    dh = Dehyphenator(["processed law\u2010", "fully by the employer-", "provided bus"])
    assert dh.marks_soft
    assert dh.join("law", "fully", soft=True) == "lawfully"
    assert dh.join("employer", "provided") == "employer-provided"
    plain = Dehyphenator(["the employer pays", "services provided"])
    assert not plain.marks_soft
    assert plain.join("employer", "provided") == "employer-provided"  # both are words
    assert plain.join("provi", "ded") == "provided"
    blocks = reflow([Line("Personal data is processed law\u2010", 1), Line("fully and fairly.", 1)])
    assert blocks[0].text == "Personal data is processed lawfully and fairly."


def test_alternating_left_right_headers_are_removed() -> None:
    pages = []
    for n in range(1, 9):
        header = "Northwind Trading" if n % 2 else "Supplier Code of Conduct 2024"
        body = [f"Clause {'ABCDEFGH'[n - 1]} text {k}." for k in range(1, 4)]
        pages.append(_lines(header, *body, str(n), page=n))
    cleaned, removed = strip_headers_footers(pages)
    assert removed == 16
    assert all(ln.text.startswith("Clause") for page in cleaned for ln in page)


def test_word_hyphenated_across_a_page_break_is_rejoined() -> None:
    lines = [
        Line("Suppliers accept full respons-", 3),
        Line("ibility for their agents.", 4),
        Line("A new sentence on page four.", 4),
    ]
    blocks = reflow(lines)
    assert blocks[0].text.startswith("Suppliers accept full responsibility for their agents.")
    assert blocks[0].page == 3


def test_garbled_text_layer_is_detected() -> None:
    from analyzer.ingest.pdf import garbled

    assert garbled("\ue001\ue002\ue003 \ue004\ue005" * 20)
    assert garbled("\x01\x05\x07\x11 " * 30)
    assert not garbled("Suppliers shall not charge recruitment fees to workers. " * 3)
    assert not garbled("short")


def test_stream_order_by_column_or_by_row() -> None:
    from analyzer.ingest.pdf import stream_reads_by_column

    left = [(50.0, 700.0 - 14 * k, 280.0, 710.0 - 14 * k) for k in range(20)]
    right = [(320.0, 700.0 - 14 * k, 550.0, 710.0 - 14 * k) for k in range(20)]
    gutter = (280.0, 320.0)
    assert stream_reads_by_column(left + right, gutter)
    interleaved = [r for pair in zip(left, right, strict=True) for r in pair]
    assert not stream_reads_by_column(interleaved, gutter)


def test_reflow_keeps_the_page_of_each_part_of_a_block() -> None:
    """A paragraph over a page break (also one broken inside a hyphenated word) knows where
    each later page begins in its text."""
    lines = [
        Line("Suppliers must pay workers in full and on time every month, and a worker's", 1),
        Line("wages may never be held back as security for his good conduct and respons-", 1),
        Line("ibility. Workers may keep their passports at all times and in all places, as", 2),
        Line("the law says. Fees for a job are never deducted from the wages of a worker.", 3),
    ]
    [block] = reflow(lines)
    assert "responsibility." in block.text
    starts = [block.text.index(s) for s in ("Suppliers", "respons", "Workers", "the law", "Fees")]
    assert [block.page_at(k) for k in starts] == [1, 1, 2, 3, 3]
    assert "\x00" not in block.text
