"""Content sniffing: what a document really is, from its bytes (never from its extension)."""

from __future__ import annotations

import io
import re
import zipfile

from analyzer.types import MediaType

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(
    r"<(?:html|head|body|p|div|h[1-6]|ul|ol|li|table|tr|td|br|span|a|section|article|meta)\b",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_MD_SETEXT = re.compile(r"^\S.*\n(?:=+|-+)[ \t]*$", re.MULTILINE)
_MD_MARKUP = re.compile(
    r"\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|^\|.*\|[ \t]*$|^```", re.MULTILINE
)

#: Binary formats we recognise only to reject them with a clear message.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office (.doc/.xls) file"),
    (b"{\\rtf", "an RTF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def is_pdf(data: bytes) -> bool:
    """PDF magic "%PDF-" within the first kilobyte (the spec allows leading junk)."""
    return b"%PDF-" in data[:1024]


#: Office and OpenDocument files that are not word-processing documents, by a member they hold
_OTHER_OFFICE = (
    ("xl/", "an Excel spreadsheet"),
    ("ppt/", "a PowerPoint presentation"),
    ("visio/", "a Visio drawing"),
)
_ODF_KINDS = {
    "application/vnd.oasis.opendocument.text": "an OpenDocument text file (.odt)",
    "application/vnd.oasis.opendocument.spreadsheet": "an OpenDocument spreadsheet",
    "application/vnd.oasis.opendocument.presentation": "an OpenDocument presentation",
}


def zip_kind(data: bytes) -> str:
    """ "docx" for a Word document; for another Office or OpenDocument file what it is ("an
    Excel spreadsheet"); "zip" for any other ZIP; "" if it is not a readable ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, KeyError):
        return ""
    if "word/document.xml" in names:
        return "docx"
    for prefix, label in _OTHER_OFFICE:
        if any(n.startswith(prefix) for n in names):
            return label
    return _ODF_KINDS.get(mimetype.strip(), "zip")


def other_binary(data: bytes) -> str | None:
    """Name of a known non-document binary format, if the bytes start like one."""
    for magic, label in _OTHER_MAGIC:
        if data.startswith(magic):
            return label
    return None


def sniff_markup(text: str) -> MediaType:
    """HTML, Markdown or plain text, judged on decoded text content."""
    head = text[:4096]
    if _HTML_START.match(head.encode("utf-8", "ignore")):
        return "html"
    stripped = head.lstrip()
    if stripped.startswith("<") and len(_HTML_TAGS.findall(head)) >= 2:
        return "html"
    if len(_HTML_TAGS.findall(head)) >= 6 and head.count("</") >= 3:
        return "html"
    sample = text[:20000]
    score = len(_MD_HEADING.findall(sample)) * 2 + len(_MD_MARKUP.findall(sample))
    score += len(_MD_SETEXT.findall(sample))
    if score >= 2:
        return "markdown"
    return "text"
