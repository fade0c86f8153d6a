"""The same batch on a local Dask cluster (2 worker processes, loopback only)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("distributed")

from test_batch import FAKE, make_files  # noqa: E402

from analyzer.batch import run_batch  # noqa: E402
from analyzer.store import CorpusStore  # noqa: E402


@pytest.mark.slow
def test_dask_local_cluster_two_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COC_TEST_SLEEP", "0.05")  # so both workers get a share
    make_files(tmp_path / "in", 10)
    (tmp_path / "in" / "broken.md").write_text("CORRUPT")
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        s = run_batch(
            [tmp_path / "in"],
            store=store,
            spec=FAKE,
            dask_local=2,
            out=tmp_path / "r.parquet",
            progress=False,
        )
        assert s.backend == "dask-local" and s.workers == 2
        assert (s.count("analysed"), s.count("failed")) == (10, 1)
        assert "damaged" in next(r.error for r in s.rows if r.status == "failed")
        assert store.counts()["analyses"] == 10
        # files travelled as bytes; both worker processes did some of the work
        assert len(s.worker_peak_rss_mb) == 2
        again = run_batch([tmp_path / "in"], store=store, spec=FAKE, dask_local=2, progress=False)
        assert again.count("skipped") == 10 and again.count("analysed") == 0


@pytest.mark.slow
def test_dask_interrupt_is_quiet(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C on a Dask run: the cluster goes down without tracebacks or nanny warnings, and
    Dask's loggers stay quiet (no 'Restarting worker' lines over the progress bar)."""
    import logging

    make_files(tmp_path / "in", 8)
    done: list[object] = []

    def stop(row: object) -> None:
        done.append(row)
        if len(done) == 2:
            raise KeyboardInterrupt

    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        s = run_batch([tmp_path / "in"], store=store, spec=FAKE, dask_local=2,
                      progress=False, on_result=stop)  # fmt: skip
        assert s.interrupted and s.count("analysed") == 2
    for name in ("distributed", "distributed.nanny", "distributed.worker"):
        assert logging.getLogger(name).getEffectiveLevel() > logging.ERROR
    err = capfd.readouterr().err
    assert "Traceback" not in err and "distributed." not in err, err


@pytest.mark.slow
def test_local_workers_ignore_ctrl_c_even_after_a_restart() -> None:
    """Ctrl-C is for the main process: a worker that a nanny starts again mid-run must not
    print its own KeyboardInterrupt traceback either."""
    import signal

    from analyzer.batch import _DaskBackend

    def handler() -> object:
        return signal.getsignal(signal.SIGINT)

    backend = _DaskBackend(FAKE, local_workers=1)
    try:
        client = backend._client
        assert set(client.run(handler).values()) == {signal.SIG_IGN}
        client.restart()  # what a nanny does after a worker died
        client.wait_for_workers(1, timeout=60)
        assert set(client.run(handler).values()) == {signal.SIG_IGN}
    finally:
        backend.close(cancel=False)
