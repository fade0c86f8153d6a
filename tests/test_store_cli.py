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


def test_db_from_env(db: str, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COC_DB", db)
    assert main(["corpus", "list"]) == 0
    assert "strong.md" in capsys.readouterr().out


READERS = [
    ["list"],
    ["show", "1"],
    ["compare"],
    ["benchmarks"],
    ["practices", FEE],
    ["export", "--format", "csv"],
    ["check"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_reading_a_missing_database_is_an_error_and_creates_nothing(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "nonexistent" / "x.sqlite"
    assert main(["corpus", *command, "--db", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"coc: error: No corpus database at {missing}: add documents with")
    assert len(err.strip().splitlines()) == 1
    assert not missing.parent.exists()
    monkeypatch.setenv("COC_DB", str(missing))  # $COC_DB is a choice like --db
    assert main(["corpus", *command]) == 2
    assert "No corpus database at" in capsys.readouterr().err
    assert not missing.parent.exists()


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_reading_a_file_that_is_not_a_corpus_is_an_error_and_leaves_it(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, content in (("empty.txt", b""), ("notes.txt", b"meeting notes\n" * 50)):
        path = tmp_path / name
        path.write_bytes(content)
        assert main(["corpus", *command, "--db", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("coc: error: ") and str(path) in err and "--db" in err
        assert len(err.strip().splitlines()) == 1
        assert path.read_bytes() == content


def test_reading_the_default_location_before_anything_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COC_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for command in (["list"], ["compare"], ["benchmarks"]):
        assert main(["corpus", *command]) == 0
        assert "The corpus is empty: add documents" in capsys.readouterr().out
    assert main(["corpus", "check"]) == 0
    assert capsys.readouterr().out.startswith("No corpus database yet at ")
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", [["list"], ["compare"], ["benchmarks"], ["practices", FEE]])
def test_an_unknown_sector_is_an_error_everywhere(
    db: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["corpus", *command, "--sector", "aparel", "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coc: error: unknown sector 'aparel' (did you mean 'apparel'?)")
    assert len(err.strip().splitlines()) == 1
    # a known sector with nothing stored says so (the corpus itself is not empty)
    assert main(["corpus", *command, "--sector", "mining", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "The corpus is empty" not in out


def test_a_sector_only_a_custom_rubric_knows_is_accepted_once_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "custom.sqlite"
    with CorpusStore.open(path) as s:
        s.add_analysis(make_analysis("c.md", {FEE: 2}), sector="cocoa_custom")
    assert main(["corpus", "list", "--sector", "cocoa_custom", "--db", str(path)]) == 0
    assert "c.md" in capsys.readouterr().out


def test_criteria_not_applicable_show_as_not_graded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fish, bank = "maritime_fishing_protections", "financial_crime_integration"
    path = tmp_path / "na.sqlite"
    with CorpusStore.open(path) as s:
        for name, lvl in (("a.md", 2), ("b.md", 3)):
            analysis = make_analysis(
                name, {FEE: lvl, fish: 0, bank: 0}, sector="apparel", not_applicable=(fish, bank)
            )
            s.add_analysis(analysis)
        s.add_analysis(
            make_analysis("bank.md", {FEE: 1, fish: 0, bank: 3}, sector="financial_services",
                          not_applicable=(fish,))
        )  # fmt: skip
    db = str(path)
    assert main(["corpus", "compare", "--sector", "apparel", "--db", db]) == 0
    out = capsys.readouterr().out
    fish_row = next(line for line in out.splitlines() if line.startswith(fish))
    assert fish_row.split()[1:] == ["-", "-", "-"]  # two documents and the apparel average
    assert "- not graded" in out
    assert main(["corpus", "compare", "--sector", "apparel", "--db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert fish not in data["sector_averages"]["apparel"]
    assert [r["levels"][fish] for r in data["rows"]] == [None, None]
    assert main(["corpus", "benchmarks", "--db", db, "--format", "json"]) == 0
    bench = {b["criterion_id"]: b for b in json.loads(capsys.readouterr().out)}
    assert (bench[bank]["documents"], bench[bank]["mean_level"]) == (1, 3.0)
    assert (bench[fish]["documents"], bench[fish]["mean_level"]) == (0, None)
    assert bench[FEE]["documents"] == 3
    assert main(["corpus", "benchmarks", "--db", db]) == 0
    fish_row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(fish))
    assert fish_row.split()[1:] == ["0", "-", "-", "-", "-", "-"]


def test_parquet_export_needs_an_output_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["corpus", "export", "--format", "parquet", "--db", db]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("coc: error: Parquet is binary")
    assert "-o FILE.parquet" in captured.err


def test_batch_cli_rejects_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.sqlite")
    assert main(["batch", str(tmp_path / "nothing.pdf"), "--db", db, "--out", "r.xlsx"]) == 2
    assert ".parquet or .csv" in capsys.readouterr().err
    assert main(["batch", str(tmp_path), "--db", db, "--scheduler", "localhost:8786"]) == 2
    assert "tcp://HOST:PORT" in capsys.readouterr().err


def test_docs_say_what_show_json_holds_and_where_criterion_ids_are_listed(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = " ".join((Path(__file__).parents[1] / "docs" / "corpus.md").read_text().split())
    show = docs.split("### `coc corpus show")[1].split("###")[0]
    assert main(["corpus", "show", "1", "--db", db, "--format", "json"]) == 0
    keys = set(json.loads(capsys.readouterr().out))
    assert keys == {"document", "analyses", "latest"}
    assert all(f"`{k}`" in show for k in keys)
    assert "`coc rubric show` lists the ids" in docs
    assert main(["rubric", "show"]) == 0
    assert FEE in capsys.readouterr().out
