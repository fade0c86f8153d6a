"""Corpus store access for the pages: open per use, turn store errors into messages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from analyzer import views
from analyzer.errors import AnalyzerError
from analyzer.results import Analysis

if TYPE_CHECKING:
    from analyzer.engine import Engine
    from analyzer.store import CorpusStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredRow:
    key: str
    label: str


def list_documents() -> list[StoredRow]:
    """Stored documents for pickers (empty when the store cannot be opened), labelled
    "name · organisation · sector label"."""
    from analyzer.store import CorpusStore
    from app_pages import state

    try:
        with CorpusStore.open() as store:
            docs = store.list_documents()
    except AnalyzerError as exc:
        log.warning("corpus unavailable: %s", exc)
        return []
    sectors = state.sector_labels()
    return [
        StoredRow(
            key=d.sha256,
            label=" · ".join(
                x
                for x in (d.name, d.organisation or "", sectors.get(d.sector or "", d.sector or ""))
                if x
            ),
        )
        for d in docs
    ]


def show_error(exc: AnalyzerError) -> None:
    """Show a user error in the app's wording, escaped (paths and names may hold Markdown)."""
    st.error(views.safe_text(exc.app_message), icon=":material/error:")


def get_analysis(sha256: str) -> Analysis | None:
    """The latest stored analysis of a document, or None (with an error shown)."""
    from analyzer.store import CorpusStore

    try:
        with CorpusStore.open() as store:
            return store.get(sha256).latest
    except AnalyzerError as exc:
        show_error(exc)
        return None


def export_csv() -> bytes:
    """The whole corpus as CSV, built when the user clicks the export button (not on every
    rerun of the Corpus page)."""
    from analyzer.store import CorpusStore

    with CorpusStore.open() as store:
        return store.export("csv")


def load_starter(store: CorpusStore, engine: Engine) -> tuple[int, list[str]]:
    """Analyse the starter corpus (``corpus/manifest.yaml``) and add it to ``store``.

    Each sample is stored with the organisation, sector, type and year from the manifest.
    Returns (number newly added, messages for the files that could not be analysed).
    """
    from analyzer.store.manifest import load_manifest

    manifest = load_manifest()
    added = 0
    failed: list[str] = []
    for entry in manifest.documents:
        path = manifest.path(entry)
        try:
            analysis = engine.analyze(path, name=entry.title, sector=entry.sector)
            result = store.add_analysis(
                analysis,
                organisation=entry.organisation,
                sector=entry.sector,
                doc_type=entry.doc_type,
                year=entry.year,
            )
        except AnalyzerError as exc:
            failed.append(f"{entry.file}: {exc.app_message}")
            continue
        added += int(result.created)
    return added, failed
