"""Build the PDF and DOCX files of a held-out set from their sources.

Usage: .venv/bin/python corpus/heldout_pdfs.py corpus/heldoutN [--out DIR]

Each document is generated from src/<doc>.txt, a plain-text source with a tiny markup: "# " and
"## " headings, "- " bullet items, "| a | b |" table rows (the first row is the header; "|---|"
rows are skipped), blank lines between paragraphs. Everything else is running text (consecutive
lines are joined). The set's layout.json gives the fixed creation date and, per document, the
format (pdf or docx), the number of columns and the running header and footer (with page
numbers). Creation dates and document metadata are fixed, so re-running gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Layout:
    fmt: str  # "pdf" or "docx"
    columns: int
    header: str
    footer: str


@dataclass(frozen=True)
class HeldoutSet:
    """One held-out set: its number, folder, fixed creation date and per-document layouts."""

    number: int
    here: Path
    date: datetime
    layouts: dict[str, Layout] = field(default_factory=dict)


@dataclass(frozen=True)
class Block:
    kind: str  # "h1", "h2", "p", "li", "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def parse(source: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    table: list[tuple[str, ...]] = []

    def flush() -> None:
        if para:
            blocks.append(Block("p", " ".join(para)))
            para.clear()
        if table:
            blocks.append(Block("table", rows=tuple(table)))
            table.clear()

    for raw in source.splitlines():
        line = raw.rstrip()
        if not line.strip():
            flush()
        elif line.startswith("|"):
            if para:
                blocks.append(Block("p", " ".join(para)))
                para.clear()
            cells = tuple(c.strip() for c in line.strip().strip("|").split("|"))
            if not all(set(c) <= {"-", ":"} for c in cells):
                table.append(cells)
        elif line.startswith("## "):
            flush()
            blocks.append(Block("h2", line[3:].strip()))
        elif line.startswith("# "):
            flush()
            blocks.append(Block("h1", line[2:].strip()))
        elif line.startswith("- "):
            flush()
            blocks.append(Block("li", line[2:].strip()))
        else:
            if table:
                flush()
            para.append(line.strip())
    flush()
    return blocks


def build_pdf(blocks: list[Block], layout: Layout, hs: HeldoutSet) -> bytes:
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, layout.header, align="L")
            self.ln(9)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, f"{layout.footer} | Page {self.page_no()} of {{nb}}", align="C")

    pdf = Doc(format="A4")
    pdf.set_creation_date(hs.date)
    pdf.set_title(layout.header)
    pdf.set_author(f"CoC Analyzer held-out set {hs.number} (fictional document)")
    pdf.set_producer(f"corpus/heldout_pdfs.py {hs.here.name}")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(16, 14, 16)
    pdf.add_page()

    def table(rows: tuple[tuple[str, ...], ...]) -> None:
        pdf.set_font("Helvetica", "", 8)
        with pdf.table(text_align="LEFT", line_height=4.5) as t:
            for r in rows:
                row = t.row()
                for cell in r:
                    row.cell(cell)
        pdf.ln(3)

    if layout.columns == 1:
        for b in blocks:
            if b.kind == "h1":
                pdf.set_font("Helvetica", "B", 14)
                pdf.multi_cell(0, 7, b.text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
            elif b.kind == "h2":
                pdf.set_font("Helvetica", "B", 11)
                pdf.multi_cell(0, 6, b.text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            elif b.kind == "li":
                pdf.set_font("Helvetica", "", 10)
                pdf.set_x(pdf.l_margin + 5)
                pdf.multi_cell(0, 5, "- " + b.text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            elif b.kind == "p":
                pdf.set_font("Helvetica", "", 10)
                pdf.multi_cell(0, 5, b.text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2.5)
            else:
                table(b.rows)
    else:
        i = 0
        while i < len(blocks):
            if blocks[i].kind == "table":
                table(blocks[i].rows)
                i += 1
                continue
            j = i
            while j < len(blocks) and blocks[j].kind != "table":
                j += 1
            cols = pdf.text_columns(
                ncols=2, gutter=7, text_align="LEFT", l_margin=16, r_margin=16, balance=True
            )
            with cols:
                for b in blocks[i:j]:
                    if b.kind in ("h1", "h2"):
                        pdf.set_font("Helvetica", "B", 12 if b.kind == "h1" else 10)
                        with cols.paragraph(top_margin=2, bottom_margin=1) as par:
                            par.write(b.text)
                    else:
                        pdf.set_font("Helvetica", "", 9)
                        text = ("- " + b.text) if b.kind == "li" else b.text
                        with cols.paragraph(bottom_margin=1.5) as par:
                            par.write(text)
            i = j
    return bytes(pdf.output())


def build_docx(blocks: list[Block], layout: Layout, hs: HeldoutSet) -> bytes:
    import io

    import docx

    d = docx.Document()
    props = d.core_properties
    props.created = hs.date.replace(tzinfo=None)
    props.modified = hs.date.replace(tzinfo=None)
    props.author = f"CoC Analyzer held-out set {hs.number} (fictional document)"
    props.title = layout.header
    props.revision = 1
    section = d.sections[0]
    section.header.paragraphs[0].text = layout.header
    section.footer.paragraphs[0].text = layout.footer
    for b in blocks:
        if b.kind == "h1":
            d.add_heading(b.text, level=1)
        elif b.kind == "h2":
            d.add_heading(b.text, level=2)
        elif b.kind == "li":
            d.add_paragraph(b.text, style="List Bullet")
        elif b.kind == "p":
            d.add_paragraph(b.text)
        else:
            t = d.add_table(rows=0, cols=len(b.rows[0]))
            for r in b.rows:
                cells = t.add_row().cells
                for k, c in enumerate(r):
                    cells[k].text = c
    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip(buf.getvalue(), hs.date)


def _fixed_zip(data: bytes, date: datetime) -> bytes:
    """Rewrite a DOCX (zip) with fixed member timestamps so the bytes are reproducible."""
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build(doc: str, hs: HeldoutSet) -> bytes:
    layout = hs.layouts[doc]
    blocks = parse((hs.here / "src" / f"{doc}.txt").read_text("utf-8"))
    if layout.fmt == "pdf":
        return build_pdf(blocks, layout, hs)
    return build_docx(blocks, layout, hs)


def load_set(folder: Path) -> HeldoutSet:
    """A held-out set from its folder (``corpus/heldoutN``) and the folder's layout.json."""
    data = json.loads((folder / "layout.json").read_text("utf-8"))
    layouts = {
        doc: Layout(d["format"], d["columns"], d["header"], d["footer"])
        for doc, d in data["documents"].items()
    }
    number = int(folder.name.removeprefix("heldout"))
    return HeldoutSet(number, folder, datetime.fromisoformat(data["created"]), layouts)


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print("usage: heldout_pdfs.py corpus/heldoutN [--out DIR]")
        return 2
    hs = load_set(Path(argv[0]).resolve())
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else hs.here / "docs"
    out.mkdir(parents=True, exist_ok=True)
    for doc, layout in hs.layouts.items():
        if not (hs.here / "src" / f"{doc}.txt").is_file():
            print(f"skip {doc}: no source yet")
            continue
        path = out / f"{doc}.{layout.fmt}"
        path.write_bytes(build(doc, hs))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
