"""PDF text extraction: pypdfium2 for speed, pdfplumber only where its layout analysis pays.

Per page:

* **Fast path** (most pages): pypdfium2 ``get_text_range()``, in the order pdfium reads it.
* **Two columns**: pdfium's text rectangles (cheap) reveal a vertical gutter in the middle of
  the page; then the page is cut into horizontal bands at full-width rows (running header,
  footer, headings that span both columns) and each band is read left column first with
  ``get_text_bounded``, so the reading order is right even when the PDF writes the lines row
  by row across the columns.
* **Tables**: only pages with enough vector line segments to hold a ruled table are handed to
  pdfplumber ``find_tables()``; the table rows replace the text inside the table's box. A
  table inside one column of a two-column page cuts only that column.
* **Scanned pages** (no text layer, an image on the page) and pages that look scanned (an image
  covering most of the page and only a little text, such as a printed footer): OCR with
  Tesseract when available; on the latter, the OCR text is used only when the image holds
  words the text layer lacks.

Any exception the parser stack raises is turned into :class:`PdfReadError` at the boundary.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from analyzer.errors import (
    AnalyzerError,
    EmptyDocumentError,
    EncryptedPdfError,
    NoTextLayerError,
    PdfReadError,
    TooLargeError,
)
from analyzer.ingest.cleanup import (
    Line,
    is_page_number,
    lines_from_text,
    normalize_text,
    starts_footnote,
)
from analyzer.ingest.ocr import OCR_HINT, OcrError, ocr_available, ocr_png, ocr_workers

Rect = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, y up)

#: Fewer non-space characters than this on a page with an image = a scanned page.
SCANNED_MAX_CHARS = 20
#: Straight path segments on a page from which a ruled table is worth looking for (a 2x2 grid
#: has 6 lines).
TABLE_MIN_SEGMENTS = 6
OCR_SCALE = 2.0
#: A page whose images cover this share of it and that holds fewer non-space characters than
#: LOOKS_SCANNED_MAX_CHARS of text looks scanned (a scan with a printed footer or header).
LOOKS_SCANNED_COVER = 0.5
LOOKS_SCANNED_MAX_CHARS = 200
#: Words (three letters or more) that OCR must find beyond the text layer for its text to
#: replace the text layer of a page that only looks scanned (a photo yields a few stray ones).
OCR_EXTRA_WORDS = 8
#: The last lines of a page, whose style is always read: footnotes sit there.
FOOT_LINES = 6
#: Text set at most this share of the body's font size is small print (a footnote).
FOOTNOTE_SIZE = 0.92


@dataclass
class PdfText:
    """Raw lines per page, plus what happened on the way."""

    pages: list[list[Line]]
    ocr_pages: list[int] = field(default_factory=list)
    scanned_pages: list[int] = field(default_factory=list)  # scanned and not OCR'd
    #: look scanned (an image over most of the page, little text) and not OCR'd: their few
    #: text-layer lines are kept
    image_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Geometry helpers (pure; unit-tested)
# ---------------------------------------------------------------------------------------------


def group_rows(rects: Sequence[Rect]) -> list[list[Rect]]:
    """Group text rectangles into rows (top to bottom) by vertical overlap."""
    rows: list[list[Rect]] = []
    center = height = 0.0
    for r in sorted(rects, key=lambda r: -r[3]):
        c = (r[1] + r[3]) / 2
        h = max(r[3] - r[1], 1.0)
        # a small glyph (a bullet) joins the row of the taller text beside it
        if rows and abs(c - center) <= max(2.0, 0.45 * max(h, height)):
            rows[-1].append(r)
            height = max(height, h)
        else:
            rows.append([r])
            center, height = c, h
    return rows


def _row_box(row: Sequence[Rect]) -> Rect:
    if len(row) == 1:
        return row[0]
    lefts, bottoms, rights, tops = zip(*row, strict=True)
    return min(lefts), min(bottoms), max(rights), max(tops)


def margin_rows(
    rows: Sequence[Sequence[Rect]], edge: int = 2, boxes: Sequence[Rect] | None = None
) -> tuple[int, int]:
    """How many rows at the top and at the bottom sit apart from the body (header/footer)."""
    if len(rows) < 4:
        return 0, 0
    if boxes is None:
        boxes = [_row_box(r) for r in rows]
    gaps = [boxes[i][1] - boxes[i + 1][3] for i in range(len(boxes) - 1)]
    pitch = statistics.median(boxes[i][3] - boxes[i + 1][3] for i in range(len(boxes) - 1))
    big = max(1.8 * pitch, 12.0)
    top = next((k for k in range(edge, 0, -1) if gaps[k - 1] >= big), 0)
    bottom = next((k for k in range(edge, 0, -1) if gaps[-k] >= big), 0)
    if top + bottom >= len(rows):
        return 0, 0
    return top, bottom


def find_gutter(rects: Sequence[Rect], width: float) -> tuple[float, float] | None:
    """A vertical gap in the middle half of the page separating two columns of text, or None.

    A sweep over the rectangles' x-extents finds the band in ``[0.25w, 0.75w]`` crossed by the
    fewest rectangles (at most a few: full-width headings may cross it), the widest of those;
    both sides must hold several lines and most of the text.
    """
    if len(rects) < 8:
        return None
    lo, hi = 0.25 * width, 0.75 * width
    allowed = max(1, int(0.12 * len(rects)))
    events: list[tuple[float, int]] = []
    for left, _, right, _ in rects:
        if right > lo and left < hi:
            events.append((max(left, lo), 1))
            events.append((min(right, hi), -1))
    events.sort()
    # the band crossed by the fewest rectangles (then the widest); touching pieces merge
    runs: dict[int, list[tuple[float, float]]] = {}
    count = 0
    x_prev = lo
    for x, delta in [*events, (hi, 0)]:
        if x > x_prev and count <= allowed:
            pieces = runs.setdefault(count, [])
            if pieces and abs(pieces[-1][1] - x_prev) < 1e-6:
                pieces[-1] = (pieces[-1][0], x)
            else:
                pieces.append((x_prev, x))
        count += delta
        x_prev = x
    best: tuple[float, float] | None = None
    for level in sorted(runs):
        wide = [r for r in runs[level] if r[1] - r[0] >= 6.0]
        if wide:
            best = max(wide, key=lambda r: r[1] - r[0])
            break
    if best is None:
        return None
    g0, g1 = best
    left_n = sum(1 for r in rects if r[2] <= g0 + 0.5)
    right_n = sum(1 for r in rects if r[0] >= g1 - 0.5)
    if left_n < 3 or right_n < 3 or left_n + right_n < 0.6 * len(rects):
        return None
    return best


def stream_reads_by_column(rects: Sequence[Rect], gutter: tuple[float, float]) -> bool:
    """Whether pdfium's text order already reads a two-column page column by column.

    ``rects`` come in text order. Most layout tools write the left column, then the right one:
    the order then switches sides only a few times (header, the columns, full-width rows), and
    the fast page text is right as it is. Writing row by row across the columns switches sides
    on every line.
    """
    g0, g1 = gutter
    sides: list[int] = []
    crossing = 0
    for left, _, right, _ in rects:
        if right <= g0 + 0.5:
            side = 0
        elif left >= g1 - 0.5:
            side = 1
        else:
            crossing += 1
            continue
        if not sides or sides[-1] != side:
            sides.append(side)
    return len(sides) - 1 <= 4 + 2 * crossing


# ---------------------------------------------------------------------------------------------
# Page reading
# ---------------------------------------------------------------------------------------------


def _split_lines(text: str, page: int) -> list[Line]:
    out: list[Line] = []
    for raw in normalize_text(text).split("\n"):
        if raw.strip():
            out.append(Line(raw, page))
    return out


Style = tuple[float, bool]  # font size (rounded to 0.5 pt), bold
RawItem = tuple[str, str, "Style | None"]  # raw pdfium text, "text"/"table_row", style


def _char_style(tp_raw: Any, index: int) -> Style | None:
    """Font size and boldness of one character (pdfium reports weight, name and flags)."""
    import pypdfium2.raw as pdfium_c

    if index < 0:
        return None
    size = float(pdfium_c.FPDFText_GetFontSize(tp_raw, index))
    if size <= 0:
        return None
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    pdfium_c.FPDFText_GetFontInfo(tp_raw, index, buf, 128, ctypes.byref(flags))
    name = buf.value.decode("latin-1", "replace").lower()
    weight = int(pdfium_c.FPDFText_GetFontWeight(tp_raw, index))
    bold = (
        weight >= 600
        or any(w in name for w in ("bold", "black", "heavy", "semibold", "demi"))
        or bool(flags.value & (1 << 18))  # ForceBold
    )
    return round(size * 2) / 2, bold


def _line_style(tp_raw: Any, start: int, raw: str) -> Style | None:
    """Style of a line: its first and middle characters must agree on boldness."""
    stripped = raw.strip()
    if not stripped:
        return None
    lead = len(raw) - len(raw.lstrip())
    mid = lead + len(stripped) // 2
    if raw[mid].isspace():
        mid += 1
    first = _char_style(tp_raw, start + lead)
    middle = _char_style(tp_raw, start + mid)
    if first is None or middle is None:
        return None
    return min(first[0], middle[0]), first[1] and middle[1]


_HEADING_SHAPE = re.compile(r"^\s*(?:\S+\s+){0,13}\S+\s*$")
_ENDS_LIKE_TEXT = re.compile(r"[.!?;:,\u00ad\ufffe\x02-]['\"”’)\]]*\s*$")


def _heading_shaped(raw: str) -> bool:
    return bool(_HEADING_SHAPE.match(raw)) and not _ENDS_LIKE_TEXT.search(raw)


def _wants_style(raw: str, k: int, count: int) -> bool:
    """Style only what can matter: heading-shaped lines, the last lines of the ``count`` (for
    footnotes), plus a sample for the body style."""
    return k < 4 or k % 6 == 0 or k >= count - FOOT_LINES or _heading_shaped(raw)


def _stream_items(textpage: Any, text: str) -> list[RawItem]:
    """pdfium's page text line by line, with each line's style when indices line up."""
    aligned = len(text) == textpage.count_chars()
    items: list[RawItem] = []
    pos = 0
    raws = text.split("\r\n")
    for k, raw in enumerate(raws):
        style = None
        if aligned and raw.strip() and _wants_style(raw, k, len(raws)):
            style = _line_style(textpage.raw, pos, raw)
        items.append((raw, "text", style))
        pos += len(raw) + 2
    return items


def _bounded_items(
    textpage: Any, box: Rect, rows: Sequence[Sequence[Rect]] | None = None
) -> list[RawItem]:
    """Text inside ``box`` line by line; styles when its lines match ``rows`` (the text
    rectangles inside the box, grouped top to bottom)."""
    import pypdfium2.raw as pdfium_c

    text = textpage.get_text_bounded(*box)
    raws = [r for r in text.split("\r\n") if r.strip()]
    if rows is None or len(rows) != len(raws):
        return [(raw, "text", None) for raw in raws]
    items: list[RawItem] = []
    for k, (raw, row) in enumerate(zip(raws, rows, strict=True)):
        style = None
        if _wants_style(raw, k, len(raws)):
            first = min(row, key=lambda r: r[0])
            x, y = first[0] + 0.5, (first[1] + first[3]) / 2
            index = int(pdfium_c.FPDFText_GetCharIndexAtPos(textpage.raw, x, y, 2.0, 2.0))
            style = _line_style(textpage.raw, index, raw) if index >= 0 else None
        items.append((raw, "text", style))
    return items


def _footnotes_from(items: Sequence[RawItem], body: Style | None) -> int:
    """Where the footnotes at the foot of a page begin (``len(items)`` if there are none).

    Footnotes are the last lines of the page (before a lone page number) set smaller than the
    body text, from the first of them that opens with a mark and text ("1 See ILO Convention
    No. 29", "* Registered"); body text must stand above them.
    """
    if body is None:
        return len(items)
    end = len(items)
    while end > 0 and (not items[end - 1][0].strip() or is_page_number(items[end - 1][0])):
        end -= 1
    start = k = end
    while k > 0:
        raw, kind, style = items[k - 1]
        if kind != "text" or style is None or style[0] > FOOTNOTE_SIZE * body[0]:
            break
        k -= 1
        if starts_footnote(raw):
            start = k
    if start == end or not any(s is not None and s[0] >= body[0] for _, _, s in items[:start]):
        return len(items)
    return start


def _finish_lines(items: Sequence[RawItem], number: int) -> list[Line]:
    """Normalise raw lines, mark those set larger or bolder than the page's body text, and
    the footnotes at its foot (:func:`_footnotes_from`)."""
    weights: Counter[Style] = Counter()
    for raw, _, style in items:
        if style is not None and not _heading_shaped(raw):  # body text: lines that read on
            weights[style] += len(raw)
    if not weights:
        for raw, _, style in items:
            if style is not None:
                weights[style] += len(raw)
    body = weights.most_common(1)[0][0] if weights else None
    notes = _footnotes_from(items, body)
    out: list[Line] = []
    for k, (raw, kind, style) in enumerate(items):
        if kind == "table_row":
            out.append(Line(raw, number, "table_row"))
            continue
        if k >= notes:
            for piece in normalize_text(raw).split("\n"):
                if piece.strip():
                    out.append(Line(piece, number, "footnote"))
            continue
        emphasis = 0
        if body is not None and style is not None and style != body:
            larger = style[0] >= body[0] * 1.12
            bolder = style[1] and not body[1] and style[0] >= body[0] * 0.95
            if larger or bolder:
                emphasis = int(style[0] * 4) + (2 if style[1] else 1)
        if raw.isascii() and raw.isprintable():  # nothing to normalise (most lines)
            if raw.strip():
                out.append(Line(raw, number, "text", emphasis=emphasis))
            continue
        for piece in normalize_text(raw).split("\n"):
            if piece.strip():
                out.append(Line(piece, number, "text", emphasis=emphasis))
    return out


_UNREADABLE = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1f]")


def garbled(text: str) -> bool:
    """A text layer that is mostly unreadable glyph codes (fonts without a Unicode map)."""
    sample = text[:4000]
    if len(sample) < 40:
        return False
    bad = len(_UNREADABLE.findall(sample))
    return bad > 0.3 * len("".join(sample.split()))


def _count_path_segments(page: Any, limit: int) -> int:
    """Straight line segments drawn on the page (top-level paths), counted up to ``limit``.

    Uses the raw pdfium calls: wrapping every object in a helper class costs ~2 ms a page.
    """
    import pypdfium2.raw as pdfium_c

    raw = page.raw
    total = 0
    for i in range(int(pdfium_c.FPDFPage_CountObjects(raw))):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        for k in range(max(0, int(pdfium_c.FPDFPath_CountSegments(obj)))):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            if pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_LINETO:
                total += 1  # straight lines only: curves are logos and bullets, not rules
        if total >= limit:
            break
    return total


def _has_image(page: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def _image_cover(page: Any, width: float, height: float) -> float:
    """Share of the page covered by images (their boxes clipped to the page; overlaps count
    twice, capped at 1)."""
    import pypdfium2.raw as pdfium_c

    if width <= 0 or height <= 0:
        return 0.0
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w = min(right, width) - max(left, 0.0)
        h = min(top, height) - max(bottom, 0.0)
        if w > 0 and h > 0:
            area += w * h
    return min(1.0, area / (width * height))


_OCR_WORD = re.compile(r"[^\W\d_]{3,}")


def ocr_adds_text(ocr_text: str, lines: Sequence[Line]) -> bool:
    """Whether OCR read words the text layer of a page does not have (a scan under a printed
    footer), rather than the text layer again plus a few stray words (a photo)."""
    known = {w.lower() for ln in lines for w in _OCR_WORD.findall(ln.text)}
    extra = [w for w in _OCR_WORD.findall(ocr_text) if w.lower() not in known]
    return len(extra) >= OCR_EXTRA_WORDS


@dataclass
class _Tables:
    """Ruled tables found by pdfplumber: per page, (box in pdfium coordinates, rows)."""

    data: bytes
    password: str | None
    _pdf: Any = None
    failed: bool = False

    def find(self, index: int, height: float) -> list[tuple[Rect, list[str]]]:
        if self.failed:
            return []
        try:
            import pdfplumber

            if self._pdf is None:
                self._pdf = pdfplumber.open(io.BytesIO(self.data), password=self.password or "")
            page = self._pdf.pages[index]
            found: list[tuple[Rect, list[str]]] = []
            for table in page.find_tables():
                rows: list[str] = []
                for row in table.extract():
                    cells = [" ".join(normalize_text(c or "").split()) for c in row]
                    joined = " | ".join(c for c in cells if c)
                    if joined:
                        rows.append(joined)
                x0, top, x1, bottom = table.bbox
                ncols = max((len(r) for r in table.extract()), default=0)
                if len(rows) >= 2 and ncols >= 2:
                    found.append(((x0, height - bottom, x1, height - top), rows))
            page.close()
            return found
        except Exception:  # tables are a refinement: fall back to plain text
            self.failed = True
            return []

    def close(self) -> None:
        if self._pdf is not None:
            with contextlib.suppress(Exception):
                self._pdf.close()


def _inside(r: Rect, box: Rect) -> bool:
    cx, cy = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
    return box[0] - 1 <= cx <= box[2] + 1 and box[1] - 1 <= cy <= box[3] + 1


def _table_items(rows: Sequence[str]) -> list[RawItem]:
    return [(r, "table_row", None) for r in rows]


def _layout_lines(
    textpage: Any,
    number: int,
    width: float,
    height: float,
    rects: list[Rect],
    gutter: tuple[float, float] | None,
    tables: list[tuple[Rect, list[str]]],
) -> list[Line]:
    """Read a page band by band (margins, full-width rows, tables; columns left then right).

    A table that sits in one column cuts only that column: the text beside it in the other
    column is read on as usual.
    """
    mid = (gutter[0] + gutter[1]) / 2 if gutter is not None else 0.0
    in_column = [t for t in tables if gutter is not None and (t[0][2] <= mid or t[0][0] >= mid)]
    spanning = [t for t in tables if t not in in_column]
    body = [r for r in rects if not any(_inside(r, box) for box, _ in tables)]
    rows = group_rows(body)
    boxes = [_row_box(row) for row in rows]
    n_top, n_bottom = margin_rows(rows, boxes=boxes)
    # separators: (top, bottom, items); the rows between them form the bands
    seps: list[tuple[float, float, list[RawItem]]] = []
    band_rows: list[int] = []
    for k, row in enumerate(rows):
        box = boxes[k]
        is_margin = k < n_top or k >= len(rows) - n_bottom
        crossing = gutter is not None and any(
            r[0] < gutter[0] - 0.5 and r[2] > gutter[1] + 0.5 for r in row
        )
        if is_margin or crossing:
            full = (0.0, box[1] - 0.5, width, box[3] + 0.5)
            seps.append(
                (box[3], box[1], _bounded_items(textpage, full, [row] if crossing else None))
            )
        else:
            band_rows.append(k)
    for box, table_rows in spanning:
        seps.append((box[3], box[1], _table_items(table_rows)))
    seps.sort(key=lambda s: -s[0])

    def read(
        x0: float, x1: float, bottom: float, top: float, cuts: list[tuple[Rect, list[str]]]
    ) -> list[RawItem]:
        """Text of the rows in ``[x0, x1] x [bottom, top]``, cut at the tables in ``cuts``."""
        out: list[RawItem] = []
        upper = top
        for cut, table_rows in [
            *sorted(cuts, key=lambda t: -t[0][3]),
            ((0.0, bottom, 0.0, bottom), []),
        ]:
            lower = cut[3]
            part_rows = [
                part
                for k in band_rows
                if lower < (boxes[k][1] + boxes[k][3]) / 2 < upper
                and (part := [r for r in rows[k] if x0 <= (r[0] + r[2]) / 2 < x1])
            ]
            if upper - lower > 1.0 and part_rows:
                out.extend(_bounded_items(textpage, (x0, lower, x1, upper), part_rows))
            out.extend(_table_items(table_rows))
            upper = cut[1]
        return out

    items: list[RawItem] = []
    upper = height + 1.0
    for top, bottom, sep_items in [*seps, (-1.0, -1.0, [])]:
        band_top, band_bottom = upper, top
        if band_top - band_bottom > 1.0:
            if gutter is not None:
                for x0, x1 in ((0.0, mid), (mid, width)):
                    cuts = [
                        t
                        for t in in_column
                        if x0 <= (t[0][0] + t[0][2]) / 2 < x1
                        and band_bottom < (t[0][1] + t[0][3]) / 2 < band_top
                    ]
                    items.extend(read(x0, x1, band_bottom, band_top, cuts))
            else:
                items.extend(read(0.0, width, band_bottom, band_top, []))
        items.extend(sep_items)
        upper = bottom
    return _finish_lines(items, number)


def extract_pdf(
    data: bytes,
    *,
    name: str,
    password: str | None,
    max_pages: int,
    ocr: bool | None,
) -> PdfText:
    """Read every page of a PDF into raw lines. Raises only InputError subclasses."""
    try:
        return _extract(data, name=name, password=password, max_pages=max_pages, ocr=ocr)
    except AnalyzerError:
        raise
    except MemoryError as exc:
        raise TooLargeError(
            f"{name} needs more memory than is available to read: split it into smaller files"
        ) from exc
    except Exception as exc:
        raise PdfReadError(
            f"{name} could not be read as a PDF ({type(exc).__name__}): the file is damaged or "
            "incomplete; download or export it again"
        ) from exc


def _open(data: bytes, name: str, password: str | None) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        detail = str(exc)
        if "password" in detail.lower():
            if password:
                raise EncryptedPdfError(
                    f"{name} is password-protected and the password given is wrong: "
                    "pass the right one with --password"
                ) from exc
            raise EncryptedPdfError(
                f"{name} is password-protected: pass --password (or upload an unprotected copy)"
            ) from exc
        raise PdfReadError(
            f"{name} is damaged, truncated or not really a PDF, so it cannot be opened: "
            "download or export it again"
        ) from exc


def _extract(
    data: bytes, *, name: str, password: str | None, max_pages: int, ocr: bool | None
) -> PdfText:
    pdf = _open(data, name, password)
    tables = _Tables(data, password)
    try:
        count = len(pdf)
        if count == 0:
            raise EmptyDocumentError(f"{name} has no pages: check that it is the right file")
        if count > max_pages:
            raise TooLargeError(
                f"{name} has {count} pages, over the limit of {max_pages}: split it, or raise "
                "the limit with --max-pages / COC_MAX_PAGES"
            )
        do_ocr = ocr is not False and ocr_available()
        result = PdfText(pages=[])
        failed: list[int] = []
        pending: list[tuple[int, Future[str], list[Line]]] = []
        with ThreadPoolExecutor(max_workers=ocr_workers()) as pool:
            for index in range(count):
                number = index + 1
                try:
                    lines, kind, png = _read_page(pdf, index, number, tables, do_ocr)
                except Exception:
                    failed.append(number)
                    lines, kind, png = [], "failed", None
                if png is not None:  # Tesseract runs in the background while we read on
                    pending.append((index, pool.submit(ocr_png, png), lines))
                    lines = []
                elif kind == "scanned":
                    result.scanned_pages.append(number)
                elif kind == "image":
                    result.image_pages.append(number)
                result.pages.append(lines)
            for index, future, text_lines in pending:
                try:
                    text = future.result()
                except OcrError as exc:
                    result.warnings.append(f"OCR failed on page {index + 1}: {exc}")
                    result.pages[index] = text_lines
                    (result.image_pages if text_lines else result.scanned_pages).append(index + 1)
                    continue
                if text_lines and not ocr_adds_text(text, text_lines):
                    result.pages[index] = text_lines  # the image held no more words
                    continue
                result.pages[index] = lines_from_text(text, index + 1, ocr=True)
                result.ocr_pages.append(index + 1)
        result.scanned_pages.sort()
        result.image_pages.sort()
        result.ocr_pages.sort()
        if failed and len(failed) == count:
            raise PdfReadError(
                f"{name}: no page could be read; the file is damaged: download or export it again"
            )
        if failed:
            result.warnings.append(f"Pages {_ranges(failed)} could not be read and were skipped")
        if tables.failed:
            result.warnings.append("Table layout could not be analysed; tables read as text")
        if result.scanned_pages or result.image_pages:
            scanned = set(result.scanned_pages) | set(result.image_pages)
            has_text = any(result.pages[i] for i in range(count) if i + 1 not in scanned)
            if not has_text:
                if ocr is False:
                    advice = "OCR is switched off: run without --no-ocr (OCR needs Tesseract: "
                    advice += "apt-get install tesseract-ocr)"
                elif do_ocr:
                    advice = "OCR could not read it: check the scan quality or export the text"
                else:
                    advice = f"Tesseract is not installed: {OCR_HINT}"
                raise NoTextLayerError(
                    f"{name} is a scanned document with no text layer and {advice}"
                )
            why = (
                "OCR was switched off"
                if ocr is False
                else ("OCR failed" if do_ocr else "Tesseract is not installed")
            )
            if result.scanned_pages:
                result.warnings.append(
                    f"Pages {_ranges(result.scanned_pages)} have no readable text layer "
                    "(scanned images or unreadable fonts) and were skipped "
                    f"({why}); {OCR_HINT}"
                )
            if result.image_pages:
                result.warnings.append(
                    f"Pages {_ranges(result.image_pages)} look scanned (an image covers the "
                    "page and it holds little text): only their text layer was read, not the "
                    f"image ({why}); {OCR_HINT}"
                )
        return result
    finally:
        tables.close()
        pdf.close()


def _read_page(
    pdf: Any, index: int, number: int, tables: _Tables, do_ocr: bool
) -> tuple[list[Line], str, bytes | None]:
    """Lines of one page and what it was ("text", "scanned", "ocr" + the PNG to read)."""
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        text = textpage.get_text_range()
        chars = len("".join(text.split())) if len(text) < 40 * LOOKS_SCANNED_MAX_CHARS else None
        scanned = chars is not None and chars < SCANNED_MAX_CHARS and _has_image(page)
        if scanned or garbled(text):
            if not do_ocr:
                return ([] if not scanned else _split_lines(text, number)), "scanned", None
            return [], "ocr", _render_png(page)
        looks_scanned = (
            chars is not None
            and chars < LOOKS_SCANNED_MAX_CHARS
            and _image_cover(page, width, height) >= LOOKS_SCANNED_COVER
        )
        if looks_scanned:  # a scan under a printed footer: read the text layer, then OCR
            lines = _finish_lines(_stream_items(textpage, text), number)
            return lines, ("ocr" if do_ocr else "image"), _render_png(page) if do_ocr else None
        n_chars = textpage.count_chars()
        n_rects = textpage.count_rects(0, n_chars) if n_chars > 0 else 0
        rects: list[Rect] = [tuple(textpage.get_rect(j)) for j in range(n_rects)]
        found: list[tuple[Rect, list[str]]] = []
        if _count_path_segments(page, TABLE_MIN_SEGMENTS) >= TABLE_MIN_SEGMENTS:
            found = tables.find(index, height)
        body = [r for r in rects if not any(_inside(r, box) for box, _ in found)]
        gutter = find_gutter(body, width)
        if not found and (gutter is None or stream_reads_by_column(body, gutter)):
            return _finish_lines(_stream_items(textpage, text), number), "text", None
        lines = _layout_lines(textpage, number, width, height, rects, gutter, found)
        return lines, "text", None
    finally:
        textpage.close()
        page.close()


def _render_png(page: Any) -> bytes:
    buf = io.BytesIO()
    page.render(scale=OCR_SCALE, grayscale=True).to_pil().save(buf, format="PNG")
    return buf.getvalue()


def _ranges(numbers: Sequence[int]) -> str:
    """ "1-3, 7" style description of page numbers."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
