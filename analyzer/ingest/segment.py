"""Sentence and clause segmentation with spaCy, and assembly of the Document text.

The pipeline is ``spacy.blank("en")`` + sentencizer + tokenizer special cases for legal
abbreviations + a small rule component (no sentence starts right after a clause number or an
abbreviation, or on a lower-case word). It runs per block (paragraph, bullet, numbered
clause), never on the whole text, which is both more accurate and fast. A trained pipeline is
used only if ``en_core_web_sm`` happens to be installed; nothing is ever downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from analyzer.ingest.cleanup import Block
from analyzer.types import Clause, ClauseKind, Page

if TYPE_CHECKING:
    from spacy.language import Language

#: Abbreviations that never end a sentence (each is also added capitalised / lower-cased).
ABBREVIATIONS: tuple[str, ...] = (
    "e.g.",
    "i.e.",
    "No.",
    "Nos.",
    "Sec.",
    "Secs.",
    "Art.",
    "Arts.",
    "para.",
    "paras.",
    "approx.",
    "incl.",
    "etc.",
    "cf.",
    "Co.",
    "Ltd.",
    "Inc.",
    "Corp.",
    "U.S.",
    "U.K.",
    "U.N.",
    "E.U.",
    "viz.",
    "vs.",
    "v.",
    "p.",
    "pp.",
    "p.a.",
    "yrs.",
    "hrs.",
    "min.",
    "max.",
    "Fig.",
    "Ch.",
    "Reg.",
    "Dir.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Est.",
    "Dept.",
    "Govt.",
    "Pty.",
    "PLC.",
    "plc.",
    "S.A.",
    "GmbH.",
    "et al.",
    "ibid.",
    "op.",
    "resp.",
    "ca.",
    "approx",
)

_ABBR_LOWER = frozenset(a.lower() for a in ABBREVIATIONS)
# A block with no ". X" / "? X" / "! X" inside is one sentence: skip spaCy for it.
_INNER_END = re.compile(r"[.!?]['\"”’)\]]*\s+\S")
# "(b) Policy." / "4.2 Scope." opening a numbered block: a run-in section heading.
_RUN_IN_HEADING = re.compile(
    r"^(?:\(\w{1,4}\)|\d{1,3}(?:\.\d{1,3})*\.?|[A-Z]\.)\s+[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,5}\.$"
)
_MARKER_ONLY = re.compile(
    r"^(?:\(?[0-9]{1,3}(?:\.[0-9]{1,3})*\.?\)?|\(?[a-zA-Z]{1,2}[.)]|\([ivxlc]+\)|[ivxlc]+\.|"
    r"Art\.|Sec\.|No\.|§+)$"
)


# Abbreviations that may also end a sentence ("... and so on, etc. The next ...").
_MAY_END = frozenset({"etc.", "inc.", "ltd.", "corp.", "co.", "plc.", "u.s.", "u.k.", "e.u."})
_STARTERS = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "We",
        "Our",
        "They",
        "Their",
        "All",
        "Any",
        "Each",
        "Every",
        "No",
        "Such",
        "In",
        "If",
        "Where",
        "When",
        "Suppliers",
        "Supplier",
        "Employees",
        "Workers",
        "A",
        "An",
        "He",
        "She",
    ]
)


def _sentence_starts(doc: Any) -> list[int]:
    """Token indices where sentences start (vectorised; ``doc.sents`` is slow in Python)."""
    from spacy.attrs import SENT_START  # type: ignore[import-not-found]

    if len(doc) == 0:
        return []
    flags = doc.to_array(SENT_START)
    starts = [int(i) for i in (flags == 1).nonzero()[0]]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return starts


_MAY_END_RE = re.compile(r"(?i:\b(?:etc|inc|ltd|corp|co|plc|u\.s|u\.k|e\.u)\.)\s+[A-Z]")


def _may_end_here(prev: Any, tok: Any) -> bool:
    low = prev.text.lower()
    return low in _MAY_END and (tok.text in _STARTERS or (low == "etc." and tok.text[:1].isupper()))


def legal_sentence_starts(doc: Any, text: str | None = None) -> list[int]:
    """Sentence starts (token indices) after fixing the sentencizer's output for legal text.

    No sentence starts right after a clause number or a legal abbreviation, or on a
    lower-case word or closing punctuation; a capitalised opener after "etc." or "Inc." does
    start one. Only the few candidate boundaries are visited, and the Doc is not modified
    (setting ``is_sent_start`` re-scans the whole Doc each time).
    """
    starts = _sentence_starts(doc)
    if _MAY_END_RE.search(doc.text if text is None else text):
        extra = [t.i + 1 for t in doc[:-1] if _may_end_here(t, doc[t.i + 1])]
        starts = sorted(set(starts) | set(extra))
    kept = [0] if starts else []
    for i in starts[1:]:
        tok = doc[i]
        prev = doc[i - 1]
        # a "sentence" of at most 4 tokens may be just a clause number: "(a)", "4.2.", "Art."
        head = doc[kept[-1] : i].text.strip() if i - kept[-1] <= 4 else ""
        if (
            tok.text[:1].islower()
            or (tok.is_punct and tok.text in {")", "]", ",", ";", ":", "”", "’"})
            or (prev.text.lower() in _ABBR_LOWER and not _may_end_here(prev, tok))
            or (head and _MARKER_ONLY.match(head))
            or (prev.text == "." and i >= 2 and doc[i - 2].text.lower() + "." in _ABBR_LOWER)
        ):
            continue
        kept.append(_before_openers(doc, i))
    return kept


#: Punctuation that opens a quotation or an aside: it belongs to the sentence it opens.
_OPENERS = frozenset(["“", "‘", "„", "«", "‹", "(", "[", "{", '"', "'"])


def _before_openers(doc: Any, i: int) -> int:
    """Move a sentence start back over the opening quotes and brackets written before it
    ("labour. “Zero tolerance” applies": the sentence starts at “, not at Zero)."""
    while i >= 2:
        opener = doc[i - 1]
        if opener.text not in _OPENERS or opener.whitespace_:
            break
        before = doc[i - 2]
        # a straight quote or bracket glued to the word before closes or belongs to it
        if not before.whitespace_ and before.text not in _OPENERS:
            break
        i -= 1
    return i


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Build the segmentation pipeline once (lazily; never at import)."""
    import spacy
    from spacy.symbols import ORTH  # type: ignore[import-not-found]

    nlp: Language | None = None
    try:
        if spacy.util.is_package("en_core_web_sm"):
            nlp = spacy.load("en_core_web_sm", exclude=["ner", "lemmatizer", "tagger"])
    except Exception:  # a broken optional install must not stop extraction
        nlp = None
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    tokenizer: Any = nlp.tokenizer
    for abbr in ABBREVIATIONS:
        if " " in abbr:
            continue
        for form in {abbr, abbr.lower(), abbr[:1].upper() + abbr[1:]}:
            tokenizer.add_special_case(form, [{ORTH: form}])
    return nlp


#: Longer blocks (a text file without line breaks) are cut into pieces of about this size at
#: a sentence end before spaCy sees them (spaCy refuses texts over ``nlp.max_length``).
MAX_CHUNK = 50_000


def _chunks(text: str) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` no longer than about MAX_CHUNK, cut after ". " if possible."""
    pieces: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > MAX_CHUNK:
        window = text[start : start + MAX_CHUNK]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < MAX_CHUNK // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut >= MAX_CHUNK // 2 else MAX_CHUNK
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(text)))
    return pieces


def split_sentences(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Sentence spans (start, end offsets into each text, trimmed) for each text."""
    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    jobs: list[tuple[int, int, str]] = []  # (text index, offset, piece)
    for i, t in enumerate(texts):
        if not _INNER_END.search(t.strip()):
            out[i] = _trimmed([(0, len(t))], t)
        elif len(t) <= MAX_CHUNK:
            jobs.append((i, 0, t))
        else:
            jobs.extend((i, a, t[a:b]) for a, b in _chunks(t))
    if jobs:
        nlp = get_nlp()
        docs = nlp.pipe((piece for _, _, piece in jobs), batch_size=256)
        for (i, offset, piece), doc in zip(jobs, docs, strict=True):
            starts = legal_sentence_starts(doc, piece)
            chars = [doc[k].idx for k in starts] + [len(piece)]
            spans = _trimmed(list(zip(chars[:-1], chars[1:], strict=True)), piece)
            out[i].extend((offset + a, offset + b) for a, b in spans)
    return out


def _trimmed(spans: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result


def assemble(
    blocks: Sequence[Block], page_count: int, doc_id: str
) -> tuple[tuple[Page, ...], str, tuple[Clause, ...]]:
    """Build pages, the document text and the clauses (offsets into that text).

    Blocks are joined with a blank line; pages with a blank line too. Each clause's
    ``text`` equals ``document_text[start:end]`` by construction.
    """
    spans = split_sentences([b.text for b in blocks])
    by_page: dict[int, list[int]] = {}
    for i, b in enumerate(blocks):
        by_page.setdefault(b.page, []).append(i)
    pages: list[Page] = []
    parts: list[str] = []
    offset = 0
    clauses: list[Clause] = []
    heading: str | None = None
    for number in range(1, page_count + 1):
        idx = by_page.get(number, [])
        page_ocr = any(blocks[i].ocr for i in idx)
        if number > 1:
            parts.append("\n\n")
            offset += 2
        page_start = offset
        for k, i in enumerate(idx):
            block = blocks[i]
            if k:
                parts.append("\n\n")
                offset += 2
            if block.kind == "heading":
                heading = block.text
            elif block.kind == "numbered" and len(spans[i]) >= 2:
                s0, e0 = spans[i][0]
                if _RUN_IN_HEADING.match(block.text[s0:e0]):
                    heading = block.text[s0 : e0 - 1]
            for j, (s, e) in enumerate(spans[i]):
                kind: ClauseKind
                if block.kind == "para":
                    kind = "sentence"
                elif block.kind == "numbered":
                    kind = "numbered" if j == 0 else "sentence"
                else:
                    kind = block.kind
                clauses.append(
                    Clause(
                        doc_id=doc_id,
                        index=len(clauses),
                        text=block.text[s:e],
                        page=block.page_at(s),
                        heading=heading,
                        start=offset + s,
                        end=offset + e,
                        kind=kind,
                        ocr=block.ocr,
                    )
                )
            parts.append(block.text)
            offset += len(block.text)
        page_text = "\n\n".join(blocks[i].text for i in idx)
        assert len(page_text) == offset - page_start
        pages.append(Page(number=number, text=page_text, ocr=page_ocr))
    return tuple(pages), "".join(parts), tuple(clauses)
