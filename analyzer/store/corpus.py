"""The corpus store: analysed codes of conduct in one SQLite file.

A document is identified by the sha256 of its bytes. Each document may have several analyses,
one per (rubric hash, model version): re-adding the same file with the same rubric and model
is a no-op, while a new rubric or model adds an analysis and keeps the old ones. Comparisons,
benchmarks and promising practices use each document's latest analysis.

Every write is one ``BEGIN IMMEDIATE`` transaction, the database runs in WAL mode with foreign
keys on and a busy timeout, so several processes can add at once without losing rows.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import os
import re
import sqlite3
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from analyzer.errors import NotFoundError, StoreError
from analyzer.results import Analysis, ModelInfo, Practice
from analyzer.store.schema import SCHEMA_VERSION, migrate, user_version

ExportFormat = Literal["csv", "json", "parquet"]

#: Busy timeout for concurrent writers, in milliseconds.
BUSY_TIMEOUT_MS = 60_000


def default_db_path() -> Path:
    """``$COC_DB`` if set, else ``corpus.sqlite`` in the user's data folder for coc-analyzer."""
    env = os.environ.get("COC_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("coc-analyzer", appauthor=False)) / "corpus.sqlite"


def model_version_of(model: ModelInfo) -> str:
    """The model identity stored with an analysis: ``kind:version:hash`` (e.g. ``rules::``)."""
    return f"{model.kind}:{model.version}:{model.hash}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _norm_text(text: str) -> str:
    """Text key for deduplicating practices: lower case, letters and digits only."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def percentile_rank(values: Sequence[float], value: float) -> float:
    """Percentile rank of ``value`` among ``values`` (mean-rank definition, 0-100).

    100 x (values below + half the values equal, itself included) / count: ties share the
    middle rank, a single document is at 50, the best of 10 distinct scores at 95.
    """
    return _rank_sorted(sorted(values), value)


def _rank_sorted(ordered: Sequence[float], value: float) -> float:
    """:func:`percentile_rank` on values already sorted ascending (O(log n))."""
    if not ordered:
        return 0.0
    below = bisect.bisect_left(ordered, value)
    equal = bisect.bisect_right(ordered, value) - below
    return round(100.0 * (below + 0.5 * equal) / len(ordered), 1)


def _quartiles(values: Sequence[int]) -> tuple[float, float, float]:
    if len(values) == 1:
        v = float(values[0])
        return v, v, v
    q = statistics.quantiles(values, n=4, method="inclusive")
    return float(q[0]), float(q[1]), float(q[2])


def _unreadable(db: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """The error for a file SQLite cannot read as a database."""
    return StoreError(
        f"Cannot open the corpus database {db}: {exc}. If the file is not a corpus "
        "database, choose another path with --db or the COC_DB variable.",
        app_message=(
            f"Cannot open the corpus database {db}: {exc}. If the file is not a corpus "
            "database, ask whoever runs the app to point COC_DB to another file."
        ),
    )


def _set_wal(conn: sqlite3.Connection) -> str:
    """Switch to WAL mode. SQLite answers "locked" at once (no busy wait) while another
    process is creating the same file, so retry for a while."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


# ---------------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddResult:
    """What :meth:`CorpusStore.add_analysis` did: ``created`` is False for a no-op re-add."""

    document_id: int
    analysis_id: int
    created: bool


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One stored document with its latest analysis' scores."""

    id: int
    sha256: str
    name: str
    organisation: str | None
    sector: str | None
    doc_type: str | None
    year: int | None
    language: str | None
    pages: int | None
    media_type: str | None
    added_at: str
    analyses: int
    overall_score: float | None
    suitability: float | None
    rubric_version: str | None
    model_version: str | None


@dataclass(frozen=True, slots=True)
class AnalysisSummary:
    """One stored analysis of a document."""

    id: int
    rubric_version: str
    rubric_hash: str
    model_version: str
    overall_score: float
    sector: str
    suitability: float
    created_at: str


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document, all its analyses (newest first) and its latest full analysis."""

    document: DocumentSummary
    analyses: tuple[AnalysisSummary, ...]
    latest: Analysis


@dataclass(frozen=True, slots=True)
class CompareRow:
    """One document in a comparison: its latest levels and its standing in its sector."""

    document_id: int
    name: str
    organisation: str | None
    sector: str
    overall_score: float
    suitability: float
    percentile: float
    levels: dict[str, int | None]


@dataclass(frozen=True, slots=True)
class CompareResult:
    """Documents x criteria latest levels, with sector averages per criterion.

    ``percentile`` of each row is the document's percentile rank of overall score among the
    documents of its own sector (see :func:`percentile_rank`).
    """

    criteria: tuple[str, ...]
    rows: tuple[CompareRow, ...]
    sector_averages: dict[str, dict[str, float]]
    sector_counts: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "criteria": list(self.criteria),
            "rows": [
                {
                    "document_id": r.document_id,
                    "name": r.name,
                    "organisation": r.organisation,
                    "sector": r.sector,
                    "overall_score": r.overall_score,
                    "suitability": r.suitability,
                    "percentile": r.percentile,
                    "levels": r.levels,
                }
                for r in self.rows
            ],
            "sector_averages": self.sector_averages,
            "sector_counts": self.sector_counts,
        }


@dataclass(frozen=True, slots=True)
class CriterionBenchmark:
    """Distribution of one criterion's level across the (sector's) corpus.

    ``documents`` counts the documents graded on the criterion (those where it applies); when
    there are none, every figure is None.
    """

    criterion_id: str
    documents: int
    mean_level: float | None
    p25: float | None
    p50: float | None
    p75: float | None
    share_at_least_2: float | None


@dataclass(frozen=True, slots=True)
class FailureRecord:
    """A file a batch run could not analyse, and why."""

    sha256: str
    name: str
    path: str | None
    rubric_hash: str
    model_version: str
    reason: str
    failed_at: str


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Optional metadata given when adding (missing values fall back to the analysis)."""

    organisation: str | None = None
    sector: str | None = None
    doc_type: str | None = None
    year: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# The store
# ---------------------------------------------------------------------------------------------


class CorpusStore:
    """A corpus of analysed documents in SQLite. Use :meth:`open`; close it (or ``with``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        #: False for the empty stand-in of a read-only open at a default location not yet made.
        self.exists = True
        self.read_only = False
        self._lock = threading.RLock()

    # -- lifecycle ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> CorpusStore:
        """Open (creating and migrating if needed) the corpus database at ``path``.

        ``None`` means ``$COC_DB`` or the user data folder (see :func:`default_db_path`).
        With ``read_only`` nothing is ever created: a missing file is a :class:`StoreError`
        saying how to fill a corpus, except at the built-in default location (no ``path``, no
        ``$COC_DB``), where an empty in-memory corpus stands in (``exists`` is False) so that
        looking before anything was stored shows an empty corpus. A file that is not a corpus
        database is an error too; an existing corpus of an older schema is upgraded.
        """
        explicit = path is not None or bool(os.environ.get("COC_DB"))
        db = Path(path).expanduser() if path is not None else default_db_path()
        if read_only and str(db) != ":memory:":
            return cls._open_existing(db, explicit=explicit)
        return cls._open_writable(db)

    @classmethod
    def _open_writable(cls, db: Path) -> CorpusStore:
        if str(db) != ":memory:":
            if db.is_dir():
                raise StoreError(
                    f"{db} is a folder; give the path of a database file, e.g. {db}/corpus.sqlite"
                )
            try:
                db.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the folder for the corpus database {db}: {exc.strerror}. "
                    "Choose another location with --db or the COC_DB variable.",
                    app_message=(
                        f"Cannot create the folder for the corpus database {db}: "
                        f"{exc.strerror}. Ask whoever runs the app to point COC_DB to a "
                        "writable location."
                    ),
                ) from exc
        try:
            conn = sqlite3.connect(
                str(db),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = _set_wal(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise _unreadable(db, exc) from exc
        if str(db) != ":memory:" and str(mode).lower() != "wal":
            conn.close()
            raise StoreError(
                f"The corpus database {db} could not be switched to WAL mode (got {mode}); "
                "put it on a local disk, not a network share."
            )
        return cls(conn, db)

    @classmethod
    def _open_existing(cls, db: Path, *, explicit: bool) -> CorpusStore:
        """:meth:`open` with ``read_only``: never create, never turn another file into one."""
        if db.is_dir():
            raise StoreError(
                f"{db} is a folder; give the path of a corpus database file, "
                f"e.g. {db}/corpus.sqlite"
            )
        if not db.exists():
            if not explicit:  # nothing stored yet at the default location: an empty corpus
                store = cls._open_writable(Path(":memory:"))
                store.path, store.exists, store.read_only = db, False, True
                return store
            raise StoreError(
                f"No corpus database at {db}: add documents with `coc corpus add` or "
                "`coc corpus seed`, or pass --db (or set COC_DB) to an existing one."
            )
        not_corpus = (
            f"{db} is not a corpus database: pass --db (or set COC_DB) to the corpus.sqlite "
            "file that `coc corpus add` or `coc corpus seed` wrote."
        )
        if db.stat().st_size == 0:
            raise StoreError(not_corpus)
        try:
            conn = sqlite3.connect(
                db.resolve().as_uri() + "?mode=ro",
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = user_version(conn)
        except sqlite3.DatabaseError as exc:
            raise _unreadable(db, exc) from exc
        if version == 0:
            conn.close()
            raise StoreError(not_corpus)
        if version < SCHEMA_VERSION:  # an older corpus: upgrade it (this needs writing)
            conn.close()
            return cls._open_writable(db)
        try:
            migrate(conn)  # refuses a newer schema with its own message
        except StoreError:
            conn.close()
            raise
        store = cls(conn, db)
        store.read_only = True
        return store

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The database's schema version (always the current one once opened)."""
        return user_version(self._conn)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): all or nothing."""
        if self.read_only:
            raise StoreError(
                f"The corpus database {self.path} was opened read-only; open it for writing "
                "(without read_only) to change it."
            )
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(
                    f"The corpus database {self.path} is busy or read-only ({exc}); "
                    "wait for other coc processes to finish and try again."
                ) from exc
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._conn.execute("ROLLBACK")
                    raise StoreError(f"Could not save to the corpus database: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cur = self._conn.execute(sql, params)
            cur.row_factory = sqlite3.Row
            return list(cur.fetchall())

    # -- writing ---------------------------------------------------------------------------------

    def add_analysis(
        self,
        analysis: Analysis,
        *,
        organisation: str | None = None,
        sector: str | None = None,
        doc_type: str | None = None,
        year: int | None = None,
    ) -> AddResult:
        """Store ``analysis`` (and its document); a no-op if this rubric and model already did.

        ``sector`` is the organisation's sector (default: the sector the analysis was scored
        for). Metadata given here fills fields that are still empty on an existing document.
        """
        meta = DocumentMeta(organisation, sector, doc_type, year)
        with self._tx() as conn:
            return self._insert(conn, analysis, meta)

    def add_analyses(self, items: Iterable[tuple[Analysis, DocumentMeta]]) -> list[AddResult]:
        """Store many analyses in ONE transaction (bulk loading); same rules as add_analysis."""
        with self._tx() as conn:
            return [self._insert(conn, a, m) for a, m in items]

    def _insert(self, conn: sqlite3.Connection, a: Analysis, meta: DocumentMeta) -> AddResult:
        now = _now()
        doc = a.document
        sector = meta.sector or a.sector.id
        row = conn.execute(
            """
            INSERT INTO documents (sha256, name, organisation, sector, doc_type, year, language,
                                   pages, media_type, added_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sha256) DO UPDATE SET
                organisation = COALESCE(documents.organisation, excluded.organisation),
                sector = COALESCE(documents.sector, excluded.sector),
                doc_type = COALESCE(documents.doc_type, excluded.doc_type),
                year = COALESCE(documents.year, excluded.year),
                media_type = COALESCE(documents.media_type, excluded.media_type)
            RETURNING id
            """,
            (
                doc.sha256,
                doc.name,
                meta.organisation,
                sector,
                meta.doc_type,
                meta.year,
                doc.language,
                doc.pages,
                doc.media_type,
                now,
            ),
        ).fetchone()
        document_id = int(row[0])
        model_version = model_version_of(a.model)
        inserted = conn.execute(
            """
            INSERT INTO analyses (document_id, rubric_version, rubric_hash, model_version,
                                  model_kind, analyzer_version, overall_score, sector,
                                  suitability, analysis_json, levels_json, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (document_id, rubric_hash, model_version) DO NOTHING
            RETURNING id
            """,
            (
                document_id,
                a.rubric.version,
                a.rubric.hash,
                model_version,
                a.model.kind,
                a.analyzer_version,
                a.overall_score,
                a.sector.id,
                a.sector.suitability,
                a.model_dump_json(),
                json.dumps({c.id: c.level for c in a.criteria}, separators=(",", ":")),
                now,
            ),
        ).fetchone()
        if inserted is None:
            existing = conn.execute(
                "SELECT id FROM analyses WHERE document_id = ? AND rubric_hash = ? "
                "AND model_version = ?",
                (document_id, a.rubric.hash, model_version),
            ).fetchone()
            return AddResult(document_id, int(existing[0]), False)
        analysis_id = int(inserted[0])
        conn.executemany(
            "INSERT INTO criterion_levels (analysis_id, criterion_id, level, confidence) "
            "VALUES (?, ?, ?, ?)",
            [(analysis_id, c.id, c.level, c.confidence) for c in a.criteria],
        )
        conn.executemany(
            "INSERT INTO evidence (analysis_id, criterion_id, page, text, level, score, heading, "
            "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (analysis_id, c.id, e.page, e.text, e.level, e.score, e.heading, e.source)
                for c in a.criteria
                for e in c.evidence
            ],
        )
        conn.execute(
            "DELETE FROM failures WHERE sha256 = ? AND rubric_hash = ? AND model_version = ?",
            (doc.sha256, a.rubric.hash, model_version),
        )
        return AddResult(document_id, analysis_id, True)

    def replace_scoring(self, analysis: Analysis) -> bool:
        """Overwrite the sector-dependent scores of the stored analysis of the same file, rubric
        and model with those of ``analysis`` (the same analysis re-scored for another sector,
        e.g. by ``Engine.rescore``); return whether such a stored analysis existed.

        Criterion levels and evidence do not depend on the sector and are left as they are;
        the document's own metadata (organisation, sector...) is not changed either.
        """
        with self._tx() as conn:
            cur = conn.execute(
                """
                UPDATE analyses SET sector = ?, suitability = ?, overall_score = ?,
                                    analysis_json = ?
                WHERE rubric_hash = ? AND model_version = ?
                  AND document_id = (SELECT id FROM documents WHERE sha256 = ?)
                """,
                (
                    analysis.sector.id,
                    analysis.sector.suitability,
                    analysis.overall_score,
                    analysis.model_dump_json(),
                    analysis.rubric.hash,
                    model_version_of(analysis.model),
                    analysis.document.sha256,
                ),
            )
            return cur.rowcount > 0

    def record_failure(
        self,
        *,
        sha256: str,
        name: str,
        reason: str,
        rubric_hash: str,
        model_version: str,
        path: str | None = None,
    ) -> None:
        """Remember that a file could not be analysed (replaces an earlier failure record)."""
        with self._tx() as conn:
            conn.execute(
                """
                INSERT INTO failures (sha256, name, path, rubric_hash, model_version, reason,
                                      failed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (sha256, rubric_hash, model_version) DO UPDATE SET
                    name = excluded.name, path = excluded.path, reason = excluded.reason,
                    failed_at = excluded.failed_at
                """,
                (sha256, name, path, rubric_hash, model_version, reason, _now()),
            )

    def failures(self) -> list[FailureRecord]:
        """Files that failed in batch runs and have not been analysed since."""
        rows = self._query(
            "SELECT sha256, name, path, rubric_hash, model_version, reason, failed_at "
            "FROM failures ORDER BY failed_at"
        )
        return [FailureRecord(**dict(r)) for r in rows]

    def remove(self, ref: int | str) -> DocumentSummary:
        """Delete a document and all its analyses; return what was deleted."""
        summary = self.document(ref)
        with self._tx() as conn:
            conn.execute("DELETE FROM documents WHERE id = ?", (summary.id,))
        return summary

    # -- reading ---------------------------------------------------------------------------------

    def has_analysis(self, sha256: str, rubric_hash: str, model_version: str) -> bool:
        """Whether this exact file was already analysed with this rubric and model."""
        row = self._query(
            "SELECT 1 FROM analyses a JOIN documents d ON d.id = a.document_id "
            "WHERE d.sha256 = ? AND a.rubric_hash = ? AND a.model_version = ?",
            (sha256, rubric_hash, model_version),
        )
        return bool(row)

    def analysed_hashes(self, rubric_hash: str, model_version: str) -> set[str]:
        """sha256 of every document analysed with this rubric and model (for batch resume)."""
        return set(self.analysed_sectors(rubric_hash, model_version))

    def analysed_sectors(self, rubric_hash: str, model_version: str) -> dict[str, str]:
        """sha256 -> the sector its stored analysis with this rubric and model was scored for
        (for batch resume: a file stored for another sector is re-scored, not re-read)."""
        rows = self._query(
            "SELECT d.sha256, a.sector FROM analyses a JOIN documents d ON d.id = a.document_id "
            "WHERE a.rubric_hash = ? AND a.model_version = ?",
            (rubric_hash, model_version),
        )
        return {str(r[0]): str(r[1]) for r in rows}

    def find_analysis(self, sha256: str, rubric_hash: str, model_version: str) -> Analysis | None:
        """The stored analysis of this file with this rubric and model, if any."""
        raw = self.find_analysis_json(sha256, rubric_hash, model_version)
        return Analysis.model_validate_json(raw) if raw is not None else None

    def find_analysis_json(self, sha256: str, rubric_hash: str, model_version: str) -> str | None:
        """:meth:`find_analysis` as the stored JSON, unparsed (to hand to a worker as is)."""
        rows = self._query(
            "SELECT a.analysis_json FROM analyses a JOIN documents d ON d.id = a.document_id "
            "WHERE d.sha256 = ? AND a.rubric_hash = ? AND a.model_version = ?",
            (sha256, rubric_hash, model_version),
        )
        return str(rows[0][0]) if rows else None

    _SUMMARY_SQL = """
        SELECT d.id, d.sha256, d.name, d.organisation, d.sector, d.doc_type, d.year, d.language,
               d.pages, d.media_type, d.added_at,
               (SELECT COUNT(*) FROM analyses x WHERE x.document_id = d.id) AS analyses,
               a.overall_score, a.suitability, a.rubric_version, a.model_version
        FROM documents d
        LEFT JOIN analyses a ON a.id = (
            SELECT MAX(y.id) FROM analyses y WHERE y.document_id = d.id)
    """

    def list_documents(self, sector: str | None = None) -> list[DocumentSummary]:
        """Every stored document (optionally of one sector), oldest first."""
        sql = self._SUMMARY_SQL
        params: tuple[Any, ...] = ()
        if sector:
            sql += " WHERE d.sector = ?"
            params = (sector,)
        return [DocumentSummary(**dict(r)) for r in self._query(sql + " ORDER BY d.id", params)]

    def sectors(self) -> set[str]:
        """The sectors documents are stored under."""
        rows = self._query("SELECT DISTINCT sector FROM documents WHERE sector IS NOT NULL")
        return {str(r[0]) for r in rows}

    def resolve(self, ref: int | str) -> int:
        """Document id from a numeric id or a sha256 prefix (at least 4 hex digits).

        A string of digits is tried as an id first, then (4+ digits) as a sha256 prefix.
        """
        text = str(ref).strip().lower()
        if text.isdigit():
            rows = self._query("SELECT id FROM documents WHERE id = ?", (int(text),))
            if rows:
                return int(rows[0][0])
            if isinstance(ref, int) or len(text) < 4:
                raise NotFoundError(
                    f"No stored document with id {text}; run `coc corpus list` to see the ids."
                )
        if not re.fullmatch(r"[0-9a-f]{4,64}", text):
            raise NotFoundError(
                f"{str(ref)!r} is neither a document id nor a sha256 prefix (4+ hex digits); "
                "run `coc corpus list` to see them."
            )
        rows = self._query(
            "SELECT id FROM documents WHERE sha256 >= ? AND sha256 < ? ORDER BY id",
            (text, text + "g"),
        )
        if not rows:
            raise NotFoundError(
                f"No stored document has id or sha256 starting with {text}; "
                "run `coc corpus list` to see them."
            )
        if len(rows) > 1:
            raise NotFoundError(
                f"The sha256 prefix {text} matches {len(rows)} documents; give more characters."
            )
        return int(rows[0][0])

    def document(self, ref: int | str) -> DocumentSummary:
        """The summary of one document (``ref``: id or sha256 prefix)."""
        doc_id = self.resolve(ref)
        rows = self._query(self._SUMMARY_SQL + " WHERE d.id = ?", (doc_id,))
        return DocumentSummary(**dict(rows[0]))

    def get(self, ref: int | str) -> StoredDocument:
        """A document with all its analyses and its latest full Analysis."""
        summary = self.document(ref)
        rows = self._query(
            "SELECT id, rubric_version, rubric_hash, model_version, overall_score, sector, "
            "suitability, created_at FROM analyses WHERE document_id = ? ORDER BY id DESC",
            (summary.id,),
        )
        if not rows:
            raise NotFoundError(f"Document {summary.id} has no stored analysis.")
        latest_json = self._query("SELECT analysis_json FROM analyses WHERE id = ?", (rows[0][0],))
        return StoredDocument(
            document=summary,
            analyses=tuple(AnalysisSummary(**dict(r)) for r in rows),
            latest=Analysis.model_validate_json(latest_json[0][0]),
        )

    def _latest_levels(
        self, sector: str | None
    ) -> tuple[list[sqlite3.Row], dict[int, dict[str, int | None]]]:
        """Latest analysis per document (optionally one sector), and its criterion levels.

        A criterion that does not apply to the sector the analysis was scored for (its
        ``applicable`` flag is false) has level None: it is not graded there.
        """
        where = "WHERE d.sector = ?" if sector else ""
        params: tuple[Any, ...] = (sector,) if sector else ()
        docs = self._query(
            f"""
            WITH latest AS (
                SELECT document_id, MAX(id) AS analysis_id FROM analyses GROUP BY document_id)
            SELECT d.id, d.name, d.organisation, COALESCE(d.sector, a.sector) AS sector,
                   a.id AS analysis_id, a.overall_score, a.suitability, a.levels_json,
                   a.rubric_hash, a.sector AS scored_for
            FROM latest l JOIN analyses a ON a.id = l.analysis_id
            JOIN documents d ON d.id = l.document_id
            {where} ORDER BY d.id
            """,
            params,
        )
        not_applicable = self._not_applicable({(d["rubric_hash"], d["scored_for"]) for d in docs})
        levels: dict[int, dict[str, int | None]] = {}
        for d in docs:
            doc_levels: dict[str, int | None] = json.loads(d["levels_json"])
            for crit in not_applicable[(d["rubric_hash"], d["scored_for"])]:
                if crit in doc_levels:
                    doc_levels[crit] = None
            levels[int(d["id"])] = doc_levels
        return docs, levels

    def _not_applicable(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
        """Per (rubric hash, sector scored for): the criteria that do not apply there.

        Applicability depends only on the rubric and the sector, so one stored analysis of each
        pair is read (its criteria's ``applicable`` flags), not every document's full JSON.
        """
        out: dict[tuple[str, str], set[str]] = {}
        for rubric_hash, scored_for in keys:
            rows = self._query(
                """
                SELECT json_extract(c.value, '$.id') FROM json_each((
                    SELECT analysis_json FROM analyses WHERE rubric_hash = ? AND sector = ?
                    ORDER BY id DESC LIMIT 1), '$.criteria') AS c
                WHERE json_extract(c.value, '$.applicable') = 0
                """,
                (rubric_hash, scored_for),
            )
            out[(rubric_hash, scored_for)] = {str(r[0]) for r in rows}
        return out

    def compare(self, sector: str | None = None) -> CompareResult:
        """Latest levels of every document, sector averages and percentile ranks.

        A level is None where the criterion is not graded (it does not apply to the sector the
        analysis was scored for, or the analysis' rubric lacks it); averages leave those out.
        """
        docs, levels = self._latest_levels(sector)
        criteria = sorted({c for per_doc in levels.values() for c in per_doc})
        by_sector_scores: dict[str, list[float]] = defaultdict(list)
        by_sector_levels: dict[str, list[dict[str, int | None]]] = defaultdict(list)
        for d in docs:
            by_sector_scores[d["sector"]].append(float(d["overall_score"]))
            by_sector_levels[d["sector"]].append(levels[d["id"]])
        for scores in by_sector_scores.values():
            scores.sort()
        full = set(criteria)
        rows: list[CompareRow] = []
        for d in docs:
            doc_levels = levels[d["id"]]
            if doc_levels.keys() != full:  # criteria another rubric had: not graded here
                doc_levels = {c: doc_levels.get(c) for c in criteria}
            rows.append(
                CompareRow(
                    document_id=int(d["id"]),
                    name=str(d["name"]),
                    organisation=d["organisation"],
                    sector=str(d["sector"]),
                    overall_score=float(d["overall_score"]),
                    suitability=float(d["suitability"]),
                    percentile=_rank_sorted(
                        by_sector_scores[d["sector"]], float(d["overall_score"])
                    ),
                    levels=doc_levels,
                )
            )
        averages: dict[str, dict[str, float]] = {}
        for sec in sorted(by_sector_levels):
            per_doc = by_sector_levels[sec]
            averages[sec] = {}
            for crit in criteria:
                vals = [v for lv in per_doc if (v := lv.get(crit)) is not None]
                if vals:
                    averages[sec][crit] = round(sum(vals) / len(vals), 3)
        counts = {sec: len(v) for sec, v in sorted(by_sector_scores.items())}
        return CompareResult(tuple(criteria), tuple(rows), averages, counts)

    def benchmarks(self, sector: str | None = None) -> list[CriterionBenchmark]:
        """Per criterion over latest analyses: mean level, quartiles, share at level 2 or 3.

        Only the documents where the criterion is graded count (a criterion that does not apply
        to a document's sector is left out, not counted as 0); a criterion graded in none of
        them has ``documents`` 0 and None for the figures.
        """
        _, levels = self._latest_levels(sector)
        per_crit: dict[str, list[int]] = defaultdict(list)
        for doc_levels in levels.values():
            for crit, lvl in doc_levels.items():
                graded = per_crit[crit]  # listed even when no document grades it
                if lvl is not None:
                    graded.append(lvl)
        out: list[CriterionBenchmark] = []
        for crit in sorted(per_crit):
            vals = per_crit[crit]
            if not vals:
                out.append(CriterionBenchmark(crit, 0, None, None, None, None, None))
                continue
            p25, p50, p75 = _quartiles(vals)
            out.append(
                CriterionBenchmark(
                    criterion_id=crit,
                    documents=len(vals),
                    mean_level=round(sum(vals) / len(vals), 3),
                    p25=p25,
                    p50=p50,
                    p75=p75,
                    share_at_least_2=round(sum(1 for v in vals if v >= 2) / len(vals), 3),
                )
            )
        return out

    def practices(
        self,
        criterion_id: str,
        sector: str | None = None,
        limit: int = 5,
        min_level: int = 2,
        *,
        per_document: int = 1,
    ) -> list[Practice]:
        """The strongest evidence clauses for a criterion across the corpus, from many documents.

        From each document's latest analysis, clauses at ``min_level`` or above, ranked by level
        then score. At most ``per_document`` clauses are taken from any one document while other
        documents still have clauses to offer; only when fewer than ``limit`` documents qualify
        are the remaining places filled with the next-best clauses of documents already used.
        Near-identical texts are kept once (the copy picked first). The result is in rank order.
        """
        where = "AND d.sector = ?" if sector else ""
        params: list[Any] = [criterion_id, min_level]
        if sector:
            params.append(sector)
        sql = f"""
            SELECT e.text, e.level, e.score, e.page, d.name, d.organisation,
                   COALESCE(d.sector, a.sector) AS sector, d.id
            FROM evidence e
            JOIN analyses a ON a.id = e.analysis_id
            JOIN documents d ON d.id = a.document_id
            WHERE e.criterion_id = ? AND e.level >= ? {where}
              AND a.id = (SELECT MAX(x.id) FROM analyses x WHERE x.document_id = a.document_id)
            ORDER BY e.level DESC, e.score DESC, d.id, e.id
        """
        if limit <= 0:
            return []
        seen: set[str] = set()
        taken: dict[int, int] = defaultdict(int)  # document id -> clauses picked from it
        picked: list[tuple[int, Practice]] = []  # (rank, practice)
        reserve: list[tuple[int, str, Practice]] = []  # over the per-document cap, for filling
        with self._lock:
            cur = self._conn.execute(sql, params)
            try:
                for rank, (text, level, score, page, name, org, sec, doc_id) in enumerate(cur):
                    key = _norm_text(text)
                    if not key or key in seen:
                        continue
                    practice = Practice(
                        criterion_id=criterion_id,
                        text=text,
                        level=int(level),
                        page=page,
                        document_name=name,
                        organisation=org or "",
                        sector=sec or "",
                        score=float(score),
                    )
                    if taken[doc_id] < per_document:
                        taken[doc_id] += 1
                        seen.add(key)
                        picked.append((rank, practice))
                        if len(picked) >= limit:  # enough documents: stop reading
                            break
                    else:
                        reserve.append((rank, key, practice))
            finally:
                cur.close()
        for rank, key, practice in reserve:  # fewer documents than places: fill, best first
            if len(picked) >= limit:
                break
            if key not in seen:
                seen.add(key)
                picked.append((rank, practice))
        picked.sort(key=lambda item: item[0])
        return [practice for _, practice in picked]

    def counts(self) -> dict[str, int]:
        """Row counts per table."""
        return {
            t: int(self._query(f"SELECT COUNT(*) FROM {t}")[0][0])
            for t in ("documents", "analyses", "criterion_levels", "evidence", "failures")
        }

    def integrity_check(self) -> list[str]:
        """SQLite's integrity and foreign-key checks: ``["ok"]`` when all is well."""
        problems = [str(r[0]) for r in self._query("PRAGMA integrity_check")]
        fk = self._query("PRAGMA foreign_key_check")
        problems += [f"foreign key: {tuple(r)}" for r in fk]
        if problems == ["ok"]:
            return problems
        return [p for p in problems if p != "ok"]

    # -- export ----------------------------------------------------------------------------------

    def export_rows(self) -> list[dict[str, Any]]:
        """One flat row per document (latest analysis): metadata, scores, one column per level."""
        cmp = self.compare()
        summaries = {s.id: s for s in self.list_documents()}
        out: list[dict[str, Any]] = []
        for row in cmp.rows:
            s = summaries[row.document_id]
            flat: dict[str, Any] = {
                "id": s.id,
                "sha256": s.sha256,
                "name": s.name,
                "organisation": s.organisation,
                "sector": row.sector,
                "doc_type": s.doc_type,
                "year": s.year,
                "language": s.language,
                "pages": s.pages,
                "rubric_version": s.rubric_version,
                "model_version": s.model_version,
                "overall_score": row.overall_score,
                "suitability": row.suitability,
                "sector_percentile": row.percentile,
            }
            for crit in cmp.criteria:
                flat[f"level_{crit}"] = row.levels[crit]
            out.append(flat)
        return out

    def export(self, fmt: ExportFormat) -> bytes:
        """The corpus as CSV, Parquet (flat rows) or JSON (rows plus full latest analyses)."""
        rows = self.export_rows()
        if fmt == "csv":
            buf = io.StringIO()
            fields = list(rows[0]) if rows else ["id", "sha256", "name"]
            writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            return buf.getvalue().encode("utf-8")
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pylist(rows) if rows else pa.table({"id": pa.array([], "int64")})
            sink = io.BytesIO()
            pq.write_table(table, sink)
            return sink.getvalue()
        if fmt == "json":
            full = []
            for r in rows:
                stored = self.get(int(r["id"]))
                full.append({**r, "analysis": json.loads(stored.latest.model_dump_json())})
            return json.dumps(full, indent=2, ensure_ascii=False).encode("utf-8")
        raise StoreError(f"Unknown export format {fmt!r}; choose csv, parquet or json.")
