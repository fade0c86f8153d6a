"""Two processes adding overlapping analyses at once lose and corrupt nothing."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path

import pytest
from _store_data import make_analysis

from analyzer.store import CorpusStore


def _writer(db: str, names: list[str], barrier: object) -> int:
    created = 0
    barrier.wait()  # type: ignore[attr-defined]  # both open (and maybe create) together
    with CorpusStore.open(db) as store:
        for name in names:
            ev = {"c1": [(f"Clause from {name} banning forced labour.", 2, 0.8)]}
            res = store.add_analysis(
                make_analysis(name, {"c1": 2, "c2": len(name) % 4}, evidence=ev), sector="apparel"
            )
            created += int(res.created)
    return created


@pytest.mark.slow
def test_two_processes_adding_overlapping_sets(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.sqlite")
    CorpusStore.open(db).close()  # created and migrated once; the writers also race on open
    first = [f"doc{i:03d}.md" for i in range(0, 120)]
    second = [f"doc{i:03d}.md" for i in range(60, 180)]  # 60 overlap
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(2)
        with ctx.Pool(2) as pool:
            results = pool.starmap(_writer, [(db, first, barrier), (db, second[::-1], barrier)])
    assert sum(results) == 180  # every analysis created exactly once between the two
    with CorpusStore.open(db) as store:
        assert store.integrity_check() == ["ok"]
        counts = store.counts()
        assert counts["documents"] == 180
        assert counts["analyses"] == 180
        assert counts["criterion_levels"] == 360
        assert counts["evidence"] == 180
    conn = sqlite3.connect(db)
    dup = conn.execute(
        "SELECT COUNT(*) FROM (SELECT document_id FROM analyses GROUP BY document_id "
        "HAVING COUNT(*) > 1)"
    ).fetchone()[0]
    assert dup == 0


def test_two_processes_creating_a_new_database_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.sqlite")
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(2)
        with ctx.Pool(2) as pool:
            results = pool.starmap(_writer, [(db, ["a", "b"], barrier), (db, ["b", "c"], barrier)])
    assert sum(results) == 3
    with CorpusStore.open(db) as store:
        assert store.counts()["analyses"] == 3
        assert store.integrity_check() == ["ok"]
