"""The second held-out set (corpus/heldout2/): gold lines valid, quotes findable, PDFs reproducible.

No engine is run here: the set must stay untouched by tuning. These tests only check the gold
file against the documents and that make_pdfs.py rebuilds the same documents from src/.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "corpus" / "heldout"
HELDOUT2 = ROOT / "corpus" / "heldout2"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _run_checker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(HELDOUT / "check_gold.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_checker_accepts_heldout2_with_quotes_in_extracted_text() -> None:
    result = _run_checker("--dir", str(HELDOUT2), "--extracted")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("OK")
    assert "12 documents" in result.stdout


def test_checker_default_folder_matches_explicit_dir() -> None:
    default = _run_checker()
    explicit = _run_checker("--dir", str(HELDOUT))
    assert default.returncode == explicit.returncode
    assert default.stdout == explicit.stdout


def test_checker_reports_a_quote_that_is_not_in_the_source(tmp_path: Path) -> None:
    rows = [json.loads(x) for x in (HELDOUT2 / "gold.jsonl").read_text("utf-8").splitlines()]
    row = next(r for r in rows if r["file"].endswith(".pdf"))
    cid = next(c for c, level in row["levels"].items() if level >= 1)
    row["evidence"][cid] = "This sentence was never written in any held-out document."
    (tmp_path / "gold.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "src").mkdir()
    name = Path(row["file"]).name
    (tmp_path / "docs" / name).write_bytes((HELDOUT2 / row["file"]).read_bytes())
    src = HELDOUT2 / "src" / f"{row['doc']}.txt"
    (tmp_path / "src" / src.name).write_text(src.read_text("utf-8"), "utf-8")
    result = _run_checker("--dir", str(tmp_path), "--quiet")
    assert result.returncode == 1
    assert f"{cid} quote not found verbatim" in result.stdout


def test_set_composition_matches_the_brief() -> None:
    make_pdfs = _load(HELDOUT2 / "make_pdfs.py", "heldout2_make_pdfs")
    rows = [json.loads(x) for x in (HELDOUT2 / "gold.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == 12
    suffixes = [Path(r["file"]).suffix for r in rows]
    assert suffixes.count(".pdf") >= 6
    assert suffixes.count(".docx") == 1
    assert {".md", ".txt", ".html"} <= set(suffixes)
    two_column = [d for d, lay in make_pdfs.LAYOUT.items() if lay.fmt == "pdf" and lay.columns == 2]
    assert len(two_column) >= 3
    for row in rows:
        assert "(fictional)" in row["fictional_org"]
        if Path(row["file"]).suffix in (".pdf", ".docx"):
            assert row["doc"] in make_pdfs.LAYOUT


def _extracted(path: Path) -> list[str]:
    from analyzer.ingest import load_document

    return [" ".join(c.text.split()) for c in load_document(path).clauses]


@pytest.mark.slow
def test_make_pdfs_reproduces_the_committed_documents(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(HELDOUT2 / "make_pdfs.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    built = sorted(tmp_path.iterdir())
    assert len(built) >= 7
    for path in built:
        committed = HELDOUT2 / "docs" / path.name
        assert committed.is_file(), path.name
        assert _extracted(path) == _extracted(committed), path.name
