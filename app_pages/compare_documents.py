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
pool: dict[str, Analysis] = {a.document.sha256: a for a in state.session_analyses()}

stored = corpus_access.list_documents()
if stored:
    labels = {row.key: row.label for row in stored}
    extra = st.multiselect(
        "Add documents from the corpus",
        list(labels),
        format_func=lambda k: labels[k],
        key="compare_stored",
    )
    for k in extra:
        a = corpus_access.get_analysis(k)
        if a is not None:
            pool.setdefault(a.document.sha256, a)

if len(pool) < 2:
    st.info(
        "Analyse at least two documents on the **Analyze** page (you can upload several at "
        "once), or add documents from the corpus, to compare them here.",
        icon=":material/compare:",
    )
    if not pool:
        st.stop()

analyses = [state.for_sector(a, sector) for a in pool.values()]
labels_all = views.document_labels(analyses)
picked = st.multiselect(
    "Documents to compare",
    range(len(analyses)),
    default=list(range(min(len(analyses), 6))),
    format_func=lambda i: labels_all[i],
    key="compare_docs",
)
chosen = [analyses[i] for i in picked]
if not chosen:
    st.stop()

st.subheader("Criterion levels")
st.altair_chart(charts.level_heatmap(views.heatmap_rows(chosen)), width="stretch")

st.subheader("Theme scores")
st.altair_chart(charts.grouped_theme_chart(views.theme_comparison_rows(chosen)), width="stretch")

names = views.document_labels(chosen)
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
st.dataframe(summary, hide_index=True, key="compare_summary")

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
