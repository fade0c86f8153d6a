"""Text clean-up shared by every format: normalisation, running headers/footers, page numbers,
de-hyphenation and re-flowing wrapped lines into blocks (paragraphs, bullets, numbered clauses,
headings and table rows).

Everything here is pure string work on lists of lines, so it is cheap and easy to test.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "para", "bullet", "numbered", "table_row"]

#: Marks a line break made by hyphenating a word (pdfium reports it as U+FFFE or U+0002).
HYPHEN_BREAK = "\u00ad\n"


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line of a page. ``kind`` "blank" marks a paragraph break (text formats);
    "footnote" a line of a footnote at the foot of a PDF page (set smaller than the body)."""

    text: str
    page: int
    kind: Literal["text", "blank", "table_row", "heading", "bullet", "numbered", "footnote"] = (
        "text"
    )
    ocr: bool = False
    #: 0 for body text; otherwise a style key (same key = same size and weight) for a line set
    #: larger or bolder than the page's body text, as PDF headings are.
    emphasis: int = 0


@dataclass(frozen=True, slots=True)
class Block:
    """A re-flowed unit of text that segmentation turns into one or more clauses."""

    text: str
    page: int
    kind: BlockKind
    ocr: bool = False
    #: where a paragraph running over a page break reaches a later page: (offset in ``text``,
    #: page number), in order
    breaks: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int:
        """The page the text at ``offset`` is printed on."""
        page = self.page
        for start, later in self.breaks:
            if offset < start:
                break
            page = later
        return page


# ---------------------------------------------------------------------------------------------
# Character normalisation
# ---------------------------------------------------------------------------------------------

_TRANSLATE = {
    0x00A0: " ",  # no-break space
    0x2007: " ",
    0x202F: " ",
    0x205F: " ",
    0x3000: " ",
    0x200B: "",  # zero-width space / joiners / word joiner / BOM
    0x200C: "",
    0x200D: "",
    0x2060: "",
    0xFEFF: "",
    0x0009: " ",
    0x2011: "-",  # non-breaking hyphen
    0x000B: "\n",
    0x000C: "\n",
    0x0085: "\n",
    0x2028: "\n",
    0x2029: "\n\n",
}
_TRANSLATE.update({cp: " " for cp in range(0x2000, 0x200B)})  # en/em/thin... spaces
_CONTROL = re.compile(r"[\x00-\x01\x03-\x08\x0e-\x1f\x7f]")
# Compatibility characters that NFKC folds safely: ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) and full-width ASCII.
_COMPAT = re.compile(r"[\ufb00-\ufb06\uff01-\uff5e]")
# pdfium's marks for a hyphen that ended a line (U+FFFE in page text, U+0002 in bounded text),
# possibly followed by the line break itself.
_PDFIUM_HYPHEN = re.compile(r"[\ufffe\x02][ \t]*(?:\r?\n)?[ \t]*")
_U2010_INLINE = re.compile(r"\u2010(?![ \t]*(?:\n|$))")
# Glyphs of symbol fonts that have no Unicode map: pdfium reads them as private-use code points
# (Word's Symbol bullet is U+F0B7, Wingdings' U+F0A7, U+F0D8, U+F076 ...), pdfminer-based tools
# as "(cid:N)". At the start of a line before text they are list bullets; elsewhere icons.
_SYMBOL_BULLET = re.compile(r"(?m)^([ \t]*)(?:[\ue000-\uf8ff]|\(cid:\d+\))(?=[ \t]+\S)")
_SYMBOL_OTHER = re.compile(r"[ \t]*(?:[\ue000-\uf8ff]|\(cid:\d+\))+[ \t]*")
_SOFT_HYPHEN_EOL = re.compile(r"\u00ad[ \t]*\r?\n[ \t]*")


def normalize_text(text: str) -> str:
    """Normalise odd characters while keeping the text readable and quotes as they are.

    Ligatures and full-width forms are folded (NFKC on those characters only), NBSP and other
    space characters become a plain space, zero-width characters are removed, a soft hyphen at
    a line end becomes :data:`HYPHEN_BREAK`, other soft hyphens vanish, control characters are
    dropped, a symbol-font glyph without a Unicode map (a private-use code point or "(cid:N)")
    becomes a bullet at the start of a line and is dropped elsewhere, and the result is NFC.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _PDFIUM_HYPHEN.sub("\u00ad\n", text)
    text = text.translate(_TRANSLATE)
    text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _SOFT_HYPHEN_EOL.sub(HYPHEN_BREAK, text)
    text = re.sub(r"\u00ad(?![ \t]*(?:\n|$))", "", text)
    # U+2010 ends a line where a layout engine hyphenated a word (WeasyPrint, TeX): keep it
    # there as the sign of a soft break; anywhere else it is an ordinary hyphen.
    text = _U2010_INLINE.sub("-", text)
    text = _CONTROL.sub("", text)
    if "(cid:" in text or any("\ue000" <= ch <= "\uf8ff" for ch in text):
        text = _SYMBOL_OTHER.sub(" ", _SYMBOL_BULLET.sub(r"\1•", text))
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces inside a line and trim it."""
    if "  " not in text and "\t" not in text:
        return text.strip()
    return re.sub(r"[ \t]{2,}", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# Markers: bullets, numbered clauses, headings
# ---------------------------------------------------------------------------------------------

BULLET_GLYPHS = "•·▪▫◦‣⁃●○■□►▶✓✔➢➤◆◇♦❖➔➜→⇒☐☑✗✘"
BULLET_RE = re.compile(r"^\s*(?:[" + BULLET_GLYPHS + r"\-*–—]|o(?=\s+\S))\s+(?=\S)")
_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3}|x)"
NUMBERED_RE = re.compile(
    r"^\s*(?:"
    r"\(\s*(?:[a-zA-Z]{1,2}|" + _ROMAN + r"|\d{1,3})\s*\)"  # (a) (iv) (12) (A) (aa)
    r"|(?:[a-z]|" + _ROMAN + r"|\d{1,3})\)"  # a) iv) 3)
    r"|" + _ROMAN + r"\."  # i. iv.
    r"|[a-z]\."  # a.
    r"|\d{1,3}(?:\.\d{1,3})+\.?"  # 1.2 1.2.3 1.2.
    r"|\d{1,3}\.(?=\s+[A-Z(\"“'‘])"  # 4. Heading / 4. Suppliers ...
    r"|(?:Art\.|Article|Sec\.|Section|§{1,2})\s*\d+[a-z]?(?:\.\d+)*(?:\(\w+\))*"
    r"(?=\s*(?:$|[A-Z(\"“:–—-]))"
    r")(?=\s|$)"
)
_TERMINAL = re.compile(r"[.!?;:,]['\"”’)\]]*$")
_SENTENCE_END = re.compile(r"[.!?]['\"”’)\]]*$")
_NUMBERED_HEADING = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.|[A-Z]\.|(?:Article|Section|Part|Chapter|Art\.|"
    r"Sec\.|§)\s*\d+[a-z]?(?:\.\d+)*\.?)\s+(?P<rest>\S.*)$"
)
_SINGLE_LEVEL = re.compile(r"^\d{1,2}\.\s")
# Sign-off and document-control lines ("Approved: Executive Board, 30 January 2024", "Signed on
# behalf of the Board of Directors", "Policy owner: Vice President, Trust and Safety") are short
# and title-like but are statements: who approved or owns the document is evidence (senior
# approval), and they must not become the heading of the clauses after them.
_SIGN_OFF = re.compile(
    r"^(?:(?:this\s+(?:statement|policy|code)\s+(?:was|is|has\s+been)\s+)?"
    r"(?:approved|signed|endorsed|adopted|authori[sz]ed|ratified)|"
    r"(?:document|policy|code|statement)\s+(?:owner|approver|sponsor)|owner|approver)\b"
    r"(?=.{0,100}?(?::|\bby\b|\bon\s+behalf\b|\bon\s+\d|\b(?:19|20)\d{2}\b))",
    re.IGNORECASE,
)
#: A signature line: a name, a comma and a senior title ("Tom Pennock, Director", "Hannah
#: Voss-Achebe, Chief Executive Officer").
_NAME_TITLE = re.compile(
    r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3},\s+(?:(?:Group|Global|Joint|Deputy|Executive)\s+)?"
    r"(?:Chief\s+\w+(?:\s+\w+)?\s+Officer|CEO|Managing\s+Director|Chair(?:man|woman|person)?|"
    r"President|Founder|Director)\b"
)


def is_sign_off(text: str) -> bool:
    """A sign-off, document-control or signature line: a statement of who stands behind the
    document (senior approval), however short and title-like it looks."""
    text = text.strip()
    return bool(_SIGN_OFF.match(text) or _NAME_TITLE.match(text))


_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "our",
    "we",
    "vs",
    "per",
    "&",
}


def bullet_marker(line: str) -> re.Match[str] | None:
    """The bullet glyph (with its space) at the start of ``line``, if any."""
    return BULLET_RE.match(line)


def numbered_marker(line: str) -> re.Match[str] | None:
    """The clause number ("1.2", "(a)", "a)", "i.", "Art. 5") at the start of ``line``."""
    return NUMBERED_RE.match(line)


def _title_like(words: Sequence[str]) -> bool:
    significant = [w for w in words if w.lower().strip("()[],:;&") not in _SMALL_WORDS]
    significant = [w for w in significant if any(ch.isalpha() for ch in w)]
    if not significant:
        return False
    caps = sum(1 for w in significant if w.lstrip("(\"“'‘")[:1].isupper())
    return caps / len(significant) >= 0.75


#: A cell of figures: "412", "5,210", "45%", "€1.2", "(3)", "2024/25", "FY24", "n/a", "–".
_FIGURE = re.compile(
    r"^(?:[(+\-\u2212\u2013]?[$€£¥]?\d[\d.,/:]*%?\)?|(?:FY|CY|H|Q)\d{1,4}(?:/\d{2,4})?"
    r"|n/?a|[-\u2013\u2014])$",
    re.IGNORECASE,
)
#: At most this many words before the figures of a table row ("Grievances resolved 17 22").
FIGURE_LABEL_WORDS = 8


def figure_cells(line: str, *, min_digits: int = 2) -> list[str] | None:
    """The cells of a row of figures (a short label, then two or more figures, at least
    ``min_digits`` with digits: "Workers trained 412 530" -> ["Workers trained", "412",
    "530"]; "Indicator FY23 FY24"), or None.

    A table drawn without lines reads as such rows; they are neither headings nor prose.
    """
    words = line.split()
    k = len(words)
    while k > 0 and _FIGURE.match(words[k - 1]):
        k -= 1
    figures = words[k:]
    if len(figures) < 2 or sum(1 for f in figures if any(ch.isdigit() for ch in f)) < min_digits:
        return None
    label = " ".join(words[:k])
    if (
        k > FIGURE_LABEL_WORDS
        or not any(ch.isalpha() for ch in label)
        or _TERMINAL.search(label)
        or label.endswith(("-", "\u00ad", "\u2010"))
    ):
        return None
    return [label, *figures]


def mark_figure_rows(lines: Sequence[Line]) -> list[Line]:
    """Turn runs of two or more rows of figures (:func:`figure_cells`) on a page into table
    rows, their cells joined by " | " as ruled tables are: a table drawn without lines, its
    columns aligned by white space only ("Indicator 2024 2025" / "Workers trained 412 530").
    Next to such a row, a row with one figure and a gap ("Contracts with a clause n/a 100%")
    belongs to the table too."""
    rows = [figure_cells(ln.text) if ln.kind == "text" else None for ln in lines]
    weak = [
        figure_cells(ln.text, min_digits=1) if ln.kind == "text" and row is None else None
        for ln, row in zip(lines, rows, strict=True)
    ]
    table = [False] * len(lines)
    for i, ln in enumerate(lines):
        if rows[i] is not None and any(
            rows[j] is not None and lines[j].page == ln.page
            for j in (i - 1, i + 1)
            if 0 <= j < len(lines)
        ):
            table[i] = True
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):  # grow runs both ways
        for i in order:
            if table[i] or (rows[i] is None and weak[i] is None):
                continue
            table[i] = any(
                table[j] and lines[j].page == lines[i].page
                for j in (i - 1, i + 1)
                if 0 <= j < len(lines)
            )
    out = list(lines)
    for i, ln in enumerate(lines):
        cells = rows[i] or weak[i]
        if table[i] and cells is not None:
            out[i] = Line(" | ".join(cells), ln.page, "table_row", ln.ocr)
    return out


def looks_like_heading(line: str, *, emphasis: bool = False) -> bool:
    """Whether a standalone line reads as a section heading.

    Numbered headings ("4. Forced Labour", "2. Forced labour and trafficking", "Article 5
    Remedy"), ALL-CAPS lines and short title-case lines without a final full stop count;
    anything ending like a sentence does not, nor does a row of figures ("Workers trained 412
    530"). With ``emphasis`` (set larger or bolder than the body text) any short line without
    final punctuation counts.
    """
    text = line.strip()
    if not text or len(text) > 120 or _TERMINAL.search(text) or bullet_marker(text):
        return False
    if not any(ch.isalpha() for ch in text) or is_sign_off(text) or figure_cells(text):
        return False
    words = text.split()
    if emphasis:
        return len(words) <= 14 and not text[:1].islower()
    m = _NUMBERED_HEADING.match(text)
    if m:
        rest = m.group("rest").split()
        if not (len(rest) <= 10 and rest[0][:1].isupper()):
            return False
        # "2. Forced labour and trafficking": a single-level number may head a sentence-case title
        return _title_like(rest) or (bool(_SINGLE_LEVEL.match(text)) and len(rest) <= 8)
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(words) <= 14:
        return True
    if numbered_marker(text):
        return False
    return len(words) <= 8 and text[:1].isupper() and _title_like(words)


# ---------------------------------------------------------------------------------------------
# Running headers, footers and page numbers
# ---------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:page|p\.|pg\.|seite|página|pagina)\s*)?"
    r"(?:\d{1,4}|[ivxlcdm]{1,6})(?:\s*(?:of|/|de|von|sur|di|van)\s*\d{1,4})?[-–—\s]*$",
    re.IGNORECASE,
)


#: "Page 2 of 4" anywhere in a line ("Page 2 of 4 Supplier Conduct Principles — Kappa").
_PAGE_OF = re.compile(
    r"\b(?:page|p\.|pg\.|seite|página|pagina)\s*(\d{1,4})\s*(?:of|/|de|von|sur|di|van)\s*"
    r"(\d{1,4})\b",
    re.IGNORECASE,
)
#: "2 / 4" standing apart in a line.
_N_SLASH_M = re.compile(r"(?<![\w/.,:-])(\d{1,4})\s*/\s*(\d{1,4})(?![\w/.,%:-])")
_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")


def has_page_marker(line: str, page_count: int) -> bool:
    """Whether a line carries a "Page N of M" or "N / M" page marker (N <= M).

    A bare "N / M" counts only in a line that does not end like a sentence and when M is about
    the number of pages ("call us 24/7." is not a page marker).
    """
    m = _PAGE_OF.search(line)
    if m and int(m.group(1)) <= int(m.group(2)):
        return True
    if _TERMINAL.search(line.strip()):
        return False
    for m in _N_SLASH_M.finditer(line):
        n, total = int(m.group(1)), int(m.group(2))
        if 1 <= n <= total and abs(total - page_count) <= 10:
            return True
    return False


#: The start of a footnote: its mark, then its text ("1 See ILO Convention No. 29", "² Ibid.",
#: "* Registered").
_FOOTNOTE_START = re.compile(
    r"^\s*(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]{1,3}|[*\u2020\u2021]{1,3})\s*"
    r"(?=[^\W\d_]|[\"“‘'(\[])"
)


def starts_footnote(line: str) -> bool:
    """Whether a line opens with a footnote mark followed by text ("1 See ILO ...")."""
    return bool(_FOOTNOTE_START.match(line))


def is_page_number(line: str) -> bool:
    """A lone page number: "12", "Page 3 of 9", "- 4 -", "iv"."""
    return bool(_PAGE_NUMBER.match(line))


def _alike(line: str) -> str:
    """A line with dashes and spaces normalised (an OCR'd page reads "–" as "-")."""
    return _DASHES.sub(" - ", " ".join(line.split())).lower()


def _mask(line: str) -> str:
    """A line as compared across pages: digits masked, dashes and spaces normalised."""
    return re.sub(r"\d+", "#", _alike(line))


_NUMBER = re.compile(r"\d+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _runs_like_furniture(seen: Sequence[tuple[int, str]]) -> bool:
    """Whether the lines of one masked form, as printed on their pages, are a running header
    or footer rather than content that differs only in its numbers.

    They are when they read the same on every page ("© 2024 Acme Group"), when every wording
    recurs (a running head by chapter: "Chapter 2 – Our people" on several pages), or when
    their numbers follow the page: on at least three quarters of them (and twice) a number,
    not a year, equals the page number plus one offset ("Page 3 of 10", "Company Code – 3",
    "Issued 1 March 2024 | 5" with the cover unnumbered). "Audits completed in 2024: 12" then
    "...: 15" at the foot of two pages is content.
    """
    texts = Counter(text for _, text in seen)
    if len(texts) == 1 or min(texts.values()) >= 2:
        return True
    offsets: Counter[int] = Counter()
    for page, text in seen:
        numbers = {int(d) for d in _NUMBER.findall(text) if len(d) <= 4 and not _YEAR.match(d)}
        offsets.update({n - page for n in numbers})
    best = max(offsets.values(), default=0)
    return best >= 2 and best >= 0.75 * len(seen)


def strip_headers_footers(
    pages: Sequence[Sequence[Line]], *, edge: int = 2, min_share: float = 0.5
) -> tuple[list[list[Line]], int]:
    """Drop running headers/footers and page numbers; return the pages and lines removed.

    A line counts as running when, with digits masked and dashes normalised, it recurs among
    the first or last ``edge`` text lines of more than ``min_share`` of the pages (of both
    pages of a 2-page document; never on a single page), or, from 3 pages on, of the odd or of
    the even pages (at least twice), and when its numbers follow the page if they are all that
    changes (:func:`_runs_like_furniture`: "Audits completed in 2024: 12" then "...: 15" is
    content). Lone page numbers ("12", "Page 3 of 9", "- 4 -", "iv") and edge lines carrying a
    page marker ("Kappa Energy ASA  Page 2 of 4", "Supplier Code 2 / 4") always go.
    """

    def edges(page: Sequence[Line]) -> list[int]:
        idx = [
            i for i, ln in enumerate(page) if ln.kind in ("text", "footnote") and ln.text.strip()
        ]
        return sorted(set(idx[:edge] + idx[-edge:]))

    counts: Counter[str] = Counter()
    odd: Counter[str] = Counter()  # left and right pages often carry different headers
    found: dict[str, list[tuple[int, str]]] = {}  # masked line -> (page, line as printed)
    for number, page in enumerate(pages, start=1):
        seen: dict[str, str] = {}
        for i in edges(page):
            seen.setdefault(_mask(page[i].text), _alike(page[i].text))
        counts.update(seen.keys())
        if number % 2:
            odd.update(seen.keys())
        for key, text in seen.items():
            found.setdefault(key, []).append((number, text))
    n = len(pages)
    n_odd, n_even = (n + 1) // 2, n // 2
    needed = min_share * n if n >= 3 else (1.5 if n == 2 else float("inf"))
    running = {k for k, v in counts.items() if v > needed}
    if n >= 3:  # left and right pages: at least twice, on more than half of their pages
        running |= {k for k, v in odd.items() if v >= 2 and v > min_share * n_odd}
        running |= {
            k for k, v in counts.items() if v - odd[k] >= 2 and v - odd[k] > min_share * n_even
        }
    running = {k for k in running if _runs_like_furniture(found[k])}
    out: list[list[Line]] = []
    removed = 0
    for page in pages:
        drop = {
            i
            for i in edges(page)
            if _mask(page[i].text) in running
            or is_page_number(page[i].text)
            or has_page_marker(page[i].text, n)
        }
        removed += len(drop)
        out.append([ln for i, ln in enumerate(page) if i not in drop])
    return out, removed


# ---------------------------------------------------------------------------------------------
# Tables of contents
# ---------------------------------------------------------------------------------------------

_TOC_TITLE = re.compile(r"^(?:table\s+of\s+)?contents?\s*:?$", re.IGNORECASE)
_TOC_PAGE_NO = r"(?:\d{1,3}|[ivxlc]{1,6})"
#: "2.2 Recruitment fees ........ 4": dot, dash, underscore or middle-dot leaders, a page number.
_LEADERS_AT_END = re.compile(
    r"(?:(?:\.\s?){4,}|(?:\u2026\s?)+|(?:[-_\u00b7\u2013]\s?){4,})\s*" + _TOC_PAGE_NO + r"\s*$",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")


def _has_leaders(text: str) -> bool:
    """Leaders and a page number end the line, after some words ("2.2 Recruitment fees ....
    4"). Searched from the leaders, not from every letter: a long line is read once."""
    m = _LEADERS_AT_END.search(text)
    return m is not None and _LETTER.search(text, 0, m.start()) is not None


#: "1 Our commitments<TAB>2": a title, a tab, a page number (Word's TOC lines).
_TOC_TAB = re.compile(r"^(?=.*[^\W\d_]).*\t[ \t]*" + _TOC_PAGE_NO + r"\s*$", re.IGNORECASE)
#: Under a "Contents" title: a short title ending in a page number, or a bare short title.
_TOC_ENTRY = re.compile(
    r"^(?=.*[^\W\d_])(?!.*[.;:,!?]\s*" + _TOC_PAGE_NO + r"$).{2,120}?\s" + _TOC_PAGE_NO + r"$",
    re.IGNORECASE,
)


def is_toc_title(text: str) -> bool:
    """ "Contents", "Table of contents"."""
    return bool(_TOC_TITLE.match(text.strip()))


def is_leader_entry(text: str) -> bool:
    """A contents line by its leaders ("2.2 Recruitment fees ........ 4"), which no body text
    has; a tab before a number alone may be a value ("Minimum age<TAB>15")."""
    return len(text) <= 200 and bool(_has_leaders(text.strip(" ")))


def is_toc_entry(text: str) -> bool:
    """A table-of-contents line wherever it stands: leaders or a tab before a page number.

    "Pay within 30 days" is not one: a page number alone does not make an entry.
    """
    if len(text) > 200:
        return False
    return bool(_has_leaders(text.strip(" ")) or _TOC_TAB.match(text.strip(" ")))


def _contents_lines(lines: Sequence[Line]) -> set[int]:
    """Indices of the lines that are contents entries wherever they stand: leaders before a
    page number, or a tab before one when the nearest non-blank line before or after is an
    entry too ("Minimum age<TAB>18" alone is a value; a table of contents lists several)."""
    text = [ln.text.strip(" ") if ln.kind != "table_row" else "" for ln in lines]
    leader = [bool(t) and len(t) <= 200 and _has_leaders(t) for t in text]
    tab = [bool(t) and len(t) <= 200 and bool(_TOC_TAB.match(t)) for t in text]
    body = [i for i, t in enumerate(text) if t]
    found: set[int] = set()
    for k, i in enumerate(body):
        if leader[i]:
            found.add(i)
        elif tab[i]:
            near = [body[j] for j in (k - 1, k + 1) if 0 <= j < len(body)]
            if any(tab[n] or leader[n] for n in near):
                found.add(i)
    return found


def _paged_entry(text: str) -> bool:
    """An entry with a page number: leaders or a tab before it, or "1 Our commitments 2"."""
    return is_toc_entry(text) or bool(_TOC_ENTRY.match(text.strip()))


def _bare_entry(text: str) -> bool:
    """An entry without a page number: a short title without final punctuation."""
    words = text.split()
    return len(words) <= 12 and not _TERMINAL.search(text) and text[:1].isalnum()


def drop_contents(lines: Sequence[Line]) -> tuple[list[Line], int]:
    """Remove tables of contents; return the lines and how many were removed.

    Lines with leaders before a page number go wherever they are, and so do lines with a tab
    before one when a neighbour is a contents line too ("Minimum age<TAB>18" alone stays). Under a
    "Contents" / "Table of contents" title the entries that follow go too, and so does the
    title. The first entry sets the style: with page numbers ("1 Our commitments 2"), the
    contents end at the first line without one; without ("4. Forced labour"), at the first
    line that is not a short title or at a blank line. A heading or the end of the page ends
    them too.
    """
    out: list[Line | None] = []
    title_at: int | None = None  # index in ``out`` of the "Contents" title being read
    title_page = entries = removed = 0
    paged = False  # the entries under the title carry page numbers
    contents = _contents_lines(lines)
    for i, ln in enumerate(lines):
        text = ln.text.strip()
        if title_at is not None and (
            ln.page != title_page
            or ln.kind == "heading"
            or (ln.kind == "blank" and entries and not paged)
        ):
            title_at = None
        if ln.kind == "blank" or not text:
            out.append(ln)
            continue
        if ln.kind != "table_row" and is_toc_title(text):
            title_at, title_page, entries = len(out), ln.page, 0
            out.append(ln)
            continue
        entry = False
        if ln.kind != "table_row":
            if title_at is None:
                entry = i in contents
            elif entries == 0:
                paged = _paged_entry(ln.text)
                entry = paged or _bare_entry(text)
            else:
                entry = _paged_entry(ln.text) if paged else _bare_entry(text)
        if entry:
            removed += 1
            if title_at is not None:
                entries += 1
                if out[title_at] is not None:
                    out[title_at] = None
                    removed += 1
            continue
        title_at = None
        out.append(ln)
    return [ln for ln in out if ln is not None], removed


# ---------------------------------------------------------------------------------------------
# De-hyphenation and re-flow
# ---------------------------------------------------------------------------------------------

#: Left halves that usually form a real compound ("self-assessment", "third-party").
COMPOUND_PREFIXES = frozenset(
    [
        "self",
        "non",
        "third",
        "long",
        "short",
        "well",
        "cross",
        "full",
        "part",
        "half",
        "multi",
        "anti",
        "co-op",
        "ex",
        "first",
        "second",
        "high",
        "low",
        "mid",
        "under",
        "over",
        "top",
        "sub-",
    ]
)
#: Right halves that usually form a real compound ("decision-making", "risk-based").
COMPOUND_SUFFIXES = frozenset(
    [
        "making",
        "based",
        "related",
        "owned",
        "oriented",
        "specific",
        "wide",
        "level",
        "term",
        "party",
        "bound",
        "sensitive",
        "focused",
        "driven",
        "sourced",
        "funded",
        "affected",
        "intensive",
        "friendly",
        "scale",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


_LINE_END_FRAGMENT = re.compile(r"\S*[-\u00ad\u2010][ \t]*\n[ \t]*\S*")


def vocabulary(texts: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased words and hyphenated compounds seen inside lines (to settle line-end hyphens).

    ``texts`` are consecutive lines; the two halves of a word broken at a line end are left
    out, so that "respons" and "ibility" do not count as words.
    """
    joined = _LINE_END_FRAGMENT.sub(" ", "\n".join(texts)).lower()
    found = set(_WORD.findall(joined))
    compounds = {w for w in found if "-" in w}
    return frozenset(found - compounds), frozenset(compounds)


class Dehyphenator:
    """Decides whether "left-" + "right" at a line break is one word or a real compound.

    Rule: a continuation starting with a capital or a digit keeps the hyphen ("Anti-Slavery");
    otherwise the document itself decides (the compound written with a hyphen elsewhere keeps
    it, the joined word seen elsewhere joins); failing that, common compound prefixes ("self-",
    "third-", "non-"), common compound endings after a word of four letters or more
    ("decision-making", "risk-based") and two halves that are both words used elsewhere in the document
    ("employer-provided") keep the hyphen, and everything else is joined ("respons-ibility").
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._texts: list[str] | None = list(texts)
        # A layout engine that marks its own hyphens (U+2010) leaves every other line-end
        # hyphen as the author wrote it: then "-" at a line end is a real compound.
        self.marks_soft = any(t.rstrip().endswith("\u2010") for t in self._texts)
        self._words: frozenset[str] = frozenset()
        self._compounds: frozenset[str] = frozenset()

    def _vocab(self) -> tuple[frozenset[str], frozenset[str]]:
        if self._texts is not None:  # built on first use: most documents never need it
            self._words, self._compounds = vocabulary(self._texts)
            self._texts = None
        return self._words, self._compounds

    @property
    def words(self) -> frozenset[str]:
        """Words seen in the document (lower case)."""
        return self._vocab()[0]

    @property
    def compounds(self) -> frozenset[str]:
        """Hyphenated compounds seen in the document (lower case)."""
        return self._vocab()[1]

    def join(self, left: str, right: str, *, soft: bool = False) -> str:
        """Join two halves of a word split at a line end ("respons-" + "ibility").

        ``soft``: the layout engine marked the hyphen as its own (U+2010), so only the
        document's own spelling of the compound keeps it.
        """
        lw = re.search(r"[^\W\d_]+$", left)
        rw = re.match(r"[^\W\d_]+", right)
        if not lw or not rw or not rw.group()[0].islower():
            return f"{left}-{right}"
        a, b = lw.group().lower(), rw.group().lower()
        if f"{a}-{b}" in self.compounds:
            return f"{left}-{right}"
        if a + b in self.words or soft:
            return left + right
        if self.marks_soft:
            return f"{left}-{right}"
        if a in COMPOUND_PREFIXES or (len(a) >= 4 and b in COMPOUND_SUFFIXES):
            return f"{left}-{right}"
        if len(a) >= 3 and len(b) >= 3 and a in self.words and b in self.words:
            return f"{left}-{right}"  # two words of their own: "employer-provided"
        return left + right


#: A footnote reference mark or stray number standing alone ("1", "²", "*", "†").
_MARK_ONLY = re.compile(
    r"^(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]{1,3}|[*\u2020\u2021]{1,3})$"
)
_GLYPHS_ONLY = re.compile(r"^[\s" + BULLET_GLYPHS + r"]+$")
_HARD_HYPHEN_END = re.compile(r"(?<=[^\W\d_])-$")


def _ends_hyphen_break(text: str) -> bool:
    return text.endswith(("\u00ad", "\u2010")) or bool(_HARD_HYPHEN_END.search(text))


def _typical_length(lines: Sequence[Line]) -> float:
    lengths = sorted(len(ln.text) for ln in lines if ln.kind == "text" and ln.text)
    if not lengths:
        return 0.0
    return float(lengths[int(0.8 * (len(lengths) - 1))])


def _classify(text: str) -> tuple[BlockKind, str]:
    """Kind of a block starting with ``text`` and the text without a bullet glyph."""
    b = bullet_marker(text)
    if b:
        return "bullet", text[b.end() :]
    if numbered_marker(text):
        return "numbered", text
    return "para", text


def _all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _continues_heading(text: str, first: Line, nxt: Line) -> bool:
    """Whether ``nxt`` is the wrapped rest of the heading ``text`` (begun by line ``first``).

    The two lines must look alike: the same emphasis (font size and weight) for a heading set
    apart by its font, both in capitals for one set in the body font ("75. SECTION 75 - LABOUR"
    + "STANDARDS"), or else the heading breaks after a small word, a comma or a dash
    ("5. Supplier Monitoring and" + "Audits"). The heading so far must not end in terminal
    punctuation (but for that comma), and the next line must not end one or start a clause.
    """
    rest = nxt.text.strip()
    if not rest or _TERMINAL.search(rest) or numbered_marker(rest):
        return False
    if first.emphasis:
        same_style = nxt.emphasis == first.emphasis
    else:
        same_style = not nxt.emphasis and _all_caps(text) and _all_caps(rest)
    if same_style and not _TERMINAL.search(text):
        return True
    return (
        (text.split()[-1].lower() in _SMALL_WORDS or text.endswith((",", "-", "–")))
        and rest[:1].isupper()
        and len(rest.split()) <= 6
    )


def _finish_text(text: str) -> str:
    """A block's text once its lines are joined: spaces collapsed, hyphen marks resolved."""
    return collapse_spaces(text.replace("\u00ad", "").replace("\u2010", "-"))


def _join_lines(dh: Dehyphenator, before: str, after: str, mark: str = "") -> str:
    """Join a line to the text before it: a word broken at the line end ("respons-" +
    "ibility") is re-joined by ``dh``; ``mark`` goes where ``after`` begins."""
    if not _ends_hyphen_break(before):
        return f"{before} {mark}{after}"
    stem = before[:-1]
    m = re.search(r"\S+$", stem)
    left = m.group() if m else ""
    first, _, rest = after.partition(" ")
    joined = dh.join(left, first, soft=before.endswith("\u2010"))
    base = stem[: len(stem) - len(left)]
    return base + joined + mark + (" " + rest if rest else "")


#: Marks, while a block is built, where its text reaches a later page (never in cleaned text:
#: normalize_text drops control characters).
_PAGE_MARK = "\x00"


def reflow(lines: Sequence[Line], dehyphenator: Dehyphenator | None = None) -> list[Block]:
    """Re-join wrapped lines into blocks.

    A new block starts at a blank line, a table row, a bullet or clause number, a standalone
    heading, after a heading, and after a short line that ends a sentence. Lines broken by a
    hyphen are re-joined using :class:`Dehyphenator`. Footnote lines form blocks of their own
    (one per mark), placed after the block read when they were met: a sentence running from
    the foot of one page onto the next stays whole.
    """
    dh = dehyphenator or Dehyphenator(ln.text for ln in lines)
    typical: dict[int, float] = {}
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page, page_lines in by_page.items():
        typical[page] = _typical_length(page_lines)

    blocks: list[Block] = []
    cur: list[str] = []
    cur_kind: BlockKind = "para"
    cur_page = 0
    cur_ocr = False
    cur_emphasis = 0
    cur_pages: list[int] = []  # the later pages the block reaches, one _PAGE_MARK each
    notes: list[Line] = []  # footnotes met while reading a block (joined lines): they follow it
    prev: Line | None = None

    def flush() -> None:
        nonlocal cur
        if cur:
            text = _finish_text("".join(cur))
            breaks: list[tuple[int, int]] = []
            if cur_pages:
                pieces = text.split(_PAGE_MARK)
                text = pieces[0]
                if len(pieces) - 1 != len(cur_pages):  # a mark lost: keep the first page
                    text, pieces = "".join(pieces), []
                for piece, page in zip(pieces[1:], cur_pages, strict=False):
                    breaks.append((len(text), page))
                    text += piece
            if text and not (cur_kind == "para" and _MARK_ONLY.match(text)):
                blocks.append(Block(text, cur_page, cur_kind, cur_ocr, tuple(breaks)))
        cur = []
        cur_pages.clear()
        blocks.extend(Block(_finish_text(n.text), n.page, "para", n.ocr) for n in notes)
        notes.clear()

    def page_mark(ln: Line) -> str:
        """A mark where a line from a later page than the block's last one joins it."""
        if ln.page == (cur_pages[-1] if cur_pages else cur_page):
            return ""
        cur_pages.append(ln.page)
        return _PAGE_MARK

    def start(ln: Line, kind: BlockKind, text: str) -> None:
        nonlocal cur_kind, cur_page, cur_ocr, cur_emphasis
        flush()
        cur.append(text)
        cur_kind, cur_page, cur_ocr, cur_emphasis = kind, ln.page, ln.ocr, ln.emphasis

    n = len(lines)
    consumed: set[int] = set()
    for i, ln in enumerate(lines):
        if i in consumed:
            continue
        text = collapse_spaces(ln.text) if ln.kind != "table_row" else ln.text.strip()
        if ln.kind == "blank" or not text:
            if ln.kind == "blank":
                flush()
                prev = None
            continue
        if _GLYPHS_ONLY.match(text):
            continue  # list markers drawn apart from their text ("• • • •")
        if ln.kind == "footnote":
            last = notes[-1] if notes else None
            if last is not None and last.page == ln.page and not starts_footnote(text):
                notes[-1] = Line(_join_lines(dh, last.text, text), last.page, ln.kind, last.ocr)
            else:
                notes.append(Line(text, ln.page, ln.kind, ln.ocr))
            continue
        if (
            ln.kind == "text"
            and _MARK_ONLY.match(text)
            and (not cur or _SENTENCE_END.search(cur[-1].rstrip()))
        ):
            continue  # a footnote mark set apart after a sentence ("...our control." / "1")
        if ln.kind in ("table_row", "heading"):
            start(ln, ln.kind, text)
            flush()
            prev = None
            continue
        if ln.kind in ("bullet", "numbered"):
            marker = bullet_marker(text) if ln.kind == "bullet" else None
            start(ln, ln.kind, text[marker.end() :] if marker else text)
            prev = ln
            continue
        prev_text = cur[-1].rstrip() if cur else ""
        nxt = next(
            (
                lines[j]
                for j in range(i + 1, n)
                if lines[j].text.strip() and lines[j].kind != "footnote"
            ),
            None,
        )
        next_starts_lower = bool(
            nxt is not None and nxt.kind == "text" and nxt.text.strip()[:1].islower()
        )
        standalone_heading = (
            (
                not cur
                or _SENTENCE_END.search(prev_text)
                or prev_text.endswith((":", ";"))
                or (ln.emphasis and ln.emphasis != cur_emphasis)
            )
            and not next_starts_lower
            and not _ends_hyphen_break(text)
            and looks_like_heading(text, emphasis=bool(ln.emphasis))
        )
        if standalone_heading and not (cur and _ends_hyphen_break(prev_text)):
            # a heading wrapped over lines: "5. Supplier Monitoring and" + "Audits"
            j = i + 1
            while (
                j < n
                and lines[j].kind == "text"
                and _continues_heading(text, ln, lines[j])
                and len(text) + len(lines[j].text) <= 160
            ):
                text = f"{text} {collapse_spaces(lines[j].text)}"
                consumed.add(j)
                j += 1
            start(ln, "heading", text)
            flush()
            prev = None
            continue
        kind, body = _classify(text)
        if kind != "para" or not cur:
            start(ln, kind, body)
            prev = ln
            continue
        # continuation or new paragraph?
        if _ends_hyphen_break(prev_text):
            cur[-1] = _join_lines(dh, prev_text, text, page_mark(ln))
            prev = ln
            continue
        short = prev is not None and len(prev.text.strip()) < 0.75 * typical.get(prev.page, 0.0)
        new_page = prev is not None and ln.page != prev.page
        if (
            (_SENTENCE_END.search(prev_text) and (short or new_page))
            or (prev_text.endswith(";") and text[:1].isupper())
            or (prev_text.endswith(":") and text[:1].isupper() and short)
        ):
            start(ln, "para", text)
            prev = ln
            continue
        cur.append(" " + page_mark(ln) + text)
        prev = ln
    flush()
    return blocks


def lines_from_text(text: str, page: int = 1, *, ocr: bool = False) -> list[Line]:
    """Split plain text into lines, with blank lines as paragraph breaks."""
    out: list[Line] = []
    for raw in normalize_text(text).split("\n"):
        if raw.strip():
            out.append(Line(raw, page, "text", ocr))
        elif out and out[-1].kind != "blank":
            out.append(Line("", page, "blank", ocr))
    return out
