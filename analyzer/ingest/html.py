"""HTML to lines: headings h1-h6, paragraphs, list items, table rows; scripts and styles dropped.

Site boilerplate never becomes clauses: when the page marks its content (``<main>``,
``role="main"``, or ``<article>`` elements holding most of the text) only that is read; page-level
``<header>``, ``<footer>``, ``<aside>`` and ``<nav>`` are dropped, and so is any element whose
class, id or aria-label marks it as a cookie banner, breadcrumb, newsletter box or skip link, or
(when it is short or mostly links) as a share/social bar, related-content list, banner or
page-feedback widget. The document's title (its ``h1``)
is kept even when it sits in a dropped page header.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer.ingest.cleanup import Line, normalize_text

_DROP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "head",
        "title",
        "meta",
        "link",
        "button",
        "select",
        "option",
        "input",
        "textarea",
        "form",
        "nav",
    ]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_BLOCKS = (
    frozenset(
        [
            "p",
            "div",
            "section",
            "article",
            "main",
            "header",
            "footer",
            "aside",
            "blockquote",
            "pre",
            "address",
            "figure",
            "figcaption",
            "dl",
            "dt",
            "dd",
            "ul",
            "ol",
            "li",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "caption",
            "hr",
            "br",
            "body",
            "html",
            "center",
            "details",
            "summary",
        ]
    )
    | _HEADINGS
)


#: class / id / aria-label words that always mean site furniture ("cookie-banner", "breadcrumbs").
_FURNITURE = re.compile(
    r"(?<![a-z])(?:cookies?|consent|gdpr|onetrust|breadcrumbs?|newsletter|skip-?links?|skip-?to)"
    r"(?![a-z])",
    re.IGNORECASE,
)
#: Words that mean furniture on a short or link-heavy element ("share-bar", "social-links",
#: "related-content", "feedback"), but may also name a section of the document
#: ("social-compliance", "related-risks", "How to give feedback").
_FURNITURE_MAYBE = re.compile(
    r"(?<![a-z])(?:(?:share|sharing|social)(?:-?(?:this|bar|buttons?|links?|icons?|media|"
    r"tools?|follow|nav|networks?))?|related(?:-?(?:content|links?|articles?|pages?|posts?|"
    r"stories|reading|items?|resources))?|feedback|page-?rating|rating|was-?this-?helpful|"
    r"banner)(?![\w-])",
    re.IGNORECASE,
)
#: Text (characters) below which an element named like furniture is furniture.
_SHORT = 300
#: Page furniture recognised by its words alone.
_BOILERPLATE_TEXT = re.compile(
    r"^\s*(?:was\s+this\s+(?:page|article|information|answer)\s+helpful|skip\s+to\s+"
    r"(?:the\s+)?(?:main\s+)?content)\b",
    re.IGNORECASE,
)
#: Landmarks that are page furniture when they are not inside the content.
_PAGE_LEVEL = frozenset(["header", "footer", "aside", "nav"])
_PAGE_ROLES = frozenset(["banner", "contentinfo", "complementary", "navigation", "search"])
_CONTENT = ("main", "article", "section")


def _attr_words(tag: Any) -> str:
    words: list[str] = []
    for key in ("class", "id", "aria-label"):
        value = tag.get(key)
        if isinstance(value, list):
            words.extend(str(v) for v in value)
        elif value:
            words.append(str(value))
    return " ".join(words)


def _is_boilerplate(tag: Any) -> bool:
    """Cookie banners, breadcrumbs, share bars... by class/id/aria-label or by their words."""
    if tag.name in ("html", "body", "main"):
        return False
    words = _attr_words(tag)
    if words and _FURNITURE.search(words):
        return True
    if words and _FURNITURE_MAYBE.search(words):
        text = _text_size(tag)
        links = sum(_text_size(a) for a in tag.find_all("a"))
        return text < _SHORT or links >= 0.5 * text
    if tag.name in ("p", "div", "section", "a", "span", "form"):
        first = next((t for t in tag.stripped_strings), "")  # cheap: most elements fail here
        return bool(_BOILERPLATE_TEXT.match(first)) and _text_size(tag) < 200
    return False


def _page_level(tag: Any) -> bool:
    """A header/footer/aside/nav (or such a landmark role) outside main, article and section."""
    role = str(tag.get("role") or "").lower()
    if tag.name not in _PAGE_LEVEL and role not in _PAGE_ROLES:
        return False
    return tag.name == "nav" or tag.find_parent(_CONTENT) is None


def _text_size(node: Any) -> int:
    return len("".join(node.get_text(" ").split()))


def _content_roots(soup: Any) -> list[Any]:
    """Where the document is: ``<main>`` / ``role="main"``, else the outermost ``<article>``
    elements when they hold most of the text, else the whole page."""
    mains = [m for m in soup.find_all("main") if _text_size(m)]
    mains += [
        m
        for m in soup.find_all(attrs={"role": "main"})
        if m.name != "main" and not m.find_parent("main") and _text_size(m)
    ]
    mains = [m for m in mains if not any(p is o for p in m.parents for o in mains)]  # outermost
    if mains:
        return mains
    articles = [a for a in soup.find_all("article") if a.find_parent("article") is None]
    total = _text_size(soup)
    if articles and sum(_text_size(a) for a in articles) >= 0.5 * total:
        return articles
    return [soup]


def _title(soup: Any) -> str | None:
    """The page's first ``h1`` outside navigation, footers and boilerplate."""
    for h1 in soup.find_all("h1"):
        if h1.find_parent(["nav", "footer", "aside"]) is not None:
            continue
        if any(_FURNITURE.search(_attr_words(p)) for p in [h1, *h1.parents] if p.name):
            continue
        text = " ".join(h1.get_text(" ").split())
        if text:
            return text
    return None


def html_lines(text: str) -> list[Line]:
    """Walk the page content in document order and emit one line per block-level element."""
    from bs4 import BeautifulSoup
    from bs4.element import (
        Comment,
        Declaration,
        Doctype,
        NavigableString,
        ProcessingInstruction,
        Tag,
    )

    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception:  # lxml missing or choking: fall back to the pure-Python parser
        soup = BeautifulSoup(text, "html.parser")

    title = _title(soup)
    roots = _content_roots(soup)

    def prune(node: Any, whole_page: bool) -> None:
        """Remove furniture top-down (nothing inside a removed element is looked at)."""
        for child in list(node.children):
            if not isinstance(child, Tag):
                continue
            if _is_boilerplate(child) or (whole_page and _page_level(child)):
                child.decompose()
            else:
                prune(child, whole_page)

    for root in roots:
        prune(root, root is soup)

    out: list[Line] = []
    buf: list[str] = []

    def flush(kind: str = "text") -> None:
        joined = " ".join("".join(buf).split())
        buf.clear()
        if joined:
            if kind == "bullet":
                joined = "• " + joined
            out.append(Line(joined, 1, kind))  # type: ignore[arg-type]
        if out and out[-1].kind != "blank":
            out.append(Line("", 1, "blank"))

    def cell_text(cell: Any) -> str:
        return " ".join(cell.get_text(" ").split())

    def walk(node: Any) -> None:
        for child in node.children:
            if isinstance(child, Comment | Doctype | Declaration | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = (child.name or "").lower()
            if name in _DROP:
                continue
            if name in _HEADINGS:
                flush()
                walk(child)
                flush("heading")
            elif name == "tr":
                flush()
                cells = [cell_text(c) for c in child.find_all(["td", "th"], recursive=False)]
                row = " | ".join(c for c in cells if c)
                if row:
                    out.append(Line(row, 1, "table_row"))
            elif name == "li":
                flush()
                walk(child)
                parent = child.parent.name.lower() if child.parent is not None else ""
                if parent == "ol":
                    position = sum(1 for s in child.find_previous_siblings("li")) + 1
                    if buf:
                        buf.insert(0, f"{position}. ")
                    flush("numbered")
                else:
                    flush("bullet")
            elif name == "br":
                flush()
            elif name in _BLOCKS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    if title and not any(r.find("h1") for r in roots):
        out.append(Line(title, 1, "heading"))
    for root in roots:
        walk(root)
        flush()
    return [
        Line(normalize_text(ln.text).replace("\n", " ").strip(), ln.page, ln.kind) for ln in out
    ]
