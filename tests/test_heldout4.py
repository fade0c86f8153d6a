"""The fourth held-out set (corpus/heldout4/): gold lines valid, quotes findable, PDFs reproducible.

No engine is run here: the set is scored once at the end and must stay untouched by tuning. These
tests only check the gold file against the documents and that make_pdfs.py rebuilds the same
documents from src/.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "corpus" / "heldout"
HELDOUT4 = ROOT / "corpus" / "heldout4"
SECTORS = {
    "apparel",
    "electronics",
    "agriculture_food",
    "seafood",
    "construction",
    "mining",
    "hospitality_travel",
    "transport_logistics",
    "staffing_domestic",
    "healthcare",
    "financial_services",
    "online_platforms",
    "general",
}


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def _rows() -> list[dict[str, object]]:
    lines = (HELDOUT4 / "gold.jsonl").read_text("utf-8").splitlines()
    return [json.loads(x) for x in lines]


def _run_checker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(HELDOUT / "check_gold.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_checker_accepts_heldout4_with_quotes_in_extracted_text() -> None:
    result = _run_checker("--dir", str(HELDOUT4), "--extracted")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("OK")
    assert "8 documents" in result.stdout


def test_checker_reports_a_level_without_evidence(tmp_path: Path) -> None:
    row = next(r for r in _rows() if str(r["file"]).endswith(".md"))
    levels = row["levels"]
    evidence = row["evidence"]
    assert isinstance(levels, dict) and isinstance(evidence, dict)
    cid = next(c for c, level in levels.items() if level >= 1)
    del evidence[cid]
    (tmp_path / "gold.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    (tmp_path / "docs").mkdir()
    name = Path(str(row["file"])).name
    (tmp_path / "docs" / name).write_bytes((HELDOUT4 / str(row["file"])).read_bytes())
    result = _run_checker("--dir", str(tmp_path), "--quiet")
    assert result.returncode == 1
    assert f"{cid} level {levels[cid]} without evidence" in result.stdout


def test_set_composition_matches_the_brief() -> None:
    make_pdfs = _load(HELDOUT4 / "make_pdfs.py", "heldout4_make_pdfs")
    rows = _rows()
    assert len(rows) == 8
    suffixes = [Path(str(r["file"])).suffix for r in rows]
    assert suffixes.count(".pdf") >= 4
    assert {".md", ".txt", ".html", ".docx"} <= set(suffixes)
    layouts = make_pdfs.LAYOUT
    two_column = [d for d, lay in layouts.items() if lay.fmt == "pdf" and lay.columns == 2]
    assert len(two_column) >= 2
    assert any("|" in (HELDOUT4 / "src" / f"{d}.txt").read_text("utf-8") for d in layouts)
    sectors = {str(r["sector"]) for r in rows}
    assert sectors <= SECTORS
    assert len(sectors) >= 6
    for row in rows:
        assert "(fictional)" in str(row["fictional_org"])
        if Path(str(row["file"])).suffix in (".pdf", ".docx"):
            assert row["doc"] in layouts


def test_label_distribution_is_realistic() -> None:
    counts: Counter[int] = Counter()
    for row in _rows():
        levels = row["levels"]
        assert isinstance(levels, dict)
        counts.update(levels.values())
    assert set(counts) == {0, 1, 2, 3}
    assert all(counts[level] >= 20 for level in (0, 1, 2, 3)), counts


def _extracted(path: Path) -> list[str]:
    from analyzer.ingest import load_document

    return [" ".join(c.text.split()) for c in load_document(path).clauses]


@pytest.mark.slow
def test_make_pdfs_reproduces_the_committed_documents(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(HELDOUT4 / "make_pdfs.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    built = sorted(tmp_path.iterdir())
    assert len(built) == 5
    for path in built:
        committed = HELDOUT4 / "docs" / path.name
        assert committed.is_file(), path.name
        assert _extracted(path) == _extracted(committed), path.name


def test_every_document_says_fictional_in_its_first_lines() -> None:
    for row in _rows():
        path = HELDOUT4 / str(row["file"])
        if path.suffix in (".pdf", ".docx"):
            path = HELDOUT4 / "src" / f"{row['doc']}.txt"
        text = path.read_text("utf-8")
        if path.suffix == ".html":
            text = text[text.index("<h1>") :]
        assert "(fictional)" in text[:700], row["doc"]
