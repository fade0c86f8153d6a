"""Corpus page: the stored analyses, sector benchmarks and promising practices per criterion.

Nothing is stored unless the user presses "Add to corpus".
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from analyzer import views
from analyzer.errors import AnalyzerError
from analyzer.store import CorpusStore
from app_pages import components, corpus_access, state

st.title("Corpus")
st.markdown(
    "A library of analysed codes of conduct, kept in a local database. Use it to see how other "
    "organisations in a sector score on each criterion, and to find strong clauses to learn from. "
    "Your uploads are only added when you press **Add to corpus**."
)

rubric = state.rubric()
sectors = {s.id: s.label for s in rubric.sectors}
titles = {c.id: c.title for c in rubric.criteria}

try:
    store = CorpusStore.open()
except AnalyzerError as exc:
    corpus_access.show_error(exc)
    st.stop()

try:
    docs = store.list_documents()

    # -- add the current analysis ---------------------------------------------------------------
    session = state.session_analyses()
    with st.expander("Add an analysis from this session", expanded=bool(session) and not docs):
        if not session:
            st.caption("Analyse a document on the **Analyze** page first.")
        else:
            labels = views.document_labels(session)
            with st.form("corpus_add_form", border=False):
                pick = st.selectbox(
                    "Document",
                    range(len(session)),
                    format_func=lambda i: labels[i],
                    key="corpus_add_doc",
                )
                c1, c2 = st.columns(2)
                org = c1.text_input(
                    "Organisation", value=st.session_state.get("org") or "", key="corpus_add_org"
                )
                sector_id = c2.selectbox(
                    "The organisation's sector",
                    list(sectors),
                    index=list(sectors).index(state.current_sector()),
                    format_func=lambda i: sectors[i],
                    key="corpus_add_sector",
                )
                c3, c4 = st.columns(2)
                doc_type = c3.selectbox(
                    "Document type",
                    [
                        "code of conduct",
                        "supplier code",
                        "human rights policy",
                        "modern slavery statement",
                        "other",
                    ],
                    key="corpus_add_type",
                )
                year = c4.number_input(
                    "Year",
                    min_value=1990,
                    max_value=dt.date.today().year + 1,
                    value=dt.date.today().year,
                    step=1,
                    key="corpus_add_year",
                )
                submitted = st.form_submit_button(
                    "Add to corpus", icon=":material/library_add:", key="corpus_add"
                )
            if submitted:
                chosen = state.for_sector(session[pick or 0], sector_id)
                result = store.add_analysis(
                    chosen,
                    organisation=org.strip() or None,
                    sector=sector_id,
                    doc_type=doc_type,
                    year=int(year),
                )
                if result.created:
                    st.success(f"Added {views.safe_text(chosen.document.name)} to the corpus.")
                else:
                    st.info("This document is already in the corpus with this rubric and model.")
                docs = store.list_documents()

    empty_note = st.empty()
    if not docs:
        empty_note.info(
            "The corpus is empty. Load the starter corpus (the sample codes bundled with CoC "
            "Analyzer) or add your own analyses.",
            icon=":material/inventory_2:",
        )
    if st.button("Load starter corpus", icon=":material/download:", key="corpus_seed"):
        with st.status("Analysing the bundled sample codes...") as status:
            added, failed = corpus_access.load_starter(store, state.engine())
            status.update(
                label=f"Starter corpus: {added} added, {len(failed)} could not be read",
                state="complete" if not failed else "error",
            )
        for msg in failed:
            st.warning(views.safe_text(msg))
        docs = store.list_documents()
        if docs:
            empty_note.empty()

    if not docs:
        st.stop()

    counts = store.counts()
    m1, m2, m3 = st.columns(3)
    m1.metric(
        "Documents",
        counts["documents"],
        border=True,
        help=f"Stored in the database file {views.safe_text(str(store.path))} (set COC_DB to "
        "use another one).",
    )
    m2.metric("Analyses", counts["analyses"], border=True)
    m3.metric("Evidence clauses", counts["evidence"], border=True)

    # -- browse -----------------------------------------------------------------------------------
    st.subheader("Documents")
    present = sorted({d.sector for d in docs if d.sector})
    options = ["", *present]
    flt = st.selectbox(
        "Sector",
        options,
        format_func=lambda s: "All sectors" if not s else sectors.get(s, s),
        key="corpus_sector",
    )
    shown = [d for d in docs if not flt or d.sector == flt]
    st.dataframe(
        views.corpus_rows(shown, sectors),
        hide_index=True,
        column_order=[
            "Document",
            "Organisation",
            "Sector",
            "Type",
            "Year",
            "Overall score",
            "Suitability",
            "Pages",
            "Added",
        ],
        column_config={
            "Document": st.column_config.TextColumn(width=280),
            "Organisation": st.column_config.TextColumn(width=160),
            "Sector": st.column_config.TextColumn(width=180),
            "Overall score": st.column_config.NumberColumn(format="%.0f"),
            "Suitability": st.column_config.NumberColumn(format="%.0f"),
        },
        key="corpus_table",
    )

    # -- benchmarks -------------------------------------------------------------------------------
    st.subheader("Benchmarks" + (f": {sectors.get(flt, flt)}" if flt else ": all sectors"))
    yours = None
    if session:
        names = views.document_labels(session)
        pick_b = st.selectbox(
            "Compare with your document",
            [None, *range(len(session))],
            format_func=lambda i: "(none)" if i is None else names[i],
            key="corpus_bench_doc",
        )
        if pick_b is not None:
            yours = state.for_sector(session[pick_b], flt or state.current_sector())
    bench = store.benchmarks(flt or None)
    rows = views.benchmark_rows(bench, rubric, yours)
    order = ["Criterion"]
    if yours is not None:
        order += ["Your level", "Versus median"]
    order += ["Median", "At commitment or better", "Middle half", "Documents", "Theme"]
    st.caption(
        "Levels: 0 absent, 1 mention, 2 commitment, 3 best practice. The middle half of the "
        "documents score in the range shown."
    )
    st.dataframe(
        rows,
        hide_index=True,
        column_order=order,
        column_config={
            "Criterion": st.column_config.TextColumn(width=300, pinned=True),
            "Your level": st.column_config.NumberColumn(width=80),
            "Versus median": st.column_config.TextColumn(width=110),
            "Median": st.column_config.NumberColumn(
                "Typical level (median)",
                format="%g",
                help="The level of the middle document, 0-3",
            ),
            "At commitment or better": st.column_config.ProgressColumn(
                "Share at commitment or better",
                min_value=0,
                max_value=100,
                format="%.0f%%",
                help="Share of documents at level 2 (commitment) or 3 (best practice)",
            ),
            "Middle half": st.column_config.TextColumn(
                "Middle half of documents",
                help="From the 25th to the 75th percentile of the levels",
            ),
        },
        key="corpus_bench",
        height=components.table_height(len(rows), max_rows=len(rows)),
    )

    # -- promising practices ----------------------------------------------------------------------
    st.subheader("Promising practices")
    crit = st.selectbox(
        "Criterion", list(titles), format_func=lambda i: titles[i], key="practice_criterion"
    )
    found = store.practices(crit, sector=flt or None, limit=8)
    if not found:
        st.caption("No clause at commitment level or better for this criterion yet.")
    for p in found:
        where = " · ".join(
            x
            for x in (
                p.document_name,
                p.organisation,
                sectors.get(p.sector, p.sector),
                f"page {p.page}" if p.page else "",
            )
            if x
        )
        st.markdown(
            f'<div class="coc-evidence"><small>level {p.level} '
            f"{views.level_label(p.level)} · {views.safe_text(where)}</small>"
            f'<div class="coc-quote">{views.evidence_html(p.text)}</div></div>',
            unsafe_allow_html=True,
        )

    st.download_button(
        "Export the corpus (CSV)",
        data=corpus_access.export_csv,
        file_name="coc-corpus.csv",
        mime="text/csv",
        on_click="ignore",
        key="corpus_export",
        icon=":material/download:",
    )
except AnalyzerError as exc:
    corpus_access.show_error(exc)
finally:
    store.close()
