"""The corpus database schema, as forward migrations.

The schema version is kept in ``PRAGMA user_version``. ``MIGRATIONS[i]`` takes a database from
version ``i`` to version ``i + 1``; :func:`migrate` applies the missing steps, each in its own
``BEGIN IMMEDIATE`` transaction, so a crash mid-migration leaves the previous version intact.
Never edit a released step: append a new one.
"""

from __future__ import annotations

import sqlite3

from analyzer.errors import StoreError

#: v1: documents, analyses, criterion levels and evidence clauses.
_V1 = """
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    organisation TEXT,
    sector       TEXT,
    doc_type     TEXT,
    year         INTEGER,
    language     TEXT,
    pages        INTEGER,
    added_at     TEXT    NOT NULL
);
CREATE TABLE analyses (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    rubric_version TEXT    NOT NULL,
    rubric_hash    TEXT    NOT NULL,
    model_version  TEXT    NOT NULL,
    overall_score  REAL    NOT NULL,
    sector         TEXT    NOT NULL,
    suitability    REAL    NOT NULL,
    analysis_json  TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    UNIQUE (document_id, rubric_hash, model_version)
);
CREATE INDEX ix_analyses_document ON analyses(document_id);
CREATE TABLE criterion_levels (
    analysis_id  INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    criterion_id TEXT    NOT NULL,
    level        INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
    confidence   REAL    NOT NULL,
    PRIMARY KEY (analysis_id, criterion_id)
) WITHOUT ROWID;
CREATE INDEX ix_levels_criterion ON criterion_levels(criterion_id, level);
CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    analysis_id  INTEGER NOT NULL REFERENCES analyses(id) ON DELETE CASCADE,
    criterion_id TEXT    NOT NULL,
    page         INTEGER,
    text         TEXT    NOT NULL,
    level        INTEGER NOT NULL,
    score        REAL    NOT NULL,
    heading      TEXT
);
CREATE INDEX ix_evidence_analysis ON evidence(analysis_id);
CREATE INDEX ix_evidence_criterion ON evidence(criterion_id, level DESC, score DESC);
"""

#: v2: the document's media type, the model kind and analyzer version of each analysis, and the
#: evidence source (rule/model/...), backfilled from the stored Analysis JSON.
_V2 = """
ALTER TABLE documents ADD COLUMN media_type TEXT;
ALTER TABLE analyses ADD COLUMN model_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE analyses ADD COLUMN analyzer_version TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence ADD COLUMN source TEXT NOT NULL DEFAULT '';
UPDATE analyses SET
    model_kind = COALESCE(json_extract(analysis_json, '$.model.kind'), ''),
    analyzer_version = COALESCE(json_extract(analysis_json, '$.analyzer_version'), '');
UPDATE documents SET media_type = (
    SELECT json_extract(a.analysis_json, '$.document.media_type') FROM analyses a
    WHERE a.document_id = documents.id ORDER BY a.id DESC LIMIT 1
);
"""

#: v3: per-file failures of batch runs (so a rerun can report and retry them).
_V3 = """
CREATE TABLE failures (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL,
    name          TEXT NOT NULL,
    path          TEXT,
    rubric_hash   TEXT NOT NULL,
    model_version TEXT NOT NULL,
    reason        TEXT NOT NULL,
    failed_at     TEXT NOT NULL,
    UNIQUE (sha256, rubric_hash, model_version)
);
CREATE INDEX ix_analyses_created ON analyses(created_at);
"""

#: v4: each analysis' criterion levels as one JSON object (``{"criterion_id": level}``), so
#: comparisons over many documents read one row per document; backfilled from criterion_levels.
_V4 = """
ALTER TABLE analyses ADD COLUMN levels_json TEXT NOT NULL DEFAULT '{}';
UPDATE analyses SET levels_json = COALESCE((
    SELECT json_group_object(criterion_id, level) FROM criterion_levels
    WHERE analysis_id = analyses.id), '{}');
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)

#: The schema version this code writes.
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for a new file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to ``target``; return the version it had before.

    Each step runs in one ``BEGIN IMMEDIATE`` transaction together with the version bump, so
    two processes opening a new database at once cannot both apply a step (the second waits,
    then sees the new version and skips it).
    """
    before = user_version(conn)
    if before > SCHEMA_VERSION:
        newer = (
            f"The corpus database is schema version {before}, newer than this coc-analyzer "
            f"supports ({SCHEMA_VERSION})."
        )
        raise StoreError(
            f"{newer} Upgrade coc-analyzer or use another --db file.",
            app_message=f"{newer} Upgrade coc-analyzer or point COC_DB to another file.",
        )
    for step in range(before, target):
        try:
            conn.execute("BEGIN IMMEDIATE")
            # another process may have migrated while we waited for the lock
            if user_version(conn) > step:
                conn.execute("COMMIT")
                continue
            for statement in _statements(MIGRATIONS[step]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(
                f"Could not upgrade the corpus database to schema version {step + 1}: {exc}. "
                "The database was left unchanged; check the file is writable and not damaged."
            ) from exc
    return before
