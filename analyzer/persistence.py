"""Saving and safely loading the trained model: plain arrays, never pickle.

The artefact is ``clf.npz`` with a sidecar ``model_card.json`` (versions, label set, rubric
hash, data sha256, training date, grouped-CV metrics). The ``.npz`` holds only numeric and byte
arrays plus one JSON header (``meta``) describing how they fit together: vocabularies are
newline-joined UTF-8 bytes, idf vectors, coefficient matrices and intercepts (see
:mod:`analyzer.linear`). It is read with ``numpy.load(allow_pickle=False)``, so a file cannot
make the loader run code; a file that is not such an archive, holds object arrays, or whose
arrays do not fit its header raises :class:`~analyzer.errors.UntrustedModelError`.

:func:`load_for_rubric` is what the engine calls: it returns the classifier, or ``None`` plus a
warning when the default model is missing, stale (grading hash or label set changed) or
unreadable, so the engine can fall back to rules only; a model path given explicitly must load
(:class:`~analyzer.errors.ModelError` otherwise).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analyzer import resources
from analyzer.docmodel import DocumentModel
from analyzer.errors import ModelError, ModelNotFoundError, UntrustedModelError
from analyzer.linear import Features, LinearModel, Vectorizer

if TYPE_CHECKING:
    from analyzer.classify import Classifier
    from analyzer.rubric import Rubric

__all__ = [
    "CARD_NAME",
    "FORMAT",
    "MODEL_NAME",
    "default_model_path",
    "file_sha256",
    "load_classifier",
    "load_for_rubric",
    "read_card",
    "save_classifier",
]

MODEL_NAME = "clf.npz"
CARD_NAME = "model_card.json"
#: Version of the array layout; a file of another format is refused (rebuild with coc train).
FORMAT = 3
_MODELS = ("relevance", "level")


def default_model_path() -> Path:
    """``analyzer/models/clf.npz`` (or ``$COC_MODEL_DIR/clf.npz``)."""
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


def _pack(model: LinearModel, name: str, arrays: dict[str, np.ndarray[Any, Any]]) -> dict[str, Any]:
    """Put one model's arrays into ``arrays``; return its JSON description."""
    parts = []
    for k, part in enumerate(model.features.parts):
        terms = sorted(part.vocabulary, key=part.vocabulary.__getitem__)
        if any("\n" in t for t in terms):
            raise ModelError("a vocabulary term contains a newline; it cannot be saved")
        arrays[f"{name}.{k}.vocab"] = np.frombuffer("\n".join(terms).encode("utf-8"), np.uint8)
        if part.idf is not None:
            arrays[f"{name}.{k}.idf"] = np.asarray(part.idf, dtype=np.float64)
        parts.append(
            {
                "analyzer": part.analyzer,
                "ngram": list(part.ngram),
                "lowercase": part.lowercase,
                "strip_accents": part.strip_accents,
                "token_pattern": part.token_pattern,
                "sublinear_tf": part.sublinear_tf,
                "binary": part.binary,
                "norm": part.norm,
                "weight": part.weight,
                "idf": part.idf is not None,
                "size": part.size,
            }
        )
    arrays[f"{name}.coef"] = np.asarray(model.coef, dtype=np.float32)
    arrays[f"{name}.intercept"] = np.asarray(model.intercept, dtype=np.float64)
    if model.constant is not None:
        arrays[f"{name}.constant"] = np.asarray(model.constant, dtype=np.float64)
    return {"kind": model.kind, "classes": list(model.classes), "parts": parts}


def save_classifier(clf: Classifier, path: Path, card: dict[str, Any]) -> dict[str, Any]:
    """Write the model as plain arrays (no pickle) and its card; return the card."""
    arrays: dict[str, np.ndarray[Any, Any]] = {}
    meta: dict[str, Any] = {
        "format": FORMAT,
        "labels": list(clf.labels),
        "thresholds": [float(clf.thresholds[c]) for c in clf.labels],
        "rule_required": sorted(clf.rule_required),
        "models": {},
    }
    for name in _MODELS:
        model = getattr(clf, name)
        if model is not None:
            meta["models"][name] = _pack(model, name, arrays)
    if clf.document is not None:
        doc = clf.document
        meta["document"] = {"criteria": list(doc.criteria), "margin": doc.margin}
        arrays["document.coef"] = np.asarray(doc.coef, dtype=np.float64)
        arrays["document.intercept"] = np.asarray(doc.intercept, dtype=np.float64)
    arrays["meta"] = np.frombuffer(json.dumps(meta, sort_keys=True).encode("utf-8"), np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_npz_bytes(arrays))
    card = dict(card)
    card["model_file"] = path.name
    card["model_format"] = FORMAT
    card["model_sha256"] = file_sha256(path)
    card_path(path).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", "utf-8")
    return card


def _npz_bytes(arrays: dict[str, np.ndarray[Any, Any]]) -> bytes:
    """An ``.npz`` archive (what ``numpy.load`` reads) written without pickle, members in name
    order with a fixed timestamp, so equal models give equal files byte for byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name in sorted(arrays):
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            member = io.BytesIO()
            np.lib.format.write_array(member, arrays[name], allow_pickle=False)
            zf.writestr(info, member.getvalue(), compresslevel=9)
    return out.getvalue()


def read_card(path: Path) -> dict[str, Any]:
    """The model card beside ``path`` ({} when absent or unreadable)."""
    cp = card_path(path)
    try:
        data = json.loads(cp.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_classifier(path: str | Path | None = None) -> Classifier:
    """Load a model written by :func:`save_classifier` (plain arrays only; checked)."""
    from analyzer.classify import Classifier

    p = Path(path) if path is not None else default_model_path()
    if not p.is_file():
        raise ModelNotFoundError(
            f"no trained model at {p}; run `coc train` (or `make model`) to build one"
        )
    try:
        if not zipfile.is_zipfile(p):
            raise _UnfitError("it is not a .npz model archive")
        with np.load(p, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise _UnfitError(
                f"model format {meta.get('format') if isinstance(meta, dict) else '?'}"
                f", expected {FORMAT}"
            )
        labels = tuple(str(x) for x in meta["labels"])
        thresholds = [float(x) for x in meta["thresholds"]]
        if len(thresholds) != len(labels):
            raise _UnfitError("threshold count does not match the labels")
        models = {n: _unpack(meta["models"][n], n, arrays) for n in meta["models"]}
        relevance, level = models.get("relevance"), models.get("level")
        if relevance is None or relevance.coef.shape[1] != len(labels):
            raise _UnfitError("the relevance model does not match the labels")
        return Classifier(
            relevance=relevance,
            level=level,
            labels=labels,
            thresholds=dict(zip(labels, thresholds, strict=True)),
            card=read_card(p),
            rule_required=frozenset(str(x) for x in meta.get("rule_required") or []),
            document=_unpack_document(meta.get("document"), arrays, labels),
        )
    except (
        OSError,
        EOFError,
        zipfile.BadZipFile,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        re.error,
        UnicodeDecodeError,
    ) as exc:
        raise UntrustedModelError(
            f"{p.name} is not a valid CoC Analyzer model ({_why_unfit(exc)}) and was not "
            "loaded: use a clf.npz written by `coc train` (or rebuild it with `coc train`)"
        ) from exc


class _UnfitError(ValueError):
    """The archive's contents do not fit a model (the message says how, in plain words)."""


def _why_unfit(exc: Exception) -> str:
    """What is wrong with a model file, in words (never NumPy's advice on unsafe loading)."""
    if isinstance(exc, _UnfitError):
        return str(exc)
    if isinstance(exc, ValueError) and "pickle" in str(exc).lower():
        return "it holds Python objects, which are never loaded"
    if isinstance(exc, OSError):
        return f"it cannot be read: {exc.strerror or 'read error'}"
    return "its arrays do not fit a CoC Analyzer model"


def _unpack(
    desc: dict[str, Any], name: str, arrays: dict[str, np.ndarray[Any, Any]]
) -> LinearModel:
    """Rebuild one model from its description and arrays, checking every shape."""
    parts = []
    for k, d in enumerate(desc["parts"]):
        raw = arrays[f"{name}.{k}.vocab"]
        if raw.dtype != np.uint8:
            raise _UnfitError("vocabulary is not bytes")
        text = bytes(raw).decode("utf-8")
        terms = text.split("\n") if text else []
        idf = arrays[f"{name}.{k}.idf"].astype(np.float64) if d["idf"] else None
        if len(terms) != int(d["size"]) or (idf is not None and idf.shape != (len(terms),)):
            raise _UnfitError("vocabulary and idf sizes disagree")
        if d["analyzer"] not in ("word", "char_wb"):
            raise _UnfitError(f"unknown analyzer {d['analyzer']!r}")
        re.compile(str(d["token_pattern"]))
        lo, hi = (int(x) for x in d["ngram"])
        parts.append(
            Vectorizer(
                analyzer=d["analyzer"],
                ngram=(lo, hi),
                lowercase=bool(d["lowercase"]),
                strip_accents=bool(d["strip_accents"]),
                token_pattern=str(d["token_pattern"]),
                vocabulary={t: i for i, t in enumerate(terms)},
                idf=idf,
                sublinear_tf=bool(d["sublinear_tf"]),
                binary=bool(d["binary"]),
                norm=bool(d["norm"]),
                weight=float(d["weight"]),
            )
        )
    features = Features(tuple(parts))
    coef = arrays[f"{name}.coef"]
    intercept = arrays[f"{name}.intercept"].astype(np.float64)
    if coef.dtype.kind != "f" or coef.ndim != 2 or coef.shape[0] != features.size:
        raise _UnfitError(f"{name}: coefficients do not fit the features")
    if intercept.shape != (coef.shape[1],):
        raise _UnfitError(f"{name}: intercepts do not fit the coefficients")
    kind = desc["kind"]
    if kind not in ("ovr", "multinomial", "binary"):
        raise _UnfitError(f"unknown model kind {kind!r}")
    constant = arrays.get(f"{name}.constant")
    if constant is not None and constant.shape != intercept.shape:
        raise _UnfitError(f"{name}: constants do not fit the coefficients")
    classes = tuple(int(c) for c in desc["classes"])
    if kind != "ovr" and len(classes) != max(2, coef.shape[1]):
        raise _UnfitError(f"{name}: classes do not fit the coefficients")
    return LinearModel(
        features=features,
        kind=kind,
        coef=coef.astype(np.float32),
        intercept=intercept,
        classes=classes,
        constant=None if constant is None else constant.astype(np.float64),
    )


def _unpack_document(
    desc: Any, arrays: dict[str, np.ndarray[Any, Any]], labels: tuple[str, ...]
) -> DocumentModel | None:
    """The document model of an archive (None when it has none), checking its shapes."""
    if desc is None:
        return None
    criteria = tuple(str(x) for x in desc["criteria"])
    if criteria != labels:
        raise _UnfitError("the document model's criteria do not match the labels")
    coef, intercept = arrays["document.coef"], arrays["document.intercept"]
    if coef.dtype.kind != "f" or intercept.dtype.kind != "f":
        raise _UnfitError("the document model's arrays are not numbers")
    try:
        return DocumentModel(
            criteria,
            coef.astype(np.float64),
            intercept.astype(np.float64),
            float(desc["margin"]),
        )
    except ValueError as exc:
        raise _UnfitError(str(exc)) from exc


def load_for_rubric(
    rubric: Rubric, path: str | Path | None = None
) -> tuple[Classifier | None, list[str]]:
    """The classifier if it is present, trusted and made for ``rubric``.

    The default model (``path`` None: ``analyzer/models/clf.npz`` or ``$COC_MODEL_DIR``) falls
    back: when it is missing, stale or unreadable the result is None plus a warning, and the
    engine grades with the rules only. A model ``path`` given explicitly (``--model``) must load
    and fit the rubric: otherwise a :class:`ModelError` says why, since silently grading without
    the model someone asked for would mislead them.
    """
    explicit = path is not None
    p = Path(path) if path is not None else default_model_path()
    if explicit and p.is_dir():
        raise ModelNotFoundError(
            f"--model {p} is a folder: give the model file inside it ({MODEL_NAME}, written by "
            "`coc train`)"
        )
    if explicit and not p.is_file():
        raise ModelNotFoundError(
            f"no trained model at {p}: check the --model path, or leave --model out to use the "
            "bundled model"
        )
    try:
        clf = load_classifier(p)
    except ModelError as exc:  # missing or untrusted
        if explicit:
            raise
        return None, [f"{exc.user_message}; using the rubric's rules only"]
    card = clf.card
    problem = None
    if tuple(clf.labels) != tuple(rubric.criterion_ids):
        problem = "the trained model's criteria do not match the rubric's"
    elif not made_for(card, rubric):
        problem = "the rubric's criteria or cues changed since the model was trained"
    if problem is None:
        return clf, []
    if explicit:
        raise ModelError(
            f"{problem} (--model {p}): rebuild it with `coc train --out DIR` for this rubric, "
            "or leave --model out"
        )
    return None, [
        f"{problem}; to grade with a model of this rubric run `coc train --out DIR` and set "
        "COC_MODEL_DIR=DIR; using the rubric's rules only"
    ]


def made_for(record: Mapping[str, Any], rubric: Rubric) -> bool:
    """Whether a model card or calibration record was made with a rubric that grades like
    ``rubric``: the same grading hash (criteria, themes, cues), or for records written before
    that hash existed, the same rubric hash."""
    grading = record.get("grading_hash")
    if grading:
        return bool(grading == rubric.grading_hash)
    return bool(record.get("rubric_hash") == rubric.hash)
