"""Where the repository's data folders live, found from this file, never from the cwd."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rubric_dir() -> Path:
    """The default rubric folder (``$COC_RUBRIC`` overrides ``rubrics/``)."""
    return Path(os.environ.get("COC_RUBRIC", ROOT / "rubrics"))


def templates_dir() -> Path:
    """The default toolkit template folder (``$COC_TEMPLATES`` overrides)."""
    return Path(os.environ.get("COC_TEMPLATES", ROOT / "toolkit_templates"))


def corpus_dir() -> Path:
    """The labelled data and sample documents shipped with the project."""
    return ROOT / "corpus"


def model_dir() -> Path:
    """Where the trained classifier and its model card are committed."""
    return Path(os.environ.get("COC_MODEL_DIR", Path(__file__).resolve().parent / "models"))


def shared_dir() -> Path:
    """The read-only ``shared/`` folder beside the checkout (reference data, AIMS sentences)."""
    return Path(os.environ.get("COC_SHARED", ROOT.parent / "shared"))
