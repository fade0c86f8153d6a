"""Batch throughput (1 vs 2 local workers, side by side) and corpus compare speed.

1. Generates N (default 200, ``$COC_BENCH_DOCS``) 10-page code-of-conduct PDFs with
   ``benchmarks.docgen.make_code_pdf`` and runs ``run_batch`` over them with 1 worker, then with
   2 workers, each into a fresh database: wall time, documents per minute, speed-up, and the
   peak RSS (high-water mark) of each worker process as reported by the worker itself.
2. Inserts 10,000 synthetic analyses (35 criteria, 2 evidence clauses each) through the store
   API in bulk and times ``CorpusStore.compare()`` and ``coc corpus compare --format json``.

Targets: 2 workers >= 1.7x faster than 1; compare over 10,000 analyses under 2 s.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analyzer.results import (
    Analysis,
    CriterionResult,
    DocumentInfo,
    Evidence,
    ModelInfo,
    RubricInfo,
    SectorRank,
    SectorScore,
    ThemeScore,
)
from analyzer.rubric import THEME_IDS
from analyzer.store import CorpusStore, DocumentMeta

SECTORS = ["apparel", "electronics", "seafood", "construction", "mining", "general"]


def _generate_pdfs(folder: Path, n: int, pages: int) -> float:
    from benchmarks.docgen import make_code_pdf

    t0 = time.perf_counter()
    for i in range(n):
        make_code_pdf(folder / f"code_{i:04d}.pdf", pages=pages, columns=1 + (i % 5 == 4), seed=i)
    return time.perf_counter() - t0


def bench_throughput(n_docs: int, pages: int = 10) -> None:
    try:
        import analyzer.engine  # noqa: F401
    except ImportError:
        print("batch throughput: SKIPPED, analyzer.engine is not in the tree yet")
        return
    from analyzer.batch import BatchRow, EngineSpec, run_batch

    with tempfile.TemporaryDirectory(prefix="coc-bench-batch-") as tmp:
        root = Path(tmp)
        docs = root / "docs"
        docs.mkdir()
        gen = _generate_pdfs(docs, n_docs, pages)
        print(f"generated {n_docs} PDFs of {pages} pages in {gen:.1f} s")
        spec = EngineSpec()
        # ABBA order on two halves, so a change in background load hits both sides alike:
        # 1 worker on half A, 2 on half A, 2 on half B, 1 on half B (fresh database each).
        files = sorted(docs.iterdir())
        halves = [files[: n_docs // 2], files[n_docs // 2 :]]
        plan = [(1, 0), (2, 0), (2, 1), (1, 1)]
        totals: dict[int, dict[str, float]] = {
            w: dict.fromkeys(
                ("seconds", "done", "failed", "wall", "cpu", "steady_seconds", "steady_docs"), 0.0
            )
            for w in (1, 2)
        }
        peaks: dict[int, list[float]] = {1: [], 2: []}
        loads: list[float] = []
        for run, (workers, half) in enumerate(plan):
            loads.append(os.getloadavg()[0])
            stamps: list[float] = []

            def stamp(_row: BatchRow, st: list[float] = stamps) -> None:
                st.append(time.perf_counter())

            with CorpusStore.open(root / f"run{run}.sqlite") as store:
                s = run_batch(
                    halves[half],
                    store=store,
                    spec=spec,
                    workers=workers,
                    progress=False,
                    on_result=stamp,
                )
            t = totals[workers]
            # steady state: from the first result to the last (engine start-up excluded)
            t["steady_seconds"] += stamps[-1] - stamps[0]
            t["steady_docs"] += len(stamps) - 1
            t["seconds"] += s.seconds
            t["done"] += s.count("analysed")
            t["failed"] += s.count("failed")
            t["wall"] += s.worker_seconds
            t["cpu"] += s.worker_cpu_seconds
            peaks[workers].extend(s.worker_peak_rss_mb.values())
            for row in s.rows:
                if row.status == "failed":
                    print(f"  failed {row.name}: {row.error}")
                    break
        for workers in (1, 2):
            t = totals[workers]
            done = max(1, int(t["done"]))
            print(
                f"workers={workers}: {int(t['done'])} analysed, {int(t['failed'])} failed in "
                f"{t['seconds']:.1f} s = {60 * t['done'] / t['seconds']:.0f} docs/min; per doc "
                f"inside a worker {t['wall'] / done:.3f} s wall, {t['cpu'] / done:.3f} s CPU; "
                f"CPU cores actually obtained {t['cpu'] / t['seconds']:.2f}; "
                f"peak RSS of a worker {max(peaks[workers]):.0f} MB"
            )
        speedup = totals[1]["seconds"] / totals[2]["seconds"]
        verdict = "OK" if speedup >= 1.7 else "BELOW TARGET"
        steady = {
            w: 60 * totals[w]["steady_docs"] / max(1e-9, totals[w]["steady_seconds"])
            for w in (1, 2)
        }
        print(
            f"steady state (first to last result, engine start-up excluded): "
            f"{steady[1]:.0f} vs {steady[2]:.0f} docs/min = {steady[2] / steady[1]:.2f}x"
        )
        print(
            f"speed-up 2 vs 1 workers: {speedup:.2f}x (target >= 1.7x: {verdict}); "
            f"os.cpu_count()={os.cpu_count()}; 1-min load average before each run: "
            f"{', '.join(f'{x:.1f}' for x in loads)} (other processes lower the 2-worker figure)"
        )


def _synthetic(i: int, criteria: list[str], rng: random.Random) -> Analysis:
    levels = [min(3, max(0, int(rng.gauss(1.4, 1.0)))) for _ in criteria]
    overall = round(100 * sum(levels) / (3 * len(levels)), 1)
    return Analysis(
        document=DocumentInfo(
            name=f"synthetic_{i:05d}.pdf",
            sha256=hashlib.sha256(f"synthetic-{i}".encode()).hexdigest(),
            pages=rng.randint(1, 40),
            language="en",
        ),
        rubric=RubricInfo(version="bench", hash="bench-rubric"),
        model=ModelInfo(kind="rules"),
        criteria=[
            CriterionResult(
                id=c,
                theme=THEME_IDS[k % len(THEME_IDS)],
                level=lvl,
                confidence=0.6,
                evidence=[
                    Evidence(
                        page=1 + j,
                        text=f"Clause {j} of document {i} on {c}, graded {lvl}.",
                        score=round(rng.random(), 3),
                        source="rule",
                        level=lvl,
                    )
                    for j in range(2 if lvl else 0)
                ],
            )
            for k, (c, lvl) in enumerate(zip(criteria, levels, strict=True))
        ],
        themes=[ThemeScore(id=t, score=overall) for t in THEME_IDS],
        overall_score=overall,
        sector=SectorScore(id=SECTORS[i % len(SECTORS)], suitability=overall),
        sector_ranking=[SectorRank(id=SECTORS[i % len(SECTORS)], suitability=overall)],
        legal=[],
    )


def bench_compare(n: int = 10_000) -> None:
    criteria = [f"criterion_{k:02d}" for k in range(35)]
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="coc-bench-store-") as tmp:
        db = Path(tmp) / "big.sqlite"
        t0 = time.perf_counter()
        with CorpusStore.open(db) as store:
            chunk = 1000
            for start in range(0, n, chunk):
                store.add_analyses(
                    (_synthetic(i, criteria, rng), DocumentMeta(sector=SECTORS[i % len(SECTORS)]))
                    for i in range(start, min(n, start + chunk))
                )
            insert = time.perf_counter() - t0
            counts = store.counts()
            t1 = time.perf_counter()
            cmp = store.compare()
            api = time.perf_counter() - t1
            t2 = time.perf_counter()
            store.benchmarks()
            bench = time.perf_counter() - t2
            t3 = time.perf_counter()
            store.practices("criterion_03", limit=5)
            practices = time.perf_counter() - t3
        size_mb = db.stat().st_size / 2**20
        print(
            f"stored {counts['analyses']} analyses ({counts['criterion_levels']} levels, "
            f"{counts['evidence']} evidence clauses) in {insert:.1f} s; db {size_mb:.0f} MB"
        )
        env = {**os.environ, "COC_DB": str(db)}
        t4 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "analyzer", "corpus", "compare", "--format", "json"],
            env=env,
            capture_output=True,
            check=True,
        )
        cli = time.perf_counter() - t4
        verdict = "OK" if cli < 2.0 and api < 2.0 else "ABOVE TARGET"
        print(
            f"compare over {len(cmp.rows)} documents x {len(cmp.criteria)} criteria: "
            f"CorpusStore.compare() {api:.2f} s; `coc corpus compare --format json` "
            f"{cli:.2f} s wall incl. interpreter start ({len(proc.stdout) / 2**20:.1f} MB JSON) "
            f"(target < 2 s: {verdict}); benchmarks() {bench:.2f} s; practices() {practices:.3f} s"
        )


def main() -> None:
    n_docs = int(os.environ.get("COC_BENCH_DOCS", "200"))
    bench_throughput(n_docs)
    bench_compare()


if __name__ == "__main__":
    main()
