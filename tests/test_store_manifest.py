"""The starter corpus: the manifest is valid and its sha256 values match the files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import resources
from analyzer.errors import StoreError
from analyzer.store.manifest import load_manifest

SECTORS = {
    "apparel", "electronics", "agriculture_food", "seafood", "construction", "mining",
    "hospitality_travel", "transport_logistics", "staffing_domestic", "healthcare",
    "financial_services", "online_platforms", "general",
}  # fmt: skip


def test_manifest_matches_files() -> None:
    m = load_manifest()
    assert m.mismatches() == []
    assert len(m.documents) >= 10
    files = {p.name for p in (resources.corpus_dir() / "samples").iterdir()}
    listed = {e.file for e in m.documents}
    # every document in samples/ is listed (the generator script is not a document)
    assert files - listed == {"make_pdfs.py"} | {f for f in files if f.startswith(".")}
    assert "strong_supplier_code.md" in listed  # `make demo` analyses it
    for e in m.documents:
        assert e.sector in SECTORS, e.id
        if e.fictional:
            assert "fictional" in e.organisation.lower() and e.licence == "CC0-1.0"
        else:
            assert "public domain" in e.licence.lower()


def test_pdfs_regenerate_identically(tmp_path: Path) -> None:
    m = load_manifest()
    script = resources.corpus_dir() / "samples" / "make_pdfs.py"
    code = (
        "import importlib.util, sys, pathlib\n"
        f"spec = importlib.util.spec_from_file_location('mk', {str(script)!r})\n"
        "mk = importlib.util.module_from_spec(spec); spec.loader.exec_module(mk)\n"
        f"mk.HERE = pathlib.Path({str(tmp_path)!r}); mk.main()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    for e in m.documents:
        if e.file.endswith(".pdf"):
            import hashlib

            assert hashlib.sha256((tmp_path / e.file).read_bytes()).hexdigest() == e.sha256


def test_tampered_file_is_reported(tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "a.md").write_text("hello")
    (tmp_path / "manifest.yaml").write_text(
        "version: 1\ndocuments:\n  - {id: a, file: a.md, title: A, organisation: X (fictional),"
        " fictional: true, sector: general, doc_type: code, licence: CC0-1.0, source: us,"
        " sha256: '" + "0" * 64 + "'}\n"
    )
    m = load_manifest(tmp_path / "manifest.yaml")
    assert "sha256 of a.md" in m.mismatches()[0]
    (tmp_path / "bad.yaml").write_text("version: 1\ndocuments:\n  - {id: a}\n")
    with pytest.raises(StoreError, match=r"documents\.0"):
        load_manifest(tmp_path / "bad.yaml")
