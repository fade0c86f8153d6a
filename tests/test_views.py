"""Unit tests for analyzer.views: the pure view models behind the app."""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import replace

import pytest
from _views_data import make_analysis

from analyzer import views
from analyzer.errors import SectorError
from analyzer.results import Analysis, Practice
from analyzer.rubric import Rubric, load_rubric
from analyzer.store import CriterionBenchmark, DocumentSummary


def test_headline_counts_met_only_among_applicable() -> None:
    h = views.headline(make_analysis())
    # no_fees 3>=3 and audits 2>=2 are met; free_to_leave and grievance are not; 1 n/a.
    assert (h.met, h.applicable, h.met_text) == (2, 4, "2 / 4")
    assert h.gaps == 2
    assert h.overall_score == 48.3 and h.suitability == 41.0
    assert h.missing_must_haves == ("Grievance",)


def test_gap_rows_order_is_priority_descending() -> None:
    rows = views.gap_rows(make_analysis())
    # grievance 2 x 1.5 x (3-0) = 9 before free_to_leave 3 x 1 x (2-1) = 3; met and
    # not-applicable criteria are left out.
    assert [r["id"] for r in rows] == ["grievance", "free_to_leave"]
    assert rows[0]["id"] == "grievance" and rows[0]["Priority"] == 9.0
    assert rows[0]["Must-have"] is True and rows[0]["Gap"] == 3
    assert rows[1]["Evidence pages"] == "3"


def test_gap_rows_include_met_lists_everything_applicable() -> None:
    rows = views.gap_rows(make_analysis(), include_met=True)
    assert len(rows) == 4 and rows[-1]["Priority"] == 0.0
    assert "fishing_vessels" not in {r["id"] for r in rows}


def test_gap_rows_tie_broken_by_weight_then_id() -> None:
    a = make_analysis(no_fees=2, free_to_leave=1)  # no_fees: 3*2*1=6 ; free_to_leave: 3
    rows = views.gap_rows(a)
    assert [r["id"] for r in rows] == ["grievance", "no_fees", "free_to_leave"]


def test_theme_rows_and_grouping_keep_rubric_order() -> None:
    a = make_analysis()
    assert [r["Theme"] for r in views.theme_rows(a)] == [
        "Responsible recruitment",
        "Worker voice and remedy",
    ]
    groups = views.criteria_by_theme(a)
    assert [g for g, _ in groups] == ["Responsible recruitment", "Worker voice and remedy"]
    assert [c.id for c in groups[1][1]] == ["grievance", "audits", "fishing_vessels"]
    # A theme the analysis did not score is listed last, under the title given for it.
    extra = a.model_copy(update={"themes": a.themes[:1]})
    groups = views.criteria_by_theme(extra, {"remedy": "Remedy (from the rubric)"})
    assert [g for g, _ in groups] == ["Responsible recruitment", "Remedy (from the rubric)"]


def test_evidence_rows_strongest_first() -> None:
    rows = views.evidence_rows(make_analysis().criteria[0])
    assert [r["Page"] for r in rows] == [2, 5]
    assert rows[0]["Level"] == "3 Best practice"


def test_sector_rows_ranked_with_missing_must_have_titles() -> None:
    rows = views.sector_rows(make_analysis())
    assert [r["id"] for r in rows] == ["seafood", "general", "apparel"]
    assert rows[2]["Must-haves missing"] == "Grievance" and rows[2]["Rank"] == 3


def test_notices_add_ocr_and_model_fallback_once() -> None:
    a = make_analysis()
    msgs = views.notices(a)
    assert msgs[0] == "Engine note."
    assert any("Page 4" in m and "OCR" in m for m in msgs)
    assert any("rules only" in m for m in msgs)
    assert not any("English" in m for m in msgs)
    fr = a.model_copy(update={"document": a.document.model_copy(update={"language": "fr"})})
    assert any("'fr'" in m for m in views.notices(fr))
    # When the engine already explains a topic, no second notice about it is added.
    said = a.model_copy(
        update={"warnings": ["No trained model found; rules only.", "Page 4 read with OCR."]}
    )
    assert views.notices(said) == ["No trained model found; rules only.", "Page 4 read with OCR."]


def test_highlight_spans_case_insensitive_merged_and_word_bounded() -> None:
    text = "Recruitment fees and FEES for coffee; recruitment fees."
    spans = views.highlight_spans(text, ["recruitment fees", "fees", "fee", ""])
    assert [text[s:e] for s, e in spans] == ["Recruitment fees", "FEES", "recruitment fees"]


def test_highlight_spans_treat_phrases_literally() -> None:
    assert views.highlight_spans("a.b axb", ["a.b"]) == [(0, 3)]
    assert views.highlight_spans("(x)", ["(x)"]) == [(0, 3)]


HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) "
    "**bold** :red[red] $x^2$ `code` # heading\n\n- list & 'quote' \"dq\""
)


def test_evidence_html_has_no_markup_but_ours() -> None:
    out = views.evidence_html(HOSTILE, ["alert", "bold"])
    stripped = out.replace("<mark>", "").replace("</mark>", "")
    for ch in "<>[]()*`$:#\n\"'":
        assert ch not in stripped.replace("&#", "").replace(";", ""), ch
    # It decodes back to exactly the (whitespace-normalised) original text.
    assert html.unescape(stripped) == " ".join(HOSTILE.split())
    assert out.count("<mark>") == 4  # three "alert" + one "bold"


def test_evidence_html_keeps_spaces_around_marks() -> None:
    out = views.evidence_html("We pay no recruitment fees at all.", ["recruitment fees"])
    assert html.unescape(out) == "We pay no <mark>recruitment fees</mark> at all."


def test_safe_text_single_line() -> None:
    assert views.safe_text("a\n\nb  c") == "a b c"
    assert views.safe_text("&amp;") == "&#38;amp;"
    assert views.safe_text("Terms of sale.") == "Terms of sale."
    # A leading list or heading marker is neutralised; the same characters later are kept.
    assert views.safe_text("1. First - second") == "&#49;. First - second"
    assert views.safe_text("- item") == "&#45; item"


def _two() -> tuple[Analysis, Analysis]:
    a = make_analysis("a.pdf", "a" * 64)
    b = make_analysis("b.pdf", "b" * 64, no_fees=1, audits=3, grievance=2)
    return a, b


def test_heatmap_rows_cover_documents_x_criteria() -> None:
    a, b = _two()
    rows = views.heatmap_rows([a, b])
    assert len(rows) == 10
    cell = {(r["Document"], r["criterion_id"]): r for r in rows}
    assert cell[("b.pdf", "no_fees")]["Level"] == 1
    assert cell[("a.pdf", "fishing_vessels")]["Level"] is None
    assert cell[("a.pdf", "fishing_vessels")]["Level label"] == "Not applicable"


def test_document_labels_disambiguate_same_name() -> None:
    a = make_analysis("same.pdf", "1" * 64)
    b = make_analysis("same.pdf", "2" * 64)
    assert views.document_labels([a, b]) == ["same.pdf (11111111)", "same.pdf (22222222)"]


def test_theme_comparison_rows() -> None:
    a, b = _two()
    rows = views.theme_comparison_rows([a, b])
    assert [(r["Document"], r["theme_id"]) for r in rows] == [
        ("a.pdf", "recruitment"),
        ("a.pdf", "remedy"),
        ("b.pdf", "recruitment"),
        ("b.pdf", "remedy"),
    ]


def test_has_lacks_both_directions() -> None:
    a, b = _two()
    a_has = views.has_lacks(a, b)
    assert [r["id"] for r in a_has] == ["no_fees"]
    assert a_has[0]["Has"] == "3 Best practice" and a_has[0]["Lacks"] == "1 Mention"
    assert "recruitment fees" in str(a_has[0]["Example clause"]) and a_has[0]["Page"] == 2
    b_has = views.has_lacks(b, a)
    assert [r["id"] for r in b_has] == ["grievance"]  # audits: a already has 2
    assert views.has_lacks(a, a) == []
    # fishing_vessels does not apply to the sector: never listed, whatever its levels.
    c = make_analysis("c.pdf", "c" * 64, fishing_vessels=3)
    assert "fishing_vessels" not in {r["id"] for r in views.has_lacks(c, a)}
    assert [r["id"] for r in views.has_lacks(b, a, threshold=3)] == ["audits"]


def test_csv_one_row_per_criterion_and_formula_safe() -> None:
    a = make_analysis()
    rows = list(csv.DictReader(io.StringIO(views.analysis_csv(a))))
    assert [r["criterion_id"] for r in rows] == [c.id for c in a.criteria]
    assert tuple(rows[0].keys()) == views.CSV_FIELDS
    assert rows[0]["met"] == "True" and rows[0]["evidence_pages"] == "2, 5"
    assert rows[0]["best_evidence"].startswith("Workers shall never pay")
    assert rows[1]["best_evidence"] == '\'=HYPERLINK("x")'


def test_json_round_trips() -> None:
    a = make_analysis()
    assert Analysis.model_validate(json.loads(views.analysis_json(a))) == a


@pytest.mark.parametrize(("level", "label"), [(0, "Absent"), (3, "Best practice"), (7, "7")])
def test_level_label(level: int, label: str) -> None:
    assert views.level_label(level) == label


@pytest.mark.parametrize(
    ("basis", "text"),
    [
        ("3/cue/single", "best practice from one clause with a rubric cue"),
        ("2/model/several", "commitment from several clauses found by the model only"),
        ("0/near", "absent, though a clause came close"),
        ("0/far", "absent; no clause came close"),
        ("", ""),
        ("0", ""),
        ("9/cue/single", ""),
    ],
)
def test_confidence_basis_text(basis: str, text: str) -> None:
    assert views.confidence_basis_text(basis) == text


def _summary(i: int, name: str, added: str, sector: str | None = "apparel") -> DocumentSummary:
    return DocumentSummary(
        id=i,
        sha256=f"{i:064x}",
        name=name,
        organisation="Org" if i % 2 else None,
        sector=sector,
        doc_type="code of conduct",
        year=2025,
        language="en",
        pages=4,
        media_type="pdf",
        added_at=added,
        analyses=1,
        overall_score=61.234,
        suitability=None,
        rubric_version="1",
        model_version="rules::",
    )


def test_corpus_rows_newest_first_and_rounded() -> None:
    rows = views.corpus_rows(
        [
            _summary(1, "old.pdf", "2026-01-01T00:00:00"),
            _summary(2, "new.pdf", "2026-03-01T10:00:00", sector=None),
        ]
    )
    assert [r["Document"] for r in rows] == ["new.pdf", "old.pdf"]
    assert rows[0]["Sector"] == "" and rows[0]["Organisation"] == ""
    assert rows[1]["Overall score"] == 61.2 and rows[1]["Suitability"] is None
    assert rows[1]["Added"] == "2026-01-01"
    assert rows[1]["Pages"] == 4
    md = views.corpus_rows(
        [replace(_summary(3, "code.md", "2026-01-01T00:00:00"), media_type="markdown")],
        {"apparel": "Apparel, textiles and footwear"},
    )
    assert md[0]["Pages"] is None  # no fixed pages in a text file
    assert md[0]["Sector"] == "Apparel, textiles and footwear"  # the label, not the id


def test_practice_rows_flatten_whitespace() -> None:
    p = Practice(
        criterion_id="no_fees",
        text="We  repay\nall fees.",
        level=3,
        page=4,
        document_name="x.pdf",
        organisation="X",
        sector="apparel",
    )
    rows = views.practice_rows([p])
    assert rows == [
        {
            "Level": "3 Best practice",
            "Clause": "We repay all fees.",
            "Document": "x.pdf",
            "Organisation": "X",
            "Sector": "apparel",
            "Page": 4,
        }
    ]


def test_legal_summary_and_rows() -> None:
    a = make_analysis()
    assert views.legal_summary(a) == [
        {
            "Framework": "UK Modern Slavery Act",
            "Elements covered": "1 / 2",
            "Share covered": 50.0,
            "id": "uk_msa",
        },
        {
            "Framework": "us_far",
            "Elements covered": "1 / 1",
            "Share covered": 100.0,
            "id": "us_far",
        },
    ]
    rows = views.legal_rows(a, "uk_msa")
    assert [(r["Element"], r["Covered"]) for r in rows] == [("Policies", True), ("Remedy", False)]
    assert rows[0]["Criteria met"] == "No Fees"
    assert rows[0]["Criteria that count"] == "No Fees; Grievance"
    assert views.legal_rows(a, "eu_flr") == []


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def test_rubric_rows_cover_every_criterion_in_order(rubric: Rubric) -> None:
    rows = views.rubric_rows(rubric)
    assert [r["id"] for r in rows] == [c.id for c in rubric.criteria]
    first = rubric.criteria[0]
    assert rows[0]["Criterion"] == first.title
    assert rows[0]["Frameworks"].startswith(first.frameworks[0].framework)  # type: ignore[union-attr]
    assert {r["Theme"] for r in rows} == {t.title for t in rubric.themes}


def test_criterion_tags_and_frameworks_text(rubric: Rubric) -> None:
    core = next(c for c in rubric.criteria if c.core)
    assert views.criterion_tags(core)[:2] == [f"weight {core.base_weight}", "core"]
    assert views.criterion_tags(core, weight="base weight")[0] == f"base weight {core.base_weight}"
    specific = next(c for c in rubric.criteria if c.sector_specific)
    assert views.criterion_tags(specific)[-1] == "sector-specific"
    plain = next(c for c in rubric.criteria if not c.core and not c.sector_specific)
    assert views.criterion_tags(plain) == [f"weight {plain.base_weight}"]
    f = core.frameworks[0]
    assert views.frameworks_text(core).startswith(f"{f.framework} ({f.reference})")
    assert views.frameworks_text(core).count("; ") == len(core.frameworks) - 1


def test_sector_profile_uses_titles(rubric: Rubric) -> None:
    sector = next(s for s in rubric.sectors if s.multipliers and s.specific_criteria)
    profile = views.sector_profile(rubric, sector.id)
    titles = {c.id: c.title for c in rubric.criteria}
    assert profile.must_haves == [titles[i] for i in rubric.must_haves(sector.id)]
    assert profile.specific == [titles[i] for i in sector.specific_criteria]
    critical = [i for i, v in sector.multipliers.items() if v == "critical"]
    assert sorted(profile.critical) == sorted(titles[i] for i in critical)
    assert len(profile.risk_factors) == len(sector.risk_factors)
    with pytest.raises(SectorError):
        views.sector_profile(rubric, "no_such_sector")


def test_benchmark_rows_in_rubric_order_with_your_level(rubric: Rubric) -> None:
    ids = [c.id for c in rubric.criteria]
    bench = [
        CriterionBenchmark(ids[1], 4, 1.5, 1.0, 2.0, 2.0, 0.5),
        CriterionBenchmark(ids[0], 4, 2.25, 2.0, 2.0, 3.0, 0.75),
    ]
    a = make_analysis()
    mine = a.model_copy(
        update={
            "criteria": [
                a.criteria[0].model_copy(update={"id": ids[0], "level": 3}),
                a.criteria[1].model_copy(update={"id": ids[1], "level": 1}),
            ]
        }
    )
    rows = views.benchmark_rows(bench, rubric, mine)
    assert [r["id"] for r in rows] == ids[:2]
    assert rows[0]["At commitment or better"] == 75.0 and rows[0]["Median"] == 2.0
    assert (rows[0]["Your level"], rows[0]["Versus median"]) == (3, "above")
    assert (rows[1]["Your level"], rows[1]["Versus median"]) == (1, "below")
    assert "Your level" not in views.benchmark_rows(bench, rubric)[0]
    # a criterion no stored document is graded on (not applicable to their sectors): left out
    ungraded = CriterionBenchmark(ids[2], 0, None, None, None, None, None)
    assert [r["id"] for r in views.benchmark_rows([*bench, ungraded], rubric, mine)] == ids[:2]
