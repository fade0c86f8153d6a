"""Internal value types of the pipeline: frozen dataclasses, cheap and hashable.

These are the contract between ingestion (``analyzer.ingest``) and the engine. Fields may be
added; none may be renamed or removed without updating every consumer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ClauseKind = Literal["sentence", "bullet", "numbered", "table_row", "heading"]
MediaType = Literal["pdf", "docx", "html", "markdown", "text"]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of cleaned text (1-based ``number``); non-paged formats have one page."""

    number: int
    text: str
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Clause:
    """One sentence, bullet, numbered clause or table row, with where it came from.

    ``start``/``end`` are character offsets into :attr:`Document.text`; ``heading`` is the
    nearest section heading above the clause (``None`` before the first heading).
    """

    doc_id: str
    index: int
    text: str
    page: int
    heading: str | None
    start: int
    end: int
    kind: ClauseKind = "sentence"
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """An extracted, cleaned and segmented document."""

    doc_id: str
    name: str
    sha256: str
    media_type: MediaType
    pages: tuple[Page, ...]
    text: str
    clauses: tuple[Clause, ...]
    language: str = "en"
    ocr_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def page_count(self) -> int:
        """Number of pages (1 for formats without pages)."""
        return len(self.pages)

    @property
    def is_english(self) -> bool:
        """Whether the detected language is English."""
        return self.language == "en"
