"""Compare sectors page: one document's suitability across every sector, and the sector
profiles behind the scores."""

from __future__ import annotations

import streamlit as st

from analyzer import views
from analyzer.results import Analysis
from app_pages import charts, components, corpus_access, state

st.title("Compare sectors")
st.markdown(
    "The same code can be a good fit for one sector and a poor one for another: each sector "
    "weighs the criteria by its own forced-labour risks and has must-haves. Below, one "
    "document's suitability for every sector, then the sector profiles themselves."
)

rubric = state.rubric()
session = state.session_analyses()

st.subheader("Suitability by sector")
# Documents of this session first, then those stored in the corpus (loaded when picked).
choices: list[tuple[str, str]] = [
    (f"session:{i}", label) for i, label in enumerate(views.document_labels(session))
]
seen = {a.document.sha256 for a in session}
choices += [
    (f"corpus:{row.key}", f"{row.label} (corpus)")
    for row in corpus_access.list_documents()
    if row.key not in seen
]
picked: Analysis | None = None
if not choices:
    st.info(
        "Analyse a document on the **Analyze** page (or add documents to the corpus) to see "
        "its suitability for each sector.",
        icon=":material/upload_file:",
    )
else:
    names = dict(choices)
    pick = (
        st.selectbox("Document", list(names), format_func=lambda k: names[k], key="sectors_doc")
        or choices[0][0]
    )
    kind, _, ref = pick.partition(":")
    if kind == "corpus":
        picked = corpus_access.get_analysis(ref)  # shows the error itself when it fails
    else:
        picked = session[int(ref)] if int(ref) < len(session) else None

if picked is not None:
    chosen_sector = state.current_sector()
    analysis = state.for_sector(picked, chosen_sector)
    rows = views.sector_rows(analysis)
    st.altair_chart(charts.sector_bar_chart(rows, chosen=chosen_sector), width="stretch")
    st.dataframe(
        rows,
        hide_index=True,
        column_order=["Rank", "Sector", "Suitability", "Missing must-haves", "Must-haves missing"],
        column_config={
            "Rank": st.column_config.NumberColumn(width=50),
            "Sector": st.column_config.TextColumn(width=250),
            "Suitability": st.column_config.ProgressColumn(
                min_value=0, max_value=100, format="%.0f", width=120
            ),
            "Missing must-haves": st.column_config.NumberColumn(
                "Missing",
                help="How many of the sector's must-have criteria are below level 2 (commitment)",
                width=70,
            ),
            "Must-haves missing": st.column_config.TextColumn(width="large"),
        },
        key="sectors_table",
        height=components.table_height(len(rows)),
    )

st.subheader("Sector profiles")
ids = [s.id for s in rubric.sectors]
sector_id = st.selectbox(
    "Sector",
    ids,
    index=ids.index(state.current_sector()) if state.current_sector() in ids else 0,
    format_func=lambda i: rubric.sector(i).label,
    key="profile_sector",
)
profile = views.sector_profile(rubric, sector_id or ids[0])
st.markdown(f"**{profile.label}**: {profile.description}")
c1, c2, c3 = st.columns(3)
with c1:
    st.markdown("**Must-haves** (target: best practice)")
    st.markdown("\n".join(f"- {t}" for t in profile.must_haves) or "None")
with c2:
    st.markdown("**Critical criteria** (weight x2, target: best practice)")
    st.markdown("\n".join(f"- {t}" for t in profile.critical) or "None")
with c3:
    st.markdown("**Elevated criteria** (weight x1.5)")
    st.markdown("\n".join(f"- {t}" for t in profile.elevated) or "None")
if profile.specific:
    st.markdown("**Sector-specific criteria that apply:** " + "; ".join(profile.specific))
if profile.risk_factors:
    st.markdown("**Risk factors**")
    st.dataframe(profile.risk_factors, hide_index=True, key="profile_risks")
c4, c5 = st.columns(2)
if profile.training_focus:
    c4.markdown("**Training focus**\n\n" + "\n".join(f"- {t}" for t in profile.training_focus))
if profile.supplier_engagement:
    c5.markdown(
        "**Supplier engagement**\n\n" + "\n".join(f"- {t}" for t in profile.supplier_engagement)
    )
