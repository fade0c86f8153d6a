"""Corpus store access for the pages: open per use, turn store errors into messages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from analyzer.errors import AnalyzerError
from analyzer.results import Analysis

if TYPE_CHECKING:
    from analyzer.engine import Engine
    from analyzer.store import CorpusStore

log = logging.getLogger(__name__)


def db_path() -> Path:
    from analyzer.store import default_db_path

    return default_db_path()


@dataclass(frozen=True, slots=True)
class StoredRow:
    key: str
    label: str


def list_documents() -> list[StoredRow]:
    """Stored documents for pickers (empty when the store cannot be opened)."""
    from analyzer.store import CorpusStore

    try:
        with CorpusStore.open() as store:
            docs = store.list_documents()
    except AnalyzerError as exc:
        log.warning("corpus unavailable: %s", exc)
        return []
    return [
        StoredRow(
            key=d.sha256,
            label=" · ".join(x for x in (d.name, d.organisation or "", d.sector or "") if x),
        )
        for d in docs
    ]


def get_analysis(sha256: str) -> Analysis | None:
    """The latest stored analysis of a document, or None (with an error shown)."""
    from analyzer.store import CorpusStore

    try:
        with CorpusStore.open() as store:
            return store.get(sha256).latest
    except AnalyzerError as exc:
        st.error(exc.user_message, icon=":material/error:")
        return None


SAMPLE_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt"}


def load_starter(store: CorpusStore, engine: Engine) -> tuple[int, list[str]]:
    """Analyse the sample codes bundled in ``corpus/samples/`` and add them to ``store``.

    Returns (number newly added, messages for files that could not be analysed).
    """
    from analyzer.resources import corpus_dir

    folder = corpus_dir() / "samples"
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in SAMPLE_SUFFIXES)
    if not files:
        return 0, [f"No sample documents found in {folder}."]
    added = 0
    failed: list[str] = []
    for path in files:
        try:
            analysis = engine.analyze(path, name=path.name)
            result = store.add_analysis(analysis, doc_type="sample")
        except AnalyzerError as exc:
            failed.append(f"{path.name}: {exc.user_message}")
            continue
        added += int(result.created)
    return added, failed
