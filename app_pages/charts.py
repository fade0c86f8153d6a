"""Altair chart builders for the app: colour-blind-safe palettes and text labels on every mark.

Each function takes the plain rows of :mod:`analyzer.views` and returns an Altair chart; none
touches Streamlit, so the specs can be checked in tests.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from analyzer.views import LEVEL_LABELS, Row

# Okabe & Ito (2008), the palette designed to stay distinct for the common colour-vision
# deficiencies. Used for categorical colours (documents, highlighted sector).
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
# Levels 0-3 on a viridis ramp: ordered, perceptually uniform and colour-blind-safe; the level
# number is also printed in each cell so colour is never the only cue.
LEVEL_COLOURS = ("#440154", "#31688E", "#35B779", "#FDE725")
LEVEL_TEXT = ("#FFFFFF", "#FFFFFF", "#000000", "#000000")
NOT_APPLICABLE = "#D9D9D9"


def theme_bar_chart(rows: Sequence[Row]) -> alt.LayerChart:
    """Horizontal bars, one per theme (score 0-100), with the score printed beside each bar."""
    data = pd.DataFrame(list(rows))
    order = list(data["Theme"]) if not data.empty else []
    base = alt.Chart(data).encode(
        y=alt.Y("Theme:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
        tooltip=[alt.Tooltip("Theme:N"), alt.Tooltip("Score:Q", format=".0f")],
    )
    bars = base.mark_bar(color=OKABE_ITO[0])
    labels = base.mark_text(align="left", dx=4, color="#000000").encode(
        text=alt.Text("Score:Q", format=".0f")
    )
    chart: alt.LayerChart = (bars + labels).properties(height=alt.Step(30))
    return chart


def level_heatmap(rows: Sequence[Row]) -> alt.LayerChart:
    """Criteria (rows, full titles, rubric order) x documents (columns, in the order given),
    coloured by level 0-3, the level printed in each cell.

    Columns are headed by the documents' numbers (1, 2, ... in the order given), so any number
    of documents fits beside the full criterion titles; the page prints which number is which
    document, and each cell's tooltip names it.
    """
    data = pd.DataFrame(list(rows))
    if not data.empty:
        data["Level text"] = data["Level"].map(
            lambda v: "n/a" if v is None or pd.isna(v) else str(int(v))
        )
        data["Colour key"] = data["Level label"]
        criteria = list(dict.fromkeys(data.sort_values("order", kind="stable")["Criterion"]))
        documents = list(dict.fromkeys(data["Document"]))
    else:
        criteria, documents = [], []
    number = {d: str(i) for i, d in enumerate(documents, start=1)}
    data["Column"] = data["Document"].map(number) if documents else []
    domain = [*LEVEL_LABELS.values(), "Not applicable"]
    colours = [*LEVEL_COLOURS, NOT_APPLICABLE]
    base = alt.Chart(data).encode(
        x=alt.X(
            "Column:N",
            sort=list(number.values()),
            title=None,
            axis=alt.Axis(orient="top", labelAngle=0, labelOverlap=False, labelFontSize=12),
        ),
        y=alt.Y(
            "Criterion:N",
            sort=criteria,
            title=None,
            axis=alt.Axis(labelLimit=420, labelOverlap=False),
        ),
        tooltip=[
            alt.Tooltip("Document:N"),
            alt.Tooltip("Theme:N"),
            alt.Tooltip("Criterion:N"),
            alt.Tooltip("Level label:N", title="Level"),
        ],
    )
    cells = base.mark_rect(stroke="#FFFFFF", strokeWidth=1).encode(
        color=alt.Color(
            "Colour key:N",
            scale=alt.Scale(domain=domain, range=colours),
            title="Level",
            legend=alt.Legend(orient="bottom"),
        )
    )
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("Level text:N"),
        color=alt.Color(
            "Colour key:N",
            scale=alt.Scale(domain=domain, range=[*LEVEL_TEXT, "#000000"]),
            legend=None,
        ),
    )
    # Independent colour scales: the text layer's colours are chosen for contrast on each cell.
    chart: alt.LayerChart = (
        (cells + text)
        .resolve_scale(color="independent")
        .properties(height=alt.Step(24), width=alt.Step(32))
    )
    return chart


def grouped_theme_chart(rows: Sequence[Row]) -> alt.LayerChart:
    """Theme scores per document: grouped horizontal bars, Okabe-Ito colours, scores printed."""
    data = pd.DataFrame(list(rows))
    themes = list(dict.fromkeys(data.sort_values("order")["Theme"])) if not data.empty else []
    docs = list(dict.fromkeys(data["Document"])) if not data.empty else []
    base = alt.Chart(data).encode(
        y=alt.Y("Theme:N", sort=themes, title=None, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("Document:N", sort=docs),
        x=alt.X("Score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
        tooltip=[
            alt.Tooltip("Document:N"),
            alt.Tooltip("Theme:N"),
            alt.Tooltip("Score:Q", format=".0f"),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "Document:N",
            sort=docs,
            scale=alt.Scale(domain=docs, range=list(OKABE_ITO[: max(1, len(docs))])),
            legend=alt.Legend(orient="top", labelLimit=300),
        )
    )
    labels = base.mark_text(align="left", dx=3, fontSize=10, color="#000000").encode(
        text=alt.Text("Score:Q", format=".0f")
    )
    chart: alt.LayerChart = (bars + labels).properties(height=alt.Step(14))
    return chart


def sector_bar_chart(rows: Sequence[Row], chosen: str | None = None) -> alt.LayerChart:
    """Suitability per sector, best first; the chosen sector in orange, the rest in blue."""
    data = pd.DataFrame(list(rows))
    if not data.empty:
        data["Chosen"] = data["id"].map(
            lambda i: "Chosen sector" if i == chosen else "Other sectors"
        )
    order = list(data["Sector"]) if not data.empty else []
    base = alt.Chart(data).encode(
        y=alt.Y("Sector:N", sort=order, title=None, axis=alt.Axis(labelLimit=340)),
        x=alt.X("Suitability:Q", scale=alt.Scale(domain=[0, 100]), title="Suitability (0-100)"),
        tooltip=[
            alt.Tooltip("Sector:N"),
            alt.Tooltip("Suitability:Q", format=".0f"),
            alt.Tooltip("Must-haves missing:N"),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "Chosen:N",
            scale=alt.Scale(
                domain=["Chosen sector", "Other sectors"], range=[OKABE_ITO[1], OKABE_ITO[0]]
            ),
            legend=alt.Legend(orient="top", title=None),
        )
    )
    labels = base.mark_text(align="left", dx=4, color="#000000").encode(
        text=alt.Text("Suitability:Q", format=".0f")
    )
    chart: alt.LayerChart = (bars + labels).properties(height=alt.Step(28))
    return chart
