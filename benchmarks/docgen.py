"""Deterministic generator of realistic code-of-conduct documents for tests and benchmarks.

``make_code_text(pages, seed)`` returns paragraphs per page; ``make_code_pdf(path, ...)`` lays
the same kind of text out with reportlab (one or two columns, running header, "Page N of M"
footer, hyphenated line breaks) and returns the ground-truth sentences in reading order.

All wording here is our own synthetic writing. The same ``seed`` always gives the same text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Para",
    "make_code_paragraphs",
    "make_code_pdf",
    "make_code_text",
    "paragraph_sentences",
]

# ---------------------------------------------------------------------------------------------
# Vocabulary and sentence templates (our own wording)
# ---------------------------------------------------------------------------------------------

ORGS = ["Northwind Trading", "Harbour & Vale Group", "Kestrel Components", "Meridian Foods"]
PARTIES = [
    "Suppliers",
    "Our suppliers and their subcontractors",
    "Every business partner",
    "Labour agents acting on the Supplier's behalf",
    "Contractors",
    "All tier 1 and tier 2 suppliers",
    "Vendors",
]
STRONG_VERBS = ["shall", "must", "are required to"]
WEAK_VERBS = [
    "should endeavour to",
    "are encouraged to",
    "should, where practicable,",
    "are expected to make reasonable efforts to",
    "may wish to",
]

TOPICS: list[tuple[str, list[str], list[str]]] = [
    (
        "Forced Labour",
        [
            "not use forced, bonded, indentured or involuntary prison labour in any form",
            "allow every worker to end their employment on reasonable notice without penalty",
            "ensure that overtime is voluntary and never imposed under threat of dismissal",
            "not restrict the freedom of movement of workers inside or outside the workplace",
        ],
        [
            "avoid practices that could be seen as coercive",
            "review their labour practices against international standards",
        ],
    ),
    (
        "Human Trafficking",
        [
            "not engage in, support or benefit from trafficking in persons",
            "report any suspected case of trafficking to the Company within 24 hours",
            "cooperate fully with investigations by the Company and the competent authorities",
            "screen labour agents for trafficking risk before engaging them",
        ],
        [
            "be aware of the risks of human trafficking in their operations",
            "consider the guidance published by relevant authorities",
        ],
    ),
    (
        "Recruitment Fees",
        [
            "not charge workers any recruitment fees or related costs, directly or indirectly",
            "reimburse in full, within 90 days, any recruitment fees that workers have paid",
            "bear the cost of visas, medical checks, travel and the first month's accommodation",
            "use only licensed labour agents that accept the Employer Pays Principle",
        ],
        [
            "keep recruitment costs to workers at a reasonable level",
            "discuss fees with their recruitment partners",
        ],
    ),
    (
        "Identity Documents",
        [
            "not retain, confiscate or destroy workers' passports or identity documents",
            "provide workers with secure, personal storage to which only they hold the key",
            "return original documents to workers immediately after verification",
        ],
        [
            "hold identity documents only where local practice makes this customary",
            "limit the retention of documents to what is necessary",
        ],
    ),
    (
        "Wages and Benefits",
        [
            "pay at least the legal minimum wage, in full, on time and directly to the worker",
            "provide a written payslip in a language the worker understands",
            "not make deductions from wages as a disciplinary measure",
        ],
        [
            "aim to pay a fair wage taking local conditions into account",
            "consider moving towards a living wage over time",
        ],
    ),
    (
        "Working Hours",
        [
            "limit regular working time to 48 hours per week and total hours to 60 per week",
            "grant at least one day off in every seven-day period",
        ],
        [
            "keep working hours within reasonable limits wherever possible",
        ],
    ),
    (
        "Child Labour",
        [
            "not employ anyone under the age of 15 or the local minimum age, whichever is higher",
            "protect young workers under 18 from night work and hazardous tasks",
            "fund a remediation plan in the best interests of any child found working",
        ],
        [
            "take steps to discourage the employment of minors",
        ],
    ),
    (
        "Grievance Mechanisms",
        [
            "provide an anonymous, multilingual channel through which workers can raise concerns",
            "protect workers who raise concerns in good faith from any form of retaliation",
            "investigate every grievance and inform the worker of the outcome within 30 days",
        ],
        [
            "have some means for workers to raise issues informally",
        ],
    ),
    (
        "Freedom of Association",
        [
            "respect the right of workers to form and join trade unions of their choosing",
            "bargain collectively in good faith with freely elected worker representatives",
        ],
        [
            "maintain an open dialogue with their workforce",
        ],
    ),
    (
        "Supplier Monitoring and Audits",
        [
            "grant the Company and its appointed auditors unannounced access to all sites",
            "complete a corrective action plan within 60 days of any audit finding",
            "map their own supply chain down to raw-material level and share the map on request",
        ],
        [
            "participate in audits where resources allow",
            "complete the self-assessment questionnaire if requested",
        ],
    ),
]

UNRELATED: list[tuple[str, list[str]]] = [
    (
        "Anti-Bribery and Corruption",
        [
            "Employees must not offer, promise or accept any bribe, kickback or facilitation payment.",
            "Gifts and hospitality above a value of EUR 100 must be recorded in the gift register.",
            "Donations to political parties on behalf of the Company are not permitted.",
        ],
    ),
    (
        "Data Protection",
        [
            "Personal data must be processed lawfully, fairly and in a transparent manner.",
            "Access to customer records is limited to staff who need it for their work.",
            "Security incidents must be reported to the privacy team without undue delay.",
        ],
    ),
    (
        "Environmental Stewardship",
        [
            "We aim to reduce our scope 1 and scope 2 emissions by 42% by 2030.",
            "Suppliers shall handle hazardous substances in line with applicable regulations.",
            "Water use at our own sites is metered and reported every quarter.",
        ],
    ),
    (
        "Conflicts of Interest",
        [
            "Employees must disclose any financial interest in a supplier or competitor.",
            "Family members may not be hired into a reporting line without approval from HR.",
        ],
    ),
]

BOILERPLATE = [
    "This Code applies to all subsidiaries, affiliates and joint ventures controlled by {org}.",
    "Where local law and this Code differ, the stricter standard applies.",
    "This Code was approved by the Board of Directors and is reviewed every two years.",
    "Questions about this Code may be directed to the Ethics Office, e.g. by e-mail or telephone.",
    "Capitalised terms have the meaning given in Sec. 2 of this Code, i.e. the definitions section.",
    "The Code reflects ILO Convention No. 29 and Art. 5 of the Charter of Fundamental Rights.",
    "Nothing in this Code creates rights for third parties, incl. rights of enforcement.",
    "Breaches may lead to termination of the business relationship, cf. the supplier agreement.",
    "{org} Ltd. and its U.K. subsidiaries publish an annual statement under the Modern Slavery Act.",
]

STATS = [
    "In {year}, {pct}% of our tier 1 suppliers completed the self-assessment questionnaire.",
    "We carried out {n} social audits in {year}, of which {m} were unannounced.",
    "Approx. {n} workers were reimbursed recruitment fees totalling USD {amt} in {year}.",
    "Our grievance channel received {n} reports in {year}; {pct}% were resolved within 30 days.",
    "Training on forced labour indicators reached {n} buyers and {m} supplier managers in {year}.",
]

ELABORATIONS = [
    "This obligation extends to the responsibility of subcontractors and their labour agents.",
    "Compliance will be verified through independent, documented monitoring procedures.",
    "The Supplier shall keep documentation demonstrating compliance for at least five years.",
    "Any remediation shall be agreed with the affected workers and their representatives.",
    "Transparency towards workers is an essential precondition for effective implementation.",
    "Internationally recognised standards, such as the ILO core conventions, provide guidance.",
    "A third-party assessment may be requested where the risk profile warrants it.",
    "Long-term partnerships depend on a shared commitment to these principles.",
]

BULLET_ITEMS = [
    "workers keep control of their own identity papers at all times",
    "contracts are written in a language each worker understands",
    "no worker pays for the right to obtain or keep a job",
    "wages are paid at least monthly into an account in the worker's name",
    "housing provided to workers meets local safety and hygiene requirements",
    "workers may leave employer-provided accommodation freely outside working hours",
    "labour agents are licensed, audited and bound by this Code",
    "grievances can be raised without fear of reprisal",
]

PROHIBITED_ITEMS = [
    "withholding wages or bonuses to prevent workers from leaving",
    "requiring workers to lodge deposits or guarantees",
    "locking workers inside dormitories or production areas",
    "threatening workers or their families with denunciation to the authorities",
    "issuing loans whose repayment terms tie workers to their employer",
    "substituting a less favourable contract on arrival in the destination country",
]

BULLET_MARKS = ["•", "-", "–"]


@dataclass(frozen=True)
class Para:
    """One generated paragraph: ``kind`` is heading, clause, bullet, item or text."""

    kind: str
    text: str
    sentences: tuple[str, ...]
    marker: str = ""  # bullet glyph drawn before the text (not part of the sentences)


def paragraph_sentences(para: Para) -> tuple[str, ...]:
    """The ground-truth sentences of a paragraph (as the segmenter should find them)."""
    return para.sentences


def _fill(template: str, rng: random.Random, org: str) -> str:
    return template.format(
        org=org,
        year=rng.choice([2021, 2022, 2023, 2024]),
        pct=rng.randint(12, 97),
        n=rng.randint(20, 2400),
        m=rng.randint(3, 19),
        amt=f"{rng.randint(10, 900)},{rng.randint(100, 999)}",
    )


def _paragraph_stream(seed: int) -> Iterator[Para]:
    """An endless, deterministic stream of paragraphs, section by section."""
    rng = random.Random(seed)
    org = ORGS[seed % len(ORGS)]
    section = 0
    while True:
        section += 1
        if rng.random() < 0.75:
            title, strong, weak = TOPICS[rng.randrange(len(TOPICS))]
            unrelated: list[str] = []
        else:
            title, unrelated = UNRELATED[rng.randrange(len(UNRELATED))]
            strong, weak = [], []
        heading = f"{section}. {title}"
        yield Para("heading", heading, (heading,))
        intro = _fill(rng.choice(BOILERPLATE + STATS), rng, org)
        yield Para("text", intro, (intro,))
        n_clauses = rng.randint(3, 6)
        for k in range(1, n_clauses + 1):
            number = f"{section}.{k}"
            if unrelated:
                first = rng.choice(unrelated)
            elif weak and rng.random() < 0.3:
                first = f"{rng.choice(PARTIES)} {rng.choice(WEAK_VERBS)} {rng.choice(weak)}."
            else:
                first = f"{rng.choice(PARTIES)} {rng.choice(STRONG_VERBS)} {rng.choice(strong)}."
            sents = [f"{number} {first}"]
            for _ in range(rng.randint(0, 2)):
                pool = ELABORATIONS + STATS if rng.random() < 0.7 else BOILERPLATE
                sents.append(_fill(rng.choice(pool), rng, org))
            yield Para("clause", " ".join(sents), tuple(sents))
            roll = rng.random()
            if roll < 0.18:
                mark = rng.choice(BULLET_MARKS)
                lead = f"{number}.1 In particular, the Supplier shall ensure that:"
                yield Para("clause", lead, (lead,))
                for item in rng.sample(BULLET_ITEMS, rng.randint(2, 4)):
                    text = item[0].upper() + item[1:] + ";"
                    yield Para("bullet", text, (text,), marker=mark)
            elif roll < 0.28:
                lead = "The following conduct is prohibited:"
                yield Para("text", lead, (lead,))
                for letter, item in enumerate(rng.sample(PROHIBITED_ITEMS, rng.randint(2, 4))):
                    text = f"({'abcd'[letter]}) {item};"
                    yield Para("item", text, (text,))


def make_code_paragraphs(pages: int, seed: int = 0, columns: int = 1) -> list[list[Para]]:
    """Paragraphs per page as :func:`make_code_pdf` lays them out."""
    return [[p for p, _ in page] for page in _paginate(pages, seed, columns)]


def make_code_text(pages: int, seed: int = 0) -> list[list[str]]:
    """Paragraph texts per page of a one-column code of conduct (bullets keep their glyph)."""
    return [
        [f"{p.marker} {p.text}" if p.marker else p.text for p in page]
        for page in make_code_paragraphs(pages, seed)
    ]


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.27, 841.89  # A4 in points
MARGIN_X = 56.0
TOP = PAGE_H - 72.0
BOTTOM = 64.0
GUTTER = 28.0
BODY_FONT, BODY_SIZE, LEADING = "Helvetica", 10.0, 13.0
HEAD_FONT, HEAD_SIZE = "Helvetica-Bold", 11.5
PARA_GAP = 5.0
HEAD_GAP = 9.0
INDENT = 14.0

_SPLITTABLE = re.compile(r"^[A-Za-z]{8,}[,.;:]?$")


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def _wrap(text: str, width: float, font: str, size: float, hyphenate: bool) -> list[str]:
    """Greedy line wrap; long words that overflow are hyphenated (or broken at a hyphen)."""
    space = _width(" ", font, size)
    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        w = _width(word, font, size)
        extra = w + (space if cur else 0.0)
        if cur_w + extra <= width:
            cur.append(word)
            cur_w += extra
            i += 1
            continue
        room = width - cur_w - (space if cur else 0.0)
        split_done = False
        if cur and room > 0:
            # break an existing compound hyphen ("third-party") or hyphenate a long word
            if "-" in word.strip("-") and word.count("-") == 1:
                head, tail = word.split("-")
                if head and tail and _width(head + "-", font, size) <= room:
                    cur.append(head + "-")
                    words[i] = tail
                    split_done = True
            elif hyphenate and _SPLITTABLE.match(word):
                core = word
                for k in range(len(core) - 4, 3, -1):
                    head = core[:k] + "-"
                    if _width(head, font, size) <= room:
                        cur.append(head)
                        words[i] = core[k:]
                        split_done = True
                        break
        lines.append(" ".join(cur))
        cur, cur_w = [], 0.0
        if not split_done and not lines[-1]:
            # a single word wider than the line: put it alone
            lines[-1] = word
            i += 1
    if cur:
        lines.append(" ".join(cur))
    return [ln for ln in lines if ln]


def _para_style(p: Para) -> tuple[str, float, float]:
    if p.kind == "heading":
        return HEAD_FONT, HEAD_SIZE, HEAD_GAP
    return BODY_FONT, BODY_SIZE, PARA_GAP


def _column_boxes(columns: int) -> list[tuple[float, float]]:
    usable = PAGE_W - 2 * MARGIN_X
    if columns == 1:
        return [(MARGIN_X, usable)]
    col_w = (usable - GUTTER * (columns - 1)) / columns
    return [(MARGIN_X + c * (col_w + GUTTER), col_w) for c in range(columns)]


Placed = tuple[
    Para, list[tuple[float, float, str, str, float]]
]  # (para, [(x, y, text, font, size)])


def _paginate(pages: int, seed: int, columns: int, hyphenate: bool = True) -> list[list[Placed]]:
    """Lay paragraphs out column by column; a paragraph never straddles a column or page."""
    stream = _paragraph_stream(seed)
    boxes = _column_boxes(columns)
    out: list[list[Placed]] = []
    pending: Para | None = None
    for _ in range(pages):
        page: list[Placed] = []
        for x0, col_w in boxes:
            y = TOP
            while True:
                para = pending if pending is not None else next(stream)
                pending = None
                font, size, gap = _para_style(para)
                indent = INDENT if para.kind in ("bullet", "item") else 0.0
                lines = _wrap(para.text, col_w - indent, font, size, hyphenate)
                need = gap + len(lines) * LEADING
                if y - need < BOTTOM:
                    pending = para
                    break
                y -= gap
                glyphs: list[tuple[float, float, str, str, float]] = []
                if para.marker:
                    glyphs.append((x0 + 2.0, y - LEADING + 3.0, para.marker, font, size))
                for line in lines:
                    y -= LEADING
                    glyphs.append((x0 + indent, y + 3.0, line, font, size))
                page.append((para, glyphs))
        out.append(page)
    return out


def make_code_pdf(
    path: str | Path,
    pages: int = 100,
    columns: int = 1,
    seed: int = 0,
    header: bool = True,
    footer: bool = True,
    hyphenate: bool = True,
    *,
    stream_order: str = "column",
) -> list[str]:
    """Write a code-of-conduct PDF and return its ground-truth body sentences in reading order.

    ``stream_order="row"`` writes the lines of a multi-column page into the PDF content stream
    row by row across the columns (as some layout tools do), so a reader that follows the
    stream order interleaves the columns; ``"column"`` writes each column in turn.
    """
    from reportlab.pdfgen import canvas

    laid = _paginate(pages, seed, columns, hyphenate)
    org = ORGS[seed % len(ORGS)]
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(f"{org} Supplier Code of Conduct")
    c.setAuthor("CoC Analyzer test generator")
    truth: list[str] = []
    total = len(laid)
    for number, page in enumerate(laid, start=1):
        if header:
            c.setFont(BODY_FONT, 8.5)
            c.drawString(MARGIN_X, PAGE_H - 40, f"{org} | Supplier Code of Conduct | Version 3.1")
            c.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 40, "Public")
        glyphs = [g for _, gs in page for g in gs]
        if stream_order == "row" and columns > 1:
            glyphs.sort(key=lambda g: (-round(g[1], 1), g[0]))
        for x, y, text, font, size in glyphs:
            c.setFont(font, size)
            c.drawString(x, y, text)
        if footer:
            c.setFont(BODY_FONT, 8.5)
            c.drawCentredString(PAGE_W / 2, 32, f"Page {number} of {total}")
        c.showPage()
        for para, _ in page:
            truth.extend(para.sentences)
    c.save()
    return truth


if __name__ == "__main__":  # pragma: no cover
    import sys
    import time

    t0 = time.perf_counter()
    sents = make_code_pdf(sys.argv[1] if len(sys.argv) > 1 else "/tmp/coc.pdf", pages=100)
    print(f"{len(sents)} sentences in {time.perf_counter() - t0:.2f} s")
