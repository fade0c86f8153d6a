"""Generate the sample PDFs of the starter corpus from the texts in this file.

Run from anywhere: ``.venv/bin/python corpus/samples/make_pdfs.py``. The output is byte-for-byte
reproducible (reportlab ``invariant`` mode: no timestamps or random ids), so the sha256 values in
``corpus/manifest.yaml`` stay valid; the manifest test fails if a regenerated PDF differs.

All wording is original sample text written for CoC Analyzer and released under CC0 1.0. The
organisations are fictional.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# Each document: (title, running header, [(kind, text)]), kind in h1, h2, p, li.
LOGISTICS = (
    "Corvid Freight & Logistics - Code of Conduct for Suppliers, Carriers and Subcontractors",
    "Corvid Freight & Logistics | Supplier Code | v2.2 | FICTIONAL SAMPLE (CC0)",
    [
        ("h1", "Code of Conduct for Suppliers, Carriers and Subcontractors"),
        (
            "p",
            "Fictional company. Sample written by the CoC Analyzer project and released under "
            "CC0 1.0.",
        ),
        ("h2", "1. Introduction"),
        (
            "p",
            "Corvid Freight & Logistics moves goods by road, rail, sea and air for more than "
            "9,000 customers. Much of this work is performed by subcontracted hauliers, owner-"
            "drivers, warehouse labour providers and freight forwarders. This Code sets out the "
            "standards we expect from all of them. It is reviewed every three years by the "
            "Executive Board.",
        ),
        ("h2", "2. Forced labour and trafficking"),
        (
            "p",
            "2.1 Suppliers shall not use forced, bonded or involuntary labour and shall not "
            "engage in human trafficking. Suppliers should ensure that workers are free to leave "
            "their employment after reasonable notice.",
        ),
        (
            "p",
            "2.2 Suppliers must not retain drivers' or warehouse workers' passports, driving "
            "licences or work permits.",
        ),
        (
            "p",
            "2.3 Suppliers should avoid charging fees to workers for recruitment where "
            "practicable. Labour providers used in our warehouses shall hold any licence "
            "required by law.",
        ),
        ("h2", "3. Drivers and working time"),
        (
            "p",
            "3.1 Carriers shall comply with the driving-time and rest-period rules that apply to "
            "them, and shall not pressure drivers to exceed them. Drivers are entitled to at least "
            "one rest day per week.",
        ),
        (
            "p",
            "3.2 Wages shall be paid in accordance with applicable law. Carriers should not make "
            "deductions from drivers' pay for fines, vehicle damage or fuel except where lawful "
            "and agreed in writing.",
        ),
        ("h2", "4. Recognising trafficking on the road"),
        (
            "p",
            "4.1 Drivers, depot staff and security teams receive briefing material on the signs "
            "of people being smuggled or trafficked in vehicles and containers. Any driver who "
            "suspects that a person is concealed in a vehicle or trailer shall stop in a safe "
            "place and call the emergency services, and then inform the Corvid control room.",
        ),
        (
            "p",
            "4.2 Corvid staff must never use company vehicles, premises or business travel to "
            "purchase sex.",
        ),
        ("h2", "5. Monitoring"),
        (
            "p",
            "5.1 Corvid may request information, site visits or audits to confirm compliance. In "
            "2024 we assessed 146 subcontracted hauliers through desk-based questionnaires.",
        ),
        (
            "p",
            "5.2 Suppliers are expected to apply similar standards to their own subcontractors.",
        ),
        ("h2", "6. Raising concerns"),
        (
            "p",
            "6.1 Anyone working on Corvid business can report a concern to our ethics line by "
            "phone or web form. Reports may be anonymous. Corvid will not accept retaliation "
            "against anyone who reports in good faith.",
        ),
        ("h2", "7. Consequences"),
        (
            "p",
            "7.1 Breach of this Code may result in the suspension or termination of the contract. "
            "Corvid may also require a corrective action plan.",
        ),
        ("h2", "8. Other standards"),
        (
            "p",
            "Suppliers shall comply with all laws on competition, anti-bribery, sanctions, customs "
            "and export control, data protection and the environment. Vehicles shall meet "
            "applicable emissions standards. Gifts to Corvid staff above EUR 75 are not "
            "permitted. This Code does not create rights for third parties.",
        ),
    ],
)

MINING = (
    "Ironcrest Resources - Group Code of Business Conduct",
    "Ironcrest Resources plc | Code of Business Conduct | FICTIONAL SAMPLE (CC0)",
    [
        ("h1", "Ironcrest Resources: Group Code of Business Conduct"),
        (
            "p",
            "Fictional company. Sample written by the CoC Analyzer project and released under "
            "CC0 1.0.",
        ),
        ("h2", "Message from the Chairman"),
        (
            "p",
            "Ironcrest has been built on a proud tradition of integrity, safety and excellence. "
            "Our reputation is our most valuable asset, and each of us is responsible for "
            "protecting it. This Code is a guide to the behaviours we expect. It cannot cover "
            "every situation, so we must all use good judgement and ask for help when in doubt.",
        ),
        ("h2", "Our values"),
        ("li", "Safety: we go home safe every day."),
        ("li", "Integrity: we do what we say."),
        ("li", "Respect: we value every voice."),
        ("li", "Excellence: we strive for the best in everything we do."),
        ("h2", "Who this Code applies to"),
        (
            "p",
            "This Code applies to all directors, officers and employees of Ironcrest Resources plc "
            "and its controlled subsidiaries. We encourage our joint-venture partners, contractors "
            "and suppliers to adopt similar standards.",
        ),
        ("h2", "Compliance with laws"),
        (
            "p",
            "We comply with all applicable laws, rules and regulations in every country in which "
            "we operate. Where this Code and local law conflict, local law prevails.",
        ),
        ("h2", "Health and safety"),
        (
            "p",
            "Nothing is more important than the safety of our people. Every incident is "
            "preventable. Our total recordable injury frequency rate in 2023 was 2.1.",
        ),
        ("h2", "Human rights"),
        (
            "p",
            "Ironcrest supports human rights and opposes all forms of modern slavery and child "
            "labour. We seek to ensure that our operations do not contribute to human rights "
            "abuses, and we expect the same of those we work with.",
        ),
        ("h2", "Communities and the environment"),
        (
            "p",
            "We aim to build long-term relationships with host communities based on mutual "
            "respect. We strive to minimise our environmental footprint and to rehabilitate land "
            "at the end of mine life.",
        ),
        ("h2", "Anti-bribery and corruption"),
        (
            "p",
            "We do not offer, pay, request or accept bribes, including facilitation payments. "
            "Gifts and hospitality must be reasonable, proportionate and recorded in the gifts "
            "register. Payments to governments are disclosed under the Extractive Industries "
            "Transparency Initiative.",
        ),
        ("h2", "Conflicts of interest"),
        (
            "p",
            "Employees must avoid conflicts between their personal interests and those of "
            "Ironcrest, and must disclose any actual or potential conflict to their manager.",
        ),
        ("h2", "Insider information"),
        (
            "p",
            "Employees who have inside information about Ironcrest or another company must not "
            "deal in its securities or pass the information to others.",
        ),
        ("h2", "Speaking up"),
        (
            "p",
            "If you become aware of a breach of this Code, you should report it to your manager "
            "or to the Company Secretary.",
        ),
        ("h2", "Waivers and amendments"),
        (
            "p",
            "Any waiver of this Code for directors or executive officers may be made only by the "
            "Board. Ironcrest may amend this Code at any time. This Code does not constitute a "
            "contract of employment.",
        ),
    ],
)


def build(path: Path, doc: tuple[str, str, list[tuple[str, str]]], columns: int) -> None:
    """Lay ``doc`` out as an A4 PDF with a running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    title, header, blocks = doc
    width, height = A4
    margin = 18 * mm
    gutter = 8 * mm
    col_w = (width - 2 * margin - gutter * (columns - 1)) / columns
    frames = [
        Frame(margin + i * (col_w + gutter), margin, col_w, height - 2 * margin - 8 * mm)
        for i in range(columns)
    ]

    def decorate(c: Any, document: Any) -> None:
        c.saveState()
        c.setFont("Helvetica", 7.5)
        c.drawString(margin, height - 12 * mm, header)
        c.drawCentredString(width / 2, 10 * mm, f"Page {document.page}")
        c.restoreState()

    pdf = BaseDocTemplate(
        str(path),
        pagesize=A4,
        title=title,
        author="CoC Analyzer sample corpus (fictional organisation)",
        invariant=1,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )
    pdf.addPageTemplates([PageTemplate(id="main", frames=frames, onPage=decorate)])
    styles = getSampleStyleSheet()
    style = {"h1": styles["Heading1"], "h2": styles["Heading3"], "p": styles["BodyText"]}
    flow = []
    for kind, text in blocks:
        if kind == "li":
            flow.append(Paragraph(text, styles["BodyText"], bulletText="-"))
        else:
            flow.append(Paragraph(text, style[kind]))
    pdf.build(flow)


def main() -> None:
    build(HERE / "logistics_supplier_code_two_column.pdf", LOGISTICS, columns=2)
    build(HERE / "mining_code_of_business_conduct.pdf", MINING, columns=1)


if __name__ == "__main__":
    main()
