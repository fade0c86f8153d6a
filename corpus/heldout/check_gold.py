"""Validate the held-out gold labels and print their statistics (standard library only).

Usage: python corpus/heldout/check_gold.py [--quiet] [--dir PATH] [--min-words N] [--extracted]

Checks, for every line of gold.jsonl: the document file exists; "levels" has exactly the 35
criterion ids with levels 0-3; every criterion with level >= 1 has an evidence quote and no
quote is given for a level-0 criterion; every quote appears verbatim in the raw file and, for
HTML, also in the text left after removing tags and decoding entities; each document has at
least 1,200 words (--min-words to change). Exits 1 on any problem.

--dir PATH checks another set laid out the same way (gold.jsonl plus the files it names), for
example corpus/heldout2; without it the script checks its own folder. For a PDF or DOCX document
the quotes are checked against its source text src/<doc>.txt in that folder (and the words are
counted there). With --extracted (needs the analyzer package) they are also checked against the
text that analyzer.ingest.load_document extracts from the PDF/DOCX, with whitespace normalised.
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
IDS = [
    "explicit_prohibition",
    "international_standards",
    "scope_value_chain",
    "senior_approval_accountability",
    "public_communication",
    "no_recruitment_fees",
    "recruiter_due_diligence",
    "transparent_contracts",
    "no_document_retention",
    "freedom_to_leave",
    "wages_no_debt_bondage",
    "working_hours",
    "humane_treatment",
    "housing_standards",
    "child_labour_min_age",
    "migrant_equal_treatment",
    "commercial_sexual_exploitation",
    "state_imposed_forced_labour",
    "risk_assessment",
    "traceability",
    "contract_flow_down",
    "monitoring_audits",
    "purchasing_practices",
    "grievance_mechanism",
    "non_retaliation",
    "freedom_of_association",
    "remediation",
    "noncompliance_consequences",
    "training",
    "effectiveness_reporting",
    "stakeholder_collaboration",
    "victim_identification_protocol",
    "financial_crime_integration",
    "platform_misuse_controls",
    "maritime_fishing_protections",
]
MIN_WORDS = 1200


def html_text(raw: str) -> str:
    text = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", raw)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def word_count(text: str) -> int:
    return sum(1 for w in text.split() if re.search(r"[A-Za-z]", w))


def _norm(text: str) -> str:
    return " ".join(text.split())


def extracted_text(path: Path) -> str:
    from analyzer.ingest import load_document

    doc = load_document(path)
    return _norm(" ".join(c.text for c in doc.clauses))


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    root = Path(argv[argv.index("--dir") + 1]).resolve() if "--dir" in argv else HERE
    min_words = int(argv[argv.index("--min-words") + 1]) if "--min-words" in argv else MIN_WORDS
    check_extracted = "--extracted" in argv
    problems: list[str] = []
    rows = [json.loads(line) for line in (root / "gold.jsonl").read_text("utf-8").splitlines()]
    freq: Counter[str] = Counter()
    freq_by_level: dict[int, Counter[str]] = {1: Counter(), 2: Counter(), 3: Counter()}
    seen: set[str] = set()
    for row in rows:
        doc = row["doc"]
        if doc in seen:
            problems.append(f"{doc}: duplicate doc id")
        seen.add(doc)
        path = root / row["file"]
        if not path.is_file():
            problems.append(f"{doc}: missing file {row['file']}")
            continue
        if path.stem != doc:
            problems.append(f"{doc}: file name does not match doc id")
        binary = path.suffix in (".pdf", ".docx")
        source = root / "src" / f"{doc}.txt"
        if binary and not source.is_file():
            problems.append(f"{doc}: missing source text src/{doc}.txt")
            continue
        raw = source.read_text("utf-8") if binary else path.read_text("utf-8")
        texts = [raw, html_text(raw)] if path.suffix == ".html" else [raw]
        levels: dict[str, int] = row["levels"]
        evidence: dict[str, str] = row["evidence"]
        if sorted(levels) != sorted(IDS):
            problems.append(f"{doc}: ids differ: {sorted(set(levels) ^ set(IDS))}")
        for cid, level in levels.items():
            if level not in (0, 1, 2, 3):
                problems.append(f"{doc}: {cid} has level {level!r}")
            if level >= 1 and not evidence.get(cid):
                problems.append(f"{doc}: {cid} level {level} without evidence")
            if level >= 1:
                freq[cid] += 1
                freq_by_level[level][cid] += 1
        for cid, quote in evidence.items():
            if levels.get(cid, 0) == 0:
                problems.append(f"{doc}: evidence given for level-0 criterion {cid}")
            for text in texts:
                if quote not in text:
                    problems.append(f"{doc}: {cid} quote not found verbatim: {quote[:70]}...")
                    break
        if binary and check_extracted:
            flat = extracted_text(path)
            for cid, quote in evidence.items():
                if _norm(quote) not in flat:
                    problems.append(f"{doc}: {cid} quote not in extracted text: {quote[:70]}...")
        words = word_count(texts[-1])
        if words < min_words:
            problems.append(f"{doc}: only {words} words")
        if not quiet:
            dist = Counter(levels.values())
            print(
                f"{doc:44s} {row['style']:18s} {row['sector']:19s} words={words:5d} "
                f"L0={dist[0]:2d} L1={dist[1]:2d} L2={dist[2]:2d} L3={dist[3]:2d}"
            )
    if not quiet:
        print(f"\n{len(rows)} documents")
        print(f"{'criterion':34s} docs>=1  L1  L2  L3")
        for cid in IDS:
            print(
                f"{cid:34s} {freq[cid]:7d} {freq_by_level[1][cid]:3d} "
                f"{freq_by_level[2][cid]:3d} {freq_by_level[3][cid]:3d}"
            )
    for p in problems:
        print("PROBLEM:", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
