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
        # the copy takes its original's outcome
        assert (s.count("analysed"), s.count("failed")) == (13, 1)
        (copy,) = [r for r in s.rows if r.duplicate_of]  # copy.md sorts before doc003.md
        assert (copy.name, Path(copy.duplicate_of).name) == ("doc003.md", "copy.md")
        assert copy.overall is not None and copy.status == "analysed"
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
        assert set(table["status"]) == {"analysed", "failed"}
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
        assert first.count("analysed") == 5 and sum(bool(r.duplicate_of) for r in first.rows) == 1
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
        assert again.count("rescored") == 5 and again.count("skipped") == 0
        assert again.count("analysed") == 0
        assert "5 re-scored for the sector" in again.describe()
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
            assert set(row["suitability"]) == {expected}
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


def test_table_levels_are_null_where_not_applicable_with_fixed_types(tmp_path: Path) -> None:
    """As `coc corpus export`: a criterion that does not apply to the sector has no level."""
    make_files(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.md").write_text("CORRUPT")
    out = tmp_path / "r.parquet"
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, sector="mining",
                  out=out, progress=False)  # fmt: skip
        table = pd.read_parquet(out)
        assert table["level_grievance_mechanism"].isna().all()  # not applicable to mining
        assert table["level_explicit_prohibition"].notna().sum() == 3
        assert set(table["scored_for"].dropna()) == {"mining"}
        # the same types whatever the rows hold, so tables can be appended
        run_batch([tmp_path / "in" / "broken.md"], store=store, spec=FAKE, workers=1,
                  out=tmp_path / "f.parquet", progress=False)  # fmt: skip
    failed_only = pd.read_parquet(tmp_path / "f.parquet")
    for frame in (table, failed_only):
        assert {str(frame[c].dtype) for c in ("error", "scored_for", "duplicate_of")} == {"string"}
        assert str(frame["overall"].dtype) == "float64"
    assert str(table["level_grievance_mechanism"].dtype) == "Int8"
    both = pd.concat([table, failed_only])
    assert str(both["error"].dtype) == "string" and len(both) == 5


def test_bad_out_path_is_refused_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_files(tmp_path / "in", 2)
    log = tmp_path / "engine.log"
    monkeypatch.setenv("COC_TEST_LOG", str(log))
    (tmp_path / "a_file").write_text("x")
    (tmp_path / "folder.parquet").mkdir()
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        for out, words in (
            (tmp_path / "a_file" / "r.parquet", "is a file, not a folder"),
            (tmp_path / "folder.parquet", "is a folder"),
        ):
            with pytest.raises(InputError, match=words):
                run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, out=out,
                          progress=False)  # fmt: skip
    assert not log.exists()  # nothing was analysed


def test_interrupted_run_keeps_its_work_and_writes_the_partial_table(tmp_path: Path) -> None:
    make_files(tmp_path / "in", 6)
    seen: list[str] = []

    def stop_after_two(row: object) -> None:
        seen.append(getattr(row, "name", ""))
        if len(seen) == 2:
            raise KeyboardInterrupt

    out = tmp_path / "r.csv"
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        s = run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, out=out,
                      progress=False, max_in_flight=1, on_result=stop_after_two)  # fmt: skip
        assert s.interrupted and s.count("analysed") == 2 and s.count("interrupted") == 4
        assert "4 not done" in s.describe()
        assert store.counts()["analyses"] == 2
    assert list(pd.read_csv(out)["status"]) == ["analysed"] * 2 + ["interrupted"] * 4


def test_folder_files_of_other_types_are_counted(tmp_path: Path) -> None:
    from analyzer.batch import describe_ignored

    make_files(tmp_path / "in", 2)
    (tmp_path / "in" / "sheet.xlsx").write_bytes(b"PK")
    (tmp_path / "in" / ".DS_Store").write_bytes(b"")
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        s = run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, progress=False)
    assert describe_ignored(s.ignored) == (
        "1 file ignored (.xlsx): only PDF, Word, HTML, Markdown and text are read"
    )
    (tmp_path / "in" / "b.zip").write_bytes(b"PK")
    (tmp_path / "in" / "c.zip").write_bytes(b"PK")
    ignored: Counter[str] = Counter()
    assert len(expand_inputs([tmp_path / "in"], ignored)) == 2
    assert describe_ignored(ignored).startswith("3 files ignored (.xlsx, .zip): ")


@pytest.mark.parametrize("other_sector", ["mining", "general"])
def test_a_file_stored_by_another_run_meanwhile_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other_sector: str
) -> None:
    """Two runs on one database: the one that stores second says so, and the database ends
    with the scores of the sector it reports (one analysis per file, rubric and model)."""
    make_files(tmp_path / "in", 3)
    out = tmp_path / "r.csv"
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, sector=other_sector,
                  progress=False)  # fmt: skip
        # this run read the database before the other run stored its results
        monkeypatch.setattr(store, "analysed_sectors", lambda *a: {})
        s = run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, sector="general",
                      out=out, progress=False)  # fmt: skip
        assert s.count("analysed") == 0
        assert all(r.note.startswith("already stored by another run") for r in s.rows)
        assert "3 already stored by another run" in s.describe()
        expected = "skipped" if other_sector == "general" else "rescored"
        assert {r.status for r in s.rows} == {expected}
        assert {store.get(d.sha256).latest.sector.id for d in store.list_documents()} == {"general"}
    table = pd.read_csv(out)
    assert set(table["scored_for"]) == {"general"} and table["note"].notna().all()


def test_a_copy_of_a_file_gets_its_outcome_the_same_in_every_run(tmp_path: Path) -> None:
    make_files(tmp_path / "in", 2)
    (tmp_path / "in" / "broken.md").write_text("CORRUPT")
    (tmp_path / "in" / "broken_copy.md").write_text("CORRUPT")
    (tmp_path / "in" / "good_copy.md").write_bytes((tmp_path / "in" / "doc000.md").read_bytes())
    out = tmp_path / "r.csv"
    counts = []
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        for _ in range(2):
            s = run_batch([tmp_path / "in"], store=store, spec=FAKE, workers=1, out=out,
                          progress=False)  # fmt: skip
            counts.append(s.count("failed"))
            by_name = {r.name: r for r in s.rows}
            copy, original = by_name["broken_copy.md"], by_name["broken.md"]
            assert (copy.status, copy.error) == ("failed", original.error)
            assert copy.duplicate_of == original.path
            good = by_name["good_copy.md"]
            assert good.overall == by_name["doc000.md"].overall is not None
            assert good.status == by_name["doc000.md"].status
    assert counts == [2, 2]
    table = pd.read_csv(out)
    assert table["duplicate_of"].notna().sum() == 2
    assert table[table["name"] == "good_copy.md"]["overall"].notna().all()
