"""HTML to lines: headings h1-h6, paragraphs, list items, table rows; scripts and styles dropped."""

from __future__ import annotations

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


def html_lines(text: str) -> list[Line]:
    """Walk the DOM in document order and emit one line per block-level element."""
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

    walk(soup)
    flush()
    return [
        Line(normalize_text(ln.text).replace("\n", " ").strip(), ln.page, ln.kind) for ln in out
    ]
