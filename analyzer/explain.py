"""Plain-language reasons for readers who are not analysts.

The engine writes each finding's ``why`` for someone checking the grading: cue names, model
probabilities, clause numbers, "level model: 1 (rules said 3)". That text stays in the JSON (other
tools rely on it), and :func:`plain_reason` rewrites it for the app and the Markdown report in words a
compliance officer can act on. Each known fragment of the engine's wording is translated;
technical ones (probabilities, clause indices) are dropped; an unknown fragment is kept as it is,
so a new engine message is never lost, only left untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["FOUND_BY", "plain_reason"]

#: how a clause was found (the analysis JSON's ``source``), in words: "found by ..."
FOUND_BY = {
    "rule": "the rubric's wording",
    "model": "the trained model",
    "rule+model": "the rubric's wording and the trained model",
    "context": "the clause before it",
}

_LEVEL_WORDS = {0: "absent", 1: "a mention", 2: "a commitment", 3: "best practice"}

#: "level 3 from clause 12: ..." (the document-level prefix) and "(4 supporting clauses)"
_DOC_PREFIX = re.compile(r"^level \d from clause \d+: ")
_SUPPORT = re.compile(r" \((\d+) supporting clauses\)$")
#: the quoted words of a fragment: ("shall", "must") or "a", "b"
_QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")


def _words(fragment: str, n: int = 3) -> str:
    found = _QUOTED.findall(fragment)[:n]
    return ", ".join(f"“{w}”" for w in found)


def _with_words(text: str) -> Callable[[str], str]:
    def render(fragment: str) -> str:
        words = _words(fragment)
        return f"{text} ({words})" if words else text

    return render


def _lead_in(fragment: str) -> str:
    inner = fragment[fragment.find("(") + 1 : fragment.rfind(")")] if "(" in fragment else ""
    return (
        f"binding because the list it belongs to opens with “{inner}”"
        if inner
        else ("binding because the list it belongs to opens with binding wording")
    )


def _model(fragment: str) -> str:
    m = re.match(r"level model: (\d) \(rules said (\d)\)", fragment)
    if not m:
        return fragment
    new, old = (_LEVEL_WORDS.get(int(g), g) for g in m.groups())
    return f"the trained model rated it {new} (the wording rules alone said {old})"


#: why a clause is capped at 1, after "capped at 1 by" / "also:"
_CAPS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("loophole", _with_words("it leaves a loophole")),
    ("only restates the law", lambda f: "it only asks for what the law already requires"),
    (
        "future or conditional intention",
        _with_words("it states a plan or a condition, not a current commitment"),
    ),
    (
        "names none of the elements",
        lambda f: "it names none of the things a commitment on this topic needs",
    ),
    ("weak wording for this criterion", _with_words("its wording is weak for this topic")),
    (
        "reports a finding",
        lambda f: "it reports a problem that was found, not a commitment to prevent it",
    ),
)

#: why a clause is raised to 3, after "raised to 3 by"
_RAISERS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("best-practice cue", _with_words("a named best practice")),
    ("mechanism", _with_words("a concrete mechanism")),
    ("scope", _with_words("a wide scope")),
    ("specifics", _with_words("specific terms")),
)

#: every other fragment, by its start
_FRAGMENTS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("rubric cue", _with_words("it names the topic")),
    ("model probability", lambda f: ""),
    ("continues the previous clause", lambda f: "it continues the clause before it on this topic"),
    ("inherits the modality of its lead-in", _lead_in),
    ("mandatory wording", _with_words("binding wording")),
    (
        "reports a concrete action with figures",
        _with_words("it reports what was done, with figures"),
    ),
    ("a concrete statement of practice", lambda f: "it states a practice plainly, without hedging"),
    ("hedged or aspirational wording", _with_words("hedged wording, so only a mention")),
    ("names the topic only in general terms", lambda f: "it names the topic only in general terms"),
    (
        "describes the risk",
        lambda f: "it describes the risk, the law or what others do, not a practice of its own",
    ),
    (
        "reads like a flattened table",
        lambda f: "it reads like a table flattened into text, so it is not taken as best practice",
    ),
    ("not raised to best practice", lambda f: ""),
    ("level model:", _model),
    (
        "one weak stray mention only",
        lambda f: "only one weak mention that nothing else confirms, so it is not counted",
    ),
    ("not counted", lambda f: ""),
    (
        "no clause addresses this criterion",
        lambda f: "no text in the document addresses this topic",
    ),
    ("closest clause:", lambda f: "the text that came closest, not counted as evidence"),
    ("not counted as evidence", lambda f: ""),
)


def _match(fragment: str, table: tuple[tuple[str, Callable[[str], str]], ...]) -> str | None:
    for start, render in table:
        if fragment.startswith(start):
            return render(fragment)
    return None


def plain_reason(why: str) -> str:
    """The engine's ``why`` of a finding or criterion in plain words, as one sentence.

    >>> plain_reason('rubric cue "wages"; model probability 0.80; mandatory wording ("must")')
    'It names the topic (“wages”); binding wording (“must”).'
    """
    text = " ".join(why.split())
    if not text:
        return ""
    text = _DOC_PREFIX.sub("", text)
    support = _SUPPORT.search(text)
    if support:
        text = text[: support.start()]
    out: list[str] = []
    mode: tuple[tuple[str, Callable[[str], str]], ...] | None = None
    grouped: list[str] = []
    lead = ""

    def close_group() -> None:
        nonlocal grouped, mode
        if grouped:
            out.append(
                lead + " and ".join(grouped)
                if len(grouped) < 3
                else lead + ", ".join(grouped[:-1]) + " and " + grouped[-1]
            )
        grouped, mode = [], None

    for fragment in (f.strip() for f in text.split("; ")):
        if not fragment:
            continue
        for start, table, heading in (
            ("raised to 3 by ", _RAISERS, "raised to best practice by "),
            ("capped at 1 by ", _CAPS, "only a mention because "),
            ("also: ", _CAPS, "also, "),
        ):
            if fragment.startswith(start):
                close_group()
                mode, lead = table, heading
                fragment = fragment[len(start) :]
                break
        if mode is not None:
            got = _match(fragment, mode)
            if got is not None:
                grouped.append(got)
                continue
            close_group()
        got = _match(fragment, _FRAGMENTS)
        if got is None:
            out.append(fragment)
        elif got:
            out.append(got)
    close_group()
    if support:
        out.append(f"{support.group(1)} passages support it")
    sentence = "; ".join(out)
    return (sentence[:1].upper() + sentence[1:] + ".") if sentence else ""
