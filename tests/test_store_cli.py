"""`coc corpus ...` commands on a store filled with hand-made analyses (no engine needed)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from _store_data import make_analysis, sha

from analyzer.cli import main
from analyzer.store import CorpusStore

FEE = "no_recruitment_fees"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.sqlite"
    with CorpusStore.open(path) as s:
        s.add_analysis(
            make_analysis(
                "strong.md",
                {FEE: 3, "explicit_prohibition": 3},
                overall=85,
                evidence={
                    FEE: [("No worker shall pay for a job; fees are repaid in 90 days.", 3, 0.9)]
                },
            ),
            sector="apparel",
            organisation="Larkspur (fictional)",
            year=2024,
        )
        s.add_analysis(
            make_analysis("weak.txt", {FEE: 1, "explicit_prohibition": 1}, overall=20),
            sector="apparel",
        )
        s.add_analysis(
            make_analysis("bank.md", {FEE: 2}, overall=50),
            sector="financial_services",
        )
    return str(path)


def test_list_and_show(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "strong.md" in out and "Larkspur (fictional)" in out and sha("weak.txt")[:12] in out
    assert main(["corpus", "list", "--db", db, "--format", "json", "--sector", "apparel"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in docs] == ["strong.md", "weak.txt"]
    assert main(["corpus", "show", sha("strong.md")[:8], "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Document 1: strong.md" in out and "No worker shall pay" in out
    assert main(["corpus", "show", "2", "--db", db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["latest"]["document"]["name"] == "weak.txt"


def test_unknown_id_is_one_line_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "show", "77", "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coc: error: No stored document with id 77")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["no_such_criterion"], "coc: error: the rubric has no criterion 'no_such_criterion'"),
        ([FEE, "--sector", "nosuch"], "coc: error: unknown sector 'nosuch'"),
    ],
)
def test_practices_of_an_unknown_criterion_or_sector_is_an_error(
    db: str, args: list[str], start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["corpus", "practices", *args, "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith(start)
    assert len(err.strip().splitlines()) == 1


def test_compare_benchmarks_practices(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "compare", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "percentile in sector" in out and "avg apparel" in out and FEE in out
    assert main(["corpus", "compare", "--db", db, "--sector", "apparel", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["percentile"] for r in data["rows"]] == [75.0, 25.0]
    assert data["sector_averages"]["apparel"][FEE] == 2.0
    assert main(["corpus", "benchmarks", "--db", db]) == 0
    out = capsys.readouterr().out
    assert FEE in out and "67%" in out  # 2 of 3 documents at level 2+
    assert main(["corpus", "practices", FEE, "--db", db]) == 0
    out = capsys.readouterr().out
    assert "1. [level 3, score 0.90] No worker shall pay for a job" in out
    assert "source: strong.md, Larkspur (fictional) (apparel, p. 1)" in out
    assert main(["corpus", "practices", FEE, "--db", db, "--sector", "mining"]) == 0
    assert "No clause at level 2 or 3" in capsys.readouterr().out


def test_export_remove_check(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "export", "--format", "csv", "--db", db]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3 and rows[0][f"level_{FEE}"] == "3"
    out = tmp_path / "x" / "corpus.parquet"
    assert main(["corpus", "export", "--format", "parquet", "-o", str(out), "--db", db]) == 0
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == 3
    assert main(["corpus", "remove", "2", "--db", db]) == 0
    assert "removed document 2 (weak.txt)" in capsys.readouterr().out
    assert main(["corpus", "check", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_db_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COC_DB", str(tmp_path / "env.sqlite"))
    assert main(["corpus", "list"]) == 0
    assert "The corpus is empty" in capsys.readouterr().out
    assert (tmp_path / "env.sqlite").exists()


def test_batch_cli_rejects_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.sqlite")
    assert main(["batch", str(tmp_path / "nothing.pdf"), "--db", db, "--out", "r.xlsx"]) == 2
    assert ".parquet or .csv" in capsys.readouterr().err
    assert main(["batch", str(tmp_path), "--db", db, "--scheduler", "localhost:8786"]) == 2
    assert "tcp://HOST:PORT" in capsys.readouterr().err
