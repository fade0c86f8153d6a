"""Plain text and Markdown: decoding with a clear error, then lines for the re-flow."""

from __future__ import annotations

import re

from analyzer.errors import EncodingError, UnsupportedFormatError
from analyzer.ingest.cleanup import Line, lines_from_text, normalize_text

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _plausible(text: str) -> bool:
    """Mostly letters, digits, spaces and ordinary punctuation; hardly any control characters."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or ch == "\ufffd")
    if bad > len(sample) * 0.001 + 1:
        return False
    odd = sum(1 for ch in sample if ord(ch) > 127 and not ch.isalpha())
    letters = sum(1 for ch in sample if ch.isalpha() or ch.isspace())
    return odd <= len(sample) * 0.05 and letters >= len(sample) * 0.6


def decode_text(data: bytes, name: str) -> str:
    """Decode text bytes: BOM-marked UTF-8/16/32, then UTF-8, then cp1252 only if it reads well."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"{name} starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()}: re-save it as UTF-8 and try again"
                ) from exc
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM: every other byte is NUL in mostly-ASCII text
        nul_even = data[0:4096:2].count(0)
        nul_odd = data[1:4096:2].count(0)
        half = min(len(data), 4096) / 2
        for codec, nuls in (("utf-16-le", nul_odd), ("utf-16-be", nul_even)):
            if nuls > 0.6 * half:
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError:
                    continue
                if _plausible(text):
                    return text
        raise UnsupportedFormatError(
            f"{name} is a binary file, not a PDF, Word (.docx), HTML, Markdown or text document: "
            "export it to PDF or DOCX and try again"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not (set(data) & _CP1252_UNDEFINED):
        text = data.decode("cp1252")
        if _plausible(text):
            return text
    raise EncodingError(
        f"{name} is not in a text encoding we can read (tried UTF-8, UTF-16 and Windows-1252): "
        "re-save it as UTF-8 text or export it to PDF/DOCX"
    )


_MD_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_MD_SETEXT = re.compile(r"^(?:=+|-+)$")
_MD_TABLE_SEP = re.compile(r"^\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?$")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_ORDERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_MD_RULE = re.compile(r"^\s*(?:[-*_][ \t]*){3,}$")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _inline(text: str) -> str:
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_CODE.sub(lambda m: m.group(1), text)
    text = _MD_EMPH.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return text


#: bold over a soft line break ("**before leaving\ntheir home country**"), never across a blank line
_MD_STRONG_WRAPPED = re.compile(
    r"(\*\*|__)(?=\S)((?:(?!\n[ \t]*\n)[^\n]|\n(?![ \t]*\n))+?)(?<=\S)\1"
)


#: YAML (``---`` ... ``---``/``...``) or TOML (``+++`` ... ``+++``) front matter opening a file;
#: its first line must be a ``key:`` / ``key =`` entry.
_FRONT_MATTER = re.compile(
    r"\A\s*(?:---[ \t]*\n(?=[ \t]*[\w\"'-]+[ \t]*:)(?:.*\n){0,200}?(?:---|\.\.\.)"
    r"|\+\+\+[ \t]*\n(?=[ \t]*[\w\"'.-]+[ \t]*=)(?:.*\n){0,200}?\+\+\+)[ \t]*(?:\n|\Z)"
)
#: Table-of-contents markers: [TOC], [[_TOC_]], [[TOC]], {:toc}, ${toc}.
_MD_TOC = re.compile(r"^(?:\[TOC\]|\[\[_?TOC_?\]\]|\{:\s*\.?toc\s*\}|\$\{toc\})$", re.IGNORECASE)


def strip_front_matter(text: str) -> str:
    """``text`` without a leading YAML or TOML front-matter block (metadata, not content)."""
    return _FRONT_MATTER.sub("", text, count=1)


def markdown_lines(text: str) -> list[Line]:
    """Markdown to lines: ``#`` headings, lists, tables (cells joined with " | "), plain text.

    Front matter and table-of-contents markers ([TOC], [[_TOC_]], {:toc}) are dropped.
    """
    text = _HTML_COMMENT.sub("", strip_front_matter(normalize_text(text)))
    # bold that wraps onto the next line; other emphasis is removed line by line (_inline)
    text = _MD_STRONG_WRAPPED.sub(lambda m: m.group(2) if "\n" in m.group(2) else m.group(0), text)
    out: list[Line] = []
    in_fence = False

    def blank() -> None:
        if out and out[-1].kind != "blank":
            out.append(Line("", 1, "blank"))

    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            in_fence = not in_fence
            blank()
            continue
        if in_fence:
            if stripped:
                out.append(Line(stripped, 1, "text"))
            continue
        if (
            _MD_SETEXT.match(stripped)
            and out
            and out[-1].kind == "text"
            and (len(out) == 1 or out[-2].kind == "blank")
        ):
            out[-1] = Line(out[-1].text, 1, "heading")
            continue
        if _MD_TOC.match(stripped):
            if stripped.startswith("{") and out and out[-1].text in ("• TOC", "1. TOC"):
                out.pop()  # kramdown: "* TOC" + "{:toc}"
            blank()
            continue
        if not stripped or _MD_RULE.match(stripped) and not stripped.startswith("* "):
            blank()
            continue
        m = _MD_HEADING.match(stripped)
        if m:
            title = _inline(m.group(2) or "").strip()
            blank()
            if title:
                out.append(Line(title, 1, "heading"))
            continue
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if _MD_TABLE_SEP.match(stripped):
                continue
            cells = [_inline(c).strip() for c in stripped.strip("|").split("|")]
            row = " | ".join(c for c in cells if c)
            if row:
                out.append(Line(row, 1, "table_row"))
            continue
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ").strip()
            if not stripped:
                blank()
                continue
        if re.match(r"^[-*+][ \t]+\S", stripped):
            out.append(Line("• " + _inline(stripped[1:].strip()), 1, "text"))
            continue
        if _MD_ORDERED.match(stripped):
            out.append(Line(_inline(stripped), 1, "numbered"))
            continue
        out.append(Line(_inline(stripped), 1, "text"))
    return out


def text_lines(text: str) -> list[Line]:
    """Plain text to lines (blank lines are paragraph breaks; a form feed starts a new page)."""
    chunks = text.split("\f")
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()  # a form feed closing the last page
    return [ln for number, chunk in enumerate(chunks, 1) for ln in lines_from_text(chunk, number)]
