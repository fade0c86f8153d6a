"""Render the toolkit content model to DOCX, PDF, HTML or Markdown.

Templates live in ``toolkit_templates/`` (or a folder given as ``template_dir`` / ``$COC_TEMPLATES``):

- ``toolkit.html.j2``: the self-contained printable HTML page, also rendered to PDF by
  WeasyPrint (its print CSS has ``@page`` margin boxes for the running header and "Page X of Y");
- ``toolkit.md.j2``: Markdown;
- ``toolkit.docx``: a Word document with Jinja tags, rendered by docxtpl.

Untrusted text is only ever a value in the template context. HTML and DOCX templates are
rendered with autoescape on; the Markdown environment escapes every printed value with
:func:`~analyzer.toolkit.sanitize.md_escape` unless the code marked it safe. All environments
are sandboxed and use ``StrictUndefined``, so a template naming a variable that does not exist
fails with :class:`~analyzer.errors.TemplateError` instead of printing nothing.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from analyzer import resources
from analyzer.errors import TemplateError
from analyzer.results import Analysis, Practice
from analyzer.rubric import Rubric
from analyzer.toolkit.charts import theme_chart_png, theme_chart_svg, theme_chart_text
from analyzer.toolkit.content import ToolkitContent, build_content, number_label
from analyzer.toolkit.sanitize import clean, md_escape

Format = Literal["docx", "pdf", "html", "md"]
FORMATS: tuple[str, ...] = get_args(Format)

#: Template file used by each format.
TEMPLATE_FILES: dict[str, str] = {
    "html": "toolkit.html.j2",
    "pdf": "toolkit.html.j2",
    "md": "toolkit.md.j2",
    "docx": "toolkit.docx",
}

#: File extension of each format.
EXTENSIONS: dict[str, str] = {"html": "html", "pdf": "pdf", "md": "md", "docx": "docx"}

_BLANK_LINES = re.compile(r"\n{3,}")

_OVERRIDE_HINT = (
    "pass another folder with --templates DIR (or set $COC_TEMPLATES) holding "
    "toolkit.html.j2, toolkit.md.j2 and toolkit.docx; the bundled ones are in toolkit_templates/"
)


def render_toolkit(
    analysis: Analysis,
    rubric: Rubric,
    *,
    fmt: str,
    org: str,
    practices: Mapping[str, Sequence[Practice]] | None = None,
    template_dir: str | Path | None = None,
    sector: str | None = None,
    practices_note: str | None = None,
    date: dt.date | None = None,
) -> bytes:
    """The toolkit for ``analysis`` as the bytes of a ``fmt`` file (docx, pdf, html or md).

    ``org`` is the organisation's name (untrusted: it is escaped like document text).
    ``practices`` maps criterion ids to strong corpus clauses (``None``: no corpus available).
    ``sector`` defaults to the analysis's sector; ``date`` fixes the cover date (tests).
    Raises :class:`TemplateError` for a missing template folder, file or variable.
    """
    fmt = check_format(fmt)
    folder = template_folder(template_dir)
    content = build_content(
        analysis,
        rubric,
        org=org,
        sector=sector,
        practices=practices,
        practices_note=practices_note,
        date=date,
    )
    return render_content(content, fmt=fmt, template_dir=folder)


def check_format(fmt: str) -> str:
    """``fmt`` lower-cased, or a TemplateError listing the formats."""
    value = fmt.lower().lstrip(".")
    if value == "markdown":
        value = "md"
    if value not in FORMATS:
        raise TemplateError(f"unknown toolkit format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return value


def template_folder(template_dir: str | Path | None = None) -> Path:
    """The template folder to use, checked to exist."""
    folder = Path(template_dir) if template_dir is not None else resources.templates_dir()
    if not folder.is_dir():
        raise TemplateError(f"toolkit template folder {folder} does not exist; {_OVERRIDE_HINT}")
    return folder


def render_content(
    content: ToolkitContent, *, fmt: str, template_dir: str | Path | None = None
) -> bytes:
    """Render an already built :class:`ToolkitContent` as ``fmt``."""
    fmt = check_format(fmt)
    folder = template_folder(template_dir)
    path = folder / TEMPLATE_FILES[fmt]
    if not path.is_file():
        raise TemplateError(f"toolkit template {path} is missing; {_OVERRIDE_HINT}")
    if fmt == "docx":
        return _render_docx(content, path)
    if fmt == "md":
        md = _render_jinja(_markdown_env(folder), folder, path.name, _md_context(content))
        return _BLANK_LINES.sub("\n\n", md).encode()
    context = _html_context(content, fmt == "pdf")
    html = _render_jinja(_html_env(folder), folder, path.name, context)
    if fmt == "html":
        return html.encode()
    return html_to_pdf(html)


# --------------------------------------------------------------------------------------------
# Contexts
# --------------------------------------------------------------------------------------------


def _base_context(content: ToolkitContent) -> dict[str, Any]:
    """The content model's top-level fields as template variables."""
    return {f.name: getattr(content, f.name) for f in dataclasses.fields(content)}


def _html_context(content: ToolkitContent, for_pdf: bool) -> dict[str, Any]:
    context = _base_context(content)
    context["chart_svg"] = Markup(theme_chart_svg(content.summary.themes))
    context["for_pdf"] = for_pdf
    return context


def _md_context(content: ToolkitContent) -> dict[str, Any]:
    context = _base_context(content)
    png = base64.b64encode(theme_chart_png(content.summary.themes)).decode("ascii")
    context["chart_png_uri"] = Markup(f"data:image/png;base64,{png}")
    context["chart_text"] = Markup(theme_chart_text(content.summary.themes))
    return context


# --------------------------------------------------------------------------------------------
# Jinja environments
# --------------------------------------------------------------------------------------------


def _common(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["pct"] = lambda v: f"{float(v):.0f}%"
    env.filters["num"] = lambda v: number_label(float(v))
    return env


def _html_env(folder: Path) -> jinja2.Environment:
    return _common(
        SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(folder),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html", "htm", "xml", "html.j2", "css.j2"),
                default_for_string=True,
                default=True,
            ),
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


def _md_finalize(value: Any) -> Any:
    """Escape every printed value for Markdown unless the code marked it safe."""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, bool | int | float):
        return value
    return md_escape(str(value))


def _md_url(value: Any) -> Markup:
    """A URL for ``[text](<url>)``: no spaces, angle brackets or newlines."""
    url = clean(str(value)).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return Markup(url)


def _markdown_env(folder: Path) -> jinja2.Environment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_md_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_url"] = _md_url
    return _common(env)


def _render_jinja(
    env: jinja2.Environment, folder: Path, name: str, context: Mapping[str, Any]
) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, folder / name) from exc


def _template_error(exc: jinja2.TemplateError, path: Path) -> TemplateError:
    where = str(path)
    lineno = getattr(exc, "lineno", None)
    if lineno:
        where += f", line {lineno}"
    if isinstance(exc, jinja2.UndefinedError):
        what = f"uses an undefined variable ({exc.message})"
    elif isinstance(exc, jinja2.TemplateNotFound):
        what = f"includes {exc.name!r}, which is not in the template folder"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"has a syntax error ({exc.message})"
    else:
        what = f"failed: {exc}"
    return TemplateError(
        f"toolkit template {where} {what}; fix the template, or use the bundled ones in "
        "toolkit_templates/ (the variables available are listed in docs/toolkit.md)"
    )


# --------------------------------------------------------------------------------------------
# PDF and DOCX
# --------------------------------------------------------------------------------------------


def html_to_pdf(html: str) -> bytes:
    """Render the toolkit HTML with WeasyPrint, fetching nothing but ``data:`` URIs."""
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # OSError: the Pango system library is missing
        raise TemplateError(
            f"PDF output needs WeasyPrint and the Pango library ({exc}); install them with "
            "`make sysdeps` (Debian: apt install libpango-1.0-0 libpangoft2-1.0-0), or write "
            "--format html and print it to PDF from a browser"
        ) from exc

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher)
    pdf = document.write_pdf()
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf() without target
        raise TemplateError("WeasyPrint returned no PDF; check the HTML template")
    return pdf


def _render_docx(content: ToolkitContent, path: Path) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    try:
        template = DocxTemplate(str(path))
        context = _base_context(content)
        context["chart"] = InlineImage(
            template, io.BytesIO(theme_chart_png(content.summary.themes)), width=Mm(160)
        )
        context["chart_text"] = theme_chart_text(content.summary.themes)
        env = _common(SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True))
        template.render(context, jinja_env=env, autoescape=True)
        # Set after rendering: python-docx escapes properties itself (no double escaping).
        template.docx.core_properties.title = content.cover.title
        template.docx.core_properties.subject = f"{content.cover.org}: {content.cover.sector_label}"
        out = io.BytesIO()
        template.save(out)
    except jinja2.TemplateError as exc:
        raise _template_error(exc, path) from exc
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise TemplateError(
            f"toolkit template {path} is not a usable Word document ({exc}); {_OVERRIDE_HINT}"
        ) from exc
    return out.getvalue()
