"""The trained classifier as the engine uses it: relevance per criterion and a level model.

A :class:`Classifier` wraps the artefact written by ``coc train`` (see
:mod:`analyzer.training` and :mod:`analyzer.persistence`):

- ``relevance``: a scikit-learn Pipeline (TF-IDF -> one-vs-rest logistic regression) giving, for
  each clause (:func:`analyzer.features.model_text`), the probability that it addresses each
  criterion;
- ``level``: a Pipeline (binary bag of grader-signal tokens crossed with the criterion id ->
  multinomial logistic regression) giving the level 1-3 of a relevant (clause, criterion) pair;
- ``thresholds``: per-criterion probability thresholds tuned by grouped cross-validation;
- ``rule_required``: criteria for which a clause counts only with a rubric cue hit (model-only
  evidence did worse for them on grouped cross-validation).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Classifier"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Classifier:
    """A loaded model bundle; cheap to call in batches."""

    relevance: Any
    level: Any | None
    labels: tuple[str, ...]
    thresholds: Mapping[str, float]
    card: Mapping[str, Any] = field(default_factory=dict)
    rule_required: frozenset[str] = frozenset()

    @classmethod
    def from_bundle(cls, bundle: Mapping[str, Any], card: Mapping[str, Any]) -> Classifier:
        labels = tuple(str(x) for x in bundle["labels"])
        thr = [float(x) for x in bundle["thresholds"]]
        relevance, level = bundle["relevance"], bundle.get("level")
        vocabs = list(bundle.get("vocabularies") or [])
        if vocabs:
            vecs = _vectorizers(relevance) + _vectorizers(level)
            if len(vecs) != len(vocabs):
                raise ValueError("vocabulary count does not match the vectorizers")
            for vec, packed in zip(vecs, vocabs, strict=True):
                terms = packed.split("\n") if packed else []
                vec.vocabulary_ = {t: i for i, t in enumerate(terms)}
        return cls(
            relevance=relevance,
            level=level,
            labels=labels,
            thresholds=dict(zip(labels, thr, strict=True)),
            card=dict(card),
            rule_required=frozenset(str(x) for x in bundle.get("rule_required") or []),
        )

    def bundle(self) -> dict[str, Any]:
        """The persisted form (only built-in and scikit-learn types).

        Each vectorizer's vocabulary is packed into one newline-joined string (in index order)
        and restored by :meth:`from_bundle`: a dict of thousands of terms would make the skops
        archive slow to audit and load.
        """
        import copy

        relevance = copy.deepcopy(self.relevance)
        level = copy.deepcopy(self.level)
        vocabs: list[str] = []
        for vec in _vectorizers(relevance) + _vectorizers(level):
            vocab: dict[str, int] = vec.vocabulary_
            terms = sorted(vocab, key=vocab.__getitem__)
            vocabs.append("\n".join(terms))
            vec.vocabulary_ = {}
        return {
            "format": 2,
            "relevance": relevance,
            "level": level,
            "labels": list(self.labels),
            "thresholds": [float(self.thresholds[c]) for c in self.labels],
            "vocabularies": vocabs,
            "rule_required": sorted(self.rule_required),
        }

    def relevance_proba(self, texts: Sequence[str]) -> FloatArray:
        """Probabilities (n_texts x n_labels) in the order of :attr:`labels`."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        proba = self.relevance.predict_proba(list(texts))
        return np.asarray(proba, dtype=np.float64)

    def predict_levels(self, tokens: Sequence[str]) -> list[tuple[int, float]]:
        """Level 1-3 and its probability for each token string (empty input -> [])."""
        if not tokens or self.level is None:
            return []
        proba = np.asarray(self.level.predict_proba(list(tokens)), dtype=np.float64)
        classes = [int(c) for c in self.level.classes_]
        best = proba.argmax(axis=1)
        return [(classes[int(j)], float(proba[i, int(j)])) for i, j in enumerate(best)]


def _vectorizers(obj: Any) -> list[Any]:
    """Fitted vectorizers with a vocabulary inside a pipeline / feature union, in order."""
    if obj is None:
        return []
    out: list[Any] = []
    for _name, step in getattr(obj, "steps", []):
        out += _vectorizers(step)
    for _name, part in getattr(obj, "transformer_list", []):
        out += _vectorizers(part)
    if isinstance(getattr(obj, "vocabulary_", None), dict):
        out.append(obj)
    return out
