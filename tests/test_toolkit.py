"""Toolkit: the content model, the four formats rendered from the fixed analysis, and templates."""

from __future__ import annotations

import io
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from _toolkit_data import (
    DATE,
    GOLDEN_MD,
    ORG,
    SNAPSHOT_RUBRIC,
    docx_text,
    fixture_analysis,
    pdf_text,
    squash,
)

from analyzer import score
from analyzer.errors import SectorError, TemplateError
from analyzer.results import Analysis, Practice
from analyzer.rubric import Rubric, load_rubric
from analyzer.toolkit import SECTION_TITLES, build_content, render_toolkit
from analyzer.toolkit.charts import theme_chart_png, theme_chart_svg, theme_chart_text
from analyzer.toolkit.content import APPENDIX_EVIDENCE, PLAN_TOP, WINDOWS, ToolkitContent
from analyzer.toolkit.sanitize import clean, md_escape

TEMPLATES = Path(__file__).resolve().parent.parent / "toolkit_templates"
DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return fixture_analysis()


@pytest.fixture(scope="module")
def content(analysis: Analysis, rubric: Rubric) -> ToolkitContent:
    return build_content(analysis, rubric, org=ORG, date=DATE)


class _Rendered(dict[str, bytes]):
    """Each format rendered from the fixture on first use, then reused (PDF takes seconds)."""

    def __init__(self, analysis: Analysis, rubric: Rubric) -> None:
        super().__init__()
        self.analysis, self.rubric = analysis, rubric

    def __missing__(self, fmt: str) -> bytes:
        data = render_toolkit(self.analysis, self.rubric, fmt=fmt, org=ORG, date=DATE)
        self[fmt] = data
        return data


@pytest.fixture(scope="module")
def rendered(analysis: Analysis, rubric: Rubric) -> dict[str, bytes]:
    return _Rendered(analysis, rubric)


# --------------------------------------------------------------------------------------------
# Content model
# --------------------------------------------------------------------------------------------


def test_gaps_are_the_applicable_criteria_below_target_ranked_by_priority(
    content: ToolkitContent, analysis: Analysis, rubric: Rubric
) -> None:
    sector = rubric.sector("seafood")
    levels = {c.id: c.level for c in analysis.criteria}
    expected = {
        c.id
        for c in rubric.criteria
        if rubric.applicable("seafood", c.id)
        and levels.get(c.id, 0) < rubric.target_level("seafood", c.id)
    }
    assert {g.id for g in content.gaps} == expected
    priorities = [g.priority for g in content.gaps]
    assert priorities == sorted(priorities, reverse=True)
    assert [g.rank for g in content.gaps] == list(range(1, len(content.gaps) + 1))
    for gap in content.gaps:
        criterion = rubric.criterion(gap.id)
        multiplier = rubric.multiplier("seafood", gap.id)
        target = rubric.target_level("seafood", gap.id)
        assert gap.priority == criterion.base_weight * multiplier * (target - levels[gap.id])
        assert gap.must_have == (gap.id in rubric.must_haves(sector.id))
    assert content.summary.top_gaps == content.gaps[:5]
    assert content.summary.gap_count == len(content.gaps)
    # Not applicable in seafood: the other sector-specific criteria are never gaps.
    assert "financial_crime_integration" not in {g.id for g in content.gaps}


def test_each_gap_section_has_clause_steps_and_evidence_or_not_addressed(
    content: ToolkitContent, analysis: Analysis, rubric: Rubric
) -> None:
    results = {c.id: c for c in analysis.criteria}
    assert [s.row for s in content.sections] == list(content.gaps)
    for section in content.sections:
        criterion = rubric.criterion(section.row.id)
        raw = criterion.sector_clauses.get("seafood", criterion.model_clause)
        assert section.clause == clean(raw.replace("[Company]", ORG))
        assert "[Company]" not in section.clause
        assert section.clause_for_sector == ("seafood" in criterion.sector_clauses)
        assert section.phases and all(p.days in (30, 90, 180) for p in section.phases)
        assert sum(len(p.steps) for p in section.phases) == len(criterion.implementation_steps)
        assert section.kpis == tuple(clean(k) for k in criterion.kpis)
        evidence = results[section.row.id].evidence
        assert section.addressed == bool(evidence)
        for quote in section.quotes:
            assert quote.page is not None and quote.page_label == f"p. {quote.page}"
            assert quote.text in {clean(e.text) for e in evidence}


def test_action_plan_lists_the_top_gaps_steps_by_window_in_priority_order(
    content: ToolkitContent,
) -> None:
    plan = content.plan
    chosen = [g for g in content.gaps if g.rank <= PLAN_TOP or g.must_have]
    assert list(plan.gaps) == chosen
    assert len(content.gaps) > len(chosen) > PLAN_TOP  # the fixture has must-haves past the top
    assert plan.rest == len(content.gaps) - len(chosen)
    assert f"({len(chosen)} of {len(content.gaps)} gaps)" in plan.note
    assert f"The other {plan.rest} gaps have their steps in their own sections" in plan.note
    assert [p.days for p in plan.phases] == [d for d, _ in WINDOWS]
    by_id = {s.row.id: s for s in content.sections}
    for phase in plan.phases:
        ranks = [item.gap.rank for item in phase.items]
        assert ranks == sorted(ranks), phase.label  # highest priority first in each window
        expected = [
            (step.action, step.owner, g.id)
            for g in chosen
            for step in by_id[g.id].steps
            if step.days == phase.days
        ]
        assert [(i.action, i.owner, i.gap.id) for i in phase.items] == expected
    assert sum(len(p.items) for p in plan.phases) == sum(len(by_id[g.id].steps) for g in chosen)
    assert [s.in_plan for s in content.sections] == [s.row in chosen for s in content.sections]


def test_a_gap_outside_the_plan_keeps_its_clause_steps_and_kpis(
    content: ToolkitContent, rubric: Rubric
) -> None:
    last = content.sections[-1]
    assert not last.in_plan and last.row.rank == len(content.gaps)
    criterion = rubric.criterion(last.row.id)
    assert last.clause
    assert [(s.action, s.days) for s in last.steps] == sorted(
        ((clean(s.action), int(s.days)) for s in criterion.implementation_steps),
        key=lambda a: a[1],
    )
    assert all(s.when == dict(WINDOWS)[s.days] for s in last.steps)
    assert last.kpis == tuple(clean(k) for k in criterion.kpis)


def test_strengths_are_at_or_above_target(content: ToolkitContent, analysis: Analysis) -> None:
    levels = {c.id: c.level for c in analysis.criteria}
    assert content.summary.strengths, "the fixture has criteria at best practice"
    gap_ids = {g.id for g in content.gaps}
    for strength in content.summary.strengths:
        assert strength.id not in gap_ids
        assert levels[strength.id] >= 2
    assert content.summary.strengths[0].level == 3


def test_a_low_confidence_strength_asks_the_reader_to_check_it(
    analysis: Analysis, rubric: Rubric
) -> None:
    strong = next(s.id for s in build_content(analysis, rubric, org=ORG).summary.strengths)
    shaky = analysis.model_copy(
        update={
            "criteria": [
                c.model_copy(update={"confidence": 0.51}) if c.id == strong else c
                for c in analysis.criteria
            ]
        }
    )
    content = build_content(shaky, rubric, org=ORG)
    notes = {s.id: s.check for s in content.summary.strengths}
    assert notes[strong] == "check it against the document: confidence 51%"
    assert not any(note for cid, note in notes.items() if cid != strong)
    md = render_toolkit(shaky, rubric, fmt="md", org=ORG).decode("utf-8")
    assert "*(check it against the document: confidence 51%)*" in md


def test_recomputes_sector_fields_for_another_sector(analysis: Analysis, rubric: Rubric) -> None:
    apparel = build_content(analysis, rubric, org=ORG, sector="apparel", date=DATE)
    assert apparel.cover.sector_id == "apparel"
    ids = {g.id for g in apparel.gaps}
    assert "maritime_fishing_protections" not in ids  # sector-specific to seafood only
    for gap in apparel.gaps:
        assert gap.target_level == rubric.target_level("apparel", gap.id)
    levels = {c.id: c.level for c in analysis.criteria}
    assert apparel.summary.overall == score.overall_score(rubric, levels, "apparel")
    assert apparel.summary.suitability == score.suitability(rubric, levels, "apparel")
    assert [b.id for b in apparel.summary.themes] == [
        t.id for t in score.theme_scores(rubric, levels, "apparel")
    ]
    with pytest.raises(SectorError):
        build_content(analysis, rubric, org=ORG, sector="no_such_sector")


def test_trusts_engine_fields_when_rubric_and_sector_match(
    analysis: Analysis, rubric: Rubric
) -> None:
    # Same rubric hash and sector: the analysis's own priority is used as is.
    criteria = [
        c.model_copy(update={"priority": 99.0}) if c.id == "remediation" else c
        for c in analysis.criteria
    ]
    trusted = analysis.model_copy(
        update={
            "criteria": criteria,
            "rubric": analysis.rubric.model_copy(update={"hash": rubric.hash}),
        }
    )
    content = build_content(trusted, rubric, org=ORG, date=DATE)
    assert content.gaps[0].id == "remediation" and content.gaps[0].priority == 99.0
    # Another rubric hash: recomputed from the rubric.
    recomputed = build_content(analysis.model_copy(update={"criteria": criteria}), rubric, org=ORG)
    assert next(g for g in recomputed.gaps if g.id == "remediation").priority != 99.0


def test_legal_checklist_per_jurisdiction(content: ToolkitContent, analysis: Analysis) -> None:
    assert [s.id for s in content.legal] == ["uk_msa", "au_msa", "ca_sb657", "us_far", "eu_flr"]
    levels = {c.id: c.level for c in analysis.criteria}
    for section in content.legal:
        assert section.total == len(section.rows) > 0
        assert section.covered == sum(r.covered for r in section.rows)
        for row in section.rows:
            if row.covered:  # a "mention only" cover is said so, not passed off as done
                quoted = [levels[q.criterion_id] for q in row.quotes]
                mention_only = bool(quoted) and max(quoted) < 2
                assert row.status == ("Covered (mention only)" if mention_only else "Covered")
            else:  # an "all" element can be partly met: its clauses are still shown
                assert row.status == ("Partly covered" if row.quotes else "Not covered")
            for quote in row.quotes:
                assert levels[quote.criterion_id] >= 1 and quote.page is not None


def _practice(cid: str, text: str, level: int, **kw: object) -> Practice:
    return Practice(criterion_id=cid, text=text, level=level, **kw)  # type: ignore[arg-type]


def test_practices_pick_stronger_clauses_from_other_documents(
    analysis: Analysis, rubric: Rubric
) -> None:
    own = analysis.document.name
    practices = {
        "no_recruitment_fees": [
            _practice("no_recruitment_fees", "Weak wording.", 1, organisation="Low Co"),
            _practice(
                "no_recruitment_fees",
                "Workers shall pay no fees; any fee found is repaid within 90 days.",
                3,
                organisation="Good Fish Ltd",
                document_name="good-fish-code.pdf",
                page=4,
                sector="seafood",
                score=0.9,
            ),
            _practice("no_recruitment_fees", "Our own clause.", 3, document_name=own),
            _practice("no_recruitment_fees", "A commitment.", 2, organisation="Mid Co"),
        ],
        "housing_standards": [  # not a gap: never shown
            _practice("housing_standards", "Great housing clause.", 3, organisation="X")
        ],
    }
    content = build_content(analysis, rubric, org=ORG, practices=practices, date=DATE)
    assert [g.criterion_id for g in content.practices] == ["no_recruitment_fees"]
    items = content.practices[0].items
    assert [i.level for i in items] == [3, 2]
    assert items[0].source == (
        "Good Fish Ltd, good-fish-code.pdf, p. 4 (Seafood, fishing and aquaculture)"
    )
    assert "Our own clause." not in {i.text for i in items}
    assert "Check the source" in content.practices_note

    none = build_content(analysis, rubric, org=ORG, practices=None, date=DATE)
    assert none.practices == () and "No corpus" in none.practices_note
    empty = build_content(analysis, rubric, org=ORG, practices={}, date=DATE)
    assert empty.practices == () and "no clause stronger" in empty.practices_note


def _risks_by_gap(analysis: Analysis, rubric: Rubric, sector: str) -> dict[str, set[str]]:
    """criterion id -> the risk factors shown in its gap section, every criterion a gap."""
    blank = analysis.model_copy(
        update={"criteria": [c.model_copy(update={"level": 0}) for c in analysis.criteria]}
    )
    content = build_content(blank, rubric, org=ORG, sector=sector, date=DATE)
    assert {s.row.id for s in content.sections} == {
        c.id for c in rubric.criteria if rubric.applicable(sector, c.id)
    }
    return {s.row.id: {r.factor for r in s.risks} for s in content.sections}


def test_gap_sections_show_the_risks_that_name_the_criterion(
    analysis: Analysis, rubric: Rubric
) -> None:
    """Audit findings: risks attached by word matching landed under the wrong gaps."""
    transport = _risks_by_gap(analysis, rubric, "transport_logistics")
    victims = "Transport networks used to move victims"
    assert victims in transport["victim_identification_protocol"]
    assert victims not in transport["remediation"]
    construction = _risks_by_gap(analysis, rubric, "construction")
    for cid in ("migrant_equal_treatment", "freedom_to_leave", "housing_standards"):
        assert "Migrant workforce and sponsorship systems" in construction[cid], cid
    # the seafood fixture's analysis shown for apparel
    apparel = _risks_by_gap(analysis, rubric, "apparel")
    spinning = "Child and forced labour in spinning mills and audit deception"
    assert spinning in apparel["child_labour_min_age"]
    for sector in rubric.sectors:
        shown = _risks_by_gap(analysis, rubric, sector.id)
        for cid, factors in shown.items():
            assert factors == {r.factor for r in sector.risk_factors if cid in r.criteria}


def test_risks_without_criteria_are_matched_by_their_words() -> None:
    """A user's rubric whose risk factors list no criteria: the word-matching fallback."""
    rubric = load_rubric(SNAPSHOT_RUBRIC)
    seafood = rubric.sector("seafood")
    assert not any(r.criteria for r in seafood.risk_factors)
    analysis = fixture_analysis()
    shown = _risks_by_gap(analysis, rubric, "seafood")
    assert "Migrant crews and debt bondage" in shown["wages_no_debt_bondage"]
    assert shown["housing_standards"] == set()


def test_training_and_supplier_plans_come_from_the_sector(
    content: ToolkitContent, rubric: Rubric
) -> None:
    sector = rubric.sector("seafood")
    assert content.training.focus == tuple(clean(f) for f in sector.training_focus)
    assert content.suppliers.focus == tuple(clean(f) for f in sector.supplier_engagement)
    training_steps = rubric.criterion("training").implementation_steps
    assert sum(len(p.steps) for p in content.training.phases) == len(training_steps)


def test_evidence_appendix_lists_what_the_gap_sections_do_not(
    content: ToolkitContent, analysis: Analysis
) -> None:
    per = APPENDIX_EVIDENCE
    in_sections = {s.row.id for s in content.sections}
    assert in_sections, "the fixture has gaps"
    outside = [c for c in analysis.criteria if c.id not in in_sections]
    assert any(c.evidence for c in outside), "and criteria it already meets"
    assert len(content.evidence) == sum(min(per, len(c.evidence)) for c in outside)
    # no clause is quoted twice, and every criterion with evidence is quoted somewhere
    titles = {r.criterion for r in content.evidence}
    assert not titles & {s.row.title for s in content.sections}
    for c in analysis.criteria:
        if c.evidence:
            assert c.id in in_sections or c.title in titles


def test_evidence_appendix_keeps_the_strongest_clauses_in_page_order(
    analysis: Analysis, rubric: Rubric
) -> None:
    # a criterion the document meets (a gap section would quote it there instead)
    first = next(c for c in analysis.criteria if c.evidence and c.level >= 2)
    base = first.evidence[0]
    many = [
        base.model_copy(
            update={
                "page": 9 - k,
                "level": 1 + k % 3,
                "score": 0.5 + k / 20,
                "clause_index": 100 + k,
                "text": f"Clause number {k}.",
            }
        )
        for k in range(5)
    ]
    crit = [
        c.model_copy(update={"evidence": many, "level": 3}) if c.id == first.id else c
        for c in analysis.criteria
    ]
    content = build_content(
        analysis.model_copy(update={"criteria": crit}), rubric, org=ORG, date=DATE
    )
    rows = [r for r in content.evidence if r.criterion == first.title]
    # levels 1 2 3 1 2 for k = 0..4: the strongest three are k=2 (3), k=4 (2), k=1 (2)
    assert [r.text for r in rows] == ["Clause number 4.", "Clause number 2.", "Clause number 1."]


def test_cover_date_is_fixed_or_from_source_date_epoch(
    analysis: Analysis, rubric: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build_content(analysis, rubric, org=ORG, date=DATE).cover.date == "2026-11-28"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_content(analysis, rubric, org=ORG).cover.date == "2023-11-14"


# --------------------------------------------------------------------------------------------
# The four formats
# --------------------------------------------------------------------------------------------


def test_docx_has_sections_in_order_gap_table_chart_and_header(
    rendered: dict[str, bytes], content: ToolkitContent
) -> None:
    import docx

    document = docx.Document(io.BytesIO(rendered["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(SECTION_TITLES)
    level2 = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for section in content.sections:
        assert f"{section.row.rank}. {section.row.title}" in level2
    gap_table = next(
        t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["#", "Criterion"]
    )
    assert len(gap_table.rows) == 1 + len(content.gaps)
    assert [r.cells[1].text for r in gap_table.rows[1:]] == [g.title for g in content.gaps]
    assert len(document.inline_shapes) == 1  # the theme chart
    text = docx_text(rendered["docx"])
    assert content.sections[0].clause in text
    assert ORG in document.sections[0].header.paragraphs[0].text
    assert "{{" not in text and "{%" not in text  # every tag was rendered
    assert document.core_properties.title == content.cover.title
    # the contents field already lists the chapters before Word updates it (page numbers)
    paragraphs = [p.text for p in document.paragraphs]
    start = next(i for i, t in enumerate(paragraphs) if t.startswith("Contents (in Word"))
    assert paragraphs[start + 1 : start + 1 + len(SECTION_TITLES)] == list(SECTION_TITLES)
    body = document.element.body.xml
    assert body.count('w:fldCharType="begin"') >= 1 and " TOC " in body


@pytest.mark.slow
def test_pdf_extracts_headings_clause_and_page_numbers(
    rendered: dict[str, bytes], content: ToolkitContent
) -> None:
    pages = pdf_text(rendered["pdf"])
    assert len(pages) > 5
    toc = squash(pages[0])  # the cover lists the chapters with their page numbers
    for title in SECTION_TITLES:
        assert re.search(re.escape(title) + r" ?\.* ?\d+", toc), title
    text = squash(" ".join(pages[1:]))
    positions = [text.find(title) for title in SECTION_TITLES]
    assert all(p >= 0 for p in positions), dict(zip(SECTION_TITLES, positions, strict=True))
    assert positions == sorted(positions)
    assert squash(content.sections[0].clause) in text
    assert f"Page 2 of {len(pages)}" in squash(pages[1])
    assert ORG in pages[1]  # running header from the second page on


def test_html_is_self_contained_with_svg_chart_and_sections(
    rendered: dict[str, bytes], content: ToolkitContent
) -> None:
    from bs4 import BeautifulSoup

    html = rendered["html"].decode()
    soup = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in soup.find_all("h2")] == list(SECTION_TITLES)
    svg = soup.find("svg")
    assert svg is not None
    assert len(svg.find_all("rect")) == 2 * len(content.summary.themes)
    labels = [t.get_text() for t in svg.find_all("text")]
    for bar in content.summary.themes:
        assert bar.title in labels and bar.label in labels
    assert soup.find("link") is None and soup.find("script") is None
    assert not soup.find_all(src=True)  # nothing loaded from outside
    assert "@page" in soup.style.get_text()
    table = soup.find("table", class_="gap-table")
    assert len(table.find("tbody").find_all("tr")) == len(content.gaps)
    quote = next(s for s in content.sections if s.quotes).quotes[0].text
    assert quote in soup.get_text()


def _low_gap_parts(content: ToolkitContent) -> list[str]:
    """What a gap outside the action plan must still show: model clause, steps, KPIs."""
    last = content.sections[-1]
    assert not last.in_plan
    return [last.clause, *(s.action for s in last.steps), *last.kpis]


def test_action_plan_in_markdown_html_and_docx(
    rendered: dict[str, bytes], content: ToolkitContent
) -> None:
    from bs4 import BeautifulSoup

    plan = content.plan
    first = plan.phases[0].items
    # Markdown: after the gap table, before the sections, rows in plan order, linked anchors
    md = rendered["md"].decode()
    start, end = md.index("## Action plan"), md.index("## Closing the gaps")
    assert md.index("## Gap table") < start < end
    block = md[start:end]
    positions = [block.index(md_escape(i.action)) for i in first]
    assert positions == sorted(positions)
    assert f"](#gap-{first[0].gap.rank})" in block
    assert f'<a id="gap-{first[0].gap.rank}"></a>' in md[end:]
    low = md[md.index(f"### {content.sections[-1].row.rank}. ") :]
    for part in _low_gap_parts(content):
        assert md_escape(part) in low

    # HTML: a table per window, each row linking to the gap's section
    soup = BeautifulSoup(rendered["html"].decode(), "html.parser")
    section = soup.find("section", id="plan")
    assert section.find("h2").get_text() == "Action plan"
    tables = section.find_all("table", class_="plan")
    assert len(tables) == len(plan.phases)
    rows = tables[0].find("tbody").find_all("tr")
    assert [r.find("td").get_text() for r in rows] == [i.action for i in first]
    for row, item in zip(rows, first, strict=True):
        target = row.find("a")["href"].removeprefix("#")
        assert soup.find(id=target).find("h3").get_text().endswith(item.gap.title)
    article = soup.find("article", id=f"gap-{content.sections[-1].row.id}")
    for part in _low_gap_parts(content):
        assert part in article.get_text()

    # DOCX: the chapter and one table per window with the gap each step closes
    import docx

    document = docx.Document(io.BytesIO(rendered["docx"]))
    plan_tables = [
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells] == ["Step", "Owner", "Closes gap"]
    ]
    assert len(plan_tables) == len(plan.phases)
    cells = [[c.text for c in r.cells] for r in plan_tables[0].rows[1:]]
    assert [c[0] for c in cells] == [i.action for i in first]
    assert cells[0][2].startswith(f"{first[0].gap.rank}. {first[0].gap.title}")
    text = docx_text(rendered["docx"])
    for part in _low_gap_parts(content):
        assert part in text


@pytest.mark.slow
def test_action_plan_in_pdf(rendered: dict[str, bytes], content: ToolkitContent) -> None:
    text = squash(" ".join(pdf_text(rendered["pdf"])[1:]))
    start = text.index("Action plan " + squash(content.plan.note)[:60])
    assert text.index("Gap table") < start < text.index("Closing the gaps", start)
    assert squash(content.plan.phases[0].items[0].action) in text[start:]
    last = content.sections[-1].row
    low = text[text.index(f"{last.rank}. {squash(last.title)}", start) :]
    # without the running header and footer, which a clause crossing a page break encloses
    low = re.sub(
        rf" ?{re.escape(ORG)} Anti-trafficking and forced labour toolkit| ?Generated by CoC "
        r"Analyzer Page \d+ of \d+",
        "",
        low,
    )
    for part in _low_gap_parts(content):
        assert squash(part) in low


def test_markdown_matches_golden(analysis: Analysis) -> None:
    """Against a rubric snapshot so rubric wording changes do not churn the golden file.

    Regenerate with ``COC_UPDATE_GOLDEN=1 pytest tests/test_toolkit.py -k golden``.
    """
    snapshot = load_rubric(SNAPSHOT_RUBRIC)
    md = render_toolkit(analysis, snapshot, fmt="md", org=ORG, date=DATE).decode()
    uris = DATA_URI.findall(md)
    assert len(uris) == 1
    normalised = DATA_URI.sub("data:image/png;base64,…", md)
    if os.environ.get("COC_UPDATE_GOLDEN"):
        GOLDEN_MD.write_text(normalised, encoding="utf-8")
    assert normalised == GOLDEN_MD.read_text(encoding="utf-8")


def test_markdown_renders_with_chart_image_and_tables(rendered: dict[str, bytes]) -> None:
    import base64

    from PIL import Image

    md = rendered["md"].decode()
    uri = DATA_URI.search(md)
    assert uri is not None
    image = Image.open(io.BytesIO(base64.b64decode(uri.group(0).split(",", 1)[1])))
    assert image.format == "PNG" and image.width > 600
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(md)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in soup.find_all("h2")] == list(SECTION_TITLES)
    assert soup.find("img")["src"].startswith("data:image/png;base64,")
    assert len(soup.find_all("table")) > 5


# --------------------------------------------------------------------------------------------
# Charts and escaping helpers
# --------------------------------------------------------------------------------------------


def test_charts_agree_and_label_every_bar(content: ToolkitContent) -> None:
    bars = content.summary.themes
    svg = ET.fromstring(theme_chart_svg(bars))
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in svg.iter(f"{ns}text")]
    assert texts == [x for b in bars for x in (b.title, b.label)]
    from PIL import Image

    png = Image.open(io.BytesIO(theme_chart_png(bars)))
    assert png.size == (int(svg.get("width", 0)) * 2, int(svg.get("height", 0)) * 2)
    lines = theme_chart_text(bars).splitlines()
    assert len(lines) == len(bars)
    for line, bar in zip(lines, bars, strict=True):
        assert line.startswith(bar.title) and line.endswith(bar.label)
        assert line.count("█") == round(20 * bar.score / 100)


def test_quotes_mark_the_matched_words(content: ToolkitContent, analysis: Analysis) -> None:
    results = {c.id: c for c in analysis.criteria}
    marked = 0
    for section in content.sections:
        for quote in section.quotes:
            assert "".join(p.text for p in quote.parts) == quote.text
            matched = {m.lower() for e in results[section.row.id].evidence for m in e.matched}
            for part in quote.parts:
                if part.hit:
                    marked += 1
                    assert part.text.lower() in matched
    assert marked > 0


def test_md_escape_and_clean() -> None:
    assert clean("a\x00b\x08c\x0bd\x1f e\n\n f") == "abcd e f"
    assert md_escape("<b>x</b> *y* [l](u) | a_b & `c`") == (
        r"\<b\>x\</b\> \*y\* \[l\](u) \| a\_b \& \`c\`"
    )
    assert md_escape("1. item") == r"1\. item"
    assert md_escape("- item") == r"\- item"
    assert md_escape("2026.11") == "2026.11"
    assert md_escape("{{ 7*7 }}") == r"{{ 7\*7 }}"


# --------------------------------------------------------------------------------------------
# Template errors
# --------------------------------------------------------------------------------------------


def _copy_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    return folder


@pytest.mark.parametrize("fmt,name", [("md", "toolkit.md.j2"), ("html", "toolkit.html.j2")])
def test_missing_variable_fails_loudly(
    tmp_path: Path, analysis: Analysis, rubric: Rubric, fmt: str, name: str
) -> None:
    folder = _copy_templates(tmp_path)
    template = folder / name
    template.write_text(
        template.read_text(encoding="utf-8") + "\n{{ cover.no_such_field }}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateError) as info:
        render_toolkit(analysis, rubric, fmt=fmt, org=ORG, template_dir=folder)
    assert str(template) in str(info.value) and "no_such_field" in str(info.value)


def test_missing_variable_in_word_template_fails(
    tmp_path: Path, analysis: Analysis, rubric: Rubric
) -> None:
    import docx

    folder = _copy_templates(tmp_path)
    document = docx.Document(str(folder / "toolkit.docx"))
    document.add_paragraph("{{ summary.undefined_thing }}")
    document.save(str(folder / "toolkit.docx"))
    with pytest.raises(TemplateError, match="undefined_thing"):
        render_toolkit(analysis, rubric, fmt="docx", org=ORG, template_dir=folder)


def test_template_syntax_error_names_the_line(
    tmp_path: Path, analysis: Analysis, rubric: Rubric
) -> None:
    folder = _copy_templates(tmp_path)
    (folder / "toolkit.md.j2").write_text("# ok\n{% for x in %}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"line 2.*syntax error"):
        render_toolkit(analysis, rubric, fmt="md", org=ORG, template_dir=folder)


def test_missing_template_folder_says_how_to_override(
    tmp_path: Path, analysis: Analysis, rubric: Rubric
) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(TemplateError) as info:
        render_toolkit(analysis, rubric, fmt="html", org=ORG, template_dir=missing)
    message = str(info.value)
    assert str(missing) in message and "--templates" in message and "COC_TEMPLATES" in message
    assert "template_dir" not in message  # a Python name; people read the command's options


def test_missing_template_file_and_unknown_format(
    tmp_path: Path, analysis: Analysis, rubric: Rubric, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.setenv("COC_TEMPLATES", str(folder))
    with pytest.raises(TemplateError, match=r"toolkit\.docx is missing"):
        render_toolkit(analysis, rubric, fmt="docx", org=ORG)
    with pytest.raises(TemplateError, match="choose one of: docx, pdf, html, md"):
        render_toolkit(analysis, rubric, fmt="rtf", org=ORG, template_dir=TEMPLATES)


def test_word_template_is_a_real_editable_document() -> None:
    """The committed toolkit.docx opens in python-docx with styled headings and Jinja tags."""
    import docx

    document = docx.Document(str(TEMPLATES / "toolkit.docx"))
    styles = {s.name for s in document.styles}
    assert {"Heading 1", "Evidence Quote", "Model Clause"} <= styles
    texts = [p.text for p in document.paragraphs]
    assert "{%p for s in sections %}" in texts
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "{%tr for gap in gaps %}" in cells
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(SECTION_TITLES)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_no_gaps_and_no_evidence_still_render(analysis: Analysis, rubric: Rubric, fmt: str) -> None:
    """A perfect score in the general sector: no gaps, no evidence, no sector risks."""
    perfect = analysis.model_copy(
        update={
            "criteria": [
                c.model_copy(update={"level": 3, "evidence": []}) for c in analysis.criteria
            ]
        }
    )
    content = build_content(perfect, rubric, org=ORG, sector="general", date=DATE)
    assert content.gaps == () and content.sections == () and content.evidence == ()
    assert content.plan.phases == () and content.plan.rest == 0
    data = render_toolkit(perfect, rubric, fmt=fmt, org=ORG, sector="general", date=DATE)
    text = docx_text(data) if fmt == "docx" else data.decode()
    assert "No gaps: every applicable criterion meets its target level" in text


def test_pdf_without_weasyprint_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, analysis: Analysis, rubric: Rubric
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    with pytest.raises(TemplateError, match="--format html"):
        render_toolkit(analysis, rubric, fmt="pdf", org=ORG)


def test_non_english_document_is_flagged_on_the_first_page(tmp_path: Path) -> None:
    # a Spanish code scores low because the rubric reads English: a reader must learn that
    # before the scores, in every format
    from analyzer.engine import Engine
    from analyzer.resources import shared_dir

    spanish = shared_dir() / "docs" / "USDOL-ComplyChain_code-standards_ES.md"
    if not spanish.is_file():
        pytest.skip("shared Spanish text not available")
    analysis = Engine.from_defaults(use_model=False).analyze(spanish)
    rubric = load_rubric()
    content = build_content(analysis, rubric, org="Ejemplo SA")
    assert content.notices and "Spanish" in content.notices[0]
    assert "clauses" in content.cover.document_size  # a Markdown file has no pages
    md = render_toolkit(analysis, rubric, fmt="md", org="Ejemplo SA").decode("utf-8")
    assert md.index("Read this first") < md.index("Overall score")
    html = render_toolkit(analysis, rubric, fmt="html", org="Ejemplo SA").decode("utf-8")
    assert html.index("Read this first") < html.index("Overall score")
    import docx

    document = docx.Document(
        io.BytesIO(render_toolkit(analysis, rubric, fmt="docx", org="Ejemplo SA"))
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.index("Read this first") < text.index("Overall score")


def test_legal_quotes_fit_the_element_and_files_without_pages_cite_clauses(tmp_path: Path) -> None:
    # FAR 52.222-50 (b)(3) "No use of forced labour" must quote "(3) Use forced labor ...", not
    # the criterion's strongest clause on trafficking; a text file has no pages, so its quotes
    # give the clause number instead of "p. 1"
    from analyzer.engine import Engine
    from analyzer.resources import shared_dir

    far = shared_dir() / "docs" / "US-FAR_52.222-50_Nov2021.txt"
    if not far.is_file():
        pytest.skip("shared FAR text not available")
    rubric = load_rubric()
    analysis = Engine.from_defaults().analyze(far, sector="transport_logistics")
    content = build_content(analysis, rubric, org="Acme Logistics")
    rows = {r.ref: r for s in content.legal if s.id == "us_far" for r in s.rows}
    forced = next(r for ref, r in rows.items() if "forced labour" in r.label.lower())
    assert forced.quotes and "forced labor" in forced.quotes[0].text.lower()
    quotes = [q for s in content.sections for q in s.quotes]
    assert quotes and all(q.page_label.startswith("clause ") for q in quotes)
    assert all(not e.page_label.startswith("p.") for e in content.evidence)
    assert {e.source for e in content.evidence} <= {
        "the rubric's wording",
        "the trained model",
        "the rubric's wording and the trained model",
        "the clause before it",
    }
