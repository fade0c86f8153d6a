"""Reusable UI pieces. Each takes result models (never raw engine objects) and a ``key`` prefix
from which it derives every widget key, so a piece can appear twice on a page.

Untrusted document text is shown only through :func:`analyzer.views.evidence_html` /
:func:`analyzer.views.safe_text` (HTML and Markdown escaped) or inside dataframes (plain text).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analyzer import views
from analyzer.explain import FOUND_BY, plain_reason
from analyzer.results import Analysis, CriterionResult, Evidence
from app_pages import charts, state

LEVEL_ICON = {
    0: ":material/close:",
    1: ":material/remove:",
    2: ":material/check:",
    3: ":material/verified:",
}


def metrics(analysis: Analysis) -> None:
    """Overall score, sector suitability and criteria met: short labels, whole numbers, in a
    row that wraps on narrow screens so no value is cut."""
    h = views.headline(analysis)
    st.caption(
        f"Scored for the sector **{views.safe_text(h.sector_label)}** (chosen in the sidebar)."
    )
    row = st.container(horizontal=True, gap="small")
    row.metric(
        "Overall score",
        f"{h.overall_score:.0f} / 100",
        help="Weighted average of the criterion levels (base weights 1-3), without the "
        "sector's multipliers.",
        border=True,
        width=METRIC_WIDTH,
    )
    row.metric(
        "Suitability",
        f"{h.suitability:.0f} / 100",
        help=f"Suitability for {h.sector_label}: the score with this sector's multipliers "
        "and must-haves applied.",
        border=True,
        width=METRIC_WIDTH,
    )
    row.metric(
        "Criteria met",
        h.met_text,
        help="Applicable criteria whose level reaches the sector's target level.",
        border=True,
        width=METRIC_WIDTH,
    )
    if h.missing_must_haves:
        st.warning(
            f"Must-haves for {h.sector_label} that are missing or only mentioned (below "
            "level 2, a firm commitment): " + "; ".join(h.missing_must_haves),
            icon=":material/priority_high:",
        )


#: Width of one headline metric: wide enough for "100 / 100"; the row wraps instead of
#: cutting a value.
METRIC_WIDTH = 170


def language_notice(analysis: Analysis) -> None:
    """For a non-English document: a prominent notice, shown above the scores."""
    notice = views.language_notice(analysis)
    if notice:
        st.error(views.safe_text(notice), icon=":material/translate:")


def notices(analysis: Analysis) -> None:
    """The analysis's other warnings (OCR, model fallback...), escaped; the language warning
    is :func:`language_notice`, above the scores."""
    for msg in views.notices(analysis, language=False):
        st.warning(views.safe_text(msg), icon=":material/info:")


def theme_chart(analysis: Analysis) -> None:
    st.altair_chart(charts.theme_bar_chart(views.theme_rows(analysis)), width="stretch")


def gap_table(analysis: Analysis, *, key: str) -> None:
    """The gap table, highest priority first: a heading with the count, every row shown, text
    wrapped, and one line on what the priority means."""
    gaps = views.gap_rows(analysis)
    st.subheader(views.gap_heading(len(gaps)))
    if gaps:
        st.caption(
            "Priority = the criterion's base weight (1-3) x the sector multiplier (1, 1.5 or 2) "
            "x the number of levels missing to reach the target: the higher, the more a fix "
            "adds."
        )
    include_met = st.toggle("Also list criteria already at target", key=f"{key}_all")
    rows = views.gap_rows(analysis, include_met=True) if include_met else gaps
    if not rows:
        st.success("Every applicable criterion reaches its target level for this sector.")
        return
    st.table(
        [
            {
                "Priority": f"{r['Priority']:.1f}",
                "Criterion": r["Criterion"],
                "Level → target": f"{r['Level']} → {r['Target']}",
                "Must-have": "yes" if r["Must-have"] else "",
                "Theme": r["Theme"],
                "Pages": r["Evidence pages"],
            }
            for r in rows
        ],
        hide_index=True,
        border="horizontal",
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
                    st.markdown(f"*Why:* {_reason_html(c.why)}", unsafe_allow_html=True)
                evidence_list(c, paged=analysis.document.paged)


def evidence_list(c: CriterionResult, limit: int = 5, *, paged: bool = True) -> None:
    """The strongest evidence clauses with page numbers and the matched words highlighted."""
    if not c.evidence:
        # the JSON names the clause that came closest (``closest``); it is not shown here: on the
        # development sets it was the text an annotator quoted for only 13% of such criteria
        st.caption("No clause in the document addresses this criterion.")
        return
    ordered = sorted(c.evidence, key=lambda e: (-e.level, -e.score, e.clause_index))
    for e in ordered[:limit]:
        _evidence_block(
            e,
            f"level {e.level} {views.level_label(e.level)} · found by {FOUND_BY.get(e.source, e.source)}",
            paged=paged,
        )
    if len(ordered) > limit:
        st.caption(f"{len(ordered) - limit} more clause(s) in the JSON and CSV downloads.")


def _reason_html(why: str) -> str:
    """The engine's reason in plain words, with its own wording (cue names, probabilities)
    folded away under "technical details"; both escaped."""
    plain = views.safe_text(plain_reason(why))
    raw = views.safe_text(why)
    return f"{plain} <details><summary>technical details</summary>{raw}</details>"


def _evidence_block(e: Evidence, what: str, *, paged: bool = True) -> None:
    """One clause: where it is and what it counts as, the text with its matched words
    highlighted (escaped), and why."""
    # text, Markdown, HTML and Word files have no fixed pages: say nothing rather than "page 1"
    meta = f"page {e.page} · {what}" if paged and e.page is not None else what
    if e.heading:
        meta += f" · section “{views.safe_text(e.heading)}”"
    if e.ocr:
        meta += " · OCR"
    body = views.evidence_html(e.text, e.matched)
    why = f'<div class="coc-why">{_reason_html(e.why)}</div>' if e.why else ""
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
        "Word",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": ("PDF", "pdf", "application/pdf"),
    "html": ("HTML", "html", "text/html"),
    "md": ("Markdown", "md", "text/markdown"),
}


def downloads(analysis: Analysis, *, key: str, toolkit: Callable[[str], bytes] | None) -> None:
    """Download buttons with short labels under a caption each, in rows that wrap: the
    toolkit in four formats (built on click), the analysis as JSON and CSV."""
    stem = file_stem(analysis)
    sector = analysis.sector.id
    if toolkit is not None:
        st.markdown("**Download the toolkit** (tailored to the gaps and the sector):")
        row = st.container(horizontal=True, gap="small")
        for fmt, (label, ext, mime) in TOOLKIT_FORMATS.items():
            row.download_button(
                label,
                data=_deferred(toolkit, fmt),
                file_name=f"{stem}-{sector}-toolkit.{ext}",
                mime=mime,
                key=f"{key}_toolkit_{fmt}",
                on_click="ignore",
                icon=":material/download:",
                help=f"The toolkit as a {label} file",
            )
        st.caption("Each file is built when you click; the PDF can take 10-15 seconds.")
    st.markdown("**Download the analysis** (all criteria, levels and evidence):")
    exports = (
        ("json", "JSON", "application/json", ":material/data_object:", views.analysis_json),
        ("csv", "CSV", "text/csv", ":material/table:", views.analysis_csv),
    )
    row = st.container(horizontal=True, gap="small")
    for ext, label, mime, icon, export in exports:
        row.download_button(
            label,
            data=export(analysis),
            file_name=f"{stem}-{sector}-analysis.{ext}",
            mime=mime,
            key=f"{key}_{ext}",
            on_click="ignore",
            icon=icon,
            help=f"The analysis as {label}"
            + (" (one row per criterion, safe to open in a spreadsheet)" if ext == "csv" else ""),
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
    st.table(
        [
            {
                "Framework": r["Framework"],
                "Elements covered": r["Elements covered"],
                "Share": f"{r['Share covered']:.0f}%",
            }
            for r in summary
        ],
        hide_index=True,
        border="horizontal",
    )
    st.caption(
        "An element marked *all* needs every listed criterion at the level shown; *any one* "
        "needs just one of them. **Still missing** lists what keeps an element open."
    )
    rubric = state.rubric()
    for row in summary:
        with st.expander(f"{row['Framework']}: {row['Elements covered']} elements covered"):
            st.table(
                [
                    {
                        "Element": r["Element"],
                        "Covered": "yes" if r["Covered"] else "no",
                        "Needs": r.get("Needs", ""),
                        "Criteria met": r["Criteria met"],
                        "Still missing": r.get("Still missing", ""),
                    }
                    for r in views.legal_rows(analysis, str(row["id"]), rubric)
                ],
                hide_index=True,
                border="horizontal",
            )
