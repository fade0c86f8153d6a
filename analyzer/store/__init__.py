"""The corpus store: analysed codes of conduct in SQLite, with comparisons and benchmarks."""

from __future__ import annotations

from analyzer.store.corpus import (
    AddResult,
    AnalysisSummary,
    CompareResult,
    CompareRow,
    CorpusStore,
    CriterionBenchmark,
    DocumentMeta,
    DocumentSummary,
    FailureRecord,
    StoredDocument,
    default_db_path,
    model_version_of,
    percentile_rank,
)
from analyzer.store.schema import SCHEMA_VERSION, migrate

__all__ = [
    "SCHEMA_VERSION",
    "AddResult",
    "AnalysisSummary",
    "CompareResult",
    "CompareRow",
    "CorpusStore",
    "CriterionBenchmark",
    "DocumentMeta",
    "DocumentSummary",
    "FailureRecord",
    "StoredDocument",
    "default_db_path",
    "migrate",
    "model_version_of",
    "percentile_rank",
]
