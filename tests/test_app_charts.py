"""The app's Altair charts: valid Vega-Lite, colour-blind-safe colours, values printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _views_data import make_analysis

from analyzer import views

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _root_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))


def _spec(chart: Any) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict()  # validates against the Vega-Lite schema
    return spec


def _marks(spec: dict[str, Any]) -> list[str]:
    out = []
    for layer in spec["layer"]:
        mark = layer["mark"]
        out.append(mark if isinstance(mark, str) else mark["type"])
    return out


def test_theme_chart_prints_scores_in_one_safe_colour() -> None:
    from app_pages import charts

    spec = _spec(charts.theme_bar_chart(views.theme_rows(make_analysis())))
    assert _marks(spec) == ["bar", "text"]
    assert spec["layer"][0]["mark"]["color"] == charts.OKABE_ITO[0]
    assert spec["layer"][1]["encoding"]["text"]["field"] == "Score"


def test_heatmap_prints_levels_and_uses_viridis_with_independent_text_colours() -> None:
    from app_pages import charts

    a = make_analysis()
    b = make_analysis("b.pdf", "b" * 64, no_fees=0)
    spec = _spec(charts.level_heatmap(views.heatmap_rows([a, b])))
    assert _marks(spec) == ["rect", "text"]
    assert spec["resolve"]["scale"]["color"] == "independent"
    cell_scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert cell_scale["range"] == [*charts.LEVEL_COLOURS, charts.NOT_APPLICABLE]
    assert cell_scale["domain"][:4] == ["Absent", "Mention", "Commitment", "Best practice"]
    data = json.dumps(spec["datasets"])
    assert '"n/a"' in data  # the non-applicable criterion is labelled, not shown as 0


def test_grouped_theme_and_sector_charts_use_okabe_ito() -> None:
    from app_pages import charts

    a, b = make_analysis("a.pdf"), make_analysis("b.pdf", "b" * 64)
    spec = _spec(charts.grouped_theme_chart(views.theme_comparison_rows([a, b])))
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"] == list(charts.OKABE_ITO[:2])
    spec = _spec(charts.sector_bar_chart(views.sector_rows(a), chosen="apparel"))
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"] == [
        charts.OKABE_ITO[1],
        charts.OKABE_ITO[0],
    ]
    assert "Chosen sector" in json.dumps(spec["datasets"])


def test_charts_accept_empty_rows() -> None:
    from app_pages import charts

    for build in (charts.theme_bar_chart, charts.level_heatmap, charts.grouped_theme_chart):
        _spec(build([]))
    _spec(charts.sector_bar_chart([]))


def test_heatmap_has_criteria_as_rows_and_documents_as_numbered_columns_in_given_order() -> None:
    from app_pages import charts

    # "z.pdf" first: the columns follow the order given (the picker's), not the alphabet.
    a, b = make_analysis("z.pdf"), make_analysis("a.pdf", "b" * 64, no_fees=0)
    spec = _spec(charts.level_heatmap(views.heatmap_rows([a, b])))
    x, y = spec["layer"][0]["encoding"]["x"], spec["layer"][0]["encoding"]["y"]
    assert x["field"] == "Column" and x["sort"] == ["1", "2"]
    assert y["field"] == "Criterion"
    assert y["sort"] == [c.title for c in a.criteria]  # full titles, rubric order
    assert y["axis"]["labelLimit"] >= 400 and x["axis"]["labelAngle"] == 0
    rows = next(iter(spec["datasets"].values()))
    assert {(r["Column"], r["Document"]) for r in rows} == {("1", "z.pdf"), ("2", "a.pdf")}
