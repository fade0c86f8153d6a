"""The starter corpus manifest (``corpus/manifest.yaml``): sample files and their provenance."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analyzer import resources
from analyzer.errors import StoreError
from analyzer.persistence import file_sha256


class ManifestEntry(BaseModel):
    """One sample document: where it is, what it is, who may use it and how."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    file: str
    title: str
    organisation: str
    fictional: bool
    sector: str
    doc_type: str
    year: int | None = None
    language: str = "en"
    licence: str
    quality: str = ""
    source: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Manifest(BaseModel):
    """The whole manifest; ``folder`` is where the files are (``corpus/samples``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    documents: tuple[ManifestEntry, ...]
    folder: Path = Path()

    def path(self, entry: ManifestEntry) -> Path:
        """The file of ``entry``."""
        return self.folder / entry.file

    def mismatches(self) -> list[str]:
        """Problems: missing files or sha256 values that do not match the bytes."""
        out: list[str] = []
        for e in self.documents:
            p = self.path(e)
            if not p.is_file():
                out.append(f"{e.id}: file {p} is missing")
                continue
            digest = file_sha256(p)
            if digest != e.sha256:
                out.append(f"{e.id}: sha256 of {p.name} is {digest}, manifest says {e.sha256}")
        return out


def manifest_path() -> Path:
    """The bundled manifest."""
    return resources.corpus_dir() / "manifest.yaml"


def load_manifest(path: str | Path | None = None) -> Manifest:
    """Read and validate the manifest; files are resolved in ``samples/`` beside it."""
    p = Path(path) if path is not None else manifest_path()
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StoreError(f"Cannot read the corpus manifest {p}: {exc.strerror}.") from exc
    except yaml.YAMLError as exc:
        raise StoreError(f"The corpus manifest {p} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise StoreError(f"The corpus manifest {p} must be a mapping with 'documents'.")
    try:
        manifest = Manifest.model_validate({**raw, "folder": p.parent / "samples"})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise StoreError(f"The corpus manifest {p} is invalid at {where}: {first['msg']}") from exc
    ids = [e.id for e in manifest.documents]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    if dups:
        raise StoreError(f"The corpus manifest {p} lists the id(s) {', '.join(dups)} twice.")
    return manifest
