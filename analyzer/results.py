"""The analysis contract: pydantic models that cross the boundary (CLI JSON, app, toolkit, store).

``coc analyze --format json`` prints :class:`Analysis`. The toolkit, the app and the corpus store
consume it. Fields may be added; none may be renamed or removed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

EvidenceSource = Literal["rule", "model", "rule+model", "context"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentInfo(_Out):
    """What was analysed."""

    name: str
    sha256: str
    pages: int
    language: str
    media_type: str = "pdf"
    clauses: int = 0
    ocr_pages: list[int] = Field(default_factory=list)

    @property
    def paged(self) -> bool:
        """Whether its page numbers locate text: a PDF's do; text, Markdown, HTML and Word files
        have no fixed pages (everything is "page 1"), so quotes are not cited by page."""
        return self.media_type == "pdf"


class RubricInfo(_Out):
    """Which rubric graded it: its version and content hash."""

    version: str
    hash: str


class ModelInfo(_Out):
    """Which classifier: ``kind`` is ``"sklearn"`` or ``"rules"`` (fallback)."""

    kind: str
    version: str = ""
    hash: str = ""


class Evidence(_Out):
    """One clause that supports a criterion's level, and why it counts."""

    page: int | None
    text: str
    score: float = Field(ge=0.0, le=1.0)
    source: EvidenceSource
    heading: str | None = None
    clause_index: int = 0
    level: int = Field(default=1, ge=0, le=3)
    why: str = ""
    matched: list[str] = Field(default_factory=list)
    ocr: bool = False


class CriterionResult(_Out):
    """One rubric criterion: its graded level 0-3 with the evidence behind it.

    ``target_level``, ``priority``, ``multiplier`` and ``applicable`` are for the chosen sector
    (``general`` when none was chosen). priority = base_weight x multiplier x max(0, target-level).
    """

    id: str
    theme: str
    title: str = ""
    level: int = Field(ge=0, le=3)
    confidence: float = Field(ge=0.0, le=1.0)
    #: the kind of finding the confidence was calibrated on (see ``coc calibrate``), e.g.
    #: "3/cue/single" or "0/near"; "" in analyses made before it existed
    confidence_basis: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    #: for an absent criterion that a clause came close to (``confidence_basis`` "0/near"):
    #: that clause, level 0, not counted; worth a reader's look
    closest: Evidence | None = None
    why: str = ""
    base_weight: int = 1
    core: bool = False
    applicable: bool = True
    multiplier: float = 1.0
    target_level: int = Field(default=2, ge=0, le=3)
    priority: float = 0.0


class ThemeScore(_Out):
    """A theme's score 0-100 from its criteria's weighted levels."""

    id: str
    score: float = Field(ge=0.0, le=100.0)
    title: str = ""


class SectorScore(_Out):
    """Suitability of the document for one sector."""

    id: str
    suitability: float = Field(ge=0.0, le=100.0)
    missing_must_haves: list[str] = Field(default_factory=list)
    label: str = ""
    multipliers: dict[str, float] = Field(default_factory=dict)


class SectorRank(_Out):
    """One row of the sector ranking."""

    id: str
    suitability: float = Field(ge=0.0, le=100.0)
    label: str = ""
    missing_must_haves: list[str] = Field(default_factory=list)


class LegalElement(_Out):
    """Whether one element of a legal framework is covered, and by which criteria."""

    framework: str
    element: str
    covered: bool
    criteria: list[str] = Field(default_factory=list)
    label: str = ""
    framework_label: str = ""
    covered_by: list[str] = Field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """The criteria an uncovered element still needs (those it lists that are not met)."""
        return [] if self.covered else [c for c in self.criteria if c not in self.covered_by]


class Analysis(_Out):
    """The whole result of ``coc analyze``."""

    schema_version: int = SCHEMA_VERSION
    document: DocumentInfo
    rubric: RubricInfo
    model: ModelInfo
    criteria: list[CriterionResult]
    themes: list[ThemeScore]
    overall_score: float = Field(ge=0.0, le=100.0)
    sector: SectorScore
    sector_ranking: list[SectorRank]
    legal: list[LegalElement]
    warnings: list[str] = Field(default_factory=list)
    analyzer_version: str = ""


class Practice(_Out):
    """A strong clause from the corpus store, offered as a promising practice for a criterion."""

    criterion_id: str
    text: str
    level: int = Field(ge=0, le=3)
    page: int | None = None
    document_name: str = ""
    organisation: str = ""
    sector: str = ""
    score: float = 0.0
