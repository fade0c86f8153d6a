"""Validate the held-out gold labels and print their statistics (standard library only).

Usage: python corpus/heldout/check_gold.py [--quiet]

Checks, for every line of gold.jsonl: the document file exists; "levels" has exactly the 35
criterion ids with levels 0-3; every criterion with level >= 1 has an evidence quote and no
quote is given for a level-0 criterion; every quote appears verbatim in the raw file and, for
HTML, also in the text left after removing tags and decoding entities; each document has at
least 1,200 words. Exits 1 on any problem.
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


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    problems: list[str] = []
    rows = [json.loads(line) for line in (HERE / "gold.jsonl").read_text("utf-8").splitlines()]
    freq: Counter[str] = Counter()
    freq_by_level: dict[int, Counter[str]] = {1: Counter(), 2: Counter(), 3: Counter()}
    seen: set[str] = set()
    for row in rows:
        doc = row["doc"]
        if doc in seen:
            problems.append(f"{doc}: duplicate doc id")
        seen.add(doc)
        path = HERE / row["file"]
        if not path.is_file():
            problems.append(f"{doc}: missing file {row['file']}")
            continue
        if path.stem != doc:
            problems.append(f"{doc}: file name does not match doc id")
        raw = path.read_text("utf-8")
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
        words = word_count(texts[-1])
        if words < MIN_WORDS:
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
