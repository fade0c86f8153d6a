"""Messy PDF layouts a reviewer found: a footnote at the foot of a page that a sentence runs
past, a table drawn without lines, and a content line at the foot of several pages that
differs only in its numbers. Every PDF is generated here."""

from __future__ import annotations

from pathlib import Path

import pytest
from _ingest_fixtures import (
    FOOTNOTE_SPLIT_SENTENCE,
    FOOTNOTE_TEXT,
    UNRULED_TABLE_ROWS,
    footnote_pdf,
    numbered_last_line_pdf,
    unruled_table_pdf,
)

from analyzer.ingest import load_document
from analyzer.ingest.cleanup import Line, looks_like_heading, strip_headers_footers
from analyzer.types import Document


def _offsets_hold(doc: Document) -> None:
    for clause in doc.clauses:
        assert doc.text[clause.start : clause.end] == clause.text


# --- 1. A footnote between the halves of a sentence that runs onto the next page ---------------


def test_footnote_does_not_split_a_sentence_running_onto_the_next_page(tmp_path: Path) -> None:
    footnote_pdf(tmp_path / "foot.pdf")
    doc = load_document(tmp_path / "foot.pdf")
    texts = [cl.text for cl in doc.clauses]
    assert FOOTNOTE_SPLIT_SENTENCE in texts
    assert [cl.page for cl in doc.clauses if cl.text == FOOTNOTE_SPLIT_SENTENCE] == [1]
    notes = [cl for cl in doc.clauses if "ILO Convention" in cl.text]
    assert [(cl.text, cl.page, cl.heading) for cl in notes] == [(FOOTNOTE_TEXT, 1, "Forced Labour")]
    assert not any("Page 1 of 2" in t for t in texts)
    # the note follows the paragraph it interrupted (which reads on to its end on page 2)
    assert texts[-2:] == [
        "We also joined an industry alliance in May 2024 to work with our peers on these issues.",
        FOOTNOTE_TEXT,
    ]
    _offsets_hold(doc)


# --- 2. A table drawn without lines -------------------------------------------------------------


def test_unruled_figure_table_rows_are_rows_not_headings(tmp_path: Path) -> None:
    unruled_table_pdf(tmp_path / "table.pdf")
    doc = load_document(tmp_path / "table.pdf")
    assert [cl.text for cl in doc.clauses if cl.kind == "heading"] == ["Training and Monitoring"]
    rows = [cl.text for cl in doc.clauses if cl.kind == "table_row"]
    assert rows == [" | ".join(r) for r in UNRULED_TABLE_ROWS]
    after = [cl for cl in doc.clauses if cl.text.startswith(("Suppliers must", "We review"))]
    assert [cl.heading for cl in after] == ["Training and Monitoring"] * 2
    assert after[0].text == (
        "Suppliers must report every case of retained passports to us within ten days."
    )
    _offsets_hold(doc)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Indicator 2024 2025", False),
        ("Workers trained 412 530", False),
        ("Share of suppliers audited 45% 60%", False),
        ("Modern Slavery Statement 2024", True),
        ("Section 4 Remedy", True),
    ],
)
def test_a_row_of_figures_is_not_a_heading(line: str, heading: bool) -> None:
    assert looks_like_heading(line) is heading
    assert looks_like_heading(line, emphasis=True) is heading


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
