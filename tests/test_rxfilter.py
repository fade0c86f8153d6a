"""Speed-ups that must not change a single result: regex screens and narrowed alternations
(analyzer.rxfilter) and the batched featurisation of the NumPy models (analyzer.linear).

Each test compares the fast path with the plain computation it replaces, on labelled clauses,
altered copies of them and hand-made edge cases.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pytest

from analyzer import grade
from analyzer.linear import Features, LinearModel, Vectorizer
from analyzer.match import CueMatcher
from analyzer.rubric import CUE_FLAGS, load_rubric
from analyzer.rxfilter import (
    ScreenSet,
    narrow,
    screen,
    text_prefixes,
    top_level_parts,
    word_prefixes,
)

EDGE_TEXTS = [
    "",
    " ",
    "Suppliers ſhall not retain passports.",  # long s: matched by "shall" ignoring case
    "İt İs prohibited to charge fees.",  # dotted capital I
    "Workers may resign; ıt is their right.",  # dotless i
    "No person under the age of 16 may work at night.",
    "Staff trained 71% 86% Audits completed 4 9 Sites 12 14",
    "Call +44 20 7946 0958 or visit https://example.org/speak-up (24/7).",
    "We plan to introduce unannounced audits by 2026, except where permitted by law.",
    "Sub-tier suppliers, labour agents and recruiters must repay any fees within 30 days.",
    "Definitions: “Forced labour” means work exacted under the menace of any penalty.",
    "ILO C 138 and Convention No. 182; workers aged 15 years old; $500; 15 per cent.",
]


@lru_cache(maxsize=1)
def _texts() -> list[str]:
    """A sample of labelled clauses, altered copies of them, and the edge cases."""
    from analyzer.training import label_files, load_labelled

    rubric = load_rubric()
    clauses = [t for d in load_labelled(label_files(), rubric.criterion_ids) for t in d.texts]
    rnd = random.Random(20240611)
    sample = rnd.sample(clauses, min(900, len(clauses)))
    vocab = sorted({w for t in sample for w in t.split()})
    altered = []
    for t in rnd.sample(clauses, min(300, len(clauses))):
        words = t.split()
        for _ in range(3):
            words.insert(rnd.randrange(len(words) + 1), rnd.choice(vocab))
        if words and rnd.random() < 0.3:
            k = rnd.randrange(len(words))
            words[k] = words[k].upper()
        altered.append(" ".join(words))
    return sample + altered + EDGE_TEXTS


def _all_matches(rx: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in rx.finditer(text)]


def _patterns() -> list[re.Pattern[str]]:
    rubric = load_rubric()
    out = [v for v in vars(grade).values() if isinstance(v, re.Pattern)]
    matcher = CueMatcher(rubric)
    for table in (matcher._strong, matcher._weak, matcher._exclude):
        out += [rx for rx in table.values() if rx is not None]
    out += [rx for _cid, rx in matcher._cues]
    return out


def test_narrowed_patterns_find_exactly_the_same_matches() -> None:
    texts = _texts()
    narrowed = skipped = 0
    for rx in _patterns():
        for text in texts:
            fast = narrow(rx, text)
            expected = _all_matches(rx, text)
            if fast is None:
                skipped += 1
                assert expected == [], (rx.pattern[:80], text)
            else:
                narrowed += fast is not rx
                assert _all_matches(fast, text) == expected, (rx.pattern[:80], text)
    # the screens do their job: most (pattern, clause) pairs are never run
    assert skipped > narrowed > 0


def test_distinct_matches_with_characters_that_defeat_lowercasing() -> None:
    # re.IGNORECASE equates "ſ" with "s" but str.lower() keeps it: such texts are not screened
    assert text_prefixes("Suppliers ſhall comply") is None
    assert grade.distinct_matches(grade.MANDATORY, "Suppliers ſhall comply") == ("ſhall",)
    assert text_prefixes("Suppliers shall comply") == frozenset(
        word_prefixes("suppliers shall comply")
    )


def test_top_level_parts() -> None:
    assert top_level_parts(r"\ba\b|(?:b|c)d|[|x]|e\|f") == [r"\ba\b", "(?:b|c)d", "[|x]", r"e\|f"]
    assert top_level_parts(r"[]|]x|y") == ["[]|]x", "y"]
    assert top_level_parts("abc") == ["abc"]
    assert top_level_parts(r"(a)\1|b") is None  # a back-reference: numbering would change
    assert top_level_parts(r"(?P<x>a)(?P=x)|b") is None
    assert top_level_parts("(?#a|b)c|d") is None
    assert top_level_parts("(?i)a|b") is None  # a global flag belongs to the whole pattern
    assert top_level_parts("(a|b") is None


def test_screens_are_necessary_conditions() -> None:
    sc = screen(r"\b(?:is|are)\s+(?:strictly\s+)?prohibited\b|\bnever\b", CUE_FLAGS)
    assert sc is not None
    assert sc.admits(word_prefixes("child labour is strictly prohibited"))
    assert sc.admits(word_prefixes("we never do that"))
    assert not sc.admits(word_prefixes("child labour is not welcome"))
    # an alternative without a readable requirement: no screen at all
    assert screen(r"\d{3}|\bfoo", CUE_FLAGS) is None


def test_screen_set_admits_what_each_screen_admits() -> None:
    rubric = load_rubric()
    pats = [p for c in rubric.criteria for p in c.cues.patterns]
    screens = [screen(p, CUE_FLAGS) for p in pats]
    together = ScreenSet(screens)
    for text in _texts()[:400]:
        prefixes = text_prefixes(text)
        if prefixes is None:
            continue
        expected = [k for k, sc in enumerate(screens) if sc is None or sc.admits(prefixes)]
        assert together.admitted(prefixes) == expected


# --------------------------------------------------------------------------- linear models
def _reference_entries(
    vec: Vectorizer, texts: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorizer.entries with the occurrences listed text by text, from the plain analyser."""
    vocab = vec.vocabulary
    idx = [
        np.array([vocab[g] for g in vec.analyse(t) if g in vocab], dtype=np.int64) for t in texts
    ]
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), [len(a) for a in idx])
    flat = np.concatenate(idx) if idx else np.zeros(0, dtype=np.int64)
    return vec.weigh(rows, flat, len(texts))


def _reference_decision(model: LinearModel, texts: list[str]) -> np.ndarray:
    out = np.tile(model.intercept, (len(texts), 1))
    for lo in range(0, len(texts), 256):
        r, c, v = model.features.entries(texts[lo : lo + 256])
        if not r.size:
            continue
        contrib = model.coef[c].astype(np.float64) * v[:, None]
        present, starts = np.unique(r, return_index=True)
        out[lo + present] += np.add.reduceat(contrib, starts, axis=0)
    return out


def _toy_vectorizer(
    analyzer: Literal["word", "char_wb"],
    ngram: tuple[int, int],
    vocab: dict[str, int],
    rng: np.random.Generator,
    **options: Any,
) -> Vectorizer:
    return Vectorizer(
        analyzer=analyzer,
        ngram=ngram,
        lowercase=True,
        strip_accents=True,
        token_pattern=r"(?u)\b\w\w+\b",
        vocabulary=vocab,
        idf=rng.uniform(1.0, 3.0, len(vocab)),
        binary=False,
        norm=True,
        **options,
    )


def _toy_model() -> LinearModel:
    rng = np.random.default_rng(3)
    words = ["shall", "not", "charge", "fees", "workers", "recruitment", "fees recruitment"]
    word_vocab = {w: i for i, w in enumerate(words + ["shall not", "not charge"])}
    grams = sorted(
        {
            g
            for w in ("shall", "fees", "naïve", "x")
            for g in (f" {w} "[i : i + 3] for i in range(len(w)))
        }
    )
    char_vocab = {g: i for i, g in enumerate(dict.fromkeys([*grams, " x ", " sh", "fees "]))}
    word = _toy_vectorizer("word", (1, 2), word_vocab, rng, sublinear_tf=True, weight=0.7)
    char = _toy_vectorizer("char_wb", (3, 5), char_vocab, rng, sublinear_tf=False)
    size = word.size + char.size
    return LinearModel(
        Features((word, char)),
        "ovr",
        rng.normal(size=(size, 4)).astype(np.float32),
        rng.normal(size=4),
    )


TOY_TEXTS = [
    "Suppliers shall not charge workers recruitment fees.",
    "",
    "fees fees fees   FEES",
    "Naïve x x shall",
    "nothing in the vocabulary",
    "x",
]


@pytest.mark.parametrize("batch", [TOY_TEXTS, TOY_TEXTS[:1], [], TOY_TEXTS * 50])
def test_batched_featurisation_matches_text_by_text(batch: list[str]) -> None:
    model = _toy_model()
    for vec in model.features.parts:
        got = vec.entries(batch)
        want = _reference_entries(vec, batch)
        for a, b in zip(got, want, strict=True):
            assert a.dtype == b.dtype and np.array_equal(a, b)
    assert np.array_equal(model.decision(batch), _reference_decision(model, batch))


def test_trained_models_bit_identical_to_the_plain_computation() -> None:
    from analyzer.persistence import default_model_path, load_classifier

    if not default_model_path().exists():  # pragma: no cover - the model is in the repository
        pytest.skip("no trained model")
    clf = load_classifier()
    texts = _texts()[:500] + TOY_TEXTS
    for model in (clf.relevance, clf.level):
        assert model is not None
        for vec in model.features.parts:
            for a, b in zip(vec.entries(texts), _reference_entries(vec, texts), strict=True):
                assert np.array_equal(a, b)
        assert np.array_equal(model.decision(texts), _reference_decision(model, texts))
