"""Toolkit downloads: build the tailored toolkit on click, once per analysis, format and org."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import streamlit as st

from analyzer import views
from analyzer.results import Analysis, Practice
from app_pages import state

log = logging.getLogger(__name__)


def _practices(analysis: Analysis) -> dict[str, list[Practice]]:
    """Promising practices from the corpus for the gaps, when a corpus exists (else empty)."""
    try:
        from analyzer.store import CorpusStore

        store = CorpusStore.open()
    except Exception:  # noqa: BLE001 - practices are optional; the toolkit works without them
        log.info("no corpus store available; toolkit without promising practices")
        return {}
    out: dict[str, list[Practice]] = {}
    try:
        for row in views.gap_rows(analysis):
            cid = str(row["id"])
            found = store.practices(cid, sector=analysis.sector.id, limit=3) or store.practices(
                cid, limit=3
            )
            if found:
                out[cid] = list(found)
    except Exception:  # noqa: BLE001
        log.exception("reading practices from the corpus failed")
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
    return out


@functools.lru_cache(maxsize=32)
def _render(analysis_json: str, fmt: str, org: str) -> bytes:
    from analyzer.toolkit import render_toolkit

    analysis = Analysis.model_validate_json(analysis_json)
    return render_toolkit(
        analysis,
        state.rubric(),
        fmt=fmt,
        org=org,
        practices=_practices(analysis),
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
        return _render(payload, fmt, org)

    return build
