"""Batch runs: expansion, failures, duplicates, resume, output table, crash and kill safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from analyzer.batch import EngineSpec, expand_inputs, run_batch
from analyzer.errors import InputError, RubricError
from analyzer.store import CorpusStore

FAKE = EngineSpec(factory="_batch_engine:FakeEngine.from_defaults")
TESTS = Path(__file__).resolve().parent


def make_files(folder: Path, n: int, prefix: str = "doc") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"{prefix}{i:03d}.md"
        p.write_text(f"# Code {prefix} {i}\n\nSuppliers shall not use forced labour ({i}).\n")
        out.append(p)
    return out


def test_expand_inputs(tmp_path: Path) -> None:
    make_files(tmp_path / "a", 3)
    (tmp_path / "a" / "sub").mkdir()
    (tmp_path / "a" / "sub" / "x.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / "notes.xyz").write_text("ignored")
    (tmp_path / "a" / ".hidden.md").write_text("ignored")
    got = expand_inputs([tmp_path / "a"])
    assert [p.name for p in got] == ["doc000.md", "doc001.md", "doc002.md", "x.pdf"]
    # globs, and a file named twice appears once
    got = expand_inputs([str(tmp_path / "a" / "doc00[01].md"), tmp_path / "a" / "doc000.md"])
    assert [p.name for p in got] == ["doc000.md", "doc001.md"]
    assert len(expand_inputs([str(tmp_path / "**" / "*.pdf")])) == 1
    with pytest.raises(InputError, match="does not exist"):
        expand_inputs([tmp_path / "missing.pdf"])
    with pytest.raises(InputError, match="No files match"):
        expand_inputs([str(tmp_path / "*.docx")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no"):
        expand_inputs([tmp_path / "empty"])


def test_batch_stores_results_records_failures_and_resumes(tmp_path: Path) -> None:
    files = make_files(tmp_path / "in", 12)
    (tmp_path / "in" / "broken.md").write_text("CORRUPT")
    (tmp_path / "in" / "copy.md").write_bytes(files[3].read_bytes())
    out = tmp_path / "out" / "results.parquet"
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        s = run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=2, out=out, progress=False)
        assert (s.count("analysed"), s.count("failed"), s.count("duplicate")) == (12, 1, 1)
        assert s.workers == 2 and s.identity is not None
        assert s.identity.rubric_hash == "fake-rubric-default"
        failed = [r for r in s.rows if r.status == "failed"]
        assert failed[0].name == "broken.md"
        assert failed[0].error == "broken.md is damaged: the PDF ends early. Re-save it and retry."
        assert store.counts()["analyses"] == 12
        assert [f.name for f in store.failures()] == ["broken.md"]
        assert s.worker_peak_rss_mb and all(v > 5 for v in s.worker_peak_rss_mb.values())
        table = pd.read_parquet(out)
        assert len(table) == 14
        assert set(table["status"]) == {"analysed", "failed", "duplicate"}
        assert {"level_explicit_prohibition", "overall", "suitability", "error"} <= set(table)
        row = table[table["name"] == "doc005.md"].iloc[0]
        stored = store.get(row["sha256"][:12]).latest
        assert row["overall"] == stored.overall_score
        assert row["level_no_recruitment_fees"] == stored.criteria[1].level

        # second run: everything done (and the copy) is skipped; the failure is retried
        again = run_batch(
            [tmp_path / "in"], store=store, spec=FAKE, workers=2, out=out, progress=False
        )
        assert (again.count("skipped"), again.count("analysed"), again.count("failed")) == (
            13,
            0,
            1,
        )
        table2 = pd.read_parquet(out)
        # skipped rows carry their stored scores
        assert table2[table2["status"] == "skipped"]["overall"].notna().all()
        # a different rubric is a different analysis
        other = EngineSpec(factory=FAKE.factory, rubric_path="v2")
        third = run_batch([files[0]], store=store, spec=other, workers=1, progress=False)
        assert third.count("analysed") == 1
        assert store.counts()["analyses"] == 13
        assert store.integrity_check() == ["ok"]


def test_worker_crash_is_recorded_and_run_goes_on(tmp_path: Path) -> None:
    make_files(tmp_path / "in", 6)
    (tmp_path / "in" / "a_crash.md").write_text("CRASH")
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        s = run_batch(
            [tmp_path / "in"], store=store, spec=FAKE, workers=1, progress=False, max_in_flight=1
        )
        by_name = {r.name: r for r in s.rows}
        assert by_name["a_crash.md"].status == "failed"
        assert "worker process died" in by_name["a_crash.md"].error
        assert s.count("analysed") == 6  # the pool was rebuilt for the rest


def test_csv_output(tmp_path: Path) -> None:
    make_files(tmp_path / "in", 3)
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, out=tmp_path / "r.csv",
                  progress=False)  # fmt: skip
    assert list(pd.read_csv(tmp_path / "r.csv")["status"]) == ["analysed"] * 3


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM analyses").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_sigkill_halfway_loses_nothing_and_rerun_finishes(tmp_path: Path) -> None:
    total = 60
    make_files(tmp_path / "in", total)
    db = tmp_path / "kill.sqlite"
    log = tmp_path / "engine.log"
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(TESTS)!r})
        from analyzer.batch import EngineSpec, run_batch
        from analyzer.store import CorpusStore
        spec = EngineSpec(factory="_batch_engine:FakeEngine.from_defaults")
        with CorpusStore.open({str(db)!r}) as store:
            s = run_batch([{str(tmp_path / "in")!r}], store=store, spec=spec, workers=2,
                          progress=False)
        print("skipped", s.count("skipped"), "analysed", s.count("analysed"))
        """
    )
    env = {**os.environ, "COC_TEST_SLEEP": "0.08", "COC_TEST_LOG": str(log)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script], env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while _count(db) < 10:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.02)
    psutil = pytest.importorskip("psutil")
    workers = psutil.Process(proc.pid).children(recursive=True)
    assert workers
    os.kill(proc.pid, signal.SIGKILL)  # the batch process dies without any chance to clean up
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)  # workers notice and stop
    try:
        assert not alive, "worker processes outlived the killed batch process"
    finally:
        for p in alive:
            p.kill()
    stored = _count(db)
    assert 10 <= stored < total
    with CorpusStore.open(db) as store:
        assert store.integrity_check() == ["ok"]
    env_rerun = {**env, "COC_TEST_SLEEP": "0"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env_rerun, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["skipped", str(stored), "analysed", str(total - stored)]
    conn = sqlite3.connect(db)
    per_doc = conn.execute(
        "SELECT d.sha256, COUNT(a.id) FROM documents d JOIN analyses a ON a.document_id = d.id "
        "GROUP BY d.sha256"
    ).fetchall()
    assert len(per_doc) == total
    assert all(n == 1 for _, n in per_doc)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the engine ran again only for work that was in flight when the run was killed
    analysed = Counter(log.read_text().split())
    assert len(analysed) == total
    assert sum(n - 1 for n in analysed.values()) <= 6


def test_unreadable_file_is_a_failure_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analyzer.batch as batch

    files = make_files(tmp_path / "in", 2)
    real = batch.sha256_file

    def flaky(path: Path) -> str:  # permissions do not bind root, so simulate the refusal
        if path == files[0]:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(batch, "sha256_file", flaky)
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        s = run_batch(files, store=store, spec=FAKE, workers=1, progress=False)
    assert [r.status for r in s.rows] == ["failed", "analysed"]
    assert s.rows[0].error.startswith("Cannot read the file (Permission denied)")


def test_engine_that_cannot_load_stops_the_run_with_its_message(tmp_path: Path) -> None:
    make_files(tmp_path / "in", 2)
    broken = EngineSpec(factory="_batch_engine:FakeEngine.from_defaults", rubric_path="BROKEN")
    with (
        CorpusStore.open(tmp_path / "c.sqlite") as store,
        pytest.raises(RubricError, match="line 3"),
    ):
        run_batch([tmp_path / "in"], store=store, spec=broken, workers=2, progress=False)


def test_resume_with_another_sector_rescores_instead_of_reusing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = make_files(tmp_path / "in", 4)
    (tmp_path / "in" / "copy.md").write_bytes(files[1].read_bytes())
    log = tmp_path / "analyses.log"
    monkeypatch.setenv("COC_TEST_LOG", str(log))
    out = tmp_path / "r.csv"
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        first = run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, progress=False)
        assert (first.count("analysed"), first.count("duplicate")) == (4, 1)
        analysed = log.read_text().splitlines()
        assert len(analysed) == 4
        before = {d.sha256: store.get(d.sha256).latest for d in store.list_documents()}
        assert {a.sector.id for a in before.values()} == {"general"}

        again = run_batch(
            [tmp_path / "in"],
            store=store,
            spec=FAKE,
            workers=1,
            sector="apparel",
            out=out,
            progress=False,
        )
        # stored for another sector: re-scored for apparel, not skipped and not re-read
        assert again.count("rescored") == 4 and again.count("skipped") == 0
        assert again.count("duplicate") == 1 and again.count("analysed") == 0
        assert "4 re-scored for the sector" in again.describe()
        assert log.read_text().splitlines() == analysed  # no file was analysed again
        assert store.counts()["analyses"] == 4  # the stored analyses were updated in place
        table = pd.read_csv(out)
        for d in store.list_documents():
            latest = store.get(d.sha256).latest
            assert latest.sector.id == "apparel"
            expected = round(latest.overall_score * (1 + len("apparel") % 3) / 3, 1)
            assert latest.sector.suitability == expected != before[d.sha256].sector.suitability
            assert [c.level for c in latest.criteria] == [
                c.level for c in before[d.sha256].criteria
            ]
            row = table[(table["sha256"] == d.sha256) & (table["status"] == "rescored")]
            assert list(row["suitability"]) == [expected]
        # the corpus views read the updated scores too
        stored = {
            d.name: store.get(d.sha256).latest.sector.suitability for d in store.list_documents()
        }
        assert {r.name: r.suitability for r in store.compare().rows} == stored

        # same sector again: now everything is skipped
        third = run_batch(
            [tmp_path / "in"], store=store, spec=FAKE, workers=1, sector="apparel", progress=False
        )
        assert (third.count("skipped"), third.count("rescored"), third.count("analysed")) == (
            5,
            0,
            0,
        )
        assert store.integrity_check() == ["ok"]
