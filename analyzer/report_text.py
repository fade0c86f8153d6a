"""Plain-text and Markdown renderings of an :class:`~analyzer.results.Analysis` for the CLI.

Both are for people: criteria by title, levels by name, reasons in plain words
(:func:`analyzer.explain.plain_reason`), text cut at word boundaries. ``--format json`` keeps the
ids, scores and the engine's own reasons for tools.
"""

from __future__ import annotations

from analyzer.explain import plain_reason
from analyzer.results import Analysis, CriterionResult, Evidence, LegalElement
from analyzer.views import LEVEL_LABELS

__all__ = ["render_markdown", "render_table"]

#: printed above the gap table
LEGEND = (
    "Levels: 0 absent, 1 mention, 2 commitment, 3 best practice. Priority = criterion weight x "
    "sector multiplier x levels still missing; the biggest gaps come first. Confidence: the "
    "estimated chance that the grade is right."
)


def cut(text: str, width: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``width`` characters (with "…")."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    room = max(1, width - 1)
    head = text[:room]
    space = head.rfind(" ")
    if space >= room // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + "…"


def _level(level: int) -> str:
    return f"{level} {LEVEL_LABELS.get(level, str(level)).lower()}"


def _where(ev: Evidence, paged: bool) -> str:
    return f"p.{ev.page}" if paged and ev.page is not None else ""


def _document_line(a: Analysis) -> str:
    d = a.document
    size = f"{d.clauses} clauses"
    if d.paged:
        size = f"{d.pages} page{'s' if d.pages != 1 else ''}, {size}"
    return f"Document: {d.name} ({size})"


def _grading_line(a: Analysis) -> str:
    how = "rules and the trained model" if a.model.kind != "rules" else "rules only (no model)"
    return f"Graded with rubric {a.rubric.version}, {how}"


def _titles(a: Analysis) -> dict[str, str]:
    return {c.id: c.title or c.id for c in a.criteria}


def _must_haves_line(a: Analysis) -> str:
    label = a.sector.label or a.sector.id
    head = f"Suitability for {label}: {a.sector.suitability:.0f}/100"
    if not a.sector.missing_must_haves:
        return head + "; every must-have is at commitment level or above"
    titles = _titles(a)
    named = "; ".join(titles.get(m, m) for m in a.sector.missing_must_haves)
    return f"{head}\nMust-haves below commitment level: {named}"


def _ordered(analysis: Analysis) -> list[CriterionResult]:
    """Applicable criteria, biggest gap (priority) first, then by id order."""
    rows = [c for c in analysis.criteria if c.applicable]
    order = {c.id: i for i, c in enumerate(analysis.criteria)}
    return sorted(rows, key=lambda c: (-c.priority, order[c.id]))


def _snippet(c: CriterionResult, width: int, paged: bool) -> str:
    """The criterion's strongest clause, quoted and cut to ``width``, with its page."""
    if not c.evidence:
        return "-"
    ev = c.evidence[0]
    where = _where(ev, paged)
    room = max(10, width - len(where) - 3)
    return f"“{cut(ev.text, room)}”" + (f" {where}" if where else "")


def render_table(analysis: Analysis, width: int = 140) -> str:
    """A readable gap table with the headline scores and warnings."""
    a = analysis
    lines: list[str] = []
    if a.warnings:  # before the scores: a warning may mean the scores understate the document
        lines.extend(f"warning: {w}" for w in a.warnings)
        lines.append("")
    lines.append(_document_line(a))
    lines.append(_grading_line(a))
    lines.append("")
    lines.append(f"Overall score: {a.overall_score:.0f}/100")
    lines.append(_must_haves_line(a))
    lines.append("Themes: " + "; ".join(f"{t.title or t.id} {t.score:.0f}" for t in a.themes))
    lines.append("")
    lines.append(LEGEND)
    lines.append("")
    rows = _ordered(a)
    title_w = min(60, max((len(c.title or c.id) for c in rows), default=10))
    lvl_w = len(_level(3))
    head = f"{'criterion':<{title_w}}  {'now':<{lvl_w}}  {'target':<{lvl_w}}  prio  conf"
    lines.append(head)
    lines.append("-" * len(head))
    for c in rows:
        lines.append(
            f"{cut(c.title or c.id, title_w):<{title_w}}  {_level(c.level):<{lvl_w}}  "
            f"{_level(c.target_level):<{lvl_w}}  {c.priority:>4.1f}  {c.confidence:>4.0%}"
        )
        if c.evidence:  # the strongest clause under its row
            lines.append("    " + _snippet(c, max(40, width - 4), a.document.paged))
    if a.legal:
        lines.append("")
        lines.append("Legal checklists (elements covered):")
        by_fw: dict[str, list[LegalElement]] = {}
        for e in a.legal:
            by_fw.setdefault(e.framework_label or e.framework, []).append(e)
        for fw, elements in by_fw.items():
            done = sum(e.covered for e in elements)
            lines.append(f"  {fw}: {done}/{len(elements)}")
    if a.sector_ranking:
        lines.append(
            "Best-suited sectors: "
            + "; ".join(f"{r.label or r.id} {r.suitability:.0f}" for r in a.sector_ranking[:5])
        )
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(analysis: Analysis) -> str:
    """A Markdown report: headline scores, themes, the gap table with evidence, legal coverage."""
    a = analysis
    titles = _titles(a)
    out: list[str] = [f"# Analysis of {_md(a.document.name)}", ""]
    if a.warnings:
        out += ["> **Warning:** " + _md(w) for w in a.warnings] + [""]
    missing = "; ".join(_md(titles.get(m, m)) for m in a.sector.missing_must_haves)
    out.append(
        f"- Overall score: **{a.overall_score:.0f}/100**\n"
        f"- Suitability for {_md(a.sector.label or a.sector.id)}: **{a.sector.suitability:.0f}/100**\n"
        f"- Must-haves below commitment level: {missing or 'none'}\n"
        f"- {_md(_document_line(a).removeprefix('Document: '))}; "
        f"{_md(_grading_line(a)).lower()}"
    )
    out += ["", "## Themes", "", "| theme | score |", "|---|---:|"]
    out += [f"| {_md(t.title or t.id)} | {t.score:.0f} |" for t in a.themes]
    out += [
        "",
        "## Criteria (biggest gaps first)",
        "",
        _md(LEGEND),
        "",
        "| criterion | level | target | priority | confidence | evidence | why |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for c in _ordered(a):
        ev = c.evidence[0] if c.evidence else None
        evs = ""
        if ev is not None:
            where = _where(ev, a.document.paged)
            evs = (f"{where}: " if where else "") + _md(cut(ev.text, 240))
        out.append(
            f"| {_md(c.title or c.id)} | {_level(c.level)} | {_level(c.target_level)} "
            f"| {c.priority:.1f} | {c.confidence:.0%} | {evs} | {_md(plain_reason(c.why))} |"
        )
    if a.legal:
        out += [
            "",
            "## Legal checklists",
            "",
            "| framework | element | covered | criteria met | still needed |",
            "|---|---|---|---|---|",
        ]
        for e in a.legal:
            met = "; ".join(_md(titles.get(c, c)) for c in e.covered_by)
            need = "; ".join(_md(titles.get(c, c)) for c in e.missing)
            out.append(
                f"| {_md(e.framework_label or e.framework)} | {_md(e.label or e.element)} | "
                f"{'yes' if e.covered else 'no'} | {met} | {need} |"
            )
    return "\n".join(out) + "\n"
