"""Saving and safely loading the trained model (skops, with an explicit allow-list).

The artefact is ``clf.skops`` with a sidecar ``model_card.json`` (versions, label set, rubric
hash, data sha256, training date, grouped-CV metrics). Loading never trusts a file blindly:
:func:`skops.io.get_untrusted_types` lists the types the file would instantiate, and anything
outside :data:`ALLOWED_TYPES` raises :class:`~analyzer.errors.UntrustedModelError`.

:func:`load_for_rubric` is what the engine calls: it returns the classifier, or ``None`` plus a
warning when the model is missing, stale (rubric hash or label set changed) or unreadable, so the
engine can fall back to rules only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer import resources
from analyzer.errors import ModelError, ModelNotFoundError, UntrustedModelError

if TYPE_CHECKING:
    from analyzer.classify import Classifier
    from analyzer.rubric import Rubric

__all__ = [
    "ALLOWED_TYPES",
    "CARD_NAME",
    "MODEL_NAME",
    "default_model_path",
    "file_sha256",
    "load_classifier",
    "load_for_rubric",
    "read_card",
    "save_classifier",
]

log = logging.getLogger(__name__)

MODEL_NAME = "clf.skops"
CARD_NAME = "model_card.json"

#: Every type a CoC Analyzer model may contain beyond skops' own defaults. Extending the model
#: (a new estimator or transformer) means adding its type here, in review.
ALLOWED_TYPES: frozenset[str] = frozenset(
    {
        "builtins.dict",
        "builtins.list",
        "builtins.tuple",
        "builtins.str",
        "builtins.int",
        "builtins.float",
        "builtins.bool",
        "builtins.NoneType",
        "numpy.dtype",
        "numpy.ndarray",
        "numpy.float64",
        "numpy.int64",
        "numpy.int32",
        "scipy.sparse._csr.csr_matrix",
        "sklearn.pipeline.Pipeline",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.feature_extraction.text.CountVectorizer",
        "sklearn.multiclass.OneVsRestClassifier",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.preprocessing._label.LabelBinarizer",
        "sklearn.dummy.DummyClassifier",
        "sklearn.multiclass._ConstantPredictor",
        "builtins.slice",
        "sklearn.utils._bunch.Bunch",
    }
)


def default_model_path() -> Path:
    """``analyzer/models/clf.skops`` (or ``$COC_MODEL_DIR/clf.skops``)."""
    return resources.model_dir() / MODEL_NAME


def card_path(model_path: Path) -> Path:
    """The model card beside a model file."""
    return model_path.with_name(CARD_NAME)


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def save_classifier(clf: Classifier, path: Path, card: dict[str, Any]) -> dict[str, Any]:
    """Write the model with skops and its card; return the card (with the model sha256)."""
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(clf.bundle(), path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    untrusted = set(sio.get_untrusted_types(file=path))
    extra = sorted(untrusted - ALLOWED_TYPES)
    if extra:
        path.unlink(missing_ok=True)
        raise ModelError(
            f"the trained model uses types outside the allow-list ({', '.join(extra)}); "
            "add them to analyzer.persistence.ALLOWED_TYPES after review"
        )
    card = dict(card)
    card["model_file"] = path.name
    card["model_sha256"] = file_sha256(path)
    card_path(path).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", "utf-8")
    return card


def read_card(path: Path) -> dict[str, Any]:
    """The model card beside ``path`` ({} when absent or unreadable)."""
    cp = card_path(path)
    try:
        data = json.loads(cp.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_classifier(path: str | Path | None = None) -> Classifier:
    """Load a model after checking every type it holds against :data:`ALLOWED_TYPES`."""
    import skops.io as sio

    from analyzer.classify import Classifier

    p = Path(path) if path is not None else default_model_path()
    if not p.is_file():
        raise ModelNotFoundError(
            f"no trained model at {p}; run `coc train` (or `make model`) to build one"
        )
    try:
        bundle = sio.load(p, trusted=sorted(ALLOWED_TYPES))
    except Exception as exc:
        try:
            extra = sorted(set(sio.get_untrusted_types(file=p)) - ALLOWED_TYPES)
        except Exception:
            extra = []
        if extra:
            raise UntrustedModelError(
                f"{p.name} holds types outside the allow-list ({', '.join(extra[:5])}); "
                "it was not loaded. Rebuild it with `coc train`"
            ) from exc
        raise UntrustedModelError(
            f"{p.name} is not a readable, trusted skops model ({type(exc).__name__}); "
            "rebuild it with `coc train`"
        ) from exc
    if not isinstance(bundle, dict) or "relevance" not in bundle or "labels" not in bundle:
        raise UntrustedModelError(f"{p.name} is not a CoC Analyzer model; rebuild it")
    try:
        return Classifier.from_bundle(bundle, read_card(p))
    except (KeyError, TypeError, ValueError) as exc:
        raise UntrustedModelError(f"{p.name} is not a valid CoC Analyzer model ({exc})") from exc


def load_for_rubric(
    rubric: Rubric, path: str | Path | None = None
) -> tuple[Classifier | None, list[str]]:
    """The classifier if it is present, trusted and made for ``rubric``; else None + warnings."""
    p = Path(path) if path is not None else default_model_path()
    try:
        clf = load_classifier(p)
    except ModelError as exc:  # missing or untrusted
        return None, [f"{exc.user_message}; using the rubric's rules only"]
    card = clf.card
    if tuple(clf.labels) != tuple(rubric.criterion_ids):
        return None, [
            "the trained model's criteria do not match the rubric's; run `coc train` to "
            "rebuild it; using the rubric's rules only"
        ]
    if card.get("rubric_hash") != rubric.hash:
        return None, [
            "the trained model was built for another version of the rubric (rubric hash "
            f"{str(card.get('rubric_hash', '?'))[:12]} vs {rubric.hash[:12]}); run `coc train` "
            "to rebuild it; using the rubric's rules only"
        ]
    return clf, []
