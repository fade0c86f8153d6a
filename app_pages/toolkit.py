"""Toolkit downloads: build the tailored toolkit on click, once per analysis, format and org."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import streamlit as st

from analyzer.results import Analysis
from app_pages import state

log = logging.getLogger(__name__)


APP_PRACTICES_NOTE = (
    "No promising practices from other organisations are included: the corpus is empty or "
    "could not be read. Add analysed codes on the Corpus page of the app (or load the starter "
    "corpus) to include them."
)


def corpus_stamp() -> tuple[int, ...]:
    """Changes whenever the corpus database changes (its files' sizes and times), so a toolkit
    built before documents were added to the corpus is not served from the cache afterwards."""
    from analyzer.store import default_db_path

    db = default_db_path()
    stamp: list[int] = []
    for path in (db, db.with_name(db.name + "-wal")):
        try:
            st_ = path.stat()
        except OSError:
            stamp += [0, 0]
        else:
            stamp += [st_.st_size, st_.st_mtime_ns]
    return tuple(stamp)


@functools.lru_cache(maxsize=32)
def _render(analysis_json: str, fmt: str, org: str, corpus: tuple[int, ...] = ()) -> bytes:
    """The toolkit bytes; ``corpus`` (see :func:`corpus_stamp`) only keys the cache."""
    from analyzer.toolkit import load_practices, render_toolkit

    analysis = Analysis.model_validate_json(analysis_json)
    rubric = state.rubric()
    practices, why_not = load_practices(None, rubric, analysis.sector.id, limit=3)
    if why_not:
        log.info("toolkit without corpus practices: %s", why_not)
    return render_toolkit(
        analysis,
        rubric,
        fmt=fmt,
        org=org,
        practices=practices,
        practices_note=APP_PRACTICES_NOTE if practices is None else None,
    )


def builder(analysis: Analysis) -> Callable[[str], bytes] | None:
    """A function ``fmt -> bytes`` for the download buttons (None if no toolkit module)."""
    try:
        import analyzer.toolkit  # noqa: F401
    except ImportError:
        st.caption("The toolkit generator is not installed in this build.")
        return None
    org = (st.session_state.get("org") or "").strip() or "Your organisation"
    payload = analysis.model_dump_json()

    def build(fmt: str) -> bytes:
        return _render(payload, fmt, org, corpus_stamp())

    return build
