"""Cleaning untrusted text (document evidence, organisation names) before it reaches a template.

Escaping for each output format is done by the renderers (Jinja autoescape for HTML and DOCX,
:func:`md_escape` for Markdown). This module only removes what no format can carry: characters
that are invalid in XML 1.0 (C0 controls other than tab/newline/carriage return, lone
surrogates, U+FFFE/U+FFFF), which would make a DOCX unreadable and a PDF or HTML file odd.
"""

from __future__ import annotations

import re

# XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def strip_invalid(text: str) -> str:
    """``text`` without characters XML 1.0 cannot hold (and without DEL)."""
    return _XML_INVALID.sub("", text)


def clean(text: str | None) -> str:
    """One line of display text: invalid characters removed, whitespace runs collapsed."""
    if not text:
        return ""
    return _SPACES.sub(" ", strip_invalid(text)).strip()


# Characters that CommonMark lets us backslash-escape and that could start markup inline:
# emphasis, code, links/images, raw HTML and entities, tables, strikethrough, headings.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#])")
_MD_BULLET = re.compile(r"^([-+=])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown: no emphasis, links, HTML, tables or list markers.

    Every character with a meaning inline is backslash-escaped (CommonMark renders ``\\<`` as
    ``<``), so ``<script>`` shows as text and is never raw HTML. Newlines become spaces: the
    templates decide the line structure.
    """
    one_line = clean(text)
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line)
    escaped = _MD_BULLET.sub(r"\\\1", escaped)
    return _MD_ORDERED.sub(r"\1\\\2", escaped)
