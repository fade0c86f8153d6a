"""Cheap necessary conditions for regexes: skip a regex on a text it cannot match.

A match of a cue or grader regex usually has to contain certain words: ``\\bforced\\s+labour``
needs a word starting with "forc". :func:`_requirements` reads such word prefixes (2-4
lowercase letters) off the parsed pattern, and :func:`word_prefixes` lists the prefixes of the
words of a text, so a regex whose requirements a text does not meet is not run at all. The
results are exactly those of running every regex: a skipped regex could not have matched.

:class:`Screen` applies this to a whole compiled pattern: a top-level alternation matches only
through one of its alternatives, so the pattern can match a text only when one alternative has
all its requirements met. A few characters that case-insensitive matching equates with an ASCII
letter although ``str.lower`` does not (dotless i, long s, dotted capital I) switch screening
off for the texts that contain them.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

__all__ = [
    "Screen",
    "ScreenSet",
    "narrow",
    "prefilter",
    "prepare",
    "screen",
    "search",
    "text_prefixes",
    "top_level_parts",
    "word_prefixes",
]


def _literal_starts(items: Any, anchored: bool = False) -> set[str] | None:
    """Literal word prefixes one of which every match of the parsed sequence starts with.

    ``anchored``: a word boundary precedes (only then is the literal the start of a word).
    Zero-width items (anchors, look-arounds) are skipped; groups and alternatives are expanded
    with what follows them; an optional item gives the union of "present" and "absent".
    Returns None whenever that cannot be established (no prefilter then).
    """
    items = list(items)
    for pos, (op, av) in enumerate(items):
        rest = items[pos + 1 :]
        if op is c.AT:
            anchored = anchored or av is c.AT_BOUNDARY
            continue
        if op in (c.ASSERT, c.ASSERT_NOT):
            continue
        if op is c.LITERAL:
            run = ""
            for op2, av2 in items[pos:]:
                if op2 is not c.LITERAL or len(run) >= 4 or not chr(av2).isalnum():
                    break
                run += chr(av2)
            return {run.lower()} if anchored and len(run) >= 2 else None
        if op is c.SUBPATTERN:
            return _literal_starts(list(av[-1]) + rest, anchored)
        if op is c.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                got = _literal_starts(list(alt) + rest, anchored)
                if got is None:
                    return None
                out |= got
            return out
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _high, sub = av
            present = _literal_starts(list(sub), anchored)
            if present is None:
                return None
            if low >= 1:
                return present
            absent = _literal_starts(rest, anchored)
            return None if absent is None else present | absent
        return None
    return None


#: Word prefixes so common that a prefilter on them lets almost every clause through.
_COMMON_PREFIXES = frozenset(
    [
        "th",
        "the",
        "thi",
        "this",
        "thes",
        "our",
        "ou",
        "we",
        "an",
        "and",
        "of",
        "to",
        "in",
        "for",
        "is",
        "are",
        "ar",
        "be",
        "wi",
        "wit",
        "with",
        "al",
        "all",
        "any",
        "no",
        "not",
        "on",
        "or",
        "by",
        "as",
        "at",
        "it",
        "its",
        "wh",
        "whe",
        "whi",
        "whic",
        "will",
        "wil",
        "sh",
        "sha",
        "shal",
        "mu",
        "mus",
        "must",
    ]
)


def _non_word_item(op: Any, av: Any) -> bool:
    """Whether a parsed item always consumes one or more non-word characters."""
    if op is c.LITERAL:
        return not (chr(av).isalnum() or chr(av) == "_")
    if op is c.IN:
        return all(
            (o is c.CATEGORY and a is c.CATEGORY_SPACE)
            or (o is c.LITERAL and not (chr(a).isalnum() or chr(a) == "_"))
            for o, a in av
        )
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _high, sub = av
        sub = list(sub)
        return low >= 1 and len(sub) == 1 and _non_word_item(*sub[0])
    return False


def _requirements(items: Any, anchored: bool = False) -> list[frozenset[str]]:
    """Every set of word prefixes one of which a match of the parsed sequence must contain.

    A position of the sequence yields one when its literal start is the start of a word: after
    a word boundary (``\\b``) or after an item that consumes only non-word characters
    (``\\s+``, ``[\\s,/-]``, a space). Lookahead assertions add their own requirements.
    """
    items = list(items)
    out: list[frozenset[str]] = []
    after_non_word = anchored
    for pos, (op, av) in enumerate(items):
        got = _literal_starts(items[pos:], after_non_word)
        if got:
            out.append(frozenset(got))
        if op is c.ASSERT and av[0] == 1:  # a lookahead must match too
            out += _requirements(av[1])
        after_non_word = _non_word_item(op, av)
    return out


_WORDS = re.compile(r"\w+")


def prefilter(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """Word prefixes (2-4 lowercase letters), one of which every match must contain; or None.

    Only prefixes that start a word of the clause: a clause none of whose words begins with one
    of them cannot match, and the regex is not run at all. Of the candidate sets found along
    the pattern, the most selective is used (no very common prefix such as "the", then the
    fewest prefixes, then the longest).
    """
    try:
        cands = _requirements(_parser.parse(pattern, flags))
    except Exception:  # pragma: no cover - any parser change: no prefilter
        return None
    if not cands:
        return None
    return min(
        cands,
        key=lambda s: (bool(s & _COMMON_PREFIXES), len(s), -min(len(x) for x in s)),
    )


def word_prefixes(low: str) -> set[str]:
    """All 2-, 3- and 4-character prefixes of the words of a lowercase text."""
    out: set[str] = set()
    for w in set(_WORDS.findall(low)):
        out.add(w[:2])
        out.add(w[:3])
        out.add(w[:4])
    return out


#: Characters that case-insensitive matching equates with an ASCII letter although
#: ``str.lower`` maps them elsewhere (dotted capital I, dotless i, long s): a text containing
#: one is never screened.
_EXOTIC = frozenset("\u0130\u0131\u017f")
#: Two generations of cached prefixes: when the young one is full it becomes the old one.
_YOUNG: dict[str, frozenset[str] | None] = {}
_OLD: dict[str, frozenset[str] | None] = {}
_GENERATION_SIZE = 2048


def text_prefixes(text: str) -> frozenset[str] | None:
    """:func:`word_prefixes` of ``text`` lower-cased (cached), or None when the text holds a
    character that makes screening unsafe."""
    global _YOUNG, _OLD
    got = _YOUNG.get(text, False)
    if got is not False:
        return got  # type: ignore[return-value]
    got = _OLD.get(text, False)
    if got is False:
        got = None if not _EXOTIC.isdisjoint(text) else frozenset(word_prefixes(text.lower()))
    if len(_YOUNG) >= _GENERATION_SIZE:
        _OLD, _YOUNG = _YOUNG, {}
    _YOUNG[text] = got  # type: ignore[assignment]
    return got  # type: ignore[return-value]


def _inline_groups(items: Any) -> list[Any]:
    """The parsed sequence with capturing groups that change no flag replaced by their items
    (a group does not change what can match)."""
    out: list[Any] = []
    for op, av in items:
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            out.extend(_inline_groups(av[-1]))
        else:
            out.append((op, av))
    return out


def _alternatives(items: Any, limit: int = 256) -> list[list[Any]]:
    """The alternatives of a parsed pattern, each a sequence that matches only where the pattern
    does: an alternation at the start (after only literals and zero-width items, such as the
    ``\\b`` the parser factors out of ``\\bx|\\by``) is distributed over what surrounds it, recursively,
    up to ``limit`` alternatives; anything else stays one alternative."""
    seq = _inline_groups(items)
    for i, (op, av) in enumerate(seq):
        if op is c.BRANCH:
            out: list[list[Any]] = []
            for alt in av[1]:
                out += _alternatives([*seq[:i], *alt, *seq[i + 1 :]], limit)
                if len(out) > limit:
                    return [seq]
            return out
        if op not in (c.AT, c.ASSERT, c.ASSERT_NOT, c.LITERAL):
            break
    return [seq]


class Screen:
    """A necessary condition for a compiled pattern to match a text.

    Built from, for each top-level alternative of the pattern, the word-prefix sets that a match
    through that alternative must each meet (most selective first).
    """

    __slots__ = ("by_first", "firsts")

    def __init__(self, alternatives: tuple[tuple[frozenset[str], ...], ...]) -> None:
        by_first: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for reqs in alternatives:
            for p in reqs[0]:
                by_first.setdefault(p, []).append(reqs[1:])
        #: for each prefix, the other requirements of the alternatives whose first it meets
        self.by_first = {p: tuple(dict.fromkeys(rests)) for p, rests in by_first.items()}
        self.firsts = frozenset(by_first)

    def admits(self, prefixes: frozenset[str] | set[str]) -> bool:
        """Whether a text with these word prefixes may match (False: it cannot)."""
        for p in self.firsts.intersection(prefixes):
            for rest in self.by_first[p]:
                for need in rest:
                    if need.isdisjoint(prefixes):
                        break
                else:
                    return True
        return False


def screen(pattern: str, flags: int) -> Screen | None:
    """The :class:`Screen` of a pattern, or None when some alternative has no requirement we
    can read (the pattern is then always run)."""
    try:
        alts = _alternatives(_parser.parse(pattern, flags))
    except Exception:  # pragma: no cover - any parser change: no screening
        return None
    out: list[tuple[frozenset[str], ...]] = []
    for alt in alts:
        try:
            reqs = _requirements(alt)
        except Exception:  # pragma: no cover - an unexpected parse tree: no screening
            return None
        # only ASCII prefixes: case-insensitive matching of other letters is not str.lower
        usable = {r for r in reqs if r and all(p.isascii() for p in r)}
        if not usable:
            return None
        out.append(
            tuple(
                sorted(
                    usable,
                    key=lambda s: (bool(s & _COMMON_PREFIXES), len(s), sorted(s)),
                )
            )
        )
    return Screen(tuple(out)) if out else None


class ScreenSet:
    """Several screens indexed together by the first requirements of their alternatives, to
    find at once which of them admit a text."""

    __slots__ = ("always", "by_first", "firsts")

    def __init__(self, screens: list[Screen | None]) -> None:
        #: positions with no screen (always admitted)
        self.always = frozenset(k for k, sc in enumerate(screens) if sc is None)
        index: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for k, sc in enumerate(screens):
            if sc is not None:
                for p, rests in sc.by_first.items():
                    index.setdefault(p, []).extend((k, rest) for rest in rests)
        #: for each word prefix, the screens (with their other requirements) it may satisfy
        self.by_first = {p: tuple(v) for p, v in index.items()}
        self.firsts = frozenset(index)

    def admitted(self, prefixes: frozenset[str] | set[str]) -> list[int]:
        """The positions (sorted) of the screens that admit a text with these word prefixes."""
        got = set(self.always)
        for p in self.firsts.intersection(prefixes):
            for k, rest in self.by_first[p]:
                if k in got:
                    continue
                for need in rest:
                    if need.isdisjoint(prefixes):
                        break
                else:
                    got.add(k)
        return sorted(got)


#: a global inline flag group opening a member ("(?i)...")
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def top_level_parts(pattern: str) -> list[str] | None:
    """The members of the pattern's top-level alternation (``a|b(c|d)`` -> ``a``, ``b(c|d)``),
    joined by "|" they give the pattern back; None when splitting is not safe (verbose mode,
    comments, a global flag, a back-reference, or a member that does not compile alone)."""
    if "(?#" in pattern or "(?P=" in pattern or "(?(" in pattern or re.search(r"\\[1-9]", pattern):
        return None
    parts: list[str] = []
    depth, i, start, n = 0, 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a character class: "|", "(" and ")" in it are literal
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    if depth != 0 or "|".join(parts) != pattern:
        return None
    if any(_GLOBAL_FLAGS.match(p) for p in parts):
        return None
    return parts


class _Narrowing:
    """How to narrow one pattern: either its screen as a whole (reject a text or run it all), or
    its top-level members' screens, with the patterns compiled so far for subsets of them."""

    __slots__ = ("flags", "members", "parts", "screen", "subsets")

    def __init__(
        self,
        parts: list[str],
        compiled: list[re.Pattern[str]],
        screens: list[Screen | None],
        whole: Screen | None,
    ) -> None:
        self.parts = parts
        self.flags = compiled[0].flags
        #: the screen of the whole pattern (used when its members are not narrowed)
        self.screen = whole
        self.members = ScreenSet(screens)
        #: compiled subsets of members; each lone member is compiled already
        self.subsets: dict[tuple[int, ...], re.Pattern[str]] = {
            (i,): rx for i, rx in enumerate(compiled)
        }


#: by ``id`` of the pattern (hashing a compiled pattern hashes its whole code); each entry
#: keeps its pattern alive, so the id is not reused
_NARROWINGS: dict[int, tuple[re.Pattern[str], _Narrowing | None]] = {}
_MAX_SUBSETS = 512  # compiled subsets kept per pattern
#: a subset of more members than this is not compiled (the whole pattern is run instead)
MAX_KEPT = 2
#: members narrowed only in an alternation of at least this many members that share no
#: common start (each one is tried at every position of the text); otherwise the pattern is
#: only screened as a whole, which is cheaper than choosing members
MIN_MEMBERS = 6


def _narrowing(rx: re.Pattern[str]) -> _Narrowing | None:
    whole = screen(rx.pattern, rx.flags)
    parts = None if rx.flags & re.VERBOSE else top_level_parts(rx.pattern)
    try:
        top = list(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # pragma: no cover - any parser change: no narrowing
        return None
    if not (len(top) == 1 and top[0][0] is c.BRANCH and len(top[0][1][1]) >= MIN_MEMBERS):
        parts = None
    compiled = [rx]
    if parts is not None:
        try:
            compiled = [re.compile(p, rx.flags) for p in parts]
        except re.error:  # pragma: no cover - a split that is not a real alternation
            parts = None
    if parts is None:
        return None if whole is None else _Narrowing([rx.pattern], [rx], [whole], whole)
    screens = [screen(p, rx.flags) for p in parts]
    if all(sc is None for sc in screens):
        return None
    return _Narrowing(parts, compiled, screens, None)


def prepare(rx: re.Pattern[str] | None) -> None:
    """Read the screens of ``rx`` now (they are otherwise read on first use)."""
    if rx is not None:
        _narrowing_of(rx)


def _narrowing_of(rx: re.Pattern[str]) -> _Narrowing | None:
    entry = _NARROWINGS.get(id(rx))
    if entry is None or entry[0] is not rx:
        entry = _NARROWINGS[id(rx)] = (rx, _narrowing(rx))
    return entry[1]


def narrow(rx: re.Pattern[str], text: str) -> re.Pattern[str] | None:
    """A pattern whose matches in ``text`` are exactly those of ``rx`` (``group(0)`` only: group
    numbers may differ), or None when ``rx`` cannot match ``text``.

    Members of the top-level alternation that cannot match anywhere in the text are left out:
    at every position the alternation tries its members in order and such a member always
    fails, so the remaining ones give the same matches, found faster.
    """
    entry = _NARROWINGS.get(id(rx))
    nw = entry[1] if entry is not None and entry[0] is rx else _narrowing_of(rx)
    if nw is None:
        return rx
    prefixes = text_prefixes(text)
    if prefixes is None:
        return rx
    if nw.screen is not None:
        return rx if nw.screen.admits(prefixes) else None
    kept = tuple(nw.members.admitted(prefixes))
    if not kept:
        return None
    got = nw.subsets.get(kept)
    if got is None:
        if len(kept) > MAX_KEPT or len(kept) == len(nw.parts):
            return rx
        if len(nw.subsets) >= _MAX_SUBSETS + len(nw.parts):
            nw.subsets = {k: v for k, v in nw.subsets.items() if len(k) == 1}
        got = nw.subsets[kept] = re.compile("|".join(nw.parts[i] for i in kept), nw.flags)
    return got


def search(rx: re.Pattern[str], text: str) -> bool:
    """Whether ``rx`` matches somewhere in ``text``; only the alternatives that can match run."""
    narrowed = narrow(rx, text)
    return narrowed is not None and narrowed.search(text) is not None
