"""View models for the app: pure functions from analysis results to rows, labels and safe HTML.

Nothing here imports Streamlit, Altair or pandas. Every function takes result models
(:class:`~analyzer.results.Analysis` and friends) and returns plain Python data (lists of dicts
with human-readable keys, strings), so the UI stays a thin shell and this logic is unit-tested.

Untrusted document text only ever leaves this module escaped: :func:`evidence_html` escapes
HTML *and* Markdown specials before it wraps the matched words in ``<mark>``, and
:func:`analysis_csv` neutralises spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analyzer.calibration import BUCKETS
from analyzer.ingest.language import LANGUAGE_NAMES
from analyzer.results import Analysis, CriterionResult, Evidence, Practice

if TYPE_CHECKING:
    from analyzer.rubric import Criterion, Rubric
    from analyzer.store import CriterionBenchmark, DocumentSummary

__all__ = [
    "Cell",
    "CSV_FIELDS",
    "Headline",
    "LEVEL_LABELS",
    "Row",
    "SectorProfile",
    "analysis_csv",
    "analysis_json",
    "benchmark_rows",
    "corpus_rows",
    "criteria_by_theme",
    "criterion_tags",
    "document_labels",
    "evidence_html",
    "evidence_rows",
    "frameworks_text",
    "gap_heading",
    "gap_rows",
    "has_lacks",
    "headline",
    "heatmap_rows",
    "highlight_spans",
    "is_foreign",
    "is_met",
    "language_notice",
    "legal_rows",
    "legal_summary",
    "level_label",
    "notices",
    "practice_rows",
    "reading_summary",
    "rubric_rows",
    "safe_text",
    "sector_profile",
    "sector_rows",
    "theme_comparison_rows",
    "theme_rows",
]

Cell = str | int | float | bool | None
Row = dict[str, Cell]

LEVEL_LABELS: dict[int, str] = {
    0: "Absent",
    1: "Mention",
    2: "Commitment",
    3: "Best practice",
}


def level_label(level: int) -> str:
    """``2`` -> ``"Commitment"``; unknown levels are shown as their number."""
    return LEVEL_LABELS.get(level, str(level))


def confidence_basis_text(basis: str) -> str:
    """What a calibrated confidence rests on, in words (``""`` when unknown).

    ``"3/cue/single"`` -> ``"best practice from one clause with a rubric cue"``;
    ``"0/near"`` -> ``"absent, though a clause came close"``.
    """
    if basis == "0/near":
        return "absent, though a clause came close"
    if basis == "0/far":
        return "absent; no clause came close"
    if basis not in BUCKETS or basis == "0":
        return ""
    level, kind, support = basis.split("/")
    clauses = "one clause" if support == "single" else "several clauses"
    found = "with a rubric cue" if kind == "cue" else "found by the model only"
    return f"{level_label(int(level)).lower()} from {clauses} {found}"


def is_met(criterion: CriterionResult) -> bool:
    """A criterion is met when it applies to the sector and its level reaches the target."""
    return criterion.applicable and criterion.level >= criterion.target_level


# ---------------------------------------------------------------------------------------------
# One analysis
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Headline:
    """The three numbers at the top of the Analyze page, and what they are out of."""

    overall_score: float
    suitability: float
    sector_id: str
    sector_label: str
    met: int
    applicable: int
    gaps: int
    missing_must_haves: tuple[str, ...]

    @property
    def met_text(self) -> str:
        """``"21 / 33"``."""
        return f"{self.met} / {self.applicable}"


def headline(analysis: Analysis) -> Headline:
    """Overall score, sector suitability and criteria met (level >= target) for the sector."""
    applicable = [c for c in analysis.criteria if c.applicable]
    titles = _titles(analysis)
    return Headline(
        overall_score=round(analysis.overall_score, 1),
        suitability=round(analysis.sector.suitability, 1),
        sector_id=analysis.sector.id,
        sector_label=analysis.sector.label or analysis.sector.id,
        met=sum(1 for c in applicable if is_met(c)),
        applicable=len(applicable),
        gaps=sum(1 for c in applicable if c.priority > 0),
        missing_must_haves=tuple(titles.get(i, i) for i in analysis.sector.missing_must_haves),
    )


def reading_summary(analysis: Analysis) -> str:
    """What was read: ``"12 pages, 431 clauses read"`` for a PDF; text, Markdown, HTML and
    Word files have no fixed pages, so only ``"45,424 clauses read"``."""
    doc = analysis.document
    clauses = f"{doc.clauses:,} clause{'' if doc.clauses == 1 else 's'} read"
    if not doc.paged:
        return clauses
    return f"{doc.pages} page{'' if doc.pages == 1 else 's'}, {clauses}"


def _titles(analysis: Analysis) -> dict[str, str]:
    return {c.id: c.title or c.id for c in analysis.criteria}


def _theme_titles(analysis: Analysis) -> dict[str, str]:
    return {t.id: t.title or t.id for t in analysis.themes}


def _pages(evidence: Iterable[Evidence]) -> str:
    pages = sorted({e.page for e in evidence if e.page is not None})
    return ", ".join(str(p) for p in pages)


def gap_rows(analysis: Analysis, *, include_met: bool = False) -> list[Row]:
    """The gap table: applicable criteria below target, highest priority first.

    Ties are broken by base weight (heavier first), then by must-have, then by criterion id, so
    the order is stable. ``include_met=True`` also lists the criteria already at target (with
    priority 0) after the gaps.
    """
    themes = _theme_titles(analysis)
    must = set(analysis.sector.missing_must_haves)
    chosen = [
        c
        for c in analysis.criteria
        if c.applicable and (include_met or c.level < c.target_level or c.priority > 0)
    ]
    chosen.sort(key=lambda c: (-c.priority, -c.base_weight, c.id not in must, c.id))
    return [
        {
            "Priority": round(c.priority, 2),
            "Criterion": c.title or c.id,
            "Theme": themes.get(c.theme, c.theme),
            "Level": f"{c.level} {level_label(c.level)}",
            "Target": f"{c.target_level} {level_label(c.target_level)}",
            "Gap": max(0, c.target_level - c.level),
            "Weight": c.base_weight,
            "Sector multiplier": c.multiplier,
            "Must-have": c.id in must,
            "Evidence pages": _pages(c.evidence),
            "id": c.id,
        }
        for c in chosen
    ]


def gap_heading(gaps: int) -> str:
    """The heading of the gap table: ``"22 gaps, biggest first"``."""
    if gaps == 0:
        return "No gaps"
    return "1 gap" if gaps == 1 else f"{gaps} gaps, biggest first"


def theme_rows(analysis: Analysis) -> list[Row]:
    """One row per theme in rubric order: ``theme_id``, ``Theme`` (title), ``Score`` 0-100."""
    return [
        {"theme_id": t.id, "Theme": t.title or t.id, "Score": round(t.score, 1)}
        for t in analysis.themes
    ]


def criteria_by_theme(
    analysis: Analysis, theme_titles: dict[str, str] | None = None
) -> list[tuple[str, list[CriterionResult]]]:
    """Criteria grouped under their theme title, themes in rubric order, criteria in order.

    Themes without a score in the analysis (e.g. sector-specific safeguards when none apply)
    come last; ``theme_titles`` (id -> title, e.g. from the rubric) names them.
    """
    themes = {**(theme_titles or {}), **_theme_titles(analysis)}
    order = [t.id for t in analysis.themes]
    groups: dict[str, list[CriterionResult]] = {t: [] for t in order}
    for c in analysis.criteria:
        groups.setdefault(c.theme, []).append(c)
    return [(themes.get(t, t), cs) for t, cs in groups.items() if cs]


def evidence_rows(criterion: CriterionResult) -> list[Row]:
    """Evidence of one criterion, strongest first: page, level, source, score and the clause."""
    ordered = sorted(criterion.evidence, key=lambda e: (-e.level, -e.score, e.clause_index))
    return [
        {
            "Page": e.page,
            "Level": f"{e.level} {level_label(e.level)}",
            "Found by": e.source,
            "Score": round(e.score, 2),
            "Section": e.heading or "",
            "Clause": e.text,
            "Why": e.why,
        }
        for e in ordered
    ]


def sector_rows(analysis: Analysis) -> list[Row]:
    """The sector ranking, best fit first, with the must-haves each sector misses (titles)."""
    titles = _titles(analysis)
    ranked = sorted(analysis.sector_ranking, key=lambda r: (-r.suitability, r.id))
    return [
        {
            "Rank": i,
            "Sector": r.label or r.id,
            "Suitability": round(r.suitability, 1),
            "Missing must-haves": len(r.missing_must_haves),
            "Must-haves missing": "; ".join(titles.get(m, m) for m in r.missing_must_haves),
            "id": r.id,
        }
        for i, r in enumerate(ranked, start=1)
    ]


def is_foreign(analysis: Analysis) -> bool:
    """Whether the document seems to be in a language other than English."""
    lang = analysis.document.language
    return bool(lang) and lang not in ("en", "und")


def language_notice(analysis: Analysis) -> str | None:
    """The notice to put above the scores of a non-English document (None for English).

    ``"This document looks Spanish; the rubric and model read English, so these scores
    understate it: upload the English version for a reliable grade."``
    """
    if not is_foreign(analysis):
        return None
    lang = analysis.document.language
    name = LANGUAGE_NAMES.get(lang)
    looks = f"looks {name}" if name else f"seems to be in another language ('{lang}')"
    return (
        f"This document {looks}; the rubric and model read English, so these scores understate "
        "it: upload the English version for a reliable grade."
    )


def _is_language_warning(message: str) -> bool:
    return "language" in message.lower() and "english" in message.lower()


def notices(analysis: Analysis, *, language: bool = True) -> list[str]:
    """Warnings to show beside the results: the engine's own, plus OCR, language and model.

    A derived notice is added only when the engine's warnings do not already cover its topic.
    Messages are plain text (the app escapes them before display). Duplicates are dropped.
    ``language=False`` leaves out the language warnings of a non-English document (the app
    shows :func:`language_notice` above the scores instead).
    """
    out: list[str] = list(analysis.warnings)
    if not language and is_foreign(analysis):
        out = [m for m in out if not _is_language_warning(m)]
    said = " ".join(out).lower()
    doc = analysis.document
    if doc.ocr_pages and "ocr" not in said:
        pages = ", ".join(str(p) for p in doc.ocr_pages)
        which = f"Pages {pages} were" if len(doc.ocr_pages) > 1 else f"Page {pages} was"
        out.append(
            f"{which} scanned images read with OCR; check the quoted evidence against the "
            "original, as OCR can misread words."
        )
    if language and is_foreign(analysis) and "english" not in said:
        out.append(
            f"The document seems to be in '{doc.language}', not English. The rubric's cues "
            "are English, so levels are likely too low; analyse an English version if you "
            "have one."
        )
    if analysis.model.kind == "rules" and "model" not in said and "classifier" not in said:
        out.append(
            "The trained classifier was not used, so clauses were graded by the rubric's "
            "rules only. Results are still evidence-based but may miss unusual wording."
        )
    return list(dict.fromkeys(out))


def legal_summary(analysis: Analysis) -> list[Row]:
    """One row per legal framework, in analysis order: elements covered out of all."""
    order: dict[str, list[bool]] = {}
    labels: dict[str, str] = {}
    for e in analysis.legal:
        order.setdefault(e.framework, []).append(e.covered)
        labels.setdefault(e.framework, e.framework_label or e.framework)
    return [
        {
            "Framework": labels[f],
            "Elements covered": f"{sum(v)} / {len(v)}",
            "Share covered": round(100 * sum(v) / len(v), 1) if v else 0.0,
            "id": f,
        }
        for f, v in order.items()
    ]


def legal_rows(analysis: Analysis, framework: str, rubric: Rubric | None = None) -> list[Row]:
    """The elements of one framework: covered or not, and by which criteria (titles).

    ``Criteria met`` lists the element's criteria that reach its minimum level. With the
    ``rubric`` (which holds each element's rule), ``Needs`` says whether all or any one of the
    criteria must reach it and ``Still missing`` lists what keeps an uncovered element open
    (every criterion below the level for an "all" element, the alternatives for an "any" one).
    """
    titles = _titles(analysis)
    rules = (
        {(fw.id, el.id): el for fw in rubric.legal for el in fw.elements}
        if rubric is not None
        else {}
    )
    rows: list[Row] = []
    for e in analysis.legal:
        if e.framework != framework:
            continue
        row: Row = {
            "Element": e.label or e.element,
            "Covered": e.covered,
            "Criteria met": "; ".join(titles.get(c, c) for c in e.covered_by),
            "Criteria that count": "; ".join(titles.get(c, c) for c in e.criteria),
            "id": e.element,
        }
        el = rules.get((e.framework, e.element))
        if el is not None:
            which = "all" if el.rule == "all" or len(el.criteria) == 1 else "any one"
            row["Needs"] = f"{which} at level {el.min_level}+"
            still = "; ".join(titles.get(c, c) for c in e.missing)
            row["Still missing"] = f"one of: {still}" if which == "any one" and still else still
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Safe rendering of untrusted clause text
# ---------------------------------------------------------------------------------------------

# Characters that HTML, Markdown or Streamlit's Markdown extensions (colour directives, emoji
# shortcodes, LaTeX) would interpret. Each becomes a numeric character reference in ONE pass over
# the raw text (so entities are never escaped twice); every renderer shows them literally.
_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#|~:$"})
# At the very start of a line these open a list or a heading block.
_LINE_START = frozenset("-+=0123456789")


def _escape(text: str, *, at_line_start: bool = False) -> str:
    out = text.translate(_ESCAPES)
    if at_line_start and out[:1] in _LINE_START:
        out = f"&#{ord(out[0])};{out[1:]}"
    return out


def safe_text(text: str) -> str:
    """Escape ``text`` for ``st.markdown(unsafe_allow_html=True)``: no HTML, no Markdown.

    Whitespace (including line breaks) collapses to single spaces, then HTML and Markdown
    specials become numeric entities, so the result is one inert line whatever the document
    contained.
    """
    return _escape(" ".join(text.split()), at_line_start=True)


def highlight_spans(text: str, matched: Iterable[str]) -> list[tuple[int, int]]:
    """Where the matched words occur in ``text`` (case-insensitive), as merged, sorted spans.

    Each entry of ``matched`` is taken literally (never as a regex). Matches must start and end
    on word boundaries when the phrase itself starts/ends with a word character, so "fee" does
    not light up inside "coffee".
    """
    spans: list[tuple[int, int]] = []
    for phrase in {m.strip() for m in matched if m and m.strip()}:
        pat = re.escape(phrase)
        if phrase[0].isalnum() or phrase[0] == "_":
            pat = r"\b" + pat
        if phrase[-1].isalnum() or phrase[-1] == "_":
            pat = pat + r"\b"
        spans.extend(m.span() for m in re.finditer(pat, text, flags=re.IGNORECASE))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def evidence_html(text: str, matched: Iterable[str] = ()) -> str:
    """The clause as inert HTML with the matched words wrapped in ``<mark>``.

    The spans are found on the raw text, then every piece (inside and outside the marks) is
    escaped like :func:`safe_text` before the ``<mark>`` tags are added, so the only markup in
    the result is ours.
    """
    flat = " ".join(text.split())
    parts: list[str] = []
    pos = 0
    for start, end in highlight_spans(flat, matched):
        parts.append(_escape(flat[pos:start], at_line_start=pos == 0))
        parts.append(f"<mark>{_escape(flat[start:end], at_line_start=start == 0)}</mark>")
        pos = end
    parts.append(_escape(flat[pos:], at_line_start=pos == 0))
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Several analyses
# ---------------------------------------------------------------------------------------------


def document_labels(analyses: Sequence[Analysis]) -> list[str]:
    """A short, unique label per analysis: the file name, plus the hash prefix on clashes."""
    names = [a.document.name or a.document.sha256[:8] for a in analyses]
    out = []
    for a, name in zip(analyses, names, strict=True):
        out.append(f"{name} ({a.document.sha256[:8]})" if names.count(name) > 1 else name)
    return out


def heatmap_rows(analyses: Sequence[Analysis]) -> list[Row]:
    """Long-form rows documents x criteria for a heatmap: Document, Criterion, Theme, Level.

    Criteria that do not apply to an analysis's sector get ``Level`` None and label
    "Not applicable", so the chart can grey them out rather than show a false zero.
    """
    rows: list[Row] = []
    for label, a in zip(document_labels(analyses), analyses, strict=True):
        themes = _theme_titles(a)
        for order, c in enumerate(a.criteria):
            rows.append(
                {
                    "Document": label,
                    "criterion_id": c.id,
                    "Criterion": c.title or c.id,
                    "Theme": themes.get(c.theme, c.theme),
                    "Level": c.level if c.applicable else None,
                    "Level label": level_label(c.level) if c.applicable else "Not applicable",
                    "order": order,
                }
            )
    return rows


def theme_comparison_rows(analyses: Sequence[Analysis]) -> list[Row]:
    """Long-form rows documents x themes: Document, Theme, Score, plus the overall score."""
    rows: list[Row] = []
    for label, a in zip(document_labels(analyses), analyses, strict=True):
        for order, t in enumerate(a.themes):
            rows.append(
                {
                    "Document": label,
                    "theme_id": t.id,
                    "Theme": t.title or t.id,
                    "Score": round(t.score, 1),
                    "order": order,
                }
            )
    return rows


def _best_evidence(criterion: CriterionResult) -> Evidence | None:
    """The strongest clause of a criterion (highest level, then score), or None."""
    return max(criterion.evidence, key=lambda e: (e.level, e.score), default=None)


def has_lacks(first: Analysis, second: Analysis, *, threshold: int = 2) -> list[Row]:
    """What ``first`` has that ``second`` lacks.

    A criterion is listed when ``first`` reaches ``threshold`` (default 2, a firm commitment)
    and ``second`` does not; criteria that do not apply to the sector are left out. Rows carry
    both levels and ``first``'s strongest clause as the example to borrow; biggest difference
    first, then by criterion id.
    """
    other = {c.id: c for c in second.criteria}
    rows: list[tuple[int, str, Row]] = []
    for c in first.criteria:
        o = other.get(c.id)
        if o is None or not (c.applicable and o.applicable):
            continue
        if c.level < threshold or o.level >= threshold:
            continue
        best = _best_evidence(c)
        rows.append(
            (
                c.level - o.level,
                c.id,
                {
                    "Criterion": c.title or c.id,
                    "Has": f"{c.level} {level_label(c.level)}",
                    "Lacks": f"{o.level} {level_label(o.level)}",
                    "Example clause": best.text if best else "",
                    "Page": best.page if best else None,
                    "id": c.id,
                },
            )
        )
    rows.sort(key=lambda r: (-r[0], r[1]))
    return [r for _, _, r in rows]


# ---------------------------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------------------------

CSV_FIELDS = (
    "document",
    "sha256",
    "sector",
    "criterion_id",
    "theme",
    "title",
    "level",
    "level_label",
    "target_level",
    "met",
    "priority",
    "applicable",
    "multiplier",
    "base_weight",
    "confidence",
    "why",
    "evidence_pages",
    "evidence_count",
    "best_evidence",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Cell) -> Cell:
    """Neutralise spreadsheet formulas: text starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def analysis_csv(analysis: Analysis) -> str:
    """One CSV row per criterion (see :data:`CSV_FIELDS`), safe to open in a spreadsheet."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    doc = analysis.document
    for c in analysis.criteria:
        best = _best_evidence(c)
        row: Row = {
            "document": doc.name,
            "sha256": doc.sha256,
            "sector": analysis.sector.id,
            "criterion_id": c.id,
            "theme": c.theme,
            "title": c.title,
            "level": c.level,
            "level_label": level_label(c.level),
            "target_level": c.target_level,
            "met": is_met(c),
            "priority": round(c.priority, 4),
            "applicable": c.applicable,
            "multiplier": c.multiplier,
            "base_weight": c.base_weight,
            "confidence": round(c.confidence, 4),
            "why": c.why,
            "evidence_pages": _pages(c.evidence),
            "evidence_count": len(c.evidence),
            "best_evidence": " ".join(best.text.split()) if best else "",
        }
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()


def analysis_json(analysis: Analysis) -> str:
    """The analysis in the JSON contract of ``coc analyze --format json``."""
    return analysis.model_dump_json(indent=2)


# ---------------------------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------------------------


def corpus_rows(
    documents: Iterable[DocumentSummary], sector_labels: Mapping[str, str] | None = None
) -> list[Row]:
    """The stored documents as table rows, newest first; ``sector_labels`` (id -> label, from
    the rubric) names the sectors. Pages are given for PDFs only (text, Markdown, HTML and Word
    files have no fixed pages)."""
    labels = sector_labels or {}
    ordered = sorted(documents, key=lambda d: (d.added_at, d.id), reverse=True)
    return [
        {
            "Document": d.name,
            "Organisation": d.organisation or "",
            "Sector": labels.get(d.sector, d.sector) if d.sector else "",
            "Type": d.doc_type or "",
            "Year": d.year,
            "Overall score": None if d.overall_score is None else round(d.overall_score, 1),
            "Suitability": None if d.suitability is None else round(d.suitability, 1),
            "Pages": d.pages if d.media_type in (None, "pdf") else None,
            "Added": d.added_at[:10],
            "id": d.id,
            "sha256": d.sha256,
        }
        for d in ordered
    ]


def benchmark_rows(
    benchmarks: Iterable[CriterionBenchmark],
    rubric: Rubric,
    yours: Analysis | None = None,
) -> list[Row]:
    """Per criterion, in rubric order: how the corpus scores it, and your level beside it."""
    by_id = {b.criterion_id: b for b in benchmarks}
    mine = {c.id: c.level for c in yours.criteria} if yours is not None else {}
    themes = {t.id: t.title for t in rubric.themes}
    rows: list[Row] = []
    for c in rubric.criteria:
        b = by_id.get(c.id)
        median = b.p50 if b is not None else None
        if b is None or b.mean_level is None or b.share_at_least_2 is None or median is None:
            continue  # no stored document is graded on it (not applicable to their sectors)
        row: Row = {
            "Criterion": c.title,
            "Theme": themes.get(c.theme, c.theme),
            "Documents": b.documents,
            "Mean level": round(b.mean_level, 2),
            "25th pct": b.p25,
            "Median": median,
            "75th pct": b.p75,
            "Middle half": f"{b.p25:g} to {b.p75:g}",
            "At commitment or better": round(100 * b.share_at_least_2, 1),
            "id": c.id,
        }
        if yours is not None:
            level = mine.get(c.id)
            row["Your level"] = level
            row["Versus median"] = (
                None
                if level is None
                else ("above" if level > median else "below" if level < median else "at")
            )
        rows.append(row)
    return rows


def practice_rows(practices: Iterable[Practice]) -> list[Row]:
    """Promising practices as rows: the clause, its level and where it comes from."""
    return [
        {
            "Level": f"{p.level} {level_label(p.level)}",
            "Clause": " ".join(p.text.split()),
            "Document": p.document_name,
            "Organisation": p.organisation,
            "Sector": p.sector,
            "Page": p.page,
        }
        for p in practices
    ]


# ---------------------------------------------------------------------------------------------
# Rubric (Method and Compare sectors pages)
# ---------------------------------------------------------------------------------------------


def rubric_rows(rubric: Rubric) -> list[Row]:
    """One row per criterion in rubric order: theme, title, weight, core, frameworks."""
    themes = {t.id: t.title for t in rubric.themes}
    return [
        {
            "Theme": themes.get(c.theme, c.theme),
            "Criterion": c.title,
            "Weight": c.base_weight,
            "Core": c.core,
            "Sector-specific": c.sector_specific,
            "Frameworks": "; ".join(f"{f.framework} {f.reference}".strip() for f in c.frameworks),
            "id": c.id,
        }
        for c in rubric.criteria
    ]


def criterion_tags(criterion: Criterion, *, weight: str = "weight") -> list[str]:
    """The tags shown beside a criterion's title: ``["weight 3", "core", "sector-specific"]``."""
    tags = [f"{weight} {criterion.base_weight}"]
    if criterion.core:
        tags.append("core")
    if criterion.sector_specific:
        tags.append("sector-specific")
    return tags


def frameworks_text(criterion: Criterion) -> str:
    """The frameworks behind a criterion: ``"ILO C29 (Art. 1); UNGP (17)"``."""
    return "; ".join(f"{f.framework} ({f.reference})" for f in criterion.frameworks)


@dataclass(frozen=True, slots=True)
class SectorProfile:
    """A sector's profile in display form: titles, not ids."""

    id: str
    label: str
    description: str
    risk_factors: list[Row]
    critical: list[str]
    elevated: list[str]
    must_haves: list[str]
    specific: list[str]
    training_focus: list[str]
    supplier_engagement: list[str]


def sector_profile(rubric: Rubric, sector_id: str) -> SectorProfile:
    """The sector profile of ``sector_id`` with criterion titles (raises SectorError)."""
    sector = rubric.sector(sector_id)
    title = {c.id: c.title for c in rubric.criteria}

    def named(ids: Iterable[str]) -> list[str]:
        return [title.get(i, i) for i in ids]

    level = sector.multipliers
    return SectorProfile(
        id=sector.id,
        label=sector.label,
        description=sector.description,
        risk_factors=[
            {"Risk factor": r.factor, "Evidence": r.evidence, "Sources": "; ".join(r.sources)}
            for r in sector.risk_factors
        ],
        critical=named(c.id for c in rubric.criteria if level.get(c.id) == "critical"),
        elevated=named(c.id for c in rubric.criteria if level.get(c.id) == "elevated"),
        must_haves=named(rubric.must_haves(sector.id)),
        specific=named(sector.specific_criteria),
        training_focus=list(sector.training_focus),
        supplier_engagement=list(sector.supplier_engagement),
    )
