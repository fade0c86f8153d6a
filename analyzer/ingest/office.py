"""Word (.docx) to lines: Heading/Title styles, list paragraphs, tables, in body order.

Content controls (``w:sdt``), tracked insertions (``w:ins``), hyperlinks and fields are read
where they stand; text boxes (``w:txbxContent``) are read after the paragraph that anchors them
(once: the VML fallback copy Word writes beside a modern text box is skipped); deleted text
(``w:del``, ``w:moveFrom``) and table-of-contents controls are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from analyzer.errors import InputError, TooLargeError
from analyzer.ingest.cleanup import (
    Line,
    is_leader_entry,
    is_toc_entry,
    is_toc_title,
    normalize_text,
)

#: Uncompressed size above which a DOCX is refused (zip bombs; real codes are far smaller).
MAX_UNPACKED = 512 * 2**20
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Inline elements whose text is not part of the document as it reads now (or is read apart).
_SKIP_INLINE = frozenset(
    [
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}sdtPr",
        f"{_W}sdtEndPr",
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}instrText",
        f"{_W}delText",
        f"{_MC}Fallback",  # the VML copy of a text box that mc:Choice already holds
    ]
)
_INLINE_TEXT = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_HEADING_STYLE = re.compile(r"^(?:heading\s*\d|title|subtitle)", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list", re.IGNORECASE)
#: Word's table-of-contents paragraph styles ("TOC 1", "toc 2", "TOC Heading").
_TOC_STYLE = re.compile(r"^toc\b", re.IGNORECASE)


def _style_name(paragraph: Any) -> str:
    try:
        style = paragraph.style
        return str(style.name) if style is not None and style.name else ""
    except (KeyError, AttributeError, ValueError):
        return ""


def _is_numbered(paragraph: Any) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(f"{_W}numPr") is not None


def _inline_text(element: Any, boxes: list[Any]) -> str:
    """Text of a paragraph (runs, insertions, hyperlinks, fields, inline content controls);
    the text boxes met on the way are appended to ``boxes`` instead of being read in line."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_INLINE:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag in _INLINE_TEXT:
                parts.append(_INLINE_TEXT[tag])
            elif tag == f"{_W}txbxContent":
                boxes.append(child)
            else:
                visit(child)

    visit(element)
    return "".join(parts)


def _is_toc_control(sdt: Any) -> bool:
    """A content control holding a table of contents (Word's TOC building block)."""
    pr = sdt.find(f"{_W}sdtPr")
    if pr is None:
        return False
    for gallery in pr.iter(f"{_W}docPartGallery"):
        if "contents" in (gallery.get(f"{_W}val") or "").lower():
            return True
    return False


def docx_lines(data: bytes, name: str) -> list[Line]:
    """Read a DOCX held in ``data``; damaged files raise :class:`InputError`."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{name} is a damaged Word file: save it again as DOCX or PDF") from exc
    if unpacked > MAX_UNPACKED:
        raise TooLargeError(
            f"{name} unpacks to {unpacked / 2**20:.0f} MB, more than a code of conduct needs "
            f"(limit {MAX_UNPACKED / 2**20:.0f} MB): save it without embedded media or as PDF"
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise InputError(
            f"{name} looks like a Word document but cannot be opened (damaged or not really "
            "DOCX): open it in Word or LibreOffice, save it again as .docx or PDF, and retry"
        ) from exc

    out: list[Line] = []

    def blank() -> None:
        if out and out[-1].kind != "blank":
            out.append(Line("", 1, "blank"))

    def toc_title_at() -> int | None:
        """Where a "Contents" title is the last line read (blank lines aside), if it is."""
        last = next((k for k in range(len(out) - 1, -1, -1) if out[k].kind != "blank"), None)
        return last if last is not None and is_toc_title(out[last].text) else None

    def drop_toc_title() -> None:
        """Remove a "Contents" title left just above a table-of-contents entry."""
        last = toc_title_at()
        if last is not None:
            del out[last:]
            blank()

    def add_paragraph(p: Any) -> None:
        boxes: list[Any] = []
        raw = _inline_text(p._p, boxes)
        add_text(p, raw)
        for box in boxes:
            walk(box)

    #: a tabbed "label<TAB>number" paragraph waiting for its neighbour: contents if the next
    #: paragraph is an entry too, else a value kept as text; and whether contents are being read
    pending: list[tuple[Any, str]] = []
    in_contents = [False]

    def flush() -> None:
        """Keep a tabbed paragraph that turned out to stand alone."""
        for p, text in pending:
            emit(p, text, _style_name(p))
        pending.clear()

    def add_text(p: Any, raw: str) -> None:
        text = " ".join(normalize_text(raw).split())
        if not text:
            blank()
            return
        style = _style_name(p)
        if _TOC_STYLE.match(style) or is_leader_entry(raw):
            pending.clear()  # it was the first entry of these contents
            in_contents[0] = True
            drop_toc_title()
            return
        if is_toc_entry(raw):  # "1 Our commitments<TAB>2": contents when entries come in a run
            if in_contents[0] or pending or toc_title_at() is not None:
                pending.clear()
                in_contents[0] = True
                drop_toc_title()
            else:
                pending.append((p, text))
            return
        flush()
        in_contents[0] = False
        emit(p, text, style)

    def emit(p: Any, text: str, style: str) -> None:
        if _HEADING_STYLE.match(style):
            blank()
            out.append(Line(text, 1, "heading"))
        elif "bullet" in style.lower():
            out.append(Line("• " + text, 1, "text"))
        elif _LIST_STYLE.search(style) or _is_numbered(p):
            if "number" in style.lower() or re.match(r"^\S{1,6}[.)]\s", text):
                out.append(Line(text, 1, "numbered"))
            else:
                out.append(Line("• " + text, 1, "text"))
        else:
            blank()
            out.append(Line(text, 1, "text"))
            blank()

    def add_table(t: Any) -> None:
        flush()
        in_contents[0] = False
        blank()
        for row in t.rows:
            cells: list[str] = []
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # merged cells repeat
                    continue
                seen.add(id(cell._tc))
                texts = [_inline_text(p, []) for p in _cell_paragraphs(cell._tc)]
                cells.append(" ".join(normalize_text(" ".join(texts)).split()))
            joined = " | ".join(c for c in cells if c)
            if joined:
                out.append(Line(joined, 1, "table_row"))
        blank()

    def walk(container: Any) -> None:
        """Block-level content in order: paragraphs, tables, content controls."""
        for child in container.iterchildren():
            if child.tag == f"{_W}p":
                add_paragraph(Paragraph(child, document))
            elif child.tag == f"{_W}tbl":
                add_table(Table(child, document))
            elif child.tag == f"{_W}sdt" and not _is_toc_control(child):
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    walk(content)
            elif child.tag in (f"{_W}customXml", f"{_W}ins"):
                walk(child)

    walk(document.element.body)
    flush()
    return out


def _cell_paragraphs(tc: Any) -> list[Any]:
    """The paragraphs of a table cell, in order, including those of content controls and of
    nested tables; text boxes and VML fallbacks are left out."""
    found: list[Any] = []

    def visit(node: Any) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_INLINE:
                continue
            if tag == f"{_W}p":
                found.append(child)
            elif tag != f"{_W}tcPr":
                visit(child)

    visit(tc)
    return found
