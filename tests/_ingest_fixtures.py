"""Generated test documents for the ingestion tests (our own wording; nothing third-party).

PDFs are made with reportlab (and the code-of-conduct generator in ``benchmarks/docgen.py``),
DOCX with python-docx, images with Pillow.
"""

from __future__ import annotations

import io
from pathlib import Path

try:
    from benchmarks.docgen import make_code_paragraphs, make_code_pdf
except ModuleNotFoundError:  # the repository root is not on sys.path (non-editable install)
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.docgen import make_code_paragraphs, make_code_pdf

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


def code_pdf(
    path: Path, *, columns: int, pages: int = 3, seed: int = 7, order: str = "column"
) -> list[tuple[int, str]]:
    """A generated code of conduct; returns (page, sentence) ground truth."""
    make_code_pdf(path, pages=pages, columns=columns, seed=seed, stream_order=order)
    truth: list[tuple[int, str]] = []
    for number, page in enumerate(make_code_paragraphs(pages, seed, columns), start=1):
        for para in page:
            truth.extend((number, s) for s in para.sentences)
    return truth


TABLE_ROWS = [
    ["Risk indicator", "Where we look", "Response"],
    ["Recruitment fees", "Payslips and agent invoices", "Repay within 90 days"],
    ["Retained passports", "Site visits", "Return documents at once"],
    ["Excessive overtime", "Time records", "Corrective action plan"],
]


def table_pdf(path: Path) -> None:
    """One page: heading, a paragraph, a ruled 4x3 table, another paragraph."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    story = [
        Paragraph("Monitoring Forced Labour Risks", styles["Heading1"]),
        Paragraph(
            "We check the following indicators at every supplier site. The table lists "
            "what we look at and how we respond.",
            styles["BodyText"],
        ),
        Spacer(1, 12),
        Table(
            TABLE_ROWS,
            style=TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                ]
            ),
        ),
        Spacer(1, 12),
        Paragraph("Findings are reported to the Board every quarter.", styles["BodyText"]),
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


OCR_LINES = ["Suppliers shall never keep", "the passports of their workers."]


def text_image(lines: list[str] = OCR_LINES) -> object:
    """A white A4-ish image with large black text (what a scanner would give us)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    for candidate in FONT_PATHS:
        if Path(candidate).exists():
            font = ImageFont.truetype(candidate, 44)
            break
    else:
        font = ImageFont.load_default(size=44)
    y = 200
    for line in lines:
        draw.text((120, y), line, fill="black", font=font)
        y += 80
    return image


def scanned_pdf(path: Path, *, with_text_page: bool) -> None:
    """Optionally a normal text page, then a page that is only an image of text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    if with_text_page:
        c.setFont("Helvetica", 11)
        c.drawString(72, 760, "1. Scope")
        c.drawString(72, 740, "This Code applies to every supplier of Northwind Trading.")
        c.showPage()
    buf = io.BytesIO()
    text_image().save(buf, format="PNG")  # type: ignore[attr-defined]
    buf.seek(0)
    width, height = A4
    c.drawImage(ImageReader(buf), 0, 0, width=width, height=height)
    c.showPage()
    c.save()


def scan_with_footer_pdf(path: Path, *, image_text: bool = True, only_scan: bool = False) -> None:
    """Page 1: text; page 2: a full-page scan (text drawn in an image, or a blank photo-like
    image) with a one-line footer printed as real text over it; page 3: text. ``only_scan``:
    just page 2."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    if not only_scan:
        c.setFont("Helvetica", 11)
        c.drawString(72, 760, "1. Scope")
        c.drawString(72, 740, "This Code applies to every supplier of Northwind Trading.")
        c.showPage()
    image = text_image() if image_text else Image.new("RGB", (1240, 1754), (200, 220, 240))
    buf = io.BytesIO()
    image.save(buf, format="PNG")  # type: ignore[attr-defined]
    buf.seek(0)
    c.drawImage(ImageReader(buf), 0, 0, width=width, height=height)
    c.setFont("Helvetica", 8)
    c.drawString(72, 20, "Northwind Trading Supplier Code, issued 2025")
    c.showPage()
    if not only_scan:
        c.setFont("Helvetica", 11)
        c.drawString(72, 760, "3. Remedy")
        c.drawString(72, 740, "Fees paid by workers are repaid in full.")
        c.showPage()
    c.save()


def encrypted_pdf(path: Path, password: str = "secret") -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, encrypt=password)
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "Suppliers shall not charge workers any recruitment fees.")
    c.showPage()
    c.save()


def docx_bytes() -> bytes:
    """A Word document with Heading styles, a bullet list, a numbered list and a table."""
    import docx

    d = docx.Document()
    d.add_heading("Supplier Code of Conduct", level=0)
    d.add_heading("Forced Labour", level=1)
    d.add_paragraph(
        "Suppliers shall not use forced or bonded labour. Workers may resign on reasonable notice."
    )
    d.add_paragraph("Workers keep their own identity documents;", style="List Bullet")
    d.add_paragraph("No worker pays a recruitment fee;", style="List Bullet")
    d.add_heading("Remedy", level=1)
    d.add_paragraph("Any fees paid are repaid in full within 90 days.", style="List Number")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Channel"
    table.cell(0, 1).text = "Hotline"
    table.cell(1, 0).text = "Languages"
    table.cell(1, 1).text = "Twelve"
    d.add_paragraph("Concerns can be raised anonymously.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


HTML_DOC = """<!DOCTYPE html>
<html><head><title>Code</title><style>p { color: red; }</style>
<script>var secret = "do not show this";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<h1>Supplier Code of Conduct</h1>
<h2>Forced Labour</h2>
<p>Suppliers shall not use forced labour.
   Workers are free to leave.</p>
<ul><li>No recruitment fees;</li><li>No retention of passports.</li></ul>
<h2>Grievances</h2>
<p>Workers can report concerns anonymously &amp; safely.</p>
<table><tr><th>Channel</th><th>Contact</th></tr><tr><td>Hotline</td><td>0800 123</td></tr></table>
<noscript>Enable JavaScript</noscript>
<script>document.write("nor this")</script>
</body></html>
"""

MARKDOWN_DOC = """# Supplier Code of Conduct

## 1. Forced Labour

Suppliers **shall not** use forced labour, e.g. prison or bonded labour.
See the [ILO](https://www.ilo.org) conventions.

- No recruitment fees;
- No retention of passports.

1. Workers may resign freely.
2. Wages are paid monthly.

| Risk | Response |
|------|----------|
| Fees | Repay |
"""


def weasy_pdf(columns: int, pages: int = 4, seed: int = 4) -> tuple[bytes, list[str]]:
    """The generated code laid out by WeasyPrint (a real layout engine): justified text with
    automatic hyphenation, list bullets drawn apart from their text, a running header and a
    "Page N of M" footer; one or two CSS columns. Returns (PDF bytes, sentences in order)."""
    import html

    import weasyprint

    body: list[str] = []
    truth: list[str] = []
    for page in make_code_paragraphs(pages, seed):
        for para in page:
            text = html.escape(para.text)
            truth.extend(para.sentences)
            if para.kind == "heading":
                body.append(f"<h2>{text}</h2>")
            elif para.kind == "bullet":
                body.append(f"<ul><li>{text}</li></ul>")
            else:
                body.append(f"<p>{text}</p>")
    css = (
        "@page { size: A4; margin: 2cm; "
        '@top-center { content: "Kestrel Components - Supplier Code"; font-size: 8pt } '
        '@bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt } }'
        f"body {{ font-family: DejaVu Sans, sans-serif; font-size: 10pt; column-count: {columns};"
        " column-gap: 1cm; text-align: justify; hyphens: auto }"
        "h2 { font-size: 12pt }"
    )
    document = (
        f"<html lang='en'><head><style>{css}</style></head><body>{''.join(body)}</body></html>"
    )
    return weasyprint.HTML(string=document).write_pdf(), truth


#: A web page full of site furniture around the code (cookie banner, page header with menu,
#: breadcrumb, share bar, related-content box, feedback widget, page footer).
HTML_SITE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Supplier Code | Larkspur Foods</title></head><body>
<a class="skip-link" href="#main">Skip to main content</a>
<div id="consent-dialog" role="dialog" aria-label="Cookie consent"><p>We use cookies to
improve your visit. By clicking Accept you agree to our use of cookies.</p>
<button>Accept</button></div>
<header class="site-header"><a href="/">Larkspur Foods</a>
<nav><ul><li><a href="/about">About us</a></li><li><a href="/careers">Careers</a></li></ul></nav>
</header>
<div class="breadcrumb"><a href="/">Home</a> &gt; Supplier Code</div>
<main id="main"><article>
<header><h1>Supplier Code of Conduct</h1><p>Version 3, approved by the Board in May 2025.</p>
</header>
<div class="share-bar">Share this page: <a>LinkedIn</a> <a>Email</a></div>
<h2>Forced labour</h2>
<p>Suppliers must not use forced or bonded labour.</p>
<ul><li>Workers keep their own passports;</li><li>No worker pays a recruitment fee.</li></ul>
<aside class="related-content"><h3>Related content</h3>
<ul><li><a>Our grievance mechanism for workers</a></li></ul></aside>
<h2>Speaking up</h2>
<p>Workers can report concerns anonymously through our hotline.</p>
<div class="page-rating"><p>Was this page helpful? <button>Yes</button></p></div>
</article></main>
<aside><h3>Popular links</h3><ul><li><a>We audit every factory each year</a></li></ul></aside>
<footer><ul><li><a>Modern Slavery Statement</a></li><li><a>Living wage commitment</a></li></ul>
<p>© 2025 Larkspur Foods Ltd. All rights reserved.</p></footer>
</body></html>
"""

#: The same furniture on a page that does not mark its content (no main or article); the title
#: sits in the page header.
HTML_SITE_PAGE_NO_MAIN = """<html><body>
<div class="cookie-notice">We use cookies. By continuing to browse you accept our use of
cookies.</div>
<header><h1>Supplier Code of Conduct</h1><a href="/speak-up">Speak up: report a concern
confidentially through our hotline</a></header>
<div class="content"><h2>Forced labour</h2><p>Suppliers must not use forced or bonded
labour.</p>
<section><header><h3>Recruitment</h3></header><p>No worker pays a recruitment fee.</p></section>
</div>
<aside><ul><li><a>We audit every factory each year</a></li></ul></aside>
<div class="social-links">Follow us on LinkedIn</div>
<footer><p>Our grievance mechanism for workers and communities</p></footer>
</body></html>
"""


def contents_pdf(path: Path) -> None:
    """Page 1: a "Contents" page (dotted leaders, then entries without leaders); page 2: the
    code, with a clause that ends in a number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 770, "Contents")
    c.setFont("Helvetica", 11)
    y = 740
    for entry, page in (("1. Forced labour", 2), ("2.2 Recruitment fees", 2)):
        c.drawString(72, y, entry + " " + "." * 70 + " " + str(page))
        y -= 18
    for entry in ("3 Speaking up 3", "4 Remedy 3"):
        c.drawString(72, y, entry)
        y -= 18
    c.showPage()
    c.setFont("Helvetica-Bold", 13)
    c.drawString(72, 770, "1. Forced labour")
    c.setFont("Helvetica", 11)
    c.drawString(72, 745, "Suppliers shall not use forced labour.")
    c.drawString(72, 727, "Recruitment fees paid by a worker are repaid within 30")
    c.drawString(72, 709, "days of their discovery. Workers keep their passports.")
    c.showPage()
    c.save()


def contents_docx_bytes() -> bytes:
    """A Word document whose manual table of contents puts a tab before each page number."""
    import docx

    d = docx.Document()
    d.add_paragraph("Code of Conduct", style="Title")
    d.add_paragraph("Contents")
    for entry in ("1\tOur commitments\t2", "2\tFair labour\t3"):
        d.add_paragraph(entry)
    d.add_heading("1. Our commitments", 1)
    d.add_paragraph("We never use forced labour.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_SHAPE_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _w_p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def hidden_content_docx_bytes() -> bytes:
    """Text where python-docx's ``paragraph.text`` does not look: a table of contents in a
    content control, body paragraphs in a content control, a text box written twice (Word's
    modern shape and its VML fallback), a tracked insertion beside a tracked deletion."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    body = d.element.body

    def insert(xml: str) -> None:
        body.insert(len(body) - 1, parse_xml(xml))  # before the section properties

    insert(
        f'<w:sdt {_W_NS}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "</w:docPartObj></w:sdtPr><w:sdtContent>"
        + _w_p("Contents")
        + _w_p("Forced labour 2")
        + "</w:sdtContent></w:sdt>"
    )
    d.add_heading("1. Forced labour", 1)
    insert(
        f'<w:sdt {_W_NS}><w:sdtPr><w:alias w:val="Policy text"/></w:sdtPr><w:sdtContent>'
        + _w_p("Suppliers must not charge workers recruitment fees.")
        + _w_p("Suppliers must not retain identity documents.")
        + "</w:sdtContent></w:sdt>"
    )
    anchor = d.add_paragraph("Workers may resign freely.")
    box = "<w:txbxContent>" + _w_p("Speak up: call our hotline at any time.") + "</w:txbxContent>"
    anchor._p.append(
        parse_xml(
            f'<w:r {_W_NS} {_SHAPE_NS}><mc:AlternateContent><mc:Choice Requires="wps">'
            f"<w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice><mc:Fallback>"
            f"<w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    tracked = d.add_paragraph("Wages are paid ")
    tracked._p.append(
        parse_xml(
            f'<w:del {_W_NS} w:id="1" w:author="Legal"><w:r><w:delText>monthly</w:delText>'
            "</w:r></w:del>"
        )
    )
    tracked._p.append(
        parse_xml(f'<w:ins {_W_NS} w:id="2" w:author="Legal"><w:r><w:t>weekly.</w:t></w:r></w:ins>')
    )
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def short_running_header_pdf(path: Path, pages: int = 4) -> None:
    """A short PDF whose header alternates between odd and even pages and carries "Page N of
    M" on the company-name line; clause 3.4 runs from page 1 onto page 2."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    filler = "Suppliers apply these principles to their own suppliers and subcontractors."
    for number in range(1, pages + 1):
        c.setFont("Helvetica", 8)
        if number % 2:
            c.drawString(72, height - 40, "Kappa Energy ASA - Supplier Conduct Principles")
            c.drawRightString(width - 72, height - 40, f"Page {number} of {pages}")
        else:
            c.drawString(72, height - 40, f"Page {number} of {pages}")
            c.drawRightString(width - 72, height - 40, "Supplier Conduct Principles - Kappa")
        c.setFont("Helvetica", 10)
        y = height - 80
        body = [filler] * 8
        if number == 1:
            body.append(
                "3.4 Suppliers shall ensure that all workers are free to leave on notice and"
            )
        if number == 2:
            body.insert(0, "without any penalty, and that no worker pays a deposit.")
        for text in body:
            c.drawString(72, y, text)
            y -= 14
        c.showPage()
    c.save()


COLUMN_TABLE_ROWS = [
    ["Indicator", "2024", "Target"],
    ["Audits completed", "146", "200"],
    ["Workers trained", "5,210", "8,000"],
]


def column_table_pdf(path: Path) -> list[str]:
    """One two-column page (written column by column) with a small ruled table in the left
    column; returns the sentences in reading order."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        PageTemplate,
        Paragraph,
        Table,
        TableStyle,
    )

    width, height = A4
    column = (width - 120) / 2
    doc = BaseDocTemplate(str(path), pagesize=A4)
    frames = [
        Frame(50, 45, column, height - 95, id="left"),
        Frame(70 + column, 45, column, height - 95, id="right"),
    ]
    doc.addPageTemplates([PageTemplate("two", frames)])
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11.5, spaceAfter=5)
    sentences = [
        f"Sentence number {i} says that suppliers shall not use forced labour at site {i}."
        for i in range(1, 57)
    ]
    story: list[object] = []
    for k in range(0, len(sentences), 4):
        story.append(Paragraph(" ".join(sentences[k : k + 4]), body))
        if k == 8:
            table = Table(COLUMN_TABLE_ROWS, colWidths=[100, 50, 50])
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
    doc.build(story)
    return sentences


def _body_line(k: int) -> str:
    """A distinct line of body text (identical lines at the edges of pages would be running)."""
    return f"Suppliers apply principle {k} to their own suppliers and subcontractors at each site."


FOOTNOTE_TEXT = (
    "1 See ILO Convention No. 29 on forced or compulsory labour, adopted in 1930, and its "
    "Protocol of 2014."
)
FOOTNOTE_SPLIT_SENTENCE = (
    "Workers must be free to leave their employment after giving reasonable notice, and "
    "suppliers must never hold back their wages, their identity papers or their passports as a "
    "condition of continued work at the site, as our policy on forced labour requires."
)


def footnote_pdf(path: Path) -> None:
    """Two pages: a sentence runs from the foot of page 1 onto page 2, and page 1 carries a
    footnote (8 pt under a short rule, over a "Page N of 2" footer) between the two halves."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, _ = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    page1 = [_body_line(k) for k in range(1, 7)] + [
        "Workers must be free to leave their employment after giving reasonable notice, and",
        "suppliers must never hold back their wages, their identity papers or their passports as a",
    ]
    page2 = [
        "condition of continued work at the site, as our policy on forced labour requires.",
        "We also joined an industry alliance in May 2024 to work with our peers on these issues.",
    ]
    for number, lines in enumerate((page1, page2), start=1):
        y = 750.0
        if number == 1:
            c.setFont("Helvetica-Bold", 14)
            c.drawString(72, 780, "Forced Labour")
        c.setFont("Helvetica", 10)
        for text in lines:
            c.drawString(72, y, text)
            y -= 14
        if number == 1:
            c.line(72, 100, 200, 100)
            c.setFont("Helvetica", 8)
            c.drawString(
                72, 88, "1 See ILO Convention No. 29 on forced or compulsory labour, adopted in"
            )
            c.drawString(72, 78, "1930, and its Protocol of 2014.")
        c.setFont("Helvetica", 8)
        c.drawCentredString(width / 2, 40, f"Page {number} of 2")
        c.showPage()
    c.save()


UNRULED_TABLE_ROWS = [
    ("Indicator", "2024", "2025"),
    ("Workers trained", "412", "530"),
    ("Supplier audits", "35", "48"),
    ("Grievances resolved", "17", "22"),
]


def unruled_table_pdf(path: Path) -> None:
    """One page: a bold heading, a paragraph, a KPI table drawn without lines (columns aligned
    by whitespace only), then two more sentences under the same heading."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(72, 780, "Training and Monitoring")
    c.setFont("Helvetica", 10)
    y = 750.0
    for text in (
        "We train our own staff and our suppliers' managers on forced labour indicators.",
        "The table below shows what we achieved.",
    ):
        c.drawString(72, y, text)
        y -= 14
    y -= 10
    for label, first, second in UNRULED_TABLE_ROWS:
        c.drawString(72, y, label)
        c.drawRightString(330, y, first)
        c.drawRightString(400, y, second)
        y -= 14
    y -= 10
    for text in (
        "Suppliers must report every case of retained passports to us within ten days.",
        "We review the figures with the Board once a year.",
    ):
        c.drawString(72, y, text)
        y -= 14
    c.showPage()
    c.save()


def numbered_last_line_pdf(path: Path, pages: int = 4) -> list[str]:
    """Pages whose last body line differs only in its numbers ("Audits completed in 2024: 12",
    then 15, ...) above a "Company Code of Conduct - N" footer; returns those lines."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, _ = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    last = [f"Audits completed in 2024 at sites in region {k}: {9 + 3 * k}." for k in (4, 2, 7, 5)]
    for number in range(1, pages + 1):
        c.setFont("Helvetica", 10)
        y = 750.0
        for k in range(8):
            c.drawString(72, y, _body_line(10 * number + k))
            y -= 14
        c.drawString(72, y, last[number - 1])
        c.setFont("Helvetica", 8)
        c.drawCentredString(width / 2, 40, f"Company Code of Conduct – {number}")
        c.showPage()
    c.save()
    return last[:pages]
