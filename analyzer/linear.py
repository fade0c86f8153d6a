"""NumPy-only inference for the trained text models (no scikit-learn at analysis time).

``coc train`` fits scikit-learn pipelines (TF-IDF / bag-of-tokens features feeding logistic
regressions). Importing scikit-learn costs about two seconds (it pulls in SciPy, and through its
array-API shims pandas and dask), which dominated the start-up of ``coc analyze``. So after
fitting, :func:`export_pipeline` copies what inference needs out of a pipeline into plain
frozen dataclasses (vocabularies, idf vectors, coefficients) and :class:`LinearModel`
reproduces ``predict_proba`` with NumPy alone. The arrays are written without pickle by
:mod:`analyzer.persistence`.

Only the pieces our pipelines use are supported; :func:`export_pipeline` raises ``ValueError``
on anything else, so a new estimator cannot be shipped without a matching inference path here.
Tokenisation follows scikit-learn's analyzers exactly (lower-casing, ``strip_accents='unicode'``,
``token_pattern``, word n-grams, ``char_wb`` n-grams); ``tests/test_training.py`` checks the
probabilities against scikit-learn's own on real clauses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

__all__ = ["Features", "LinearModel", "Vectorizer", "export_pipeline"]

FloatArray = npt.NDArray[np.float64]

Analyzer = Literal["word", "char_wb"]

_WHITE_SPACES = re.compile(r"\s\s+")
_CACHE_WORDS = 50_000  # distinct words whose char n-gram indices are kept
_CHUNK = 64  # texts per batch in LinearModel.decision (bounds the dense gather, fits a cache)


def strip_accents_unicode(s: str) -> str:
    """Decompose and drop combining marks (as scikit-learn's ``strip_accents='unicode'``)."""
    try:
        s.encode("ascii", errors="strict")
        return s
    except UnicodeEncodeError:
        normalized = unicodedata.normalize("NFKD", s)
        return "".join(c for c in normalized if not unicodedata.combining(c))


def _word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    if hi == 1:
        return tokens
    out = list(tokens) if lo == 1 else []
    n_tok = len(tokens)
    for n in range(max(lo, 2), min(hi, n_tok) + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(n_tok - n + 1))
    return out


def _char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    out: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        w = f" {word} "
        w_len = len(w)
        for n in range(lo, hi + 1):
            if w_len <= n:  # a short word counts once, whole
                out.append(w)
                break
            out.extend(w[i : i + n] for i in range(w_len - n + 1))
    return out


class _WordPool:
    """The vocabulary indices of the char_wb n-grams of every word seen, in one array: word ``k``
    owns ``pool[starts[k] : starts[k] + lens[k]]``."""

    __slots__ = ("ids", "lens", "pool", "starts")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.pool = np.zeros(0, dtype=np.int64)
        self.starts = np.zeros(0, dtype=np.int64)
        self.lens = np.zeros(0, dtype=np.int64)

    def add(self, arrays: list[npt.NDArray[np.int64]]) -> None:
        """Append the index arrays of the words numbered next, in order."""
        lens = np.fromiter((a.size for a in arrays), dtype=np.int64, count=len(arrays))
        starts = self.pool.size + np.cumsum(lens) - lens
        self.pool = np.concatenate([self.pool, *arrays])
        self.starts = np.concatenate([self.starts, starts])
        self.lens = np.concatenate([self.lens, lens])


@dataclass(frozen=True)
class Vectorizer:
    """One fitted text vectorizer: analyzer settings, vocabulary and (for TF-IDF) idf."""

    analyzer: Analyzer
    ngram: tuple[int, int]
    lowercase: bool
    strip_accents: bool
    token_pattern: str
    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float64] | None  # None: raw counts (CountVectorizer)
    sublinear_tf: bool
    binary: bool
    norm: bool  # l2-normalise each row
    weight: float = 1.0  # FeatureUnion transformer weight
    _pool: list[_WordPool] = field(
        default_factory=lambda: [_WordPool()], init=False, repr=False, compare=False
    )

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    def _prep(self, text: str) -> str:
        if self.lowercase:
            text = text.lower()
        return strip_accents_unicode(text) if self.strip_accents else text

    def analyse(self, text: str) -> list[str]:
        """The n-grams of ``text`` (scikit-learn's ``build_analyzer()(text)``)."""
        lo, hi = self.ngram
        if self.analyzer == "char_wb":
            return _char_wb_ngrams(self._prep(text), lo, hi)
        return _word_ngrams(self._pattern().findall(self._prep(text)), lo, hi)

    def _pattern(self) -> re.Pattern[str]:
        return re.compile(self.token_pattern)  # re caches compiled patterns

    def _word_flat(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Row and vocabulary index of every in-vocabulary word n-gram of ``texts`` (the n-grams
        of :meth:`analyse` that are in the vocabulary, for all the texts at once)."""
        get = self.vocabulary.get
        findall = self._pattern().findall
        lo, hi = self.ngram
        flat: list[int] = []
        per_text: list[int] = []
        for text in texts:
            tokens = findall(self._prep(text))
            if (lo, hi) == (1, 2):
                grams = tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]
            else:
                grams = _word_ngrams(tokens, lo, hi)
            got = [j for g in grams if (j := get(g)) is not None]
            flat += got
            per_text.append(len(got))
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), per_text)
        return rows, np.array(flat, dtype=np.int64)

    def _char_wb_flat(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Row and vocabulary index of every in-vocabulary char_wb n-gram of ``texts``: each
        distinct word is analysed once (n-grams never cross a word) and kept in the pool."""
        if len(self._pool[0].ids) > _CACHE_WORDS:
            self._pool[0] = _WordPool()
        pool = self._pool[0]
        ids = pool.ids
        get = self.vocabulary.get
        lo, hi = self.ngram
        new: list[npt.NDArray[np.int64]] = []
        occurrences: list[int] = []
        per_text: list[int] = []
        for text in texts:
            words = self._prep(text).split()
            per_text.append(len(words))
            got = [ids.get(w, -1) for w in words]
            if -1 in got:
                for k, word in enumerate(words):
                    if got[k] == -1:
                        j = ids.get(word, -1)
                        if j == -1:
                            j = ids[word] = len(ids)
                            grams = _char_wb_ngrams(word, lo, hi)
                            found = [i for g in grams if (i := get(g)) is not None]
                            new.append(np.array(found, dtype=np.int64))
                        got[k] = j
            occurrences += got
        if new:
            pool.add(new)
        occ = np.array(occurrences, dtype=np.int64)
        lens = pool.lens[occ]
        ends = np.cumsum(lens)
        positions = np.arange(int(ends[-1]) if ends.size else 0, dtype=np.int64)
        positions -= np.repeat(ends - lens - pool.starts[occ], lens)
        word_rows = np.repeat(np.arange(len(texts), dtype=np.int64), per_text)
        return np.repeat(word_rows, lens), pool.pool[positions]

    def entries(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
        """(row, column, value) of the feature matrix of ``texts`` (tf, idf, l2 norm, weight),
        sorted by row then column."""
        if self.analyzer == "char_wb":
            rows, flat = self._char_wb_flat(texts)
        else:
            rows, flat = self._word_flat(texts)
        return self.weigh(rows, flat, len(texts))

    def weigh(
        self, rows: npt.NDArray[np.int64], flat: npt.NDArray[np.int64], n: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
        """The (row, column, value) entries of ``n`` texts from their feature occurrences
        (``rows[k]`` holds feature ``flat[k]``): tf, idf, l2 norm and weight."""
        size = max(self.size, 1)
        keys, counts = np.unique(rows * size + flat, return_counts=True)
        r, c = keys // size, keys % size
        if self.binary:
            vals = np.ones(keys.size)
        elif self.sublinear_tf:
            vals = np.log(counts) + 1.0
        else:
            vals = counts.astype(np.float64)
        if self.idf is not None:
            vals = vals * self.idf[c]
        if self.norm:
            length = np.sqrt(np.bincount(r, weights=vals * vals, minlength=n))
            vals = vals / np.where(length > 0.0, length, 1.0)[r]
        if self.weight != 1.0:
            vals = vals * self.weight
        return r, c, vals


@dataclass(frozen=True)
class Features:
    """The horizontal concatenation of vectorizers (a FeatureUnion, or one vectorizer)."""

    parts: tuple[Vectorizer, ...]

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)

    def entries(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
        """The feature matrix of ``texts`` as (row, column, value) entries sorted by row."""
        rs: list[npt.NDArray[np.int64]] = []
        cs: list[npt.NDArray[np.int64]] = []
        vs: list[FloatArray] = []
        offset = 0
        for part in self.parts:
            r, c, v = part.entries(texts)
            rs.append(r)
            cs.append(c + offset)
            vs.append(v)
            offset += part.size
        r = np.concatenate(rs)
        order = np.argsort(r, kind="stable")
        return r[order], np.concatenate(cs)[order], np.concatenate(vs)[order]


@dataclass(frozen=True)
class LinearModel:
    """Features -> logistic regression(s), with ``predict_proba`` in NumPy.

    ``kind`` is ``"ovr"`` for independent binary models, one per column of ``coef``
    (scikit-learn's OneVsRestClassifier over multilabel targets: probabilities are not
    normalised across labels), ``"multinomial"`` for a softmax over ``classes``, or ``"binary"``
    for a two-class model with one coefficient column. ``constant`` holds, for a one-vs-rest
    label that never occurred (or always occurred) in training, its fixed probability (NaN for
    a fitted label).
    """

    features: Features
    kind: Literal["ovr", "multinomial", "binary"]
    coef: npt.NDArray[np.float32]  # n_features x n_outputs
    intercept: FloatArray  # n_outputs
    classes: tuple[int, ...] = ()
    constant: FloatArray | None = None
    _coef64: list[FloatArray] = field(default_factory=list, init=False, repr=False, compare=False)

    def _wide_coef(self) -> FloatArray:
        """``coef`` as float64, made once (the same values: widening a float32 is exact)."""
        if not self._coef64:
            self._coef64.append(self.coef.astype(np.float64))
        return self._coef64[0]

    def decision(self, texts: Sequence[str]) -> FloatArray:
        out = np.tile(self.intercept, (len(texts), 1))
        coef = self._wide_coef()
        for lo in range(0, len(texts), _CHUNK):
            chunk = texts[lo : lo + _CHUNK]
            r, c, v = self.features.entries(chunk)
            if not r.size:
                continue
            contrib = np.take(coef, c, axis=0)
            contrib *= v[:, None]
            # r is sorted: each row's entries start where r changes
            starts = np.flatnonzero(np.concatenate(([True], r[1:] != r[:-1])))
            out[lo + r[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return out

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        z = self.decision(texts)
        if self.kind == "multinomial":
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            proba: FloatArray = e / e.sum(axis=1, keepdims=True)
            return proba
        p = 1.0 / (1.0 + np.exp(-z))
        if self.kind == "binary":
            return np.hstack([1.0 - p, p])
        if self.constant is not None:
            fixed = ~np.isnan(self.constant)
            p[:, fixed] = self.constant[fixed]
        return p


# ----------------------------------------------------------------------------- export
def _vectorizer(vec: Any, weight: float) -> Vectorizer:
    name = type(vec).__name__
    if name not in {"TfidfVectorizer", "CountVectorizer"}:
        raise ValueError(f"cannot export a {name}")
    if callable(vec.analyzer) or vec.analyzer not in {"word", "char_wb"}:
        raise ValueError(f"unsupported analyzer {vec.analyzer!r}")
    if vec.strip_accents not in {None, "unicode"} or vec.stop_words is not None:
        raise ValueError("unsupported strip_accents / stop_words")
    if vec.preprocessor is not None or vec.tokenizer is not None:
        raise ValueError("custom preprocessor/tokenizer cannot be exported")
    tfidf = name == "TfidfVectorizer"
    if tfidf and (vec.norm not in {"l2", None} or not vec.use_idf):
        raise ValueError("only l2-normalised TF-IDF with idf is supported")
    vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    return Vectorizer(
        analyzer=vec.analyzer,
        ngram=(int(vec.ngram_range[0]), int(vec.ngram_range[1])),
        lowercase=bool(vec.lowercase),
        strip_accents=vec.strip_accents == "unicode",
        token_pattern=str(vec.token_pattern),
        vocabulary=vocab,
        idf=np.asarray(vec.idf_, dtype=np.float64) if tfidf else None,
        sublinear_tf=bool(tfidf and vec.sublinear_tf),
        binary=bool(vec.binary),
        norm=bool(tfidf and vec.norm == "l2"),
        weight=float(weight),
    )


def _features(step: Any) -> Features:
    if type(step).__name__ == "FeatureUnion":
        weights = step.transformer_weights or {}
        return Features(
            tuple(_vectorizer(t, weights.get(n, 1.0)) for n, t in step.transformer_list)
        )
    return Features((_vectorizer(step, 1.0),))


def export_pipeline(pipe: Any) -> LinearModel:
    """Copy a fitted ``Pipeline([features, classifier])`` into a :class:`LinearModel`."""
    steps = list(getattr(pipe, "steps", []))
    if len(steps) != 2:
        raise ValueError("expected a two-step pipeline (features, classifier)")
    features = _features(steps[0][1])
    est = steps[1][1]
    name = type(est).__name__
    if name == "OneVsRestClassifier":
        n_out = len(est.estimators_)
        coef = np.zeros((features.size, n_out), dtype=np.float32)
        intercept = np.zeros(n_out)
        constant = np.full(n_out, np.nan)
        for j, sub in enumerate(est.estimators_):
            sub_name = type(sub).__name__
            if sub_name == "LogisticRegression":
                coef[:, j] = np.asarray(sub.coef_, dtype=np.float32).ravel()
                intercept[j] = float(np.ravel(sub.intercept_)[0])
            elif sub_name == "_ConstantPredictor":
                constant[j] = float(np.ravel(sub.y_)[0])
            else:
                raise ValueError(f"cannot export a one-vs-rest {sub_name}")
        return LinearModel(features, "ovr", coef, intercept, constant=constant)
    if name == "LogisticRegression":
        w = np.asarray(est.coef_, dtype=np.float32)
        classes = tuple(int(c) for c in est.classes_)
        kind: Literal["multinomial", "binary"] = "binary" if w.shape[0] == 1 else "multinomial"
        intercept = np.asarray(est.intercept_, dtype=np.float64).ravel()
        return LinearModel(features, kind, np.ascontiguousarray(w.T), intercept, classes)
    raise ValueError(f"cannot export a {name}")
