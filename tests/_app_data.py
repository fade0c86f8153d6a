"""Test documents for the app tests: PDFs generated with fpdf2 from our own wording."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

# Our own wording: a supplier code with strong, specific anti-trafficking clauses.
STRONG_CODE: list[tuple[str, list[str]]] = [
    (
        "Our commitment against forced labour and human trafficking",
        [
            "Meridian Outfitters prohibits all forms of forced labour, bonded labour, "
            "indentured labour, involuntary prison labour, slavery and human trafficking in our "
            "own operations and throughout our supply chain, including sub-tier suppliers and "
            "labour agents.",
            "This code follows the ILO Forced Labour Convention No. 29, its 2014 Protocol, the "
            "UN Guiding Principles on Business and Human Rights and the OECD Guidelines.",
            "The Board of Directors approves this code and the Chief Executive Officer is "
            "accountable for its implementation; the Board reviews progress every year.",
        ],
    ),
    (
        "Recruitment",
        [
            "Suppliers and their labour recruiters shall not charge workers any recruitment "
            "fees or related costs, directly or indirectly, in line with the Employer Pays "
            "Principle.",
            "Where workers have paid recruitment fees, the supplier must reimburse the full "
            "amount to the worker within 90 days.",
            "Suppliers must give every worker a written contract in a language the worker "
            "understands before the worker leaves their home country, and contract "
            "substitution is prohibited.",
        ],
    ),
    (
        "Freedom of movement and decent conditions",
        [
            "Suppliers shall never retain, confiscate or destroy workers' passports, identity "
            "documents or work permits, and workers must have free access to their documents "
            "at all times.",
            "Workers must be free to resign on reasonable notice without penalty, and "
            "suppliers shall not restrict the freedom of movement of workers.",
            "Suppliers must pay wages in full, directly to the worker, at least monthly, and "
            "must not withhold wages or impose deposits or debts to keep workers in their jobs.",
            "Overtime shall be voluntary and working hours shall not exceed 60 hours per week.",
        ],
    ),
    (
        "Grievance and remedy",
        [
            "Workers in our supply chain can raise concerns through an independent, anonymous "
            "hotline available 24 hours a day in their own language, and we prohibit "
            "retaliation against anyone who raises a concern in good faith.",
            "Where forced labour is found we will ensure that affected workers receive remedy, "
            "including repayment of fees and wages owed, in consultation with the workers.",
        ],
    ),
    (
        "Due diligence",
        [
            "We carry out a forced labour risk assessment of our supply chain every year and map "
            "our suppliers down to raw material level.",
            "We conduct unannounced third-party audits that include confidential worker "
            "interviews, and suppliers must allow access to all sites and records.",
            "Compliance with this code is a condition of every supplier contract, and serious "
            "breaches that are not remediated lead to termination of the business relationship.",
            "We train our buyers and suppliers every year on forced labour indicators and "
            "publish an annual report on the effectiveness of these measures.",
        ],
    ),
]

WEAK_CODE: list[tuple[str, list[str]]] = [
    (
        "Values",
        [
            "We value honesty and expect our partners to behave ethically.",
            "Suppliers are encouraged to respect human rights where practicable.",
        ],
    )
]


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def make_pdf(
    sections: list[tuple[str, list[str]]], *, title: str = "Supplier Code of Conduct"
) -> bytes:
    """A text PDF with a title, headings and one paragraph per clause, a section per page."""
    pdf = FPDF()
    pdf.set_auto_page_break(auto=True, margin=15)
    for i, (heading, clauses) in enumerate(sections):
        pdf.add_page()
        if i == 0:
            pdf.set_font("Helvetica", "B", 18)
            pdf.multi_cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 8, _latin1(f"{i + 1}. {heading}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for clause in clauses:
            pdf.multi_cell(0, 6, _latin1(clause), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


def strong_pdf() -> bytes:
    return make_pdf(STRONG_CODE)


def weak_pdf() -> bytes:
    return make_pdf(WEAK_CODE, title="Business Principles")


def corrupt_pdf() -> bytes:
    """The first part of a real PDF: a truncated file no reader can open."""
    data = strong_pdf()
    return data[: len(data) // 3]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def encrypted_pdf(password: str) -> bytes:
    """A strong-code PDF that opens only with ``password``."""
    pdf = FPDF()
    pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    for heading, clauses in STRONG_CODE[:2]:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 8, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for clause in clauses:
            pdf.multi_cell(0, 6, _latin1(clause), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def strong_markdown() -> bytes:
    """The strong code as Markdown."""
    lines = ["# Supplier Code of Conduct", ""]
    for heading, clauses in STRONG_CODE:
        lines += [f"## {heading}", ""] + [f"- {c}" for c in clauses] + [""]
    return "\n".join(lines).encode("utf-8")


def strong_docx() -> bytes:
    """The strong code as a Word document."""
    import io

    import docx

    document = docx.Document()
    document.add_heading("Supplier Code of Conduct", level=0)
    for heading, clauses in STRONG_CODE:
        document.add_heading(heading, level=1)
        for clause in clauses:
            document.add_paragraph(clause)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
