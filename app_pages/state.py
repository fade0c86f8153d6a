"""Caches and session state of the app: the one place that builds the engine and runs analyses.

- The engine is built once per process (:func:`engine`, ``st.cache_resource``).
- The rubric is loaded once per process on its own (:func:`rubric`), so pages that need no
  analysis open without waiting for the classifier.
- An uploaded file is analysed once per content hash (:func:`analyse_bytes`, ``st.cache_data``
  keyed on sha256); a sector switch only rescores it (:func:`for_sector`), which is fast.
- The analyses of this session live in ``st.session_state["analyses"]`` (sha256 -> Analysis
  JSON), so the Compare pages can use them. Nothing is written to disk unless the user presses
  "Add to corpus".
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from analyzer.errors import AnalyzerError, EncryptedPdfError
from analyzer.results import Analysis

if TYPE_CHECKING:
    from analyzer.engine import Engine
    from analyzer.rubric import Rubric

log = logging.getLogger(__name__)

DEFAULT_SECTOR = "general"
SESSION_KEY = "analyses"
#: Files from this size on get a notice that the analysis can take minutes (a 20 MB text file
#: holds about 150,000 clauses: one to two minutes).
LARGE_FILE_BYTES = 5 * 2**20


@st.cache_resource(show_spinner="Loading the analyser (once per server start)...")
def engine() -> Engine:
    """The analysis engine, built once per process."""
    from analyzer.engine import Engine

    return Engine.from_defaults()


@st.cache_resource(show_spinner="Loading the rubric...")
def rubric() -> Rubric:
    """The rubric (the same default folder the engine loads), without the engine's models.

    Pages that only show the rubric or re-score stored results need no classifier, so they
    open fast; the engine itself loads on the first analysis.
    """
    from analyzer.rubric import load_rubric

    return load_rubric()


def sector_labels() -> dict[str, str]:
    """Sector id -> its label in the rubric (``"hospitality_travel"`` -> a readable title)."""
    return {s.id: s.label for s in rubric().sectors}


def large_file_note(size: int) -> str | None:
    """``"large file (20 MB): this can take a few minutes"`` for a big upload, else None."""
    if size < LARGE_FILE_BYTES:
        return None
    return f"large file ({size / 2**20:.0f} MB): this can take a few minutes"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one uploaded file: an analysis, or a message saying what to do."""

    name: str
    sha256: str
    analysis_json: str | None = None
    error: str | None = None
    details: str | None = None
    needs_password: bool = False

    @property
    def ok(self) -> bool:
        return self.analysis_json is not None

    def analysis(self) -> Analysis:
        assert self.analysis_json is not None
        return Analysis.model_validate_json(self.analysis_json)


@st.cache_data(max_entries=64, show_spinner=False)
def analyse_bytes(
    sha256: str, password_sha256: str | None, _data: bytes, _name: str, _password: str | None
) -> tuple[str | None, str | None, bool]:
    """Analyse a file once per content hash (and password): ``(analysis JSON, None, False)`` or
    ``(None, message, needs_password)``.

    Only user errors (:class:`AnalyzerError`) are cached, as they depend on the bytes alone;
    anything unexpected propagates and is retried on the next run. The password itself is never
    part of the cache key, only its hash.
    """
    try:
        analysis = engine().analyze(
            _data, name=_name, sector=DEFAULT_SECTOR, password=_password or None
        )
    except EncryptedPdfError as exc:
        return None, exc.app_message, True
    except AnalyzerError as exc:
        return None, exc.app_message, False
    return analysis.model_dump_json(), None, False


def analyse_upload(name: str, data: bytes, password: str | None = None) -> Outcome:
    """Analyse one uploaded file, never raising: errors become an :class:`Outcome` message."""
    sha = hashlib.sha256(data).hexdigest()
    pw_hash = hashlib.sha256(password.encode("utf-8")).hexdigest() if password else None
    try:
        analysis_json, error, locked = analyse_bytes(sha, pw_hash, data, name, password)
    except Exception as exc:  # noqa: BLE001 - the app must keep serving whatever happens
        log.exception("unexpected error analysing %s", name)
        return Outcome(
            name=name,
            sha256=sha,
            error=(
                f"Something unexpected went wrong while analysing {name}: save it again as PDF "
                "or DOCX and re-upload it, and if it still fails, send the technical details "
                "below to the maintainers."
            ),
            details="".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        )
    if error is not None:
        message = error if name in error else f"{name}: {error}"
        return Outcome(name=name, sha256=sha, error=message, needs_password=locked)
    assert analysis_json is not None
    analysis = renamed(Analysis.model_validate_json(analysis_json), name)
    remember(analysis)
    return Outcome(name=name, sha256=sha, analysis_json=analysis.model_dump_json())


def renamed(analysis: Analysis, name: str) -> Analysis:
    """``analysis`` under the file name of this upload (the cache may hold another name)."""
    if not name or analysis.document.name == name:
        return analysis
    return analysis.model_copy(
        update={"document": analysis.document.model_copy(update={"name": name})}
    )


def remember(analysis: Analysis) -> None:
    """Keep ``analysis`` in this session's list for the Compare pages (latest name wins)."""
    store: dict[str, str] = st.session_state.setdefault(SESSION_KEY, {})
    store[analysis.document.sha256] = analysis.model_dump_json()


def forget_session() -> None:
    """Drop this session's analyses (the Compare pages then show nothing from it)."""
    st.session_state.pop(SESSION_KEY, None)


def session_analyses() -> list[Analysis]:
    """The analyses of this session, in upload order."""
    store: dict[str, str] = st.session_state.get(SESSION_KEY, {})
    return [Analysis.model_validate_json(v) for v in store.values()]


@st.cache_data(max_entries=256, show_spinner=False)
def _rescored(sha256: str, sector: str, analysis_json: str) -> str:
    from analyzer.engine import rescore

    analysis = Analysis.model_validate_json(analysis_json)
    return rescore(rubric(), analysis, sector).model_dump_json()


def for_sector(analysis: Analysis, sector: str) -> Analysis:
    """``analysis`` with its sector-dependent fields for ``sector`` (cached, fast)."""
    if analysis.sector.id == sector:
        return analysis
    out = _rescored(analysis.document.sha256, sector, analysis.model_dump_json())
    return Analysis.model_validate_json(out)


def current_sector() -> str:
    """The sector chosen in the sidebar."""
    value = st.session_state.get("sector")
    return value if isinstance(value, str) and value else DEFAULT_SECTOR
