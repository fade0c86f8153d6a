"""Analyze page: upload codes of conduct, see scores, gaps and evidence, download the toolkit."""

from __future__ import annotations

import hashlib

import streamlit as st

from analyzer import views
from analyzer.results import Analysis
from app_pages import components, state, toolkit

st.title("Analyze a code of conduct")
st.markdown(
    "Upload your code of conduct, supplier code or human-rights policy. Each of the rubric's "
    "criteria is graded **0 absent, 1 mention, 2 commitment, 3 best practice**, with the "
    "clauses that support the grade, and the gaps are ranked for the sector chosen in the "
    "sidebar."
)

files = st.file_uploader(
    "Policy documents (PDF, Word, HTML, Markdown or text)",
    accept_multiple_files=True,
    key="upload",
    help="Accepted: PDF, Word (.docx), HTML, Markdown and plain text, up to 50 MB each. You "
    "can upload several files at once. Scanned PDFs are read with OCR. Any other file gets a "
    "message saying how to convert it.",
)

sector = state.current_sector()
good: list[Analysis] = []
if not files:
    earlier = state.session_analyses()
    if not earlier:
        st.info(
            "Upload one or more documents to start. Nothing is stored: files are analysed in "
            "memory for this session only.",
            icon=":material/upload:",
        )
        st.stop()
    note, forget = st.columns([4, 1], vertical_alignment="center")
    note.caption(
        "Showing the documents analysed earlier in this session. Upload files above to "
        "analyse more."
    )
    if forget.button("Forget them", key="forget", icon=":material/delete:"):
        state.forget_session()
        st.rerun()
    good = [state.for_sector(a, sector) for a in earlier]

for f in files or []:
    data = f.getvalue()
    shown = views.safe_text(f.name)
    password_key = f"password_{hashlib.sha256(data).hexdigest()[:16]}"
    password = st.session_state.get(password_key) or None
    big = state.large_file_note(len(data))
    note = st.empty()
    if big:
        note.info(f"{shown}: {big}", icon=":material/hourglass_top:")
    with st.status(f"Analysing {shown}...", expanded=False) as status:
        outcome = state.analyse_upload(f.name, data, password)
        done = outcome.analysis() if outcome.ok else None
        if done is not None:
            status.update(
                label=f"{shown}: {views.reading_summary(done)}",
                state="complete",
            )
        else:
            status.update(label=f"{shown}: could not be analysed", state="error")
    note.empty()
    if done is not None:
        good.append(state.for_sector(done, sector))
    else:
        st.error(views.safe_text(outcome.error or ""), icon=":material/error:")
        if outcome.needs_password:
            st.text_input(
                f"Password for {shown}",
                type="password",
                key=password_key,
                help="Used only to open the file for this analysis; it is not stored.",
            )
        if outcome.details:
            with st.expander("Technical details"):
                st.code(outcome.details, language=None)

if not good:
    st.stop()

if len(good) > 1:
    labels = views.document_labels(good)
    choice = st.selectbox(
        "Show the results of",
        range(len(good)),
        format_func=lambda i: labels[i],
        key="shown_doc",
    )
    analysis = good[choice if choice is not None and choice < len(good) else 0]
    st.caption("All uploaded documents can be compared side by side on **Compare documents**.")
else:
    analysis = good[0]

st.header(views.safe_text(analysis.document.name), divider="gray")
components.language_notice(analysis)
components.metrics(analysis)
components.notices(analysis)

st.subheader("Scores by theme")
components.theme_chart(analysis)

st.subheader("Downloads")
components.downloads(analysis, key="dl", toolkit=toolkit.builder(analysis))

components.gap_table(analysis, key="gaps")

st.subheader("Legal checklists")
components.legal_checklists(analysis, key="legal")

st.subheader("Every criterion, with its evidence")
components.criterion_details(
    analysis, key="crit", theme_titles={t.id: t.title for t in state.rubric().themes}
)
