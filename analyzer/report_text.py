"""Plain-text and Markdown renderings of an :class:`~analyzer.results.Analysis` for the CLI."""

from __future__ import annotations

from analyzer.results import Analysis, CriterionResult
from analyzer.views import LEVEL_LABELS

__all__ = ["render_markdown", "render_table"]


def _snippet(c: CriterionResult, width: int) -> str:
    if not c.evidence:
        return "-"
    ev = c.evidence[0]
    text = " ".join(ev.text.split())
    page = f"p.{ev.page} " if ev.page is not None else ""
    room = max(10, width - len(page))
    if len(text) > room:
        text = text[: room - 1] + "…"
    return page + text


def _ordered(analysis: Analysis) -> list[CriterionResult]:
    """Applicable criteria, biggest gap (priority) first, then by id order."""
    rows = [c for c in analysis.criteria if c.applicable]
    order = {c.id: i for i, c in enumerate(analysis.criteria)}
    return sorted(rows, key=lambda c: (-c.priority, order[c.id]))


def render_table(analysis: Analysis, width: int = 140) -> str:
    """A readable gap table with the headline scores and warnings."""
    a = analysis
    lines: list[str] = []
    lines.append(
        f"Document: {a.document.name} ({a.document.pages} pages, {a.document.clauses} clauses)"
    )
    lines.append(f"Rubric {a.rubric.version} ({a.rubric.hash[:12]}), classifier: {a.model.kind}")
    lines.append("")
    lines.append(f"Overall score: {a.overall_score:.0f}/100")
    lines.append(
        f"Suitability for {a.sector.label or a.sector.id}: {a.sector.suitability:.0f}/100"
        + (
            f"; missing must-haves: {', '.join(a.sector.missing_must_haves)}"
            if a.sector.missing_must_haves
            else "; all must-haves at commitment level or above"
        )
    )
    lines.append("Themes: " + "; ".join(f"{t.title or t.id} {t.score:.0f}" for t in a.themes))
    lines.append("")
    idw = max(len(c.id) for c in a.criteria) if a.criteria else 10
    head = f"{'criterion':<{idw}}  lvl  tgt  prio  evidence"
    lines.append(head)
    lines.append("-" * min(width, len(head) + 60))
    snip_w = max(30, width - idw - 18)
    for c in _ordered(a):
        lines.append(
            f"{c.id:<{idw}}  {c.level:>3}  {c.target_level:>3}  {c.priority:>4.1f}  "
            f"{_snippet(c, snip_w)}"
        )
    covered = [e for e in a.legal if e.covered]
    if a.legal:
        lines.append("")
        by_fw: dict[str, list[bool]] = {}
        for e in a.legal:
            by_fw.setdefault(e.framework_label or e.framework, []).append(e.covered)
        lines.append(
            "Legal checklists: "
            + "; ".join(f"{fw} {sum(v)}/{len(v)}" for fw, v in by_fw.items())
            + f" (elements covered: {len(covered)}/{len(a.legal)})"
        )
    if a.sector_ranking:
        lines.append(
            "Best-suited sectors: "
            + ", ".join(f"{r.id} {r.suitability:.0f}" for r in a.sector_ranking[:5])
        )
    if a.warnings:
        lines.append("")
        lines.extend(f"warning: {w}" for w in a.warnings)
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(analysis: Analysis) -> str:
    """A Markdown report: headline scores, themes, the gap table with evidence, legal coverage."""
    a = analysis
    out: list[str] = [f"# Analysis of {_md(a.document.name)}", ""]
    out.append(
        f"- Overall score: **{a.overall_score:.0f}/100**\n"
        f"- Suitability for {_md(a.sector.label or a.sector.id)}: **{a.sector.suitability:.0f}/100**\n"
        f"- Missing must-haves: {', '.join(a.sector.missing_must_haves) or 'none'}\n"
        f"- Rubric {a.rubric.version}, classifier {a.model.kind}, {a.document.clauses} clauses"
    )
    out += ["", "## Themes", "", "| theme | score |", "|---|---:|"]
    out += [f"| {_md(t.title or t.id)} | {t.score:.0f} |" for t in a.themes]
    out += [
        "",
        "## Criteria (biggest gaps first)",
        "",
        "| criterion | level | target | priority | evidence | why |",
        "|---|---:|---:|---:|---|---|",
    ]
    for c in _ordered(a):
        ev = c.evidence[0] if c.evidence else None
        evs = f"p.{ev.page}: {_md(ev.text)[:200]}" if ev else ""
        out.append(
            f"| {_md(c.title or c.id)} | {c.level} ({LEVEL_LABELS[c.level].lower()}) | {c.target_level} "
            f"| {c.priority:.1f} | {evs} | {_md(c.why)[:200]} |"
        )
    if a.legal:
        out += ["", "## Legal checklists", "", "| framework | element | covered | by |"]
        out.append("|---|---|---|---|")
        for e in a.legal:
            out.append(
                f"| {_md(e.framework_label or e.framework)} | {_md(e.label or e.element)} | "
                f"{'yes' if e.covered else 'no'} | {', '.join(e.covered_by)} |"
            )
    if a.warnings:
        out += ["", "## Warnings", ""] + [f"- {_md(w)}" for w in a.warnings]
    return "\n".join(out) + "\n"
