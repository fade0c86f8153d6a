"""Reusable UI pieces. Each takes result models (never raw engine objects) and a ``key`` prefix
from which it derives every widget key, so a piece can appear twice on a page.

Untrusted document text is shown only through :func:`analyzer.views.evidence_html` /
:func:`analyzer.views.safe_text` (HTML and Markdown escaped) or inside dataframes (plain text).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analyzer import views
from analyzer.results import Analysis, CriterionResult, Evidence
from app_pages import charts

LEVEL_ICON = {
    0: ":material/close:",
    1: ":material/remove:",
    2: ":material/check:",
    3: ":material/verified:",
}


def metrics(analysis: Analysis) -> None:
    """Overall score, sector suitability and criteria met."""
    h = views.headline(analysis)
    c1, c2, c3 = st.columns(3)
    c1.metric(
        "Overall score",
        f"{h.overall_score:.0f} / 100",
        help="Weighted average of the criterion levels (base weights 1-3), without the "
        "sector's multipliers.",
        border=True,
    )
    c2.metric(
        f"Suitability for {h.sector_label}",
        f"{h.suitability:.0f} / 100",
        help="The score with this sector's multipliers and must-haves applied.",
        border=True,
    )
    c3.metric(
        "Criteria met",
        h.met_text,
        help="Applicable criteria whose level reaches the sector's target level.",
        border=True,
    )
    if h.missing_must_haves:
        st.warning(
            f"Must-haves for {h.sector_label} that are missing or only mentioned (below "
            "level 2, a firm commitment): " + "; ".join(h.missing_must_haves),
            icon=":material/priority_high:",
        )


def notices(analysis: Analysis) -> None:
    """The analysis's warnings (OCR, language, model fallback...), escaped."""
    for msg in views.notices(analysis):
        st.warning(views.safe_text(msg), icon=":material/info:")


def theme_chart(analysis: Analysis) -> None:
    st.altair_chart(charts.theme_bar_chart(views.theme_rows(analysis)), width="stretch")


def gap_table(analysis: Analysis, *, key: str) -> None:
    """The gap table, highest priority first."""
    include_met = st.toggle("Also list criteria already at target", key=f"{key}_all")
    rows = views.gap_rows(analysis, include_met=include_met)
    if not rows:
        st.success("Every applicable criterion reaches its target level for this sector.")
        return
    st.dataframe(
        rows,
        key=f"{key}_table",
        hide_index=True,
        height=table_height(len(rows), max_rows=15),
        column_order=[
            "Priority",
            "Criterion",
            "Theme",
            "Level",
            "Target",
            "Must-have",
            "Evidence pages",
        ],
        column_config={
            "Priority": st.column_config.NumberColumn(
                help="Base weight (1-3) x sector multiplier (1, 1.5 or 2) x the number of "
                "levels missing to reach the target",
                format="%.1f",
                width=70,
            ),
            "Criterion": st.column_config.TextColumn(width=330),
            "Theme": st.column_config.TextColumn(width=170),
            "Level": st.column_config.TextColumn(width=105),
            "Target": st.column_config.TextColumn(width=105),
            "Must-have": st.column_config.CheckboxColumn(
                help="A must-have for this sector", width=85
            ),
            "Evidence pages": st.column_config.TextColumn("Pages", width=60),
        },
    )


def table_height(rows: int, *, max_rows: int = 20) -> int:
    """Pixel height showing ``rows`` rows (up to ``max_rows``) without an inner scrollbar."""
    return 38 + 35 * max(1, min(rows, max_rows))


def _expander_label(c: CriterionResult) -> str:
    if not c.applicable:
        status = "not applicable to this sector"
    elif views.is_met(c):
        status = "meets target"
    else:
        status = f"target {c.target_level} {views.level_label(c.target_level)}"
    return f"{c.title or c.id}: {c.level} {views.level_label(c.level)} ({status})"


def criterion_details(
    analysis: Analysis, *, key: str, theme_titles: dict[str, str] | None = None
) -> None:
    """One expander per criterion, grouped by theme: level, why, highlighted evidence."""
    for theme_title, criteria in views.criteria_by_theme(analysis, theme_titles):
        st.markdown(f"#### {views.safe_text(theme_title)}", unsafe_allow_html=True)
        for c in criteria:
            with st.expander(_expander_label(c), icon=LEVEL_ICON.get(c.level)):
                basis = views.confidence_basis_text(c.confidence_basis)
                st.markdown(
                    f"**Level {c.level} of 3: {views.level_label(c.level)}** &nbsp; "
                    f"confidence {c.confidence:.0%}{f' ({basis})' if basis else ''} &nbsp; "
                    f"weight {c.base_weight} &nbsp; "
                    f"sector multiplier x{c.multiplier:g} &nbsp; priority {c.priority:.1f}",
                    unsafe_allow_html=True,
                )
                if c.why:
                    st.markdown(f"*Why:* {views.safe_text(c.why)}", unsafe_allow_html=True)
                evidence_list(c)


def evidence_list(c: CriterionResult, limit: int = 5) -> None:
    """The strongest evidence clauses with page numbers and the matched words highlighted."""
    if not c.evidence:
        st.caption("No clause in the document addresses this criterion.")
        if c.closest is not None:
            _evidence_block(c.closest, "closest clause, not counted")
        return
    ordered = sorted(c.evidence, key=lambda e: (-e.level, -e.score, e.clause_index))
    for e in ordered[:limit]:
        _evidence_block(e, f"level {e.level} {views.level_label(e.level)} · found by {e.source}")
    if len(ordered) > limit:
        st.caption(f"{len(ordered) - limit} more clause(s) in the JSON and CSV downloads.")


def _evidence_block(e: Evidence, what: str) -> None:
    """One clause: where it is and what it counts as, the text with its matched words
    highlighted (escaped), and why."""
    where = f"page {e.page}" if e.page is not None else "no page"
    meta = f"{where} · {what}"
    if e.heading:
        meta += f" · section “{views.safe_text(e.heading)}”"
    if e.ocr:
        meta += " · OCR"
    body = views.evidence_html(e.text, e.matched)
    why = f'<div class="coc-why">{views.safe_text(e.why)}</div>' if e.why else ""
    st.markdown(
        f'<div class="coc-evidence"><small>{meta}</small>'
        f'<div class="coc-quote">{body}</div>{why}</div>',
        unsafe_allow_html=True,
    )


def file_stem(analysis: Analysis) -> str:
    """A safe file-name stem from the document name."""
    name = analysis.document.name.rsplit(".", 1)[0] or "analysis"
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name).strip("_")
    return (stem or "analysis")[:60]


TOOLKIT_FORMATS: dict[str, tuple[str, str, str]] = {
    "docx": (
        "Toolkit (Word)",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": ("Toolkit (PDF)", "pdf", "application/pdf"),
    "html": ("Toolkit (HTML)", "html", "text/html"),
    "md": ("Toolkit (Markdown)", "md", "text/markdown"),
}


def downloads(analysis: Analysis, *, key: str, toolkit: Callable[[str], bytes] | None) -> None:
    """Download buttons: the toolkit in four formats (built on click), the analysis JSON/CSV."""
    stem = file_stem(analysis)
    sector = analysis.sector.id
    if toolkit is not None:
        st.markdown("**Toolkit** tailored to the gaps and the sector")
        items = list(TOOLKIT_FORMATS.items())
        for start in range(0, len(items), 2):
            cols = st.columns(2)
            for col, (fmt, (label, ext, mime)) in zip(cols, items[start : start + 2], strict=False):
                col.download_button(
                    label,
                    data=_deferred(toolkit, fmt),
                    file_name=f"{stem}-{sector}-toolkit.{ext}",
                    mime=mime,
                    key=f"{key}_toolkit_{fmt}",
                    on_click="ignore",
                    icon=":material/download:",
                    width="stretch",
                )
        st.caption("Each file is built when you click; the PDF can take 10-15 seconds.")
    st.markdown("**Analysis** (all criteria, levels and evidence)")
    exports = (
        (
            "json",
            "Analysis (JSON)",
            "application/json",
            ":material/data_object:",
            views.analysis_json,
        ),
        ("csv", "Analysis (CSV)", "text/csv", ":material/table:", views.analysis_csv),
    )
    for col, (ext, label, mime, icon, export) in zip(st.columns(2), exports, strict=True):
        col.download_button(
            label,
            data=export(analysis),
            file_name=f"{stem}-{sector}-analysis.{ext}",
            mime=mime,
            key=f"{key}_{ext}",
            on_click="ignore",
            icon=icon,
            width="stretch",
        )


def _deferred(toolkit: Callable[[str], bytes], fmt: str) -> Callable[[], bytes]:
    def build() -> bytes:
        return toolkit(fmt)

    return build


def legal_checklists(analysis: Analysis, *, key: str) -> None:
    """Which elements of each law the policy text touches (a summary, then one panel each)."""
    summary = views.legal_summary(analysis)
    if not summary:
        return
    st.caption(
        "Which elements of each law's reporting or policy requirements the document's text "
        "addresses. This is a reading aid, not legal advice."
    )
    st.dataframe(
        summary,
        hide_index=True,
        column_order=["Framework", "Elements covered", "Share covered"],
        column_config={
            "Share covered": st.column_config.ProgressColumn(
                min_value=0, max_value=100, format="%.0f%%"
            )
        },
        key=f"{key}_summary",
    )
    for row in summary:
        with st.expander(f"{row['Framework']}: {row['Elements covered']} elements covered"):
            st.dataframe(
                views.legal_rows(analysis, str(row["id"])),
                hide_index=True,
                column_order=["Element", "Covered", "Covered by", "Criteria that count"],
                key=f"{key}_{row['id']}",
            )
