"""The trained classifier as the engine uses it: relevance per criterion and a level model.

A :class:`Classifier` wraps the artefact written by ``coc train`` (see
:mod:`analyzer.training` and :mod:`analyzer.persistence`):

- ``relevance``: TF-IDF (word 1-2grams and char_wb 3-5grams) -> one-vs-rest logistic regression,
  giving for each clause (:func:`analyzer.features.model_text`) the probability that it
  addresses each criterion;
- ``level``: a binary bag of grader-signal tokens crossed with the criterion id, plus the
  clause words -> multinomial logistic regression, giving the level 1-3 of a relevant
  (clause, criterion) pair;
- ``thresholds``: per-criterion probability thresholds tuned by grouped cross-validation;
- ``rule_required``: criteria for which a clause counts only with a rubric cue hit (model-only
  evidence did worse for them on grouped cross-validation);
- ``document``: the document model (:mod:`analyzer.docmodel`), which reads a criterion's
  evidence in the whole document as independent readers grade it (optional).

Both models are trained with scikit-learn and run as :class:`analyzer.linear.LinearModel`
(NumPy only), so analysing a document never imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from analyzer.linear import LinearModel

if TYPE_CHECKING:
    from analyzer.docmodel import DocumentModel

__all__ = ["Classifier"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Classifier:
    """A loaded model bundle; cheap to call in batches."""

    relevance: LinearModel | None
    level: LinearModel | None
    labels: tuple[str, ...]
    thresholds: Mapping[str, float]
    card: Mapping[str, Any] = field(default_factory=dict)
    rule_required: frozenset[str] = frozenset()
    document: DocumentModel | None = None

    def relevance_proba(self, texts: Sequence[str]) -> FloatArray:
        """Probabilities (n_texts x n_labels) in the order of :attr:`labels`."""
        if not texts or self.relevance is None:
            return np.zeros((len(texts), len(self.labels)))
        return self.relevance.predict_proba(list(texts))

    def predict_levels(self, tokens: Sequence[str]) -> list[tuple[int, float]]:
        """Level 1-3 and its probability for each token string (empty input -> [])."""
        if not tokens or self.level is None:
            return []
        proba = self.level.predict_proba(list(tokens))
        classes = self.level.classes
        best = proba.argmax(axis=1)
        return [(classes[int(j)], float(proba[i, int(j)])) for i, j in enumerate(best)]
