"""Rubric cues run over clauses: spaCy PhraseMatcher (on lowercase tokens) plus regexes.

For each criterion the rubric gives topic ``phrases`` and ``patterns`` (is the clause about the
criterion?), ``strong`` and ``weak`` regexes (how good is the wording for this criterion?) and
``exclude`` regexes (contexts where a topic hit does not count: "audit committee", "graduate
recruitment"...). :class:`CueMatcher` compiles all of them once and reports, per clause and
criterion, the words that matched, so every finding can show its evidence.

Phrases are matched on the ``LOWER`` attribute; each phrase is also added in its British and
American spellings and with hyphen/space variants ("labour"/"labor", "organisation"/
"organization", "sub-tier"/"sub tier"), a cheap normalisation that needs no lemmatiser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyzer.grade import Signals, criterion_caps, distinct_matches, rule_level
from analyzer.rubric import CUE_FLAGS, compile_cue
from analyzer.rxfilter import ScreenSet, prefilter, prepare, screen, search, text_prefixes

if TYPE_CHECKING:
    from analyzer.rubric import Rubric

__all__ = ["CueHit", "CueMatcher", "spelling_variants"]

_SPELLING = (
    ("labour", "labor"),
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("our", "or"),
    ("programme", "program"),
    ("licence", "license"),
)


def spelling_variants(phrase: str) -> set[str]:
    """British/American and hyphen/space variants of a lowercase phrase."""
    base = phrase.lower().strip()
    out = {base}
    for uk, us in _SPELLING:
        for v in list(out):
            if uk in v:
                out.add(v.replace(uk, us))
            if us in v and uk not in ("our", "ise"):
                out.add(v.replace(us, uk))
    for v in list(out):
        if "-" in v:
            out.add(v.replace("-", " "))
            out.add(v.replace("-", ""))
    return out


@dataclass(frozen=True, slots=True)
class CueHit:
    """The cue matches of one criterion in one clause."""

    criterion: str
    topic: tuple[str, ...] = ()
    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: the criterion names the elements a commitment requires and this clause names none
    lacks_element: bool = False
    #: the clause names every element of the criterion's ``cues.complete`` list
    complete: bool = False
    #: the criterion is a practice workers must not suffer (a finding of a breach is a mention)
    practice: bool = False
    #: what the clause names of the criterion's ``cues.named`` list (naming is the commitment)
    named: tuple[str, ...] = ()

    @property
    def fired(self) -> bool:
        """A topic hit that no exclude pattern voids."""
        return bool(self.topic) and not self.exclude

    def caps(self, signals: Signals) -> bool:
        """Whether the criterion's own reading caps this clause at 1: a weak cue, none of the
        elements a commitment requires (unless the clause reports an outcome with figures), or
        a reported finding of a breach of a practice criterion."""
        return bool(
            criterion_caps(
                signals, self.weak, lacks_element=self.lacks_element, practice=self.practice
            )
        )

    def grade(self, signals: Signals, *, generic_raisers: bool = True) -> tuple[int, list[str]]:
        """The rule level of this clause for the criterion and the reasons
        (:func:`analyzer.grade.rule_level` with this hit's cues)."""
        return rule_level(
            signals,
            self.strong,
            self.weak,
            self.topic,
            generic_raisers=generic_raisers,
            lacks_element=self.lacks_element,
            practice=self.practice,
            named=self.named,
        )

    def matched(self) -> list[str]:
        """Matched words for highlighting (topic first, then strong, then weak)."""
        seen: dict[str, None] = {}
        for w in (*self.topic, *self.strong, *self.weak):
            seen.setdefault(w, None)
        return list(seen)


def _join(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for a cue list: a lone pattern as it is (it may open with a global flag such as
    "(?x)"), longer lists as one alternation (the rubric's validation ensures they combine)."""
    pats = [p for p in patterns if p]
    if not pats:
        return None
    if len(pats) == 1:
        return compile_cue(pats[0])
    return re.compile("|".join(f"(?:{p})" for p in pats), CUE_FLAGS)


class CueMatcher:
    """All the cues of a rubric, compiled once; match clauses in batches.

    ``nlp`` is a spaCy Language (a blank English pipeline is enough); it is created on demand.
    """

    def __init__(self, rubric: Rubric, nlp: Any = None) -> None:
        from spacy.matcher import PhraseMatcher

        if nlp is None:
            import spacy

            nlp = spacy.blank("en")
        self.nlp = nlp
        self.criteria: tuple[str, ...] = tuple(c.id for c in rubric.criteria)
        self._phrase = PhraseMatcher(nlp.vocab, attr="LOWER")
        for crit in rubric.criteria:
            variants: set[str] = set()
            for p in crit.cues.phrases:
                variants |= spelling_variants(p)
            self._phrase.add(crit.id, list(nlp.tokenizer.pipe(sorted(variants))))
        self._cues: list[tuple[str, re.Pattern[str]]] = []
        #: per topic regex, word prefixes one of which its matches contain (None: unknown)
        self._needs: list[frozenset[str] | None] = []
        for crit in rubric.criteria:
            for pat in crit.cues.patterns:
                self._cues.append((crit.id, compile_cue(pat)))
                self._needs.append(prefilter(pat, CUE_FLAGS))
        #: the screens of all topic regexes, to find the few that may match a clause at once
        self._screens = ScreenSet(
            [screen(p, CUE_FLAGS) for c in rubric.criteria for p in c.cues.patterns]
        )
        self._strong = {c.id: _join(c.cues.strong) for c in rubric.criteria}
        self._weak = {c.id: _join(c.cues.weak) for c in rubric.criteria}
        self._exclude = {c.id: _join(c.cues.exclude) for c in rubric.criteria}
        self._commitment = {c.id: _join(c.cues.commitment) for c in rubric.criteria}
        self._named = {c.id: _join(c.cues.named) for c in rubric.criteria}
        practice_themes = {t.id for t in rubric.themes if t.practice}
        self._practice = frozenset(c.id for c in rubric.criteria if c.theme in practice_themes)
        self._complete = {
            c.id: c.cues.compiled("complete") for c in rubric.criteria if c.cues.complete
        }
        for table in (self._strong, self._weak, self._exclude, self._commitment, self._named):
            for rx in table.values():
                prepare(rx)  # read their screens now rather than on the first clause
        for rxs in self._complete.values():
            for rx in rxs:
                prepare(rx)
        self._strings = nlp.vocab.strings

    def topics(self, texts: Sequence[str]) -> list[dict[str, tuple[str, ...]]]:
        """For each text, the criteria whose topic phrases or patterns matched, with the words."""
        out: list[dict[str, tuple[str, ...]]] = []
        docs = self.nlp.tokenizer.pipe(texts, batch_size=256)
        for text, doc in zip(texts, docs, strict=True):
            found: dict[str, list[str]] = {}
            for match_id, start, end in self._phrase(doc):
                words = found.setdefault(self._strings[match_id], [])
                span = doc[start:end].text
                if span.lower() not in (w.lower() for w in words):
                    words.append(span)
            screened = text_prefixes(text)  # None: this text is not screened
            if screened is None:
                run: Iterable[int] = range(len(self._cues))
            else:  # the regexes the prefilter lets through and whose screen admits the text
                needs = self._needs
                run = [
                    k
                    for k in self._screens.admitted(screened)
                    if (need := needs[k]) is None or not need.isdisjoint(screened)
                ]
            for k in run:
                cid, rx = self._cues[k]
                for m in rx.finditer(text):
                    h = " ".join(m.group(0).split())
                    if not h:
                        continue
                    words = found.setdefault(cid, [])
                    if not any(h.lower() in w.lower() or w.lower() in h.lower() for w in words):
                        words.append(h)
            out.append({cid: tuple(ws) for cid, ws in found.items()})
        return out

    def detail(self, text: str, criterion: str, topic: tuple[str, ...] = ()) -> CueHit:
        """Strong, weak and exclude matches of one criterion in ``text``, and whether the text
        lacks every element a commitment to the criterion requires (``cues.commitment``).

        ``exclude`` is kept when the clause has no topic hit (so it also vetoes model-only
        evidence) or when every topic word sits inside an excluded span.
        """
        excluded = distinct_matches(self._exclude.get(criterion), text)
        if excluded and topic:
            # An exclude voids the hit only when every topic word sits inside an excluded span.
            low = " ".join(e.lower() for e in excluded)
            if any(t.lower() not in low for t in topic):
                excluded = ()
        named = distinct_matches(self._named.get(criterion), text)
        return CueHit(
            criterion=criterion,
            topic=topic,
            strong=distinct_matches(self._strong.get(criterion), text),
            weak=distinct_matches(self._weak.get(criterion), text),
            exclude=excluded,
            # what the clause names is itself the commitment: it lacks no element
            lacks_element=not named
            and (rx := self._commitment.get(criterion)) is not None
            and not search(rx, text),
            complete=(rxs := self._complete.get(criterion)) is not None
            and all(search(r, text) for r in rxs),
            practice=criterion in self._practice,
            named=named,
        )

    def match(
        self, texts: Sequence[str], extra: Sequence[Iterable[str]] | None = None
    ) -> list[dict[str, CueHit]]:
        """Full cue hits per text: every topic hit plus the ``extra`` criteria asked for."""
        result: list[dict[str, CueHit]] = []
        for i, (text, topics) in enumerate(zip(texts, self.topics(texts), strict=True)):
            wanted = set(topics)
            if extra is not None:
                wanted |= set(extra[i])
            result.append({cid: self.detail(text, cid, topics.get(cid, ())) for cid in wanted})
        return result
