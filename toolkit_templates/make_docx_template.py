"""Build ``toolkit.docx``, the Word template of the toolkit, with python-docx.

Run ``.venv/bin/python toolkit_templates/make_docx_template.py`` to regenerate it. The result is
an ordinary Word document: a designer can open ``toolkit.docx`` in Word or LibreOffice and change
fonts, colours, styles, spacing, the header and footer, and the wording around the tags, then save
it. Keep each Jinja tag (``{{ ... }}``, ``{% ... %}``, and the paragraph/row forms ``{%p ... %}``
and ``{%tr ... %}`` that docxtpl uses to repeat whole paragraphs or table rows) typed in one go
in a single run of text, so Word does not split it. The variables are listed in docs/toolkit.md.

Once edited by hand, the committed ``toolkit.docx`` is the source of truth: rerunning this script
overwrites it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from analyzer.toolkit.content import SECTION_TITLES

NAVY = RGBColor(0x0B, 0x2A, 0x4A)
BLUE = RGBColor(0x00, 0x72, 0xB2)
MUTED = RGBColor(0x55, 0x55, 0x55)
HEADER_FILL = "E6EEF5"
CLAUSE_FILL = "EEF5FB"
QUOTE_FILL = "F5F5F5"


def _shade(paragraph_or_cell_pr: OxmlElement, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    paragraph_or_cell_pr.append(shd)


def _left_border(ppr: OxmlElement, colour: str) -> None:
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    left.set(qn("w:val"), "single")
    left.set(qn("w:sz"), "24")
    left.set(qn("w:space"), "8")
    left.set(qn("w:color"), colour)
    borders.append(left)
    ppr.append(borders)


def _styles(doc: Document) -> None:  # type: ignore[valid-type]
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size, colour in (
        ("Title", 26, NAVY),
        ("Subtitle", 15, BLUE),
        ("Heading 1", 18, NAVY),
        ("Heading 2", 14, NAVY),
        ("Heading 3", 12, BLUE),
        ("Heading 4", 10.5, NAVY),
    ):
        style = styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        style.font.bold = name != "Subtitle"
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(2)
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["Heading 1"].paragraph_format.space_after = Pt(10)

    quote = styles.add_style("Evidence Quote", WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = styles["Normal"]
    quote.font.italic = True
    quote.paragraph_format.left_indent = Mm(8)
    quote.paragraph_format.space_after = Pt(0)
    _left_border(quote.element.get_or_add_pPr(), "AAAAAA")
    _shade(quote.element.get_or_add_pPr(), QUOTE_FILL)

    source = styles.add_style("Evidence Source", WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = styles["Normal"]
    source.font.size = Pt(9)
    source.font.color.rgb = MUTED
    source.paragraph_format.left_indent = Mm(8)
    source.paragraph_format.space_after = Pt(8)

    clause = styles.add_style("Model Clause", WD_STYLE_TYPE.PARAGRAPH)
    clause.base_style = styles["Normal"]
    clause.paragraph_format.left_indent = Mm(8)
    clause.paragraph_format.right_indent = Mm(4)
    clause.paragraph_format.space_after = Pt(10)
    _left_border(clause.element.get_or_add_pPr(), "0072B2")
    _shade(clause.element.get_or_add_pPr(), CLAUSE_FILL)

    muted = styles.add_style("Muted", WD_STYLE_TYPE.PARAGRAPH)
    muted.base_style = styles["Normal"]
    muted.font.size = Pt(9)
    muted.font.color.rgb = MUTED

    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    _shade(note.element.get_or_add_pPr(), "F4F6F8")


def _field_begin(paragraph: Paragraph, instruction: str) -> None:
    """Open a Word field (PAGE, NUMPAGES, TOC...) in ``paragraph``: its instruction, then the
    separator after which its cached result follows."""
    for kind in ("begin", None, "separate"):
        run = paragraph.add_run()
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _field_end(paragraph: Paragraph) -> None:
    """Close the field opened by :func:`_field_begin` (possibly paragraphs earlier)."""
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Append a Word field with its cached placeholder text."""
    _field_begin(paragraph, instruction)
    paragraph.add_run(placeholder)
    _field_end(paragraph)


def _toc(doc: Document) -> None:  # type: ignore[valid-type]
    """A TOC field spanning several paragraphs whose cached result lists the chapters
    (:data:`SECTION_TITLES`), so the contents show before Word updates the field (which adds
    page numbers and the gap subsections)."""
    first = _p(doc, style="Muted")
    _field_begin(first, 'TOC \\o "1-2" \\h \\z \\u')
    first.add_run("Contents (in Word, right-click and choose Update Field to add page numbers)")
    last = first
    for title in SECTION_TITLES:
        last = _p(doc, title)
    _field_end(last)


def _header_footer(doc: Document) -> None:  # type: ignore[valid-type]
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(22)
    section.different_first_page_header_footer = True

    header = section.header.paragraphs[0]
    header.text = ""
    run = header.add_run("{{ cover.org }}")
    run.font.size = Pt(8.5)
    run.font.color.rgb = MUTED
    header.add_run("\t\t")
    run = header.add_run("Anti-trafficking and forced labour toolkit")
    run.font.size = Pt(8.5)
    run.font.color.rgb = MUTED

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8.5)
        run.font.color.rgb = MUTED


def _p(doc: Document, text: str = "", style: str | None = None) -> Paragraph:  # type: ignore[valid-type]
    return doc.add_paragraph(text, style=style)


def _labelled(doc: Document, label: str, value: str, style: str | None = None) -> Paragraph:  # type: ignore[valid-type]
    paragraph = doc.add_paragraph(style=style)
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)
    return paragraph


def _header_row(table: Table, titles: list[str]) -> None:
    row = table.rows[0]
    tr_pr = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, title in zip(row.cells, titles, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
        _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)


def _loop_table(
    doc: Document,  # type: ignore[valid-type]
    titles: list[str],
    loop: str,
    cells: list[str],
    widths: list[float] | None = None,
) -> Table:
    """A table with a header row and one row repeated by ``{%tr for ... %}``."""
    table = doc.add_table(rows=4, cols=len(titles))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _header_row(table, titles)
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if widths:
        _widths(table, widths)
    _table_text(table)
    return table


def _table_text(table: Table) -> None:
    """Every cell paragraph in the compact "Table Text" style."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = "Table Text"


def _widths(table: Table, widths: list[float]) -> None:
    """Fixed column widths in mm (the grid Word and LibreOffice lay out from, and each cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _phases(doc: Document, var: str) -> None:  # type: ignore[valid-type]
    _p(doc, "{%p for phase in " + var + " %}")
    _p(doc, "{{ phase.label }}", "Heading 4")
    _loop_table(
        doc,
        ["Action", "Owner"],
        "step in phase.steps",
        ["{{ step.action }}", "{{ step.owner }}"],
        [120, 50],
    )
    _p(doc, "{%p endfor %}")


def _each(doc: Document, loop: str, text: str, style: str | None = "List Bullet") -> None:  # type: ignore[valid-type]
    """One paragraph repeated by ``{%p for <loop> %}``."""
    _p(doc, "{%p for " + loop + " %}")
    _p(doc, text, style)
    _p(doc, "{%p endfor %}")


def _optional_list(
    doc: Document,  # type: ignore[valid-type]
    var: str,
    title: str,
    heading: str,
    loop: str,
    text: str,
) -> None:
    """A heading and a bulleted list, both left out when ``var`` is empty."""
    _p(doc, "{%p if " + var + " %}")
    _p(doc, title, heading)
    _each(doc, loop, text)
    _p(doc, "{%p endif %}")


def build(path: Path) -> None:
    doc = Document()
    _styles(doc)
    _header_footer(doc)

    # Cover
    _p(doc, "{{ cover.org }}", "Subtitle")
    _p(doc, "{{ cover.title }}", "Title")
    intro = _p(doc, "Tailored to the ")
    intro.add_run("{{ cover.sector_label }}").bold = True
    intro.add_run(
        " sector, from an automated reading of the document below against the CoC Analyzer "
        "best-practice rubric."
    )
    cover = doc.add_table(rows=7, cols=2)
    cover.style = doc.styles["Table Grid"]
    for row, (label, value) in zip(
        cover.rows,
        [
            ("Organisation", "{{ cover.org }}"),
            ("Document analysed", "{{ cover.document_name }} ({{ cover.document_size }})"),
            ("Sector", "{{ cover.sector_label }}"),
            ("Date", "{{ cover.date_long }}"),
            ("Rubric", "version {{ cover.rubric_version }}"),
            ("Grading", "{{ cover.model }}"),
            ("CoC Analyzer", "{{ cover.analyzer_version }}"),
        ],
        strict=True,
    ):
        row.cells[0].text = ""
        row.cells[0].paragraphs[0].add_run(label).bold = True
        _shade(row.cells[0]._tc.get_or_add_tcPr(), HEADER_FILL)
        row.cells[1].text = value
    _widths(cover, [45, 125])
    _table_text(cover)
    _p(doc)
    _p(doc, "{%p for n in notices %}")
    _labelled(doc, "Read this first: ", "{{ n }}.", "Note")
    _p(doc, "{%p endfor %}")
    _toc(doc)

    # Executive summary
    _p(doc, "Executive summary", "Heading 1")
    _p(doc, "{%p for n in notices %}")
    _labelled(doc, "Read this first: ", "{{ n }}.", "Note")
    _p(doc, "{%p endfor %}")
    _labelled(doc, "Overall score: ", "{{ summary.overall_label }}")
    _labelled(
        doc, "Suitability for {{ summary.sector_label }}: ", "{{ summary.suitability_label }}"
    )
    _labelled(doc, "Gaps to close: ", "{{ summary.gap_count }}")
    _p(doc, "{%p if summary.missing_must_haves %}")
    _labelled(
        doc,
        "Must-haves for this sector not yet at commitment level: ",
        '{{ summary.missing_must_haves | join("; ") }}.',
    )
    _p(doc, "{%p endif %}")
    chart = _p(doc, "{{ chart }}")
    chart.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _p(
        doc,
        "Theme scores out of 100. Bars: vermillion below 40, orange 40–69, green 70 and above.",
        "Caption",
    )
    _p(doc, "Top priority gaps", "Heading 2")
    _p(doc, "{%p for gap in summary.top_gaps %}")
    item = _p(doc, style="List Number")
    item.add_run("{{ gap.title }}").bold = True
    item.add_run(
        ": now {{ gap.level_label }}, target {{ gap.target_label }} (priority "
        "{{ gap.priority_label }}, {{ gap.weight_label }}{% if gap.must_have %}, must-have"
        "{% endif %})."
    )
    _p(doc, "{%p else %}")
    _p(doc, "No gaps: every applicable criterion meets its target level for this sector.")
    _p(doc, "{%p endfor %}")
    _p(doc, "Strengths already in place", "Heading 2")
    _p(doc, "{%p for s in summary.strengths %}")
    item = _p(doc, style="List Bullet")
    item.add_run("{{ s.title }}").bold = True
    item.add_run(
        " ({{ s.level_label }}){% if s.quote %}: “{{ s.quote.text }}” "
        "({{ s.quote.page_label }}){% endif %}{% if s.check %} ({{ s.check }}){% endif %}"
    )
    _p(doc, "{%p else %}")
    _p(doc, "No criterion reaches its target level yet.")
    _p(doc, "{%p endfor %}")
    _p(doc, "Sector risk profile: {{ summary.sector_label }}", "Heading 2")
    _p(doc, "{{ summary.sector_description }}")
    _p(doc, "{%p for r in summary.risks %}")
    item = _p(doc, style="List Bullet")
    item.add_run("{{ r.factor }}").bold = True
    item.add_run(": {{ r.evidence }} ({{ r.sources }})")
    _p(doc, "{%p endfor %}")

    # Gap table
    _p(doc, "Gap table", "Heading 1")
    _p(
        doc,
        "Applicable criteria below their target level for {{ summary.sector_label }}, highest "
        "priority first. Priority = base weight × sector multiplier × levels missing.",
    )
    _loop_table(
        doc,
        ["#", "Criterion", "Current level", "Target level", "Priority", "Legal elements affected"],
        "gap in gaps",
        [
            "{{ gap.rank }}",
            "{{ gap.title }}",
            "{{ gap.level_label }}",
            "{{ gap.target_label }}",
            "{{ gap.priority_label }} ({{ gap.weight_label }})",
            "{{ gap.legal_label }}",
        ],
        [10, 42, 25, 25, 24, 44],
    )

    # The consolidated action plan
    _p(doc, "Action plan", "Heading 1")
    _p(doc, "{{ plan.note }}")
    _p(doc, "{%p for phase in plan.phases %}")
    _p(doc, "{{ phase.label }}", "Heading 3")
    _loop_table(
        doc,
        ["Step", "Owner", "Closes gap"],
        "item in phase.items",
        [
            "{{ item.action }}",
            "{{ item.owner }}",
            "{{ item.gap.rank }}. {{ item.gap.title }}{% if item.gap.must_have %} (must-have)"
            "{% endif %}",
        ],
        [82, 32, 56],
    )
    _p(doc, "{%p else %}")
    _p(doc, "No gaps: every applicable criterion meets its target level for this sector.")
    _p(doc, "{%p endfor %}")

    # One section per gap
    _p(doc, "Closing the gaps", "Heading 1")
    _p(
        doc,
        "For each gap: why it matters, what the document says today, a model clause, the steps "
        "with their owners and the KPIs. The sector risk factors named here are described in the "
        "executive summary.{% if plan.rest %} The steps of the {{ plan.rest }} gaps outside the "
        "action plan are listed only here.{% endif %}",
    )
    _p(doc, "{%p for s in sections %}")
    _p(doc, "{{ s.row.rank }}. {{ s.row.title }}", "Heading 2")
    _p(
        doc,
        "Now {{ s.row.level_label }} · target {{ s.row.target_label }} · priority "
        "{{ s.row.priority_label }} · {{ s.row.theme_title }}{% if s.row.must_have %} · "
        "must-have{% endif %}",
        "Muted",
    )
    why = _labelled(
        doc,
        "Why it matters{% if s.in_plan %} for {{ summary.sector_label }}{% endif %}: ",
        "{{ s.description }} {{ s.sector_reason }}{% if s.risks %} Sector risks on this topic: "
        '{{ s.risks | map(attribute="factor") | join("; ") }}.{% endif %}',
    )
    why.add_run('{% if s.row.legal %} Legal elements: {{ s.row.legal | join("; ") }}.{% endif %}')
    _p(doc, "What the document says today", "Heading 3")
    _p(doc, "{%p for q in s.quotes %}")
    _p(doc, "{{ q.text }}", "Evidence Quote")
    _p(
        doc,
        "{{ q.page_label }}{% if q.heading %}, “{{ q.heading }}”{% endif %}, level "
        "{{ q.level_label }}{% if q.ocr %}, read with OCR{% endif %}",
        "Evidence Source",
    )
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p if s.quotes %}")
    _labelled(doc, "Level {{ s.row.level_label }}: ", "{{ s.current_text }}")
    _p(doc, "{%p else %}")
    _p(doc, "Not addressed: no clause in the document was found for this criterion.", "Note")
    _p(doc, "{%p endif %}")
    _labelled(doc, "Target {{ s.row.target_label }}: ", "{{ s.target_text }}")
    _p(
        doc,
        "Model clause{% if s.clause_for_sector %} for {{ summary.sector_label }}{% endif %}",
        "Heading 3",
    )
    _p(doc, "{{ s.clause }}", "Model Clause")
    _p(doc, "Steps and KPIs", "Heading 3")
    _loop_table(
        doc,
        ["When", "Step", "Owner"],
        "step in s.steps",
        ["{{ step.when }}", "{{ step.action }}", "{{ step.owner }}"],
        [28, 100, 42],
    )
    _each(doc, "k in s.kpis", "KPI: {{ k }}")
    _p(doc, "{%p if s.frameworks or s.reading %}")
    _p(
        doc,
        '{% if s.frameworks %}Frameworks and articles: {{ s.frameworks | join("; ") }}.{% endif %}'
        "{% if s.reading %} Further reading: {% for r in s.reading %}{{ r.title }}"
        "{% if r.url %} ({{ r.url }}){% endif %}{% if not loop.last %}; {% endif %}{% endfor %}."
        "{% endif %}",
        "Muted",
    )
    _p(doc, "{%p endif %}")
    _p(doc, "{%p endfor %}")

    # Legal checklist
    _p(doc, "Legal checklist", "Heading 1")
    _p(
        doc,
        "Whether the document addresses what each law asks about, and the clauses that do. "
        "This is a reading aid, not legal advice.",
    )
    _p(doc, "{%p for fw in legal %}")
    _p(doc, "{{ fw.label }}", "Heading 2")
    _p(doc, "{{ fw.jurisdiction }} · {{ fw.citation }} · {{ fw.summary }}", "Muted")
    _loop_table(
        doc,
        ["Element", "Requirement", "Status", "Clauses in the document"],
        "row in fw.rows",
        [
            "{{ row.ref }}",
            "{{ row.label }}",
            "{{ row.status }}",
            "{% for q in row.quotes %}“{{ q.text }}” ({{ q.criterion_title }}, "
            "{{ q.page_label }}) {% else %}No clause found{% endfor %}",
        ],
        [24, 50, 22, 74],
    )
    _p(doc, "{%p endfor %}")

    # Promising practices
    _p(doc, "Promising practices", "Heading 1")
    _p(doc, "{{ practices_note }}", "Note")
    _p(doc, "{%p for group in practices %}")
    _p(doc, "{{ group.title }}", "Heading 2")
    _p(doc, "This document: {{ group.level_label }}", "Muted")
    _p(doc, "{%p for p in group.items %}")
    _p(doc, "{{ p.text }}", "Evidence Quote")
    _p(doc, "{{ p.source }}, level {{ p.level_label }}", "Evidence Source")
    _p(doc, "{%p endfor %}")
    _p(doc, "{%p endfor %}")

    # Training and supplier plans
    for title, var, focus_title in (
        ("Training plan", "training", "Focus for {{ summary.sector_label }}"),
        (
            "Supplier engagement plan",
            "suppliers",
            "Engaging suppliers in {{ summary.sector_label }}",
        ),
    ):
        _p(doc, title, "Heading 1")
        _optional_list(
            doc, var + ".focus", focus_title, "Heading 2", "f in " + var + ".focus", "{{ f }}"
        )
        _phases(doc, var + ".phases")
        _optional_list(doc, var + ".kpis", "KPIs", "Heading 4", "k in " + var + ".kpis", "{{ k }}")

    # Appendices
    _p(doc, "Appendix A: Evidence", "Heading 1")
    _p(
        doc,
        "The strongest clauses behind the criteria without a gap section (up to three per criterion), in page order within each criterion; each gap section above quotes its own.",
    )
    _loop_table(
        doc,
        ["Criterion", "Level", "Page", "Clause", "Found by"],
        "e in evidence",
        [
            "{{ e.criterion }}",
            "{{ e.level_label }}",
            "{{ e.page_label }}",
            "{{ e.text }}",
            "{{ e.source }}",
        ],
        [34, 24, 14, 78, 20],
    )
    _p(doc, "Appendix B: Method and limits", "Heading 1")
    _p(doc, "How the document was analysed", "Heading 2")
    _each(doc, "m in method", "{{ m }}", None)
    _p(doc, "What the levels mean", "Heading 2")
    _each(doc, "l in levels", "{{ l }}")
    _p(doc, "What automated analysis cannot judge", "Heading 2")
    _each(doc, "l in limits", "{{ l }}")
    _optional_list(
        doc, "warnings", "Warnings from this analysis", "Heading 2", "w in warnings", "{{ w }}"
    )

    props = doc.core_properties
    props.author = "CoC Analyzer"
    props.title = "Anti-trafficking and forced labour toolkit"
    props.comments = "Template for coc toolkit --format docx; see docs/toolkit.md."
    doc.save(str(path))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).with_name("toolkit.docx")
    build(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
