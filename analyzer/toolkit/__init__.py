"""Tailored toolkit documents (DOCX, PDF, HTML, Markdown) from an analysis.

``render_toolkit(analysis, rubric, fmt=..., org=...)`` is the one entry point; it builds the
content model (:mod:`analyzer.toolkit.content`) and renders it through the templates in
``toolkit_templates/`` (:mod:`analyzer.toolkit.render`). Heavy libraries (WeasyPrint, docxtpl)
are imported only when a PDF or DOCX is rendered.
"""

from __future__ import annotations

from analyzer.toolkit.content import SECTION_TITLES, ToolkitContent, build_content
from analyzer.toolkit.practices import load_practices
from analyzer.toolkit.render import (
    EXTENSIONS,
    FORMATS,
    check_format,
    render_content,
    render_toolkit,
)

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "SECTION_TITLES",
    "ToolkitContent",
    "build_content",
    "check_format",
    "load_practices",
    "render_content",
    "render_toolkit",
]
