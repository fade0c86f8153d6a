"""Compare documents page: levels side by side, theme scores, and what one has that another
lacks."""

from __future__ import annotations

import streamlit as st

from analyzer import views
from analyzer.results import Analysis
from app_pages import charts, corpus_access, state

st.title("Compare documents")
st.markdown(
    "Put several codes side by side: the analyses from this session, plus any from the corpus. "
    "Levels are shown for the sector chosen in the sidebar (sector-specific criteria that do "
    "not apply are greyed out)."
)

sector = state.current_sector()
session = state.session_analyses()
# One picker: the documents of this session first (picked by default), then those stored in
# the corpus (loaded only when picked). Keys: "session:<sha256>" / "corpus:<sha256>".
options: dict[str, str] = {
    f"session:{a.document.sha256}": label
    for a, label in zip(session, views.document_labels(session), strict=True)
}
in_session = {a.document.sha256 for a in session}
options.update(
    {
        f"corpus:{row.key}": f"{row.label} (corpus)"
        for row in corpus_access.list_documents()
        if row.key not in in_session
    }
)
if len(options) < 2:
    st.info(
        "Analyse at least two documents on the **Analyze** page (you can upload several at "
        "once), or add documents to the corpus, to compare them here.",
        icon=":material/compare:",
    )
    if not options:
        st.stop()

picked = st.multiselect(
    "Documents to compare",
    list(options),
    default=[k for k in options if k.startswith("session:")][:6],
    format_func=lambda k: options.get(k, k),
    key="compare_docs",
    placeholder="Choose documents from this session or the corpus",
    help="The documents analysed in this session, then those stored in the corpus "
    "(marked *corpus*). They are shown in the order you pick them.",
)
by_sha = {a.document.sha256: a for a in session}
chosen: list[Analysis] = []
for k in picked:
    kind, _, sha = k.partition(":")
    found = by_sha.get(sha) if kind == "session" else corpus_access.get_analysis(sha)
    if found is not None:
        chosen.append(state.for_sector(found, sector))
if not chosen:
    st.stop()

names = views.document_labels(chosen)
st.subheader("Criterion levels")
st.caption(
    "Each cell is a criterion's level in a document: 0 absent, 1 mention, 2 commitment, "
    "3 best practice; n/a where the criterion does not apply to the sector."
)
st.markdown(
    "Columns: " + " · ".join(f"**{i}** {views.safe_text(n)}" for i, n in enumerate(names, start=1)),
    unsafe_allow_html=True,
)
st.altair_chart(charts.level_heatmap(views.heatmap_rows(chosen)), width="stretch")

st.subheader("Theme scores")
st.altair_chart(charts.grouped_theme_chart(views.theme_comparison_rows(chosen)), width="stretch")

heads = [views.headline(a) for a in chosen]
summary = [
    {
        "Document": label,
        "Overall score": h.overall_score,
        f"Suitability ({h.sector_label})": h.suitability,
        "Criteria met": h.met_text,
    }
    for label, h in zip(names, heads, strict=True)
]
st.dataframe(
    summary,
    hide_index=True,
    column_config={
        "Overall score": st.column_config.NumberColumn(format="%.0f"),
        f"Suitability ({heads[0].sector_label})": st.column_config.NumberColumn(format="%.0f"),
    },
    key="compare_summary",
)

if len(chosen) >= 2:
    st.subheader("What one has that another lacks")
    c1, c2, c3 = st.columns([2, 2, 1])
    first = c1.selectbox(
        "Document A", range(len(chosen)), format_func=lambda i: names[i], key="diff_a"
    )
    second = c2.selectbox(
        "Document B",
        range(len(chosen)),
        index=1,
        format_func=lambda i: names[i],
        key="diff_b",
    )
    threshold = c3.selectbox(
        "Counts as having it from",
        [2, 3],
        format_func=lambda v: f"{v} {views.level_label(v)}",
        key="diff_threshold",
    )
    i_a = first if first is not None and first < len(chosen) else 0
    i_b = second if second is not None and second < len(chosen) else 1
    a, b = chosen[i_a], chosen[i_b]
    if a.document.sha256 == b.document.sha256:
        st.info("Pick two different documents.")
    else:
        for x, y, nx, ny in ((a, b, names[i_a], names[i_b]), (b, a, names[i_b], names[i_a])):
            rows = views.has_lacks(x, y, threshold=threshold or 2)
            st.markdown(
                f"**{views.safe_text(nx)}** has, **{views.safe_text(ny)}** lacks ({len(rows)})",
                unsafe_allow_html=True,
            )
            if rows:
                st.dataframe(
                    rows,
                    hide_index=True,
                    column_order=["Criterion", "Has", "Lacks", "Page", "Example clause"],
                    key=f"diff_{x.document.sha256[:8]}_{y.document.sha256[:8]}",
                )
            else:
                st.caption("Nothing.")
