"""The toolkit's one content model, built from an Analysis, the Rubric, the sector and the org.

Every output format (DOCX, PDF, HTML, Markdown) renders the same :class:`ToolkitContent`, so the
formats cannot drift apart: templates only loop, branch and lay out. All untrusted text (document
evidence, the organisation name, corpus practices) is cleaned here with
:func:`~analyzer.toolkit.sanitize.clean` and escaped by each renderer; it is always data in the
template context, never template source.

Gaps are the applicable criteria graded below their target level for the sector. They are ranked
by priority = base weight x sector multiplier x (target level - level), as the engine computes it
(:class:`~analyzer.results.CriterionResult`); when the analysis was graded with another rubric or
another sector, the sector-dependent fields are recomputed from the rubric given here.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from analyzer import score
from analyzer.explain import FOUND_BY
from analyzer.results import Analysis, CriterionResult, Evidence, Practice
from analyzer.rubric import Criterion, Rubric, Sector
from analyzer.score import criterion_priority
from analyzer.toolkit.sanitize import clean
from analyzer.views import LEVEL_LABELS, highlight_spans

#: The chapter headings every format shows, in order (the templates spell them out; tests check).
SECTION_TITLES: tuple[str, ...] = (
    "Executive summary",
    "Gap table",
    "Action plan",
    "Closing the gaps",
    "Legal checklist",
    "Promising practices",
    "Training plan",
    "Supplier engagement plan",
    "Appendix A: Evidence",
    "Appendix B: Method and limits",
)

#: How many gaps the executive summary lists.
TOP_GAPS = 5

#: The action plan lists the steps of this many highest-priority gaps, plus every must-have gap
#: of the sector; the other gaps keep their steps in their own sections (condensed there).
PLAN_TOP = 10

#: How many corpus practices to show per gap.
PRACTICES_PER_GAP = 3

#: How many quotes to show per gap section and per legal element.
QUOTES_PER_GAP = 3
QUOTES_PER_ELEMENT = 2
#: How many evidence clauses per criterion the evidence appendix lists (the strongest ones) for
#: the criteria without a gap section (a gap section quotes its own, QUOTES_PER_GAP).
APPENDIX_EVIDENCE = 3

#: Implementation windows (``Step.days``) and their headings.
WINDOWS: tuple[tuple[int, str], ...] = (
    (30, "First 30 days"),
    (90, "By day 90"),
    (180, "By day 180"),
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_MULTIPLIER_WORDS = {"critical": "Critical", "elevated": "Elevated", "normal": "Normal"}

METHOD_NOTES: tuple[str, ...] = (
    "The document's text was extracted page by page and split into clauses. Each clause was "
    "compared with the rubric's cues for every criterion: topic phrases, patterns, signals of "
    "best practice, and signs of weak or conditional wording.",
    "Rules find the clauses that address a criterion and a trained classifier (when one is "
    "installed) weighs how strong each clause is; the two are combined into one level per "
    "criterion, and every level above zero is backed by quoted clauses, in the criterion's gap "
    "section or in the evidence appendix.",
    "Theme scores are the weighted share of the best possible level across a theme's criteria. "
    "Sector suitability weights each criterion by the sector's multiplier (critical x2.0, "
    "elevated x1.5) and checks the sector's must-have criteria.",
    "Priority = base weight (1-3) x sector multiplier x the number of levels still missing to "
    "reach the target. The target is best practice (3) for criteria that are critical or "
    "must-have in the sector (the core criteria are must-haves in every sector) and commitment "
    "(2) for the others.",
)

LEVEL_NOTES: tuple[str, ...] = (
    "0 Absent: no clause addresses the topic.",
    "1 Mention: the topic is named, but in general or aspirational words (should, strive, "
    "where possible) or with a loophole.",
    "2 Commitment: a specific, mandatory requirement (shall, must) with its scope.",
    "3 Best practice: the commitment plus a mechanism (who, how, when), reach beyond direct "
    "suppliers or to labour agents, and verification, metrics or remedy.",
)

LIMIT_NOTES: tuple[str, ...] = (
    "It reads what the document says, not what happens: it cannot tell whether a commitment is "
    "implemented, resourced or enforced. Audits, worker interviews and grievance data are "
    "needed for that.",
    "It is tuned for English. Translated documents, mixed languages and legal terms of art may "
    "be graded lower than they deserve.",
    "Scanned pages are read with OCR when it is available; OCR errors can hide or garble clauses. "
    "Text inside images, tables drawn as pictures, or separate annexes and policies that the "
    "code only refers to are not read.",
    "Grading by rules and a statistical model can miss unusual wording and can be misled by "
    "negations or exceptions. Treat each level as a well-founded first reading and check the "
    "quoted evidence before acting on it.",
    "The legal checklist shows whether the document touches the topics each law asks about. It "
    "is not legal advice and does not establish compliance.",
)


# --------------------------------------------------------------------------------------------
# The content model (frozen dataclasses; templates read their attributes)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cover:
    org: str
    title: str
    document_name: str
    document_pages: int
    #: "14 pages" for a PDF, "169 clauses" for a file without pages (text, Markdown, HTML, Word)
    document_size: str
    sector_id: str
    sector_label: str
    date: str
    date_long: str
    rubric_version: str
    rubric_hash: str
    model: str
    analyzer_version: str


@dataclass(frozen=True)
class ThemeBar:
    id: str
    title: str
    score: float
    label: str


@dataclass(frozen=True)
class TextPart:
    """A run of quoted text; ``hit`` marks the words that made the clause count."""

    text: str
    hit: bool


@dataclass(frozen=True)
class Quote:
    text: str
    page: int | None
    page_label: str
    heading: str
    level: int
    level_label: str
    ocr: bool
    criterion_id: str = ""
    criterion_title: str = ""
    parts: tuple[TextPart, ...] = ()


@dataclass(frozen=True)
class GapRow:
    rank: int
    id: str
    title: str
    theme_title: str
    level: int
    level_label: str
    target_level: int
    target_label: str
    priority: float
    priority_label: str
    weight_label: str
    must_have: bool
    legal: tuple[str, ...]
    legal_label: str


@dataclass(frozen=True)
class RiskNote:
    factor: str
    evidence: str
    sources: str


@dataclass(frozen=True)
class StepItem:
    action: str
    owner: str
    days: int
    #: the window in words ("First 30 days"), from :data:`WINDOWS`
    when: str = ""


@dataclass(frozen=True)
class Phase:
    days: int
    label: str
    steps: tuple[StepItem, ...]


@dataclass(frozen=True)
class ReadingItem:
    title: str
    url: str


@dataclass(frozen=True)
class PracticeItem:
    text: str
    level: int
    level_label: str
    source: str


@dataclass(frozen=True)
class ActionItem:
    """One step of the action plan and the gap it closes."""

    action: str
    owner: str
    gap: GapRow


@dataclass(frozen=True)
class ActionPhase:
    days: int
    label: str
    #: the steps of this window, highest-priority gap first (rubric order within a gap)
    items: tuple[ActionItem, ...]


@dataclass(frozen=True)
class ActionPlan:
    """The consolidated plan a board can approve: the steps of the top gaps, by window."""

    phases: tuple[ActionPhase, ...]
    #: the gaps whose steps are listed, in priority order
    gaps: tuple[GapRow, ...]
    #: how many further gaps have steps in their own sections only
    rest: int
    #: one line saying which gaps are in the plan and where the others are
    note: str


@dataclass(frozen=True)
class GapSection:
    row: GapRow
    description: str
    sector_reason: str
    risks: tuple[RiskNote, ...]
    frameworks: tuple[str, ...]
    current_text: str
    target_text: str
    quotes: tuple[Quote, ...]
    addressed: bool
    clause: str
    clause_for_sector: bool
    phases: tuple[Phase, ...]
    kpis: tuple[str, ...]
    reading: tuple[ReadingItem, ...]
    practices: tuple[PracticeItem, ...]
    #: the steps of all phases in window order (one compact table in the templates)
    steps: tuple[StepItem, ...] = ()
    #: whether the gap's steps are in the action plan; the sections of the others are condensed
    in_plan: bool = True


@dataclass(frozen=True)
class Strength:
    id: str
    title: str
    level: int
    level_label: str
    quote: Quote | None
    #: "" or why a reader should check this strength against the document before relying on
    #: it: its calibrated confidence is below :data:`CHECK_BELOW`
    check: str = ""


@dataclass(frozen=True)
class LegalRow:
    ref: str
    label: str
    covered: bool
    status: str
    criteria: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class LegalSection:
    id: str
    label: str
    jurisdiction: str
    citation: str
    rows: tuple[LegalRow, ...]
    covered: int
    total: int
    summary: str


@dataclass(frozen=True)
class PracticeGroup:
    criterion_id: str
    title: str
    level_label: str
    items: tuple[PracticeItem, ...]


@dataclass(frozen=True)
class Summary:
    overall: float
    overall_label: str
    suitability: float
    suitability_label: str
    sector_label: str
    sector_description: str
    missing_must_haves: tuple[str, ...]
    themes: tuple[ThemeBar, ...]
    top_gaps: tuple[GapRow, ...]
    strengths: tuple[Strength, ...]
    risks: tuple[RiskNote, ...]
    gap_count: int


@dataclass(frozen=True)
class Plan:
    focus: tuple[str, ...]
    phases: tuple[Phase, ...]
    kpis: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceRow:
    criterion: str
    level_label: str
    page_label: str
    text: str
    source: str


@dataclass(frozen=True)
class ToolkitContent:
    """Everything a toolkit template may show, already cleaned, ordered and labelled."""

    cover: Cover
    summary: Summary
    gaps: tuple[GapRow, ...]
    plan: ActionPlan
    sections: tuple[GapSection, ...]
    legal: tuple[LegalSection, ...]
    practices: tuple[PracticeGroup, ...]
    practices_note: str
    training: Plan
    suppliers: Plan
    evidence: tuple[EvidenceRow, ...]
    method: tuple[str, ...]
    levels: tuple[str, ...]
    limits: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())
    #: warnings a reader must see before the scores (a non-English document), on the first page
    notices: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def level_label(level: int) -> str:
    """``"2 Commitment"`` for 2 (the level name of the nearest level for one out of range)."""
    return f"{level} {LEVEL_LABELS[max(0, min(3, level))]}"


def number_label(value: float) -> str:
    """``12`` for 12.0, ``4.5`` for 4.5."""
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class _Locator:
    """How a quote is found again in the document: by page in a PDF; by clause number in a
    file without pages (text, Markdown, HTML, Word), where every clause is on "page 1"."""

    paged: bool = True
    clauses: int = 0

    @classmethod
    def of(cls, analysis: Analysis) -> _Locator:
        doc = analysis.document
        return cls(paged=doc.paged, clauses=doc.clauses)

    def label(self, ev: Evidence) -> str:
        if self.paged:
            return f"p. {ev.page}" if ev.page is not None else "page not known"
        return f"clause {ev.clause_index + 1} of {self.clauses}"


def today(override: dt.date | None = None) -> dt.date:
    """The date printed on the cover: ``override``, else ``$SOURCE_DATE_EPOCH``, else today."""
    if override is not None:
        return override
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def _parts(text: str, matched: Sequence[str]) -> tuple[TextPart, ...]:
    """``text`` split into runs, the matched cue words marked (for highlighting)."""
    parts: list[TextPart] = []
    at = 0
    for start, end in highlight_spans(text, [clean(m) for m in matched]):
        if start > at:
            parts.append(TextPart(text[at:start], False))
        parts.append(TextPart(text[start:end], True))
        at = end
    if at < len(text) or not parts:
        parts.append(TextPart(text[at:], False))
    return tuple(parts)


def _quote(ev: Evidence, criterion: Criterion | None, where: _Locator) -> Quote:
    text = clean(ev.text)
    return Quote(
        parts=_parts(text, ev.matched),
        text=text,
        page=ev.page,
        page_label=where.label(ev),
        heading=clean(ev.heading),
        level=ev.level,
        level_label=level_label(ev.level),
        ocr=ev.ocr,
        criterion_id=criterion.id if criterion else "",
        criterion_title=clean(criterion.title) if criterion else "",
    )


def _page_order(ev: Evidence) -> int:
    """Sort key: the evidence's page, unknown pages last."""
    return ev.page if ev.page is not None else 10**9


def _best_evidence(result: CriterionResult | None) -> list[Evidence]:
    """The result's evidence, strongest first (level, then score), then in page order."""
    if result is None:
        return []
    return sorted(
        result.evidence,
        key=lambda e: (-e.level, -e.score, _page_order(e)),
    )


#: a strength whose confidence is below this is flagged for the reader to check
CHECK_BELOW = 0.6


def _check_note(result: CriterionResult | None) -> str:
    """A note asking the reader to check a strength whose confidence is low (a best practice
    resting on one clause agreed with independent annotators about half the time)."""
    if result is None or result.confidence >= CHECK_BELOW:
        return ""
    return f"check it against the document: confidence {result.confidence:.0%}"


def _top_quote(g: _Graded, where: _Locator) -> Quote | None:
    """The criterion's strongest quote, or None when it has no evidence."""
    best = _best_evidence(g.result)
    return _quote(best[0], g.criterion, where) if best else None


def _element_quote(g: _Graded, element_label: str, where: _Locator) -> Quote | None:
    """The criterion's clause that best fits a legal element: the one sharing most words with
    the element's label ("No use of forced labour" picks "(3) Use forced labor ..." over a
    stronger clause on trafficking), the strongest on a tie; None when it has no evidence."""
    best = _best_evidence(g.result)
    if not best:
        return None
    wanted = _word_set(element_label, _FUNCTION_WORDS)
    pick = max(best, key=lambda e: len(wanted & _word_set(e.text, _FUNCTION_WORDS)))
    return _quote(pick, g.criterion, where)


#: the few function words left out when a clause is matched to a legal element's label (the
#: topic words that :data:`_STOP` also drops, "forced", "labour", are what such labels say)
_FUNCTION_WORDS = frozenset(
    {"with", "that", "from", "their", "this", "they", "have", "which", "shall", "must", "other"}
)


def _word_set(text: str, stop: AbstractSet[str] | None = None) -> set[str]:
    """Words of four letters or more, US spellings folded into British ("labor" -> "labour"),
    without ``stop`` (default :data:`_STOP`)."""
    words = set(re.findall(r"[a-z]{4,}", text.lower().replace("labor", "labour")))
    return words - (_STOP if stop is None else stop)


_STOP = {
    "with",
    "that",
    "from",
    "their",
    "this",
    "they",
    "have",
    "which",
    "workers",
    "worker",
    "labour",
    "labor",
    "forced",
    "supply",
    "chain",
    "chains",
    "suppliers",
    "supplier",
    "code",
    "must",
    "shall",
    "including",
    "without",
    "other",
    "where",
    "when",
    "every",
    "under",
    "over",
    "more",
    "than",
}


def _relevant_risks(sector: Sector, criterion: Criterion) -> tuple[RiskNote, ...]:
    """The sector's risk factors that speak about the criterion's topic.

    A risk factor that lists its ``criteria`` is relevant to exactly those. One without (as in
    a user's own rubric) is relevant when one of the criterion's cue phrases occurs in it, or
    when it shares at least two content words with the criterion's title.
    """
    phrases = [p.lower() for p in criterion.cues.phrases if len(p) >= 5]
    title_words = _word_set(criterion.title)
    notes = []
    for risk in sector.risk_factors:
        if risk.criteria:
            if criterion.id in risk.criteria:
                notes.append(_risk_note(risk.factor, risk.evidence, risk.sources))
            continue
        text = f"{risk.factor} {risk.evidence}".lower()
        hit = any(re.search(rf"\b{re.escape(p)}\b", text) for p in phrases)
        if hit or len(title_words & _word_set(text)) >= 2:
            notes.append(_risk_note(risk.factor, risk.evidence, risk.sources))
    return tuple(notes)


def _risk_note(factor: str, evidence: str, sources: Sequence[str]) -> RiskNote:
    return RiskNote(factor=clean(factor), evidence=clean(evidence), sources="; ".join(sources))


#: Short names of the bundled legal frameworks, for the gap table (others use their label).
SHORT_LAW_NAMES: dict[str, str] = {
    "uk_msa": "UK MSA",
    "au_msa": "AU MSA",
    "ca_sb657": "CA SB 657",
    "us_far": "FAR 52.222-50",
    "eu_flr": "EU FLR",
}


def _legal_refs(rubric: Rubric) -> dict[str, list[str]]:
    """criterion id -> ``["UK MSA s.54(5)(c)", ...]`` from the rubric's legal frameworks."""
    refs: dict[str, list[str]] = {}
    for framework in rubric.legal:
        name = SHORT_LAW_NAMES.get(framework.id, framework.label)
        for element in framework.elements:
            for cid in element.criteria:
                ref = f"{name} {element.ref}"
                if ref not in refs.setdefault(cid, []):
                    refs[cid].append(ref)
    return refs


def _phases(steps: Sequence[StepItem]) -> tuple[Phase, ...]:
    phases = []
    for days, label in WINDOWS:
        in_window = tuple(s for s in steps if s.days == days)
        if in_window:
            phases.append(Phase(days=days, label=label, steps=in_window))
    return tuple(phases)


def _steps(criterion: Criterion) -> list[StepItem]:
    """The criterion's steps in window order (the rubric's order within a window)."""
    labels = dict(WINDOWS)
    return [
        StepItem(
            action=clean(s.action),
            owner=clean(s.owner),
            days=int(s.days),
            when=labels.get(int(s.days), f"By day {int(s.days)}"),
        )
        for s in sorted(criterion.implementation_steps, key=lambda s: int(s.days))
    ]


def _action_plan(sections: Sequence[GapSection], total: int) -> ActionPlan:
    """The steps of the :data:`PLAN_TOP` highest-priority gaps and of every must-have gap,
    grouped by window and ordered by gap priority inside each window."""
    chosen = [s for s in sections if s.in_plan]
    phases = []
    for days, label in WINDOWS:
        items = tuple(
            ActionItem(action=step.action, owner=step.owner, gap=s.row)
            for s in chosen
            for step in s.steps
            if step.days == days
        )
        if items:
            phases.append(ActionPhase(days=days, label=label, items=items))
    rest = total - len(chosen)
    if not chosen:
        note = "No gaps: there are no steps to plan."
    elif not rest:
        note = "The steps of every gap, by window, highest priority first."
    else:
        also = any(s.row.rank > PLAN_TOP for s in chosen)
        note = (
            f"The steps of the {PLAN_TOP} highest-priority gaps"
            + (" and of every other must-have for the sector" if also else "")
            + f" ({len(chosen)} of {total} gaps), by window, highest priority first. "
            + (
                f"The other {rest} gaps have their steps in their own sections"
                if rest > 1
                else "The other gap has its steps in its own section"
            )
            + " under Closing the gaps."
        )
    return ActionPlan(phases=tuple(phases), gaps=tuple(s.row for s in chosen), rest=rest, note=note)


def _practice_source(p: Practice, sector_labels: Mapping[str, str]) -> str:
    parts = [clean(p.organisation) or "Unnamed organisation"]
    if p.document_name:
        parts.append(clean(p.document_name))
    where = ", ".join(parts)
    if p.page is not None:
        where += f", p. {p.page}"
    if p.sector:
        where += f" ({clean(sector_labels.get(p.sector, p.sector))})"
    return where


def _select_practices(
    found: Sequence[Practice],
    *,
    current_level: int,
    document_name: str,
    document_sha: str,
    sector_labels: Mapping[str, str],
) -> tuple[PracticeItem, ...]:
    """The strongest corpus clauses above the document's level, from other documents."""
    seen: set[str] = set()
    chosen: list[PracticeItem] = []
    ranked = sorted(found, key=lambda p: (-p.level, -p.score, p.organisation, p.text))
    for p in ranked:
        text = clean(p.text)
        if not text or p.level <= current_level or text in seen:
            continue
        if p.document_name and p.document_name in (document_name, document_sha):
            continue
        seen.add(text)
        chosen.append(
            PracticeItem(
                text=text,
                level=p.level,
                level_label=level_label(p.level),
                source=_practice_source(p, sector_labels),
            )
        )
        if len(chosen) == PRACTICES_PER_GAP:
            break
    return tuple(chosen)


@dataclass(frozen=True)
class _Graded:
    """One criterion's level with its sector fields, whichever side computed them."""

    criterion: Criterion
    result: CriterionResult | None
    level: int
    applicable: bool
    multiplier: float
    multiplier_name: str
    must_have: bool
    target: int
    priority: float


def _scored_with(analysis: Analysis, rubric: Rubric, sector_id: str) -> bool:
    """Whether the analysis was scored with this very rubric for this sector."""
    return analysis.rubric.hash == rubric.hash and analysis.sector.id == sector_id


def _grade(analysis: Analysis, rubric: Rubric, sector: Sector) -> list[_Graded]:
    """Each rubric criterion with its level and sector fields, in rubric order.

    The analysis's own ``target_level``/``priority`` are used when it was scored with this very
    rubric for this sector; otherwise (another rubric, another sector, or an analysis written
    before these fields existed) they are recomputed from the rubric.
    """
    results = {r.id: r for r in analysis.criteria}
    trusted = _scored_with(analysis, rubric, sector.id)
    graded = []
    for criterion in rubric.criteria:
        result = results.get(criterion.id)
        level = result.level if result else 0
        name = sector.level_of(criterion.id)
        must = rubric.must_have(sector.id, criterion.id)
        if trusted and result is not None:
            applicable = result.applicable
            multiplier = result.multiplier
            target = result.target_level
            priority = result.priority
        else:
            applicable = rubric.applicable(sector.id, criterion.id)
            multiplier = rubric.multiplier(sector.id, criterion.id)
            target = rubric.target_level(sector.id, criterion.id)
            priority = criterion_priority(criterion.base_weight, multiplier, target, level)
        graded.append(
            _Graded(
                criterion=criterion,
                result=result,
                level=level,
                applicable=applicable,
                multiplier=multiplier,
                multiplier_name=name,
                must_have=must,
                target=target if applicable else 0,
                priority=priority if applicable else 0.0,
            )
        )
    return graded


# --------------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------------


def build_content(
    analysis: Analysis,
    rubric: Rubric,
    *,
    org: str,
    sector: str | None = None,
    practices: Mapping[str, Sequence[Practice]] | None = None,
    practices_note: str | None = None,
    date: dt.date | None = None,
) -> ToolkitContent:
    """Build the toolkit content for ``analysis`` graded against ``rubric``.

    ``sector`` defaults to the sector the analysis was scored for. ``practices`` maps criterion
    ids to strong clauses from the corpus store (``None`` when no corpus was available; say why
    in ``practices_note``). ``date`` is the cover date (default: ``$SOURCE_DATE_EPOCH`` or
    today), fixed in tests so the output is reproducible.
    """
    sector_id = sector or analysis.sector.id or "general"
    sector_profile = rubric.sector(sector_id)
    org_name = clean(org) or "[Company]"
    when = today(date)
    themes = {t.id: t for t in rubric.themes}
    legal_refs = _legal_refs(rubric)
    graded = _grade(analysis, rubric, sector_profile)
    where = _Locator.of(analysis)
    by_id = {g.criterion.id: g for g in graded}

    # Gaps: applicable criteria below target, by priority (then base weight, then rubric order).
    order = {g.criterion.id: i for i, g in enumerate(graded)}
    gap_list = sorted(
        (g for g in graded if g.applicable and g.level < g.target),
        key=lambda g: (-g.priority, -g.criterion.base_weight, order[g.criterion.id]),
    )
    rows: list[GapRow] = []
    for rank, g in enumerate(gap_list, start=1):
        c = g.criterion
        refs = tuple(legal_refs.get(c.id, ()))
        rows.append(
            GapRow(
                rank=rank,
                id=c.id,
                title=clean(c.title),
                theme_title=clean(themes[c.theme].title) if c.theme in themes else c.theme,
                level=g.level,
                level_label=level_label(g.level),
                target_level=g.target,
                target_label=level_label(g.target),
                priority=g.priority,
                priority_label=number_label(g.priority),
                # base weight and sector multiplier: with the levels missing, the priority
                weight_label=(
                    f"weight {c.base_weight}, "
                    f"{_MULTIPLIER_WORDS.get(g.multiplier_name, g.multiplier_name).lower()} "
                    f"x{number_label(g.multiplier)}"
                ),
                must_have=g.must_have,
                legal=refs,
                legal_label="; ".join(refs) if refs else "None listed",
            )
        )

    sections = tuple(
        _gap_section(
            row,
            by_id[row.id],
            sector_profile,
            org_name,
            practices,
            analysis,
            {s.id: clean(s.label) for s in rubric.sectors},
        )
        for row in rows
    )

    strengths = tuple(
        Strength(
            id=g.criterion.id,
            title=clean(g.criterion.title),
            level=g.level,
            level_label=level_label(g.level),
            quote=_top_quote(g, where),
            check=_check_note(g.result),
        )
        for g in sorted(
            (g for g in graded if g.applicable and g.level >= max(2, g.target)),
            key=lambda g: (-g.level, -g.criterion.base_weight, order[g.criterion.id]),
        )
    )

    levels = {g.criterion.id: g.level for g in graded}
    if _scored_with(analysis, rubric, sector_id):
        theme_scores = {t.id: t.score for t in analysis.themes}
        overall = analysis.overall_score
        suitability = analysis.sector.suitability
    else:  # another sector or rubric: the same formulas the engine uses, from the levels
        theme_scores = {t.id: t.score for t in score.theme_scores(rubric, levels, sector_id)}
        overall = score.overall_score(rubric, levels, sector_id)
        suitability = score.suitability(rubric, levels, sector_id)
    bars = tuple(
        ThemeBar(
            id=t.id,
            title=clean(t.title),
            score=float(theme_scores[t.id]),
            label=f"{theme_scores[t.id]:.0f}%",
        )
        for t in rubric.themes
        if t.id in theme_scores
        and any(by_id[c.id].applicable for c in rubric.criteria_in_theme(t.id))
    )

    missing = tuple(
        clean(rubric.criterion(cid).title)
        for cid in score.missing_must_haves(rubric, levels, sector_id)
    )
    summary = Summary(
        overall=overall,
        overall_label=f"{overall:.0f} / 100",
        suitability=suitability,
        suitability_label=f"{suitability:.0f} / 100",
        sector_label=clean(sector_profile.label),
        sector_description=clean(sector_profile.description),
        missing_must_haves=missing,
        themes=bars,
        top_gaps=tuple(rows[:TOP_GAPS]),
        strengths=strengths,
        risks=tuple(
            _risk_note(r.factor, r.evidence, r.sources) for r in sector_profile.risk_factors
        ),
        gap_count=len(rows),
    )

    cover = Cover(
        org=org_name,
        title=f"Anti-trafficking and forced labour toolkit for {org_name}",
        document_name=clean(analysis.document.name),
        document_pages=analysis.document.pages,
        document_size=_document_size(analysis),
        sector_id=sector_id,
        sector_label=clean(sector_profile.label),
        date=when.isoformat(),
        date_long=f"{when.day} {_MONTHS[when.month - 1]} {when.year}",
        rubric_version=clean(rubric.version),
        rubric_hash=rubric.short_hash,
        model=_model_label(analysis),
        analyzer_version=clean(analysis.analyzer_version) or "unknown",
    )

    practice_groups = tuple(
        PracticeGroup(
            criterion_id=s.row.id,
            title=s.row.title,
            level_label=s.row.level_label,
            items=s.practices,
        )
        for s in sections
        if s.practices
    )
    if practices_note:
        note = practices_note
    elif practices is None:
        note = (
            "No corpus of analysed documents was available, so no promising practices from "
            "other organisations are shown. Add analysed codes to a corpus database and pass it "
            "with --db to include them."
        )
    elif not practice_groups:
        note = "The corpus holds no clause stronger than this document's for any of the gaps."
    else:
        note = (
            "Clauses from other analysed codes in the corpus that reach a higher level than this "
            "document on a gap. Check the source before reusing wording."
        )

    training = rubric.criterion("training") if "training" in by_id else None
    training_plan = Plan(
        focus=tuple(clean(f) for f in sector_profile.training_focus),
        phases=_phases(_steps(training)) if training else (),
        kpis=tuple(clean(k) for k in training.kpis) if training else (),
    )
    flow_down = rubric.criterion("contract_flow_down") if "contract_flow_down" in by_id else None
    supplier_plan = Plan(
        focus=tuple(clean(f) for f in sector_profile.supplier_engagement),
        phases=_phases(_steps(flow_down)) if flow_down else (),
        kpis=tuple(clean(k) for k in flow_down.kpis) if flow_down else (),
    )

    # the gap sections quote their own evidence: the appendix holds the rest
    in_sections = {row.id for row in rows}
    evidence_rows = tuple(
        EvidenceRow(
            criterion=clean(g.criterion.title),
            level_label=level_label(ev.level),
            page_label=where.label(ev) + (" (OCR)" if ev.ocr else ""),
            text=clean(ev.text),
            source=FOUND_BY.get(ev.source, ev.source),
        )
        for g in graded
        if g.criterion.id not in in_sections
        for ev in sorted(
            _best_evidence(g.result)[:APPENDIX_EVIDENCE],
            key=lambda e: (_page_order(e), e.clause_index),
        )
    )

    method = METHOD_NOTES + (
        f"This document was graded with rubric {clean(rubric.version)} (content hash "
        f"{rubric.short_hash}) and {_model_label(analysis)}; "
        + (
            f"{_document_size(analysis)} and {analysis.document.clauses} clauses were read"
            if analysis.document.paged
            else f"{analysis.document.clauses} clauses were read"
        )
        + (
            f", pages {', '.join(str(p) for p in analysis.document.ocr_pages)} through OCR."
            if analysis.document.ocr_pages
            else "."
        ),
    )

    return ToolkitContent(
        cover=cover,
        summary=summary,
        gaps=tuple(rows),
        plan=_action_plan(sections, len(rows)),
        sections=sections,
        legal=_legal_sections(analysis, rubric, by_id),
        practices=practice_groups,
        practices_note=clean(note),
        training=training_plan,
        suppliers=supplier_plan,
        evidence=evidence_rows,
        method=method,
        levels=LEVEL_NOTES,
        limits=LIMIT_NOTES,
        warnings=tuple(clean(w) for w in analysis.warnings),
        notices=tuple(clean(w) for w in analysis.warnings if w.startswith(LANGUAGE_WARNING)),
    )


#: how the language warning of :func:`analyzer.ingest.language.language_warning` starts
LANGUAGE_WARNING = "Document language looks like"


def _document_size(analysis: Analysis) -> str:
    """ "14 pages" for a PDF (pages are real there), else the number of clauses read."""
    d = analysis.document
    if d.paged:
        return f"{d.pages} page{'s' if d.pages != 1 else ''}"
    return f"{d.clauses} clause{'s' if d.clauses != 1 else ''}"


def _model_label(analysis: Analysis) -> str:
    """How the document was graded, in words ("rules and a trained model (trained 29 November
    2026)")."""
    if analysis.model.kind == "rules":
        return "rules only (no trained model)"
    version = analysis.model.version
    try:
        when = dt.datetime.strptime(version[:10], "%Y-%m-%d").date()
    except ValueError:
        return f"rules and a trained model{f' (version {version})' if version else ''}"
    return f"rules and a trained model (trained {when.day} {_MONTHS[when.month - 1]} {when.year})"


def _gap_section(
    row: GapRow,
    g: _Graded,
    sector: Sector,
    org: str,
    practices: Mapping[str, Sequence[Practice]] | None,
    analysis: Analysis,
    sector_labels: Mapping[str, str],
) -> GapSection:
    c = g.criterion
    weight = _MULTIPLIER_WORDS.get(g.multiplier_name, g.multiplier_name).lower()
    reasons = []
    if g.multiplier_name != "normal":
        reasons.append(f"{weight} for {sector.label} (weight x{number_label(g.multiplier)})")
    if g.must_have:
        reasons.append("a must-have for this sector")
    if c.core:
        reasons.append("a core criterion in every sector")
    if reasons:
        listed = (
            reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]
        )
        sector_reason = f"This criterion is {listed}."
    else:
        sector_reason = f"This criterion carries its normal weight for {sector.label}."

    clause_text = c.sector_clauses.get(sector.id)
    clause = (clause_text or c.model_clause).replace("[Company]", org)
    where = _Locator.of(analysis)
    quotes = tuple(_quote(e, c, where) for e in _best_evidence(g.result)[:QUOTES_PER_GAP])
    found = practices.get(c.id, []) if practices is not None else []
    steps = _steps(c)
    return GapSection(
        row=row,
        description=clean(c.description),
        sector_reason=clean(sector_reason),
        risks=_relevant_risks(sector, c),
        frameworks=tuple(f"{clean(f.framework)} {clean(f.reference)}" for f in c.frameworks),
        current_text=clean(c.levels.describe(g.level)),
        target_text=clean(c.levels.describe(g.target)),
        quotes=quotes,
        addressed=bool(quotes),
        clause=clean(clause),
        clause_for_sector=clause_text is not None,
        phases=_phases(steps),
        steps=tuple(steps),
        in_plan=row.rank <= PLAN_TOP or row.must_have,
        kpis=tuple(clean(k) for k in c.kpis),
        reading=tuple(
            ReadingItem(title=clean(r.title), url=r.url or "") for r in c.further_reading
        ),
        practices=_select_practices(
            found,
            current_level=g.level,
            document_name=analysis.document.name,
            document_sha=analysis.document.sha256,
            sector_labels=sector_labels,
        ),
    )


def _legal_sections(
    analysis: Analysis, rubric: Rubric, by_id: Mapping[str, _Graded]
) -> tuple[LegalSection, ...]:
    """Per framework: each element covered or not, and the clauses that cover it."""
    given = {(e.framework, e.element): e for e in analysis.legal}
    levels = {cid: g.level for cid, g in by_id.items()}
    where = _Locator.of(analysis)
    sections = []
    for framework in rubric.legal:
        rows = []
        for element in framework.elements:
            known = given.get((framework.id, element.id))
            covered = known.covered if known is not None else element.covered(levels)
            if known is not None and known.covered_by:
                covering = [c for c in known.covered_by if c in by_id]
            else:
                covering = [c for c in element.criteria if levels.get(c, 0) >= element.min_level]
            quotes = [
                q
                for q in (_element_quote(by_id[cid], element.label, where) for cid in covering)
                if q is not None
            ]
            mention_only = covered and all(levels.get(c, 0) < 2 for c in covering)
            names = ", ".join(
                clean(by_id[c].criterion.title) for c in element.criteria if c in by_id
            )
            rows.append(
                LegalRow(
                    ref=clean(element.ref),
                    label=clean(element.label),
                    covered=covered,
                    status=(
                        "Covered (mention only)"
                        if mention_only
                        else "Covered"
                        if covered
                        else "Partly covered"
                        if covering
                        else "Not covered"
                    ),
                    criteria=names,
                    quotes=tuple(quotes[:QUOTES_PER_ELEMENT]),
                )
            )
        covered_count = sum(r.covered for r in rows)
        sections.append(
            LegalSection(
                id=framework.id,
                label=clean(framework.label),
                jurisdiction=clean(framework.jurisdiction),
                citation=clean(framework.citation),
                rows=tuple(rows),
                covered=covered_count,
                total=len(rows),
                summary=f"{covered_count} of {len(rows)} elements covered",
            )
        )
    return tuple(sections)
