"""Model inputs built outside the scikit-learn pipeline (so the pipeline holds only built-ins).

- :func:`model_text`: the clause text plus its heading as prefixed tokens (``h_recruitment``)
  and, for clauses that lean on their neighbour ("They must also...", list items), the words of
  the previous clause as ``p_`` tokens. The same function serves training and analysis.
- :func:`level_tokens`: the grader's signals as tokens crossed with the criterion id, for the
  level model (which never sees raw words, so it cannot learn our writers' phrasing).
- :func:`clause_contexts`: lead-in and previous clause for each clause of a document, from the
  clause kinds when ingestion gives them or from the text otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analyzer.grade import Signals, feature_tokens, inherits_lead_in, is_lead_in

__all__ = [
    "ClauseContext",
    "anaphoric",
    "clause_contexts",
    "level_input",
    "level_tokens",
    "model_text",
]

_WORD = re.compile(r"[a-z][a-z]+")
_ANAPHOR = re.compile(
    r"^\W*(?:they|this|these|such|it|those|that|he|she|the\s+same|in\s+addition|also|"
    r"furthermore|moreover|additionally|likewise|in\s+particular)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    {"the", "and", "of", "to", "in", "for", "a", "an", "on", "by", "with", "our", "its"}
    | {"their", "all", "any", "be", "is", "are", "as", "or", "at", "from", "this", "that"}
    | {"we", "will", "shall", "must"}
)


def anaphoric(text: str) -> bool:
    """Whether the clause leans on the previous one ("They must also...", "This includes...")."""
    return bool(_ANAPHOR.match(text))


@dataclass(frozen=True, slots=True)
class ClauseContext:
    """The context of one clause: its list lead-in (if any) and its previous clause."""

    lead_in: str | None = None
    previous: str | None = None
    previous_index: int | None = None
    list_item: bool = False


def clause_contexts(
    texts: Sequence[str], headings: Sequence[str | None], kinds: Sequence[str] | None = None
) -> list[ClauseContext]:
    """Lead-in and previous clause of every clause (same heading only)."""
    out: list[ClauseContext] = []
    lead: str | None = None
    lead_ins = [is_lead_in(t) for t in texts]  # each text scanned once (as itself and as prev)
    for i, text in enumerate(texts):
        kind = kinds[i] if kinds is not None else "sentence"
        same_section = i > 0 and headings[i - 1] == headings[i]
        prev = texts[i - 1] if same_section else None
        item = inherits_lead_in(text, kind) and kind != "heading"
        if not same_section:
            lead = None
        if item and prev is not None and lead_ins[i - 1]:
            lead = prev
        elif not item:
            lead = None
        out.append(
            ClauseContext(
                lead_in=lead if item else None,
                previous=prev,
                previous_index=i - 1 if prev is not None else None,
                list_item=item,
            )
        )
        if kind != "heading" and lead_ins[i]:
            lead = text
    return out


def model_text(text: str, heading: str | None, context: ClauseContext | None = None) -> str:
    """Text for the relevance model: clause + ``h_`` heading tokens + ``p_`` context tokens."""
    parts = [text]
    if heading:
        parts.extend(f"h_{w}" for w in _WORD.findall(heading.lower()) if w not in _STOP)
    if context is not None:
        lean = context.lead_in or (context.previous if anaphoric(text) else None)
        if lean:
            parts.extend(f"p_{w}" for w in _WORD.findall(lean.lower()) if w not in _STOP)
    return " ".join(parts)


def level_tokens(
    criterion: str, signals: Signals, strong: bool, weak: bool, rule_lvl: int | None = None
) -> str:
    """Signals as tokens, plain and crossed with the criterion id, for the level model."""
    toks = feature_tokens(signals, strong=strong, weak=weak)
    if rule_lvl is not None:
        toks.append(f"r_{rule_lvl}")
    raisers = sum(bool(x) for x in (signals.scope, signals.mechanism, signals.specific))
    toks.append(f"g_raisers_{raisers}")
    crossed = [f"{criterion}|{t}" for t in toks]
    return " ".join([f"c_{criterion}", *toks, *crossed])


def level_input(text: str, tokens: str) -> str:
    """The level model's input: the clause words (lightly weighted) and the signal tokens."""
    return f"{text} {tokens}"
