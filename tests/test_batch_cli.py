"""End to end with the real engine: `coc corpus seed/add` and `coc batch` on the sample corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analyzer import resources
from analyzer.cli import main
from analyzer.store import CorpusStore

pytest.importorskip("analyzer.engine")

SAMPLES = resources.corpus_dir() / "samples"


@pytest.mark.slow
def test_seed_then_compare_and_practices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "seed.sqlite")
    assert main(["corpus", "seed", "--db", db, "--no-model"]) == 0
    out = capsys.readouterr().out
    assert "seeded: 12 added, 0 already there, 0 failed" in out
    assert main(["corpus", "seed", "--db", db, "--no-model"]) == 0
    assert "seeded: 0 added, 12 already there" in capsys.readouterr().out
    assert main(["corpus", "compare", "--db", db, "--format", "json"]) == 0
    cmp = json.loads(capsys.readouterr().out)
    score = {r["name"]: r["overall_score"] for r in cmp["rows"]}
    # the strong apparel code beats the mediocre and weak ones
    assert score["strong_supplier_code.md"] == max(score.values())
    assert (
        score["construction_contractor_code_weak.txt"]
        < score["electronics_supplier_code_mediocre.md"]
    )
    assert score["mining_code_of_business_conduct.pdf"] < score["strong_supplier_code.md"] / 2
    assert main(["corpus", "practices", "no_recruitment_fees", "--db", db, "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. [level 3") and "source: " in out
    with CorpusStore.open(db) as store:
        doc = next(d for d in store.list_documents() if d.name == "strong_supplier_code.md")
        assert (doc.sector, doc.doc_type, doc.year) == ("apparel", "supplier_code", 2024)
        assert "fictional" in (doc.organisation or "")


@pytest.mark.slow
def test_corpus_add_and_batch_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.sqlite")
    strong = str(SAMPLES / "strong_supplier_code.md")
    args = ["corpus", "add", strong, "--sector", "apparel", "--org", "Larkspur", "--year", "2024"]
    assert main([*args, "--type", "supplier_code", "--db", db, "--no-model"]) == 0
    assert capsys.readouterr().out.startswith(f"added    {strong}: document 1")
    assert main(["corpus", "add", strong, "--db", db, "--no-model"]) == 0
    assert "skipped" in capsys.readouterr().out
    # asked for another sector, a stored file is re-scored for it (as `coc batch` does)
    assert main(["corpus", "add", strong, "--sector", "seafood", "--db", db, "--no-model"]) == 0
    assert capsys.readouterr().out.startswith(f"rescored {strong}: already stored; its scores")
    with CorpusStore.open(db, read_only=True) as store:
        assert store.get(1).latest.sector.id == "seafood"
    assert main(["corpus", "add", strong, "--sector", "apparel", "--db", db, "--no-model"]) == 0
    assert "its scores are now for apparel" in capsys.readouterr().out
    assert main(["corpus", "add", strong, "--sector", "narnia", "--db", db, "--no-model"]) == 2
    assert "narnia" in capsys.readouterr().err
    assert main(["batch", strong, "--sector", "narnia", "--db", db, "--no-model", "--quiet"]) == 2
    assert "narnia" in capsys.readouterr().err

    files = [
        str(SAMPLES / n) for n in ("bank_human_rights_policy.md", "online_platform_policy.html")
    ]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a pdf")
    out = tmp_path / "r.parquet"
    cmd = ["batch", *files, str(broken), strong, "--workers", "2", "--db", db, "--quiet"]
    # exit code 1 because a file failed; the other files are stored all the same
    assert main([*cmd, "--out", str(out), "--no-model", "--sector", "apparel"]) == 1
    text = capsys.readouterr().out
    assert "failed   " in text and "broken.pdf" in text
    assert "2 analysed, 1 skipped (already in the corpus), 1 failed" in text
    table = pd.read_parquet(out)
    assert list(table["status"]) == ["analysed", "analysed", "failed", "skipped"]
    assert table["level_no_recruitment_fees"].notna().sum() == 3
    assert main([*cmd, "--no-model", "--sector", "apparel"]) == 1
    assert "0 analysed, 3 skipped (already in the corpus), 1 failed" in capsys.readouterr().out
    # another --sector: the stored analyses are re-scored for it with the engine's rescore
    assert main([*cmd, "--out", str(out), "--no-model", "--sector", "mining"]) == 1
    assert "0 analysed, 3 re-scored for the sector (stored for another one), 0 skipped" in (
        capsys.readouterr().out
    )
    table = pd.read_parquet(out)
    assert list(table["status"]) == ["rescored", "rescored", "failed", "rescored"]
    with CorpusStore.open(db) as store:
        latest = store.get(table["sha256"].iloc[3][:12]).latest
    assert latest.sector.id == "mining"
    ranked = {r.id: r.suitability for r in latest.sector_ranking}
    assert latest.sector.suitability == ranked["mining"] == table["suitability"].iloc[3]


TWO_PAGES = SAMPLES / "mining_code_of_business_conduct.pdf"


@pytest.mark.slow
@pytest.mark.parametrize("command", [["corpus", "add"], ["batch", "--quiet", "--workers", "1"]])
def test_reading_options_of_corpus_add_and_batch(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reading errors' advice (--password, --max-pages, --max-mb) names options these
    commands have; one --password opens every encrypted PDF of the run."""
    from _ingest_fixtures import encrypted_pdf

    locked = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    for path in locked:
        encrypted_pdf(path)
    locked[1].write_bytes(locked[1].read_bytes() + b"\n% another file\n")
    db = ["--db", str(tmp_path / "c.sqlite"), "--no-model"]
    assert main([*command, str(TWO_PAGES), "--max-pages", "1", *db]) == 1
    assert "over the limit of 1: split it, or raise the limit with --max-pages" in (
        capsys.readouterr().out
    )
    assert main([*command, str(TWO_PAGES), "--max-mb", "0.001", *db]) == 1
    assert "over the limit of 0.001 MB" in capsys.readouterr().out
    assert main([*command, *map(str, locked), *db]) == 1
    assert "password-protected: pass --password" in capsys.readouterr().out
    assert main([*command, *map(str, locked), str(TWO_PAGES), "--password", "secret", *db]) == 0
    out = capsys.readouterr().out
    assert "failed   " not in out and "0 failed" in out
    with CorpusStore.open(tmp_path / "c.sqlite") as store:
        assert len(store.list_documents()) == 3


@pytest.mark.parametrize(
    "command",
    [["corpus", "add", str(TWO_PAGES)], ["batch", str(TWO_PAGES), "--quiet"], ["corpus", "seed"]],
    ids=["corpus add", "batch", "corpus seed"],
)
def test_an_explicit_model_that_does_not_load_is_an_error(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Grading rules-only while the user asked for a model would mislead: one line, exit 2."""
    db = ["--db", str(tmp_path / "m.sqlite")]
    png = tmp_path / "model.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for model, words in (
        (tmp_path / "nonexistent", "no trained model at"),
        (tmp_path, "is a folder"),
        (png, "is not a valid CoC Analyzer model"),
    ):
        assert main([*command, "--model", str(model), *db]) == 2
        captured = capsys.readouterr()
        assert captured.err.count("\n") == 1 and words in captured.err, captured.err
        assert captured.err.startswith("coc: error: ") and "added" not in captured.out


@pytest.mark.parametrize("where", ["under a file", "a folder"])
def test_batch_bad_out_is_an_error_before_any_work(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a_file").write_text("x")
    (tmp_path / "dir.parquet").mkdir()
    out = tmp_path / ("a_file/r.parquet" if where == "under a file" else "dir.parquet")
    db = tmp_path / "b.sqlite"
    cmd = ["batch", str(TWO_PAGES), "--out", str(out), "--db", str(db), "--quiet"]
    assert main(cmd) == 2
    err = capsys.readouterr().err
    assert err.startswith("coc: error: --out ") and err.count("\n") == 1, err
    assert not db.exists()


def test_batch_unreachable_scheduler_creates_no_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = tmp_path / "s.sqlite"
    cmd = ["batch", str(TWO_PAGES), "--scheduler", f"tcp://127.0.0.1:{port}", "--db", str(db)]
    assert main(cmd) == 2
    assert "Cannot reach the Dask scheduler" in capsys.readouterr().err
    assert not db.exists()


def test_batch_reports_failures_as_they_happen_and_an_interrupt_with_counts(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(with the tests' stand-in engine: this test is about the command)"""
    from test_batch import FAKE, make_files

    import analyzer.batch as batch

    make_files(tmp_path / "in", 5)
    (tmp_path / "in" / "a_broken.md").write_text("CORRUPT")
    (tmp_path / "in" / "table.xlsx").write_bytes(b"PK")
    real = batch.run_batch

    def interrupted(*args: object, **kwargs: object) -> object:
        given = kwargs["on_result"]
        done: list[object] = []

        def stop(row: object) -> None:
            given(row)  # type: ignore[operator]
            done.append(row)
            if len(done) == 3:
                raise KeyboardInterrupt

        more = {"on_result": stop, "max_in_flight": 1, "spec": FAKE}
        return real(*args, **{**kwargs, **more})  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "run_batch", interrupted)
    out = tmp_path / "r.parquet"
    cmd = ["batch", str(tmp_path / "in"), "--workers", "1", "--db", str(tmp_path / "i.sqlite")]
    assert main([*cmd, "--out", str(out), "--quiet"]) == 130
    captured = capsys.readouterr()
    assert "failed   " in captured.out and "a_broken.md is damaged" in captured.out
    assert "1 file ignored (.xlsx): only PDF, Word, HTML, Markdown and text are read" in (
        captured.out
    )
    assert "2 analysed, 0 skipped (already in the corpus), 1 failed, 3 not done" in captured.out
    assert "run the same command again to resume (finished files are kept)" in captured.err
    assert (
        list(pd.read_parquet(out)["status"]) == ["failed"] + ["analysed"] * 2 + ["interrupted"] * 3
    )
    monkeypatch.setattr(batch, "run_batch", lambda *a, **k: real(*a, **{**k, "spec": FAKE}))
    assert main([*cmd, "--quiet"]) == 1  # resumes: only the rest is analysed
    assert "3 analysed, 2 skipped (already in the corpus), 1 failed" in capsys.readouterr().out
