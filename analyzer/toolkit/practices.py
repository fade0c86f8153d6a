"""Promising practices for the toolkit from the corpus store, when there is one.

The store is optional: it is imported lazily, and a database that does not exist is never created
just to look for practices. Every way of finding nothing comes with a sentence for the toolkit's
"Promising practices" section saying why.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from analyzer.errors import StoreError
from analyzer.results import Practice
from analyzer.rubric import Rubric


def load_practices(
    db: str | Path | None, rubric: Rubric, sector: str, *, limit: int = 5
) -> tuple[Mapping[str, list[Practice]] | None, str | None]:
    """Strong corpus clauses per criterion id, or ``(None, why not)``.

    ``db`` is a database path (default: ``$COC_DB`` or the user data folder). Practices come from
    the sector first, then from any sector. Pass the result as ``practices=`` and
    ``practices_note=`` to :func:`~analyzer.toolkit.render_toolkit`.
    """
    try:
        from analyzer.store import CorpusStore, default_db_path
    except ImportError:
        return None, "The corpus store is not installed, so no promising practices are shown."
    path = Path(db).expanduser() if db else default_db_path()
    if not path.is_file():
        return None, (
            f"No corpus database was found at {path}, so no promising practices from other "
            "organisations are shown. Add analysed codes to a corpus (see `coc corpus --help`) "
            "and pass the database with --db to include them."
        )
    try:
        store = CorpusStore.open(path, read_only=True)
    except StoreError as exc:
        return None, _unreadable(exc)
    found: dict[str, list[Practice]] = {}
    try:
        if store.counts()["analyses"] == 0:
            return None, (
                f"The corpus database at {path} holds no analysed documents yet, so no promising "
                "practices from other organisations are shown. Add some with `coc corpus add` "
                "or `coc corpus seed`."
            )
        for criterion in rubric.criteria:
            hits = store.practices(criterion.id, sector=sector, limit=limit)
            if not hits:  # none from this sector: the strongest from any sector
                hits = store.practices(criterion.id, limit=limit)
            if hits:
                found[criterion.id] = hits
    except StoreError as exc:
        return None, _unreadable(exc)
    finally:
        store.close()
    return found, None


def _unreadable(exc: StoreError) -> str:
    return f"The corpus database could not be read ({exc.user_message})."
