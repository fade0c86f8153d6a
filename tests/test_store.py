"""Corpus store: identity, idempotence, versions, compare, benchmarks, practices, migrations."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from _store_data import make_analysis, sha

from analyzer.errors import NotFoundError, StoreError
from analyzer.store import SCHEMA_VERSION, CorpusStore, DocumentMeta, percentile_rank
from analyzer.store.schema import MIGRATIONS, user_version


@pytest.fixture
def store(tmp_path: Path) -> CorpusStore:
    s = CorpusStore.open(tmp_path / "corpus.sqlite")
    yield s
    s.close()


def test_open_sets_wal_foreign_keys_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "c.sqlite"
    with CorpusStore.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "analyses", "criterion_levels", "evidence", "failures"} <= tables


def test_default_path_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COC_DB", str(tmp_path / "env.sqlite"))
    with CorpusStore.open() as s:
        assert s.path == tmp_path / "env.sqlite"
    assert (tmp_path / "env.sqlite").exists()


def test_readd_is_noop_and_new_rubric_or_model_adds(store: CorpusStore) -> None:
    a = make_analysis("a.md", {"explicit_prohibition": 2})
    first = store.add_analysis(a, organisation="Org A", sector="apparel", year=2024)
    assert first.created
    again = store.add_analysis(a, organisation="Other", doc_type="code")
    assert not again.created
    assert (again.document_id, again.analysis_id) == (first.document_id, first.analysis_id)
    assert store.counts()["analyses"] == 1
    doc = store.document(first.document_id)
    # existing metadata kept, missing metadata filled
    assert (doc.organisation, doc.sector, doc.doc_type, doc.year) == (
        "Org A",
        "apparel",
        "code",
        2024,
    )
    new_rubric = make_analysis("a.md", {"explicit_prohibition": 3}, rubric_hash="rubric-hash-2")
    r2 = store.add_analysis(new_rubric)
    new_model = make_analysis("a.md", {"explicit_prohibition": 1}, model_kind="sklearn")
    r3 = store.add_analysis(new_model)
    assert r2.created and r3.created
    assert r2.document_id == r3.document_id == first.document_id
    stored = store.get(first.document_id)
    assert len(stored.analyses) == 3
    assert stored.latest.criteria[0].level == 1  # the newest one
    assert store.has_analysis(sha("a.md"), "rubric-hash-1", "rules::")
    assert store.has_analysis(sha("a.md"), "rubric-hash-2", "rules::")
    assert not store.has_analysis(sha("a.md"), "rubric-hash-3", "rules::")
    assert store.analysed_hashes("rubric-hash-1", "sklearn::") == {sha("a.md")}


def test_resolve_by_id_and_sha_prefix(store: CorpusStore) -> None:
    ids = [store.add_analysis(make_analysis(f"d{i}.md", {"x": 1})).document_id for i in range(3)]
    assert store.resolve(ids[1]) == ids[1]
    assert store.resolve(str(ids[2])) == ids[2]
    assert store.resolve(sha("d1.md")[:8]) == ids[1]
    assert store.resolve(sha("d1.md").upper()) == ids[1]
    with pytest.raises(NotFoundError, match="coc corpus list"):
        store.resolve(99)
    with pytest.raises(NotFoundError, match="neither"):
        store.resolve("not-an-id")
    with pytest.raises(NotFoundError, match="No stored document"):
        store.resolve("ffffffff")


def test_ambiguous_prefix(store: CorpusStore) -> None:
    store.add_analysis(make_analysis("a", {"x": 1}, sha256="abcd" + "0" * 60))
    store.add_analysis(make_analysis("b", {"x": 1}, sha256="abcd" + "1" * 60))
    with pytest.raises(NotFoundError, match="matches 2 documents"):
        store.resolve("abcd")
    assert store.resolve("abcd1") == 2


def test_remove_cascades(store: CorpusStore) -> None:
    ev = {"explicit_prohibition": [("Forced labour is prohibited.", 2, 0.9)]}
    keep = store.add_analysis(make_analysis("keep", {"explicit_prohibition": 2}, evidence=ev))
    gone = store.add_analysis(make_analysis("gone", {"explicit_prohibition": 2}, evidence=ev))
    store.add_analysis(make_analysis("gone", {"explicit_prohibition": 1}, rubric_hash="r2"))
    removed = store.remove(sha("gone")[:10])
    assert removed.id == gone.document_id and removed.analyses == 2
    counts = store.counts()
    assert counts == {
        "documents": 1,
        "analyses": 1,
        "criterion_levels": 1,
        "evidence": 1,
        "failures": 0,
    }
    assert [d.id for d in store.list_documents()] == [keep.document_id]
    with pytest.raises(NotFoundError):
        store.get(gone.document_id)
    assert store.integrity_check() == ["ok"]


def test_compare_latest_levels_sector_averages_and_percentiles(store: CorpusStore) -> None:
    store.add_analysis(
        make_analysis("a1", {"c1": 3, "c2": 1}, overall=80), sector="apparel", organisation="A1"
    )
    store.add_analysis(make_analysis("a2", {"c1": 1, "c2": 1}, overall=40), sector="apparel")
    store.add_analysis(make_analysis("a3", {"c1": 2, "c2": 0}, overall=60), sector="apparel")
    store.add_analysis(make_analysis("s1", {"c1": 0, "c3": 2}, overall=30), sector="seafood")
    # an older analysis of a1 must not count: the newest (rubric r2) wins
    store.add_analysis(make_analysis("a1", {"c1": 2, "c2": 2}, overall=70, rubric_hash="r2"))
    cmp = store.compare()
    assert cmp.criteria == ("c1", "c2", "c3")
    rows = {r.name: r for r in cmp.rows}
    assert rows["a1"].levels == {"c1": 2, "c2": 2, "c3": None}
    assert rows["a1"].overall_score == 70
    assert rows["a1"].organisation == "A1"
    assert cmp.sector_averages["apparel"] == {"c1": round(5 / 3, 3), "c2": 1.0}
    assert cmp.sector_averages["seafood"] == {"c1": 0.0, "c3": 2.0}
    assert cmp.sector_counts == {"apparel": 3, "seafood": 1}
    # apparel overall: 70, 40, 60 -> ranks 3/3, 1/3, 2/3 (mean-rank percentiles)
    assert rows["a1"].percentile == pytest.approx(83.3)
    assert rows["a2"].percentile == pytest.approx(16.7)
    assert rows["a3"].percentile == pytest.approx(50.0)
    assert rows["s1"].percentile == 50.0
    only = store.compare("seafood")
    assert [r.name for r in only.rows] == ["s1"]
    assert only.criteria == ("c1", "c3")
    json.dumps(cmp.to_dict())


def test_percentile_rank_ties() -> None:
    assert percentile_rank([10, 20, 20, 30], 20) == 50.0
    assert percentile_rank([10, 20, 30, 40], 40) == 87.5
    assert percentile_rank([], 1) == 0.0


def test_benchmarks_quartiles_and_share(store: CorpusStore) -> None:
    for i, lvl in enumerate([0, 1, 2, 3, 3]):
        store.add_analysis(make_analysis(f"d{i}", {"c1": lvl, "c2": 1}), sector="apparel")
    store.add_analysis(make_analysis("other", {"c1": 0, "c2": 0}), sector="mining")
    bench = {b.criterion_id: b for b in store.benchmarks("apparel")}
    c1 = bench["c1"]
    assert c1.documents == 5
    assert c1.mean_level == pytest.approx(1.8)
    assert (c1.p25, c1.p50, c1.p75) == (1.0, 2.0, 3.0)
    assert c1.share_at_least_2 == pytest.approx(0.6)
    assert bench["c2"].share_at_least_2 == 0.0
    everyone = {b.criterion_id: b for b in store.benchmarks()}
    assert everyone["c1"].documents == 6
    assert store.benchmarks("nothing-here") == []


def test_criteria_that_do_not_apply_are_not_graded_nor_averaged(store: CorpusStore) -> None:
    fish = "maritime_fishing_protections"
    for name, lvl in (("a1", 2), ("a2", 3)):  # scored for apparel: fishing does not apply
        analysis = make_analysis(
            name, {"c1": lvl, fish: 0}, sector="apparel", not_applicable=(fish,)
        )
        store.add_analysis(analysis)
    store.add_analysis(make_analysis("s1", {"c1": 1, fish: 3}, sector="seafood"))
    cmp = store.compare()
    assert [r.levels[fish] for r in cmp.rows] == [None, None, 3]
    assert fish not in cmp.sector_averages["apparel"]
    assert cmp.sector_averages["seafood"][fish] == 3.0
    bench = {b.criterion_id: b for b in store.benchmarks()}
    assert (bench[fish].documents, bench[fish].mean_level, bench[fish].p50) == (1, 3.0, 3.0)
    assert bench["c1"].documents == 3
    apparel = {b.criterion_id: b for b in store.benchmarks("apparel")}[fish]
    assert (apparel.documents, apparel.mean_level, apparel.share_at_least_2) == (0, None, None)
    assert [r[f"level_{fish}"] for r in store.export_rows()] == [None, None, 3]


def test_practices_order_dedup_minimum_level_and_sector(store: CorpusStore) -> None:
    fee = "no_recruitment_fees"
    store.add_analysis(
        make_analysis(
            "strong.md",
            {fee: 3},
            evidence={
                fee: [
                    ("Workers pay no recruitment fees; we repay any fee within 90 days.", 3, 0.8),
                    ("Suppliers shall not charge workers any fees.", 2, 0.95),
                    ("We oppose excessive fees.", 1, 0.99),
                ]
            },
        ),
        sector="electronics",
        organisation="Strong Co (fictional)",
    )
    store.add_analysis(
        make_analysis(
            "copy.md",
            {fee: 3},
            evidence={
                fee: [
                    ("Workers pay NO recruitment fees - we repay any fee within 90 days!", 3, 0.7),
                    ("The Employer Pays Principle applies at every tier.", 3, 0.9),
                ]
            },
        ),
        sector="apparel",
    )
    got = store.practices(fee)
    assert [p.text for p in got] == [
        "The Employer Pays Principle applies at every tier.",
        "Workers pay no recruitment fees; we repay any fee within 90 days.",
        "Suppliers shall not charge workers any fees.",
    ]
    assert got[1].document_name == "strong.md"
    assert got[1].organisation == "Strong Co (fictional)"
    assert got[1].sector == "electronics" and got[1].page == 1 and got[1].level == 3
    assert all(p.level >= 2 for p in got)
    assert len(store.practices(fee, limit=1)) == 1
    apparel = store.practices(fee, sector="apparel")
    assert [p.document_name for p in apparel] == ["copy.md", "copy.md"]
    assert apparel[1].text.startswith("Workers pay NO")
    assert store.practices("unknown_criterion") == []
    assert len(store.practices(fee, min_level=1)) == 4


def test_practices_come_from_many_documents_before_one_fills_the_list(
    store: CorpusStore,
) -> None:
    fee = "no_recruitment_fees"
    store.add_analysis(
        make_analysis(
            "long.md",
            {fee: 3},
            evidence={
                fee: [
                    (f"Strong clause {i} of the long code: the employer pays fee type {i}.", 3, s)
                    for i, s in enumerate((0.99, 0.98, 0.97, 0.96, 0.95))
                ]
            },
        ),
    )
    store.add_analysis(
        make_analysis(
            "second.md", {fee: 3}, evidence={fee: [("Second code repays all fees.", 3, 0.6)]}
        )
    )
    store.add_analysis(
        make_analysis(
            "third.md", {fee: 2}, evidence={fee: [("Third code bans recruitment fees.", 2, 0.9)]}
        )
    )
    # the long code alone has five level-3 clauses, all stronger than the other codes' clauses
    three = store.practices(fee, limit=3)
    assert [p.document_name for p in three] == ["long.md", "second.md", "third.md"]
    assert three[0].text.startswith("Strong clause 0")  # each document's best clause
    # fewer documents than places: the rest is filled with the next-best clauses, in rank order
    five = store.practices(fee, limit=5)
    assert [(p.document_name, p.level) for p in five] == [
        ("long.md", 3),
        ("long.md", 3),
        ("long.md", 3),
        ("second.md", 3),
        ("third.md", 2),
    ]
    assert [p.score for p in five] == [0.99, 0.98, 0.97, 0.6, 0.9]
    # two per document before filling
    two = store.practices(fee, limit=4, per_document=2)
    assert [p.document_name for p in two] == ["long.md", "long.md", "second.md", "third.md"]
    assert store.practices(fee, limit=0) == []


def test_exports(store: CorpusStore) -> None:
    store.add_analysis(make_analysis("a", {"c1": 2, "c2": 0}), organisation="A", sector="apparel")
    store.add_analysis(make_analysis("b", {"c1": 1}), sector="mining")
    rows = list(csv.DictReader(io.StringIO(store.export("csv").decode())))
    assert [r["name"] for r in rows] == ["a", "b"]
    assert rows[0]["level_c1"] == "2" and rows[1]["level_c2"] == ""
    data = json.loads(store.export("json"))
    assert data[0]["analysis"]["document"]["name"] == "a"
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(store.export("parquet")))
    assert table.num_rows == 2
    assert table.column("level_c1").to_pylist() == [2, 1]
    with pytest.raises(StoreError, match="csv, parquet or json"):
        store.export("xml")  # type: ignore[arg-type]


def test_bulk_add_is_one_transaction(store: CorpusStore) -> None:
    def items():
        yield make_analysis("ok", {"c1": 1}), DocumentMeta()
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        store.add_analyses(items())
    assert store.counts()["documents"] == 0
    res = store.add_analyses(
        [(make_analysis(f"d{i}", {"c1": 1}), DocumentMeta()) for i in range(5)]
    )
    assert all(r.created for r in res) and store.counts()["analyses"] == 5


def test_failures_recorded_and_cleared_on_success(store: CorpusStore) -> None:
    a = make_analysis("broken.pdf", {"c1": 1})
    store.record_failure(
        sha256=a.document.sha256,
        name="broken.pdf",
        reason="The PDF is damaged.",
        rubric_hash="rubric-hash-1",
        model_version="rules::",
        path="/x/broken.pdf",
    )
    store.record_failure(
        sha256=a.document.sha256,
        name="broken.pdf",
        reason="Still damaged.",
        rubric_hash="rubric-hash-1",
        model_version="rules::",
    )
    assert [f.reason for f in store.failures()] == ["Still damaged."]
    store.add_analysis(a)
    assert store.failures() == []


def _make_v1_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    a = make_analysis("old.md", {"c1": 2}, model_kind="sklearn", model_version="0.3")
    conn.execute(
        "INSERT INTO documents (sha256, name, sector, added_at) VALUES (?, 'old.md', 'apparel', "
        "'2025-01-01T00:00:00+00:00')",
        (a.document.sha256,),
    )
    conn.execute(
        "INSERT INTO analyses (document_id, rubric_version, rubric_hash, model_version, "
        "overall_score, sector, suitability, analysis_json, created_at) "
        "VALUES (1, '1.0', 'rubric-hash-1', 'sklearn:0.3:', 66.7, 'apparel', 66.7, ?, "
        "'2025-01-01T00:00:00+00:00')",
        (a.model_dump_json(),),
    )
    conn.execute("INSERT INTO criterion_levels VALUES (1, 'c1', 2, 0.7)")
    conn.execute(
        "INSERT INTO evidence (analysis_id, criterion_id, page, text, level, score) "
        "VALUES (1, 'c1', 1, 'Forced labour is banned.', 2, 0.8)"
    )
    conn.commit()
    conn.close()


def test_migrates_v1_database_to_current(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    _make_v1_database(path)
    with CorpusStore.open(path) as s:
        assert s.schema_version == SCHEMA_VERSION
        doc = s.list_documents()[0]
        assert doc.name == "old.md" and doc.media_type == "markdown"  # backfilled
        assert s.get(1).latest.model.kind == "sklearn"
        assert s.practices("c1")[0].text == "Forced labour is banned."
        assert s.compare().rows[0].levels == {"c1": 2}  # levels_json backfilled (v4)
        assert s.benchmarks()[0].mean_level == 2.0
        assert s.failures() == []
        # the old analysis still counts as done for this rubric and model
        assert s.has_analysis(doc.sha256, "rubric-hash-1", "sklearn:0.3:")
        # and the migrated database accepts new analyses
        assert s.add_analysis(make_analysis("new.md", {"c1": 3})).created
        assert s.integrity_check() == ["ok"]
    conn = sqlite3.connect(path)
    kind = conn.execute("SELECT model_kind, analyzer_version FROM analyses WHERE id=1").fetchone()
    assert kind == ("sklearn", "0.1.0")
    assert user_version(conn) == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer than this coc-analyzer"):
        CorpusStore.open(path)


def test_read_only_open_never_creates_nor_converts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no" / "such.sqlite"
    with pytest.raises(StoreError, match=r"^No corpus database at .*such\.sqlite: add documents"):
        CorpusStore.open(missing, read_only=True)
    assert not missing.parent.exists()
    empty = tmp_path / "notes.txt"
    empty.touch()
    with pytest.raises(StoreError, match="is not a corpus database"):
        CorpusStore.open(empty, read_only=True)
    assert empty.read_bytes() == b""
    other = tmp_path / "other.sqlite"  # an SQLite file of something else: left as it was
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="is not a corpus database"):
        CorpusStore.open(other, read_only=True)
    with pytest.raises(StoreError, match="folder"):
        CorpusStore.open(tmp_path, read_only=True)
    # $COC_DB is a choice like --db: missing is an error
    monkeypatch.setenv("COC_DB", str(missing))
    with pytest.raises(StoreError, match="No corpus database"):
        CorpusStore.open(read_only=True)
    # the built-in default location, nothing stored yet: an empty corpus, no file made
    monkeypatch.delenv("COC_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with CorpusStore.open(read_only=True) as s:
        assert not s.exists and s.list_documents() == []
        assert s.path == tmp_path / "data" / "coc-analyzer" / "corpus.sqlite"
    assert not (tmp_path / "data").exists()


def test_read_only_open_reads_and_upgrades_but_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with CorpusStore.open(path) as s:
        s.add_analysis(make_analysis("a.md", {"c1": 2}))
    with CorpusStore.open(path, read_only=True) as s:
        assert s.exists and [d.name for d in s.list_documents()] == ["a.md"]
        with pytest.raises(StoreError, match="read-only"):
            s.add_analysis(make_analysis("b.md", {"c1": 1}))
    old = tmp_path / "v1.sqlite"
    _make_v1_database(old)
    with CorpusStore.open(old, read_only=True) as s:  # an older corpus is upgraded to read it
        assert s.schema_version == SCHEMA_VERSION and s.compare().rows[0].levels == {"c1": 2}


def test_not_a_database_and_folder_paths(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="--db"):
        CorpusStore.open(bad)
    with pytest.raises(StoreError, match="folder"):
        CorpusStore.open(tmp_path)
