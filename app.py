"""CoC Analyzer web app: ``streamlit run app.py`` (or ``make run``).

A thin shell: page setup, the sidebar (sector and organisation, shared by every page) and the
navigation over the page scripts in ``app_pages/``. The logic lives in :mod:`analyzer`.
"""

from __future__ import annotations

import streamlit as st

from analyzer import views
from analyzer.errors import AnalyzerError
from app_pages import state

st.set_page_config(
    page_title="CoC Analyzer",
    page_icon=":material/policy:",
    layout="wide",
    menu_items={
        "About": "CoC Analyzer grades codes of conduct against a best-practice rubric "
        "on human trafficking and forced labour, and writes a tailored toolkit."
    },
)

# Evidence quotes: a visible highlight that does not rely on colour alone (bold + underline).
st.html(
    """<style>
    .coc-evidence {margin: 0 0 0.9rem 0; padding-bottom: 0.5rem;
        border-bottom: 1px solid rgba(128, 128, 128, 0.25);}
    .coc-evidence .coc-quote {margin: 0.25rem 0; padding: 0.1rem 0 0.1rem 0.8rem;
        border-left: 3px solid #0072B2; line-height: 1.6;}
    .coc-evidence mark {background: #FFE7A3; color: inherit; font-weight: 600;
        text-decoration: underline; text-decoration-color: #D55E00; padding: 0 1px;}
    .coc-evidence .coc-why {opacity: 0.8; font-size: 0.85rem;}
    </style>"""
)

PAGES = [
    st.Page("app_pages/analyze.py", title="Analyze", icon=":material/upload_file:", default=True),
    st.Page("app_pages/compare_documents.py", title="Compare documents", icon=":material/compare:"),
    st.Page("app_pages/compare_sectors.py", title="Compare sectors", icon=":material/factory:"),
    st.Page("app_pages/corpus.py", title="Corpus", icon=":material/library_books:"),
    st.Page("app_pages/method.py", title="Method", icon=":material/menu_book:"),
]
page = st.navigation(PAGES)

try:
    rubric = state.rubric()
except AnalyzerError as exc:
    st.error(
        f"The analyser could not start: {views.safe_text(exc.app_message)}",
        icon=":material/error:",
    )
    st.stop()

with st.sidebar:
    sectors = {s.id: s for s in rubric.sectors}
    ids = list(sectors)
    st.selectbox(
        "Sector",
        ids,
        index=ids.index(state.DEFAULT_SECTOR) if state.DEFAULT_SECTOR in ids else 0,
        format_func=lambda i: sectors[i].label,
        key="sector",
        help="Scores, targets and the gap order use this sector's risk profile.",
    )
    st.caption(sectors[state.current_sector()].description)
    st.text_input(
        "Organisation name",
        key="org",
        placeholder="Your organisation",
        help="Used in the toolkit you download.",
    )
    st.caption(
        "Uploaded files are analysed in memory and are not stored unless you add them to the "
        "corpus on the Corpus page."
    )

page.run()
