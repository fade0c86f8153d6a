"""Messy PDF layouts a reviewer found: a footnote at the foot of a page that a sentence runs
past, a table drawn without lines, and a content line at the foot of several pages that
differs only in its numbers. Every PDF is generated here."""

from __future__ import annotations

from pathlib import Path

import pytest
from _ingest_fixtures import numbered_last_line_pdf

from analyzer.ingest import load_document
from analyzer.ingest.cleanup import Line, strip_headers_footers
from analyzer.types import Document


def _offsets_hold(doc: Document) -> None:
    for clause in doc.clauses:
        assert doc.text[clause.start : clause.end] == clause.text


# --- 3. Content at the foot of several pages that differs only in numbers -----------------------


def test_last_lines_differing_in_numbers_are_kept_but_numbered_footers_go(tmp_path: Path) -> None:
    last = numbered_last_line_pdf(tmp_path / "kpi.pdf")
    doc = load_document(tmp_path / "kpi.pdf")
    texts = [cl.text for cl in doc.clauses]
    for line in last:
        assert line in texts
    assert not any("Company Code of Conduct" in t for t in texts)
    _offsets_hold(doc)


def _pages(lines: list[str]) -> list[list[Line]]:
    return [
        [Line(f"Body line {chr(97 + k)} of the code, long enough to read as text.", n)]
        + [Line(f"Second body line on this page, {chr(97 + k)}, reads on.", n), Line(last, n)]
        for k, (n, last) in enumerate(enumerate(lines, start=1))
    ]


@pytest.mark.parametrize(
    "footers",
    [
        [f"Page {n} of 5" for n in range(1, 6)],
        [f"Company Code of Conduct – {n}" for n in range(1, 6)],
        [f"Issued 1 March 2024 | {n + 2}" for n in range(1, 6)],  # printed numbers after a cover
        ["© 2024 Acme Group. Version 3"] * 5,
        [f"Chapter {c} – Our people" for c in (1, 1, 2, 2, 2)],  # a running head by chapter
    ],
)
def test_running_footers_with_numbers_still_go(footers: list[str]) -> None:
    cleaned, removed = strip_headers_footers(_pages(footers))
    assert removed == 5
    assert all(len(page) == 2 for page in cleaned)


@pytest.mark.parametrize(
    "lasts",
    [
        [f"Audits completed in 2024: {v}" for v in (12, 15, 19, 22, 30)],
        [f"Total workers trained 41{v} 53{v}" for v in (2, 7, 1, 9, 4)],
    ],
)
def test_content_lines_differing_only_in_numbers_stay(lasts: list[str]) -> None:
    cleaned, removed = strip_headers_footers(_pages(lasts))
    assert removed == 0
    assert [page[-1].text for page in cleaned] == lasts
