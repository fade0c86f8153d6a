"""Document ingestion: bytes or a path in, a cleaned and segmented :class:`Document` out.

``load_document`` sniffs the format from the content (PDF, DOCX, HTML, Markdown, plain text),
extracts the text (OCR for scanned PDF pages when Tesseract is installed), removes running
headers/footers and page numbers, re-joins hyphenated words and wrapped lines, splits
sentences and clauses with spaCy and attaches the nearest heading to each clause. It raises
only :class:`~analyzer.errors.InputError` subclasses, each with a one-line message saying what
to do.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from analyzer.errors import (
    EmptyDocumentError,
    InputError,
    PdfReadError,
    TooLargeError,
    UnsupportedFormatError,
)
from analyzer.types import Document, MediaType

__all__ = ["Limits", "load_document", "sniff_media_type"]

_MB = 2**20


@dataclass(frozen=True, slots=True)
class Limits:
    """Size and page limits for one document."""

    max_bytes: int = 50 * _MB
    max_pages: int = 2000

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, overridden by ``$COC_MAX_MB`` and ``$COC_MAX_PAGES`` when set."""
        base = cls()
        max_bytes, max_pages = base.max_bytes, base.max_pages
        mb = os.environ.get("COC_MAX_MB", "").strip()
        pages = os.environ.get("COC_MAX_PAGES", "").strip()
        try:
            if mb:
                max_bytes = int(float(mb) * _MB)
            if pages:
                max_pages = int(pages)
        except ValueError as exc:
            raise InputError(
                "COC_MAX_MB and COC_MAX_PAGES must be numbers: fix or unset them"
            ) from exc
        return cls(max_bytes=max_bytes, max_pages=max_pages)

    def with_overrides(
        self, *, max_mb: float | None = None, max_pages: int | None = None
    ) -> Limits:
        """A copy with the given limits replaced (None keeps the current value)."""
        return Limits(
            max_bytes=int(max_mb * _MB) if max_mb is not None else self.max_bytes,
            max_pages=max_pages if max_pages is not None else self.max_pages,
        )


def _read_source(source: str | Path | bytes, limits: Limits) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return data, None
    path = Path(source)
    try:
        if not path.exists():
            raise InputError(f"file not found: {path}: check the path and try again")
        if path.is_dir():
            raise InputError(f"{path} is a folder, not a document: give the path of one file")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise TooLargeError(_too_big(path.name, size, limits))
        return path.read_bytes(), path.name
    except PermissionError as exc:
        raise InputError(
            f"{path} cannot be read (permission denied): check its permissions"
        ) from exc
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror or exc}): check the file") from exc


def _too_big(name: str, size: int, limits: Limits) -> str:
    have, limit = _megabytes(size, limits.max_bytes)
    return (
        f"{name} is {have} MB, over the limit of {limit} MB: "
        "compress or split it, or raise the limit with --max-mb / COC_MAX_MB"
    )


def _megabytes(size: int, limit: int) -> tuple[str, str]:
    """``size`` and ``limit`` in MB with just enough decimals to tell them apart and to show
    the limit (a limit of 0.001 MB reads "0.001", not "0"; 50 MB reads "50")."""
    for digits in range(1, 7):
        have, most = f"{size / _MB:.{digits}f}", f"{limit / _MB:.{digits}f}"
        if have != most and float(most) > 0:
            break
    return have, most.rstrip("0").rstrip(".") if "." in most else most


def sniff_media_type(data: bytes, name: str = "document") -> MediaType:
    """What the bytes are (content, not extension); raises for formats we cannot read."""
    return _sniff(data, name)[0]


def _sniff(data: bytes, name: str) -> tuple[MediaType, str | None]:
    """The media type, plus the decoded text for text formats (so it is decoded only once)."""
    from analyzer.ingest.sniff import is_pdf, other_binary, sniff_markup, zip_kind
    from analyzer.ingest.text import decode_text

    if is_pdf(data):
        return "pdf", None
    if data.startswith(b"PK"):
        kind = zip_kind(data)
        if kind == "docx":
            return "docx", None
        if kind == "zip":
            raise UnsupportedFormatError(
                f"{name} is a ZIP archive but not a Word document: unpack it and give the "
                "PDF, DOCX, HTML or text file inside"
            )
        if kind:
            raise UnsupportedFormatError(
                f"{name} is {kind}, not a code of conduct document we can read: export it to "
                "PDF (or save the text as DOCX) and try again"
            )
        raise UnsupportedFormatError(
            f"{name} looks like a damaged ZIP/Office file: save it again as DOCX or PDF"
        )
    other = other_binary(data)
    if other:
        raise UnsupportedFormatError(
            f"{name} is {other}, not a PDF, Word (.docx), HTML, Markdown or text document: "
            "export the document to PDF or DOCX and try again"
        )
    if name.lower().endswith(".pdf") and (b"\x00" in data[:4096] or not _mostly_text(data)):
        raise PdfReadError(
            f"{name} is named .pdf but is not a PDF (it does not start with %PDF): the file is "
            "damaged or mislabelled; download or export it again"
        )
    text = decode_text(data, name)
    return sniff_markup(text), text


def _mostly_text(data: bytes) -> bool:
    sample = data[:4096]
    printable = sum(1 for b in sample if b >= 32 or b in (9, 10, 13))
    return printable >= 0.95 * len(sample)


def load_document(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
    ocr: bool | None = None,
) -> Document:
    """Read, clean and segment a document.

    ``source`` is a path (``str`` or ``Path``) or the document's bytes. ``ocr=None`` runs OCR
    on scanned PDF pages when Tesseract is installed, ``False`` never does, ``True`` asks for
    it (a warning explains when it is unavailable). Raises only :class:`InputError`
    subclasses.
    """
    limits = limits or Limits.from_env()
    data, file_name = _read_source(source, limits)
    display = name or file_name or "document"
    if len(data) > limits.max_bytes:
        raise TooLargeError(_too_big(display, len(data), limits))
    if not data or not data.strip():
        raise EmptyDocumentError(f"{display} is empty (0 bytes of text): choose the right file")
    try:
        return _load(data, display, password, limits, ocr)
    except InputError:
        raise
    except RecursionError as exc:
        raise UnsupportedFormatError(
            f"{display} is too deeply nested to read: export it to PDF or DOCX and try again"
        ) from exc
    except MemoryError as exc:
        raise TooLargeError(f"{display} needs more memory than is available: split it") from exc
    except Exception as exc:  # the boundary: users never see a traceback
        raise InputError(
            f"{display} could not be read ({type(exc).__name__}: {exc}): export it to PDF or "
            "DOCX and try again, and report the problem if it persists"
        ) from exc


def _load(
    data: bytes, name: str, password: str | None, limits: Limits, ocr: bool | None
) -> Document:
    from analyzer.ingest.cleanup import (
        Dehyphenator,
        Line,
        drop_contents,
        mark_figure_rows,
        reflow,
        strip_headers_footers,
    )
    from analyzer.ingest.language import detect_language, language_warning
    from analyzer.ingest.segment import assemble

    sha = hashlib.sha256(data).hexdigest()
    doc_id = sha[:16]
    media, decoded = _sniff(data, name)
    warnings: list[str] = []
    ocr_pages: tuple[int, ...] = ()
    if media != "pdf" and name.lower().endswith(".pdf"):
        warnings.append(f"{name} is named .pdf but holds {media.upper()} content; read it as such")

    lines: list[Line]
    page_count = 1
    if media == "pdf":
        from analyzer.ingest.pdf import extract_pdf

        pdf = extract_pdf(data, name=name, password=password, max_pages=limits.max_pages, ocr=ocr)
        pages, _ = strip_headers_footers(pdf.pages)
        page_count = len(pages)
        lines = [ln for page in pages for ln in page]
        warnings.extend(pdf.warnings)
        ocr_pages = tuple(pdf.ocr_pages)
    elif media == "docx":
        from analyzer.ingest.office import docx_lines

        lines = docx_lines(data, name)
    else:
        from analyzer.ingest.text import decode_text, markdown_lines, text_lines

        text = decoded if decoded is not None else decode_text(data, name)
        if media == "html":
            from analyzer.ingest.html import html_lines

            lines = html_lines(text)
        elif media == "markdown":
            lines = markdown_lines(text)
        else:
            lines = text_lines(text)
            page_count = max((ln.page for ln in lines), default=1)
            if page_count > 1:  # form feeds: pages, with running headers and footers
                by_page: list[list[Line]] = [[] for _ in range(page_count)]
                for ln in lines:
                    by_page[ln.page - 1].append(ln)
                pages, _ = strip_headers_footers(by_page)
                lines = [ln for page in pages for ln in page]

    lines, _ = drop_contents(lines)
    lines = mark_figure_rows(lines)
    blocks = reflow(lines, Dehyphenator(ln.text for ln in lines))
    if not blocks:
        raise EmptyDocumentError(
            f"{name} contains no readable text: check that it is the right file"
        )
    pages_t, text, clauses = assemble(blocks, page_count, doc_id)
    language, _ = detect_language(text)
    warning = language_warning(language)
    if warning:
        warnings.append(warning)
    return Document(
        doc_id=doc_id,
        name=name,
        sha256=sha,
        media_type=media,
        pages=pages_t,
        text=text,
        clauses=clauses,
        language=language,
        ocr_pages=ocr_pages,
        warnings=tuple(warnings),
    )
