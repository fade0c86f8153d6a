"""``coc corpus ...``: keep analysed codes in a local database and compare them.

Subcommands: add, list, show, remove, compare, benchmarks, practices, export, seed, check.
The database is ``--db PATH``, else ``$COC_DB``, else ``corpus.sqlite`` in the user data folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.cli._common import (
    add_db_option,
    add_engine_options,
    add_format_option,
    add_reading_options,
    positive_int,
    reading_limits,
    write_output,
)
from analyzer.errors import (
    AnalyzerError,
    InputError,
    ModelError,
    RubricError,
    SectorError,
    StoreError,
)

if TYPE_CHECKING:
    from analyzer.batch import AnalyzerLike, Identity
    from analyzer.ingest import Limits
    from analyzer.store import CorpusStore

MAX_TABLE_DOCS = 20
#: The legend of "-" in the level tables.
NOT_GRADED = "- not graded: not applicable to the sector, or not in the rubric used"


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}") from None
    if not 1900 <= year <= 2100:
        raise argparse.ArgumentTypeError("give a year between 1900 and 2100")
    return year


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``corpus`` subcommand and its own subcommands."""
    parser = subparsers.add_parser(
        "corpus",
        help="store analysed codes and compare them (benchmarks, promising practices)",
        description=(
            "Keep analysed codes of conduct in a local SQLite database, compare them within a "
            "sector, and find the strongest clauses for each criterion."
        ),
    )
    parser.set_defaults(handler=lambda args: _help(parser))
    sub = parser.add_subparsers(dest="corpus_command", metavar="ACTION")

    p = sub.add_parser("add", help="analyse files and store the results")
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="documents, folders or quoted glob patterns"
    )
    p.add_argument("--sector", metavar="ID", default=None, help="the organisation's sector")
    p.add_argument("--org", metavar="NAME", default=None, help="organisation name")
    p.add_argument(
        "--type",
        dest="doc_type",
        metavar="TYPE",
        default=None,
        help="document type, e.g. supplier_code, employee_code, modern_slavery_statement",
    )
    p.add_argument("--year", type=_year, metavar="N", default=None, help="year of the document")
    add_engine_options(p)
    add_reading_options(p, password_help="password of encrypted PDFs (used for every file)")
    add_db_option(p)
    p.set_defaults(handler=run_add)

    _add_query(sub, "list", "list stored documents", run_list)

    p = sub.add_parser("show", help="show one stored document and its analyses")
    p.add_argument("ref", metavar="ID", help="document id or the start of its sha256")
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=run_show)

    p = sub.add_parser("remove", help="delete a stored document and all its analyses")
    p.add_argument("ref", metavar="ID", help="document id or the start of its sha256")
    add_db_option(p)
    p.set_defaults(handler=run_remove)

    _add_query(
        sub, "compare", "documents x criteria levels, sector averages and percentiles", run_compare
    )
    _add_query(
        sub, "benchmarks", "per-criterion level distribution across the corpus", run_benchmarks
    )

    p = sub.add_parser("practices", help="the strongest clauses stored for one criterion")
    p.add_argument("criterion", metavar="CRITERION", help="criterion id, e.g. no_recruitment_fees")
    p.add_argument("--sector", metavar="ID", default=None, help="only documents of this sector")
    p.add_argument(
        "--limit", type=positive_int, default=5, metavar="N", help="how many (default 5)"
    )
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=run_practices)

    p = sub.add_parser("export", help="export one row per document (latest analysis)")
    p.add_argument(
        "--format", choices=("csv", "parquet", "json"), required=True, help="file format"
    )
    p.add_argument(
        "-o",
        "--out",
        metavar="PATH",
        default=None,
        help="output file (default stdout; Parquet needs a file, or - to pipe it)",
    )
    add_db_option(p)
    p.set_defaults(handler=run_export)

    p = sub.add_parser("seed", help="analyse and store the bundled sample documents (idempotent)")
    p.add_argument("--manifest", metavar="PATH", default=None, help="another manifest.yaml to load")
    add_engine_options(p)
    add_db_option(p)
    p.set_defaults(handler=run_seed)

    p = sub.add_parser("check", help="check the database for damage")
    add_db_option(p)
    p.set_defaults(handler=run_check)


def _add_query(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help: str,
    handler: Callable[[argparse.Namespace], int],
) -> None:
    """A read-only subcommand with ``--sector ID`` (a filter), ``--format`` and ``--db``."""
    p = sub.add_parser(name, help=help)
    p.add_argument("--sector", metavar="ID", default=None, help="only this sector")
    add_format_option(p)
    add_db_option(p)
    p.set_defaults(handler=handler)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _open(args: argparse.Namespace) -> CorpusStore:
    """The database to write to, created when missing."""
    from analyzer.store import CorpusStore

    return CorpusStore.open(args.db)


def _open_to_read(args: argparse.Namespace) -> CorpusStore:
    """The database to read: never created; with ``--sector``, the sector id is checked."""
    from analyzer.store import CorpusStore

    store = CorpusStore.open(args.db, read_only=True)
    sector = getattr(args, "sector", None)
    if sector:
        try:
            _check_sector(store, sector)
        except BaseException:
            store.close()
            raise
    return store


def _check_sector(store: CorpusStore, sector: str) -> None:
    """A sector id is valid if documents are stored under it or the rubric knows it; otherwise
    SectorError naming the rubric's sectors (with a "did you mean")."""
    if sector in store.sectors():
        return
    from analyzer.rubric import load_rubric

    load_rubric().sector(sector)


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain fixed-width table; numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    numeric = [
        all(isinstance(r[i], int | float) or r[i] is None for r in rows) and bool(rows)
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(widths[i]) if numeric[i] else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)


def _short(text: str | None, n: int = 40) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "…"


def _nothing_stored(sector: str | None) -> str:
    """What to print when no document is stored (in the sector asked for)."""
    if sector:
        return (
            f"No analysed documents are stored under sector {sector}: add some with "
            f"`coc corpus add FILE --sector {sector}`, or see them all without --sector."
        )
    return "The corpus is empty: add documents with `coc corpus add FILE` or `coc corpus seed`."


def _print_json(data: Any, *, compact: bool = False) -> None:
    """JSON on stdout: indented for people, compact for large outputs (machines)."""
    if compact:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False)
    sys.stdout.write(text + "\n")


# ---------------------------------------------------------------------------------------------
# Handlers
# ---------------------------------------------------------------------------------------------


def _build_engine(args: argparse.Namespace) -> tuple[AnalyzerLike, Identity]:
    from analyzer.batch import engine_identity
    from analyzer.engine import Engine

    engine = Engine.from_defaults(
        rubric_path=args.rubric, model_path=args.model, use_model=not args.no_model
    )
    return engine, engine_identity(engine)


def _add_files(
    store: CorpusStore,
    engine: AnalyzerLike,
    identity: Identity,
    items: Sequence[tuple[Path, dict[str, Any]]],
    *,
    password: str | None = None,
    limits: Limits | None = None,
) -> tuple[int, int, int]:
    """Analyse and store files; print one line each. Returns (added, skipped, failed)."""
    from analyzer.batch import sha256_file

    added = skipped = failed = 0
    for path, meta in items:
        label = str(path)
        try:
            if not path.is_file():
                raise InputError(f"{path} does not exist or is not a file.")
            digest = sha256_file(path)
            if store.has_analysis(digest, identity.rubric_hash, identity.model_version):
                wanted = meta.get("sector")
                stored = store.find_analysis(digest, identity.rubric_hash, identity.model_version)
                if wanted and stored is not None and stored.sector.id != wanted:
                    # as `coc batch` does: re-score the stored reading for the sector asked for
                    rescored = engine.rescore(stored, wanted)
                    store.replace_scoring(rescored)
                    added += 1
                    print(
                        f"rescored {label}: already stored; its scores are now for {wanted} "
                        f"(suitability {rescored.sector.suitability:.1f})"
                    )
                    continue
                skipped += 1
                print(f"skipped  {label}: already stored with this rubric and model")
                continue
            analysis = engine.analyze(
                path,
                name=path.name,
                sector=meta.get("sector") or "general",
                password=password,
                limits=limits,
            )
            res = store.add_analysis(analysis, **meta)
        except (SectorError, RubricError, StoreError, ModelError):
            raise  # the same for every file: stop with the message
        except AnalyzerError as exc:
            failed += 1
            print(f"failed   {label}: {exc.user_message}")
            continue
        if res.created:
            added += 1
            print(
                f"added    {label}: document {res.document_id}, overall "
                f"{analysis.overall_score:.1f}, {analysis.sector.id} suitability "
                f"{analysis.sector.suitability:.1f}"
            )
        else:
            skipped += 1
            print(f"skipped  {label}: already stored (document {res.document_id})")
    return added, skipped, failed


def run_add(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus add``."""
    from analyzer.batch import check_sector, expand_inputs

    files = expand_inputs(args.files)  # folders and globs too; a missing path stops here
    engine, identity = _build_engine(args)
    if args.sector:
        check_sector(engine, args.sector)
    meta = {
        "sector": args.sector,
        "organisation": args.org,
        "doc_type": args.doc_type,
        "year": args.year,
    }
    with _open(args) as store:
        added, skipped, failed = _add_files(
            store,
            engine,
            identity,
            [(f, meta) for f in files],
            password=args.password,
            limits=reading_limits(args),
        )
    print(f"{added} added, {skipped} skipped, {failed} failed; database: {store.path}")
    return 1 if failed else 0


def run_seed(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus seed``."""
    from analyzer.store.manifest import load_manifest

    manifest = load_manifest(args.manifest)
    problems = manifest.mismatches()
    if problems:
        raise StoreError(
            "The sample corpus does not match its manifest: "
            + "; ".join(problems)
            + ". Restore the files (git checkout corpus/samples) and try again."
        )
    engine, identity = _build_engine(args)
    items = [
        (
            manifest.path(e),
            {
                "sector": e.sector,
                "organisation": e.organisation,
                "doc_type": e.doc_type,
                "year": e.year,
            },
        )
        for e in manifest.documents
    ]
    with _open(args) as store:
        added, skipped, failed = _add_files(store, engine, identity, items)
    print(
        f"seeded: {added} added, {skipped} already there, {failed} failed; database: {store.path}"
    )
    return 1 if failed else 0


def run_list(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus list``."""
    with _open_to_read(args) as store:
        docs = store.list_documents(args.sector)
    if args.format == "json":
        _print_json([asdict(d) for d in docs])
        return 0
    if not docs:
        print(_nothing_stored(args.sector))
        return 0
    print(
        format_table(
            ["id", "sha256", "name", "organisation", "sector", "type", "year", "overall", "n"],
            [
                [
                    d.id,
                    d.sha256[:12],
                    _short(d.name, 36),
                    _short(d.organisation, 30),
                    d.sector,
                    d.doc_type,
                    d.year,
                    d.overall_score,
                    d.analyses,
                ]
                for d in docs
            ],
        )
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus show``."""
    with _open_to_read(args) as store:
        stored = store.get(args.ref)
    if args.format == "json":
        _print_json(
            {
                "document": asdict(stored.document),
                "analyses": [asdict(a) for a in stored.analyses],
                "latest": json.loads(stored.latest.model_dump_json()),
            }
        )
        return 0
    d = stored.document
    a = stored.latest
    print(f"Document {d.id}: {d.name}")
    for label, value in (
        ("sha256", d.sha256),
        ("organisation", d.organisation),
        ("sector", d.sector),
        ("type", d.doc_type),
        ("year", d.year),
        ("language", d.language),
        ("pages", d.pages),
        ("added", d.added_at),
    ):
        print(f"  {label:<13}{_cell(value)}")
    print(
        f"  latest       overall {a.overall_score:.1f}; {a.sector.id} suitability "
        f"{a.sector.suitability:.1f}; rubric {a.rubric.version}; model {a.model.kind}"
    )
    print()
    print(
        format_table(
            ["criterion", "level", "confidence", "evidence (first clause)"],
            [
                [
                    c.id,
                    c.level,
                    c.confidence,
                    _short(c.evidence[0].text, 70) if c.evidence else "",
                ]
                for c in a.criteria
            ],
        )
    )
    if len(stored.analyses) > 1:
        print()
        print("All analyses (newest first):")
        print(
            format_table(
                ["id", "rubric", "rubric hash", "model", "overall", "created"],
                [
                    [
                        x.id,
                        x.rubric_version,
                        x.rubric_hash[:12],
                        x.model_version,
                        x.overall_score,
                        x.created_at[:19],
                    ]
                    for x in stored.analyses
                ],
            )  # fmt: skip
        )
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus remove``."""
    with _open(args) as store:
        gone = store.remove(args.ref)
    print(f"removed document {gone.id} ({gone.name}) and its {gone.analyses} analysis(es)")
    return 0


def run_compare(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus compare``."""
    with _open_to_read(args) as store:
        cmp = store.compare(args.sector)
    if args.format == "json":
        _print_json(cmp.to_dict(), compact=len(cmp.rows) > MAX_TABLE_DOCS)
        return 0
    if not cmp.rows:
        print(_nothing_stored(args.sector))
        return 0
    print(
        format_table(
            ["id", "name", "sector", "overall", "suitability", "percentile in sector"],
            [
                [
                    r.document_id,
                    _short(r.name, 40),
                    r.sector,
                    r.overall_score,
                    r.suitability,
                    r.percentile,
                ]
                for r in cmp.rows
            ],
        )  # fmt: skip
    )
    shown = list(cmp.rows[:MAX_TABLE_DOCS])
    sectors = sorted(cmp.sector_averages)
    wide = len(sectors) > 3
    print()
    print(
        f"Levels per criterion (0 absent, 1 mention, 2 commitment, 3 best practice; {NOT_GRADED})"
    )
    headers = ["criterion"] + [f"#{r.document_id}" for r in shown]
    headers += ["avg all"] if wide else [f"avg {s}" for s in sectors]
    rows: list[list[Any]] = []
    for crit in cmp.criteria:
        row: list[Any] = [crit]
        row += [r.levels.get(crit) for r in shown]
        if wide:
            graded = [lvl for r in cmp.rows if (lvl := r.levels.get(crit)) is not None]
            row.append(round(sum(graded) / len(graded), 2) if graded else None)
        else:
            row += [cmp.sector_averages[s].get(crit) for s in sectors]
        rows.append(row)
    print(format_table(headers, rows))
    if wide:
        print(
            f"({len(sectors)} sectors: see one sector's averages with --sector ID, or all of "
            "them with --format json)"
        )
    if len(cmp.rows) > MAX_TABLE_DOCS:
        print(
            f"(first {MAX_TABLE_DOCS} of {len(cmp.rows)} documents shown; use --format json or "
            "`coc corpus export` for all)"
        )
    return 0


def run_benchmarks(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus benchmarks``."""
    with _open_to_read(args) as store:
        bench = store.benchmarks(args.sector)
    if args.format == "json":
        _print_json([asdict(b) for b in bench])
        return 0
    if not bench:
        print(_nothing_stored(args.sector))
        return 0
    print(
        format_table(
            ["criterion", "documents", "mean level", "p25", "median", "p75", "share at 2+"],
            [
                [
                    b.criterion_id,
                    b.documents,
                    b.mean_level,
                    b.p25,
                    b.p50,
                    b.p75,
                    None if b.share_at_least_2 is None else f"{100 * b.share_at_least_2:.0f}%",
                ]
                for b in bench
            ],
        )  # fmt: skip
    )
    print(f"(documents: those graded on the criterion; {NOT_GRADED})")
    return 0


def run_practices(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus practices``."""
    from analyzer.rubric import load_rubric

    load_rubric().criterion(args.criterion)  # an unknown id is an error naming the valid ones
    with _open_to_read(args) as store:
        found = store.practices(args.criterion, args.sector, args.limit)
    if args.format == "json":
        _print_json([json.loads(p.model_dump_json()) for p in found])
        return 0
    if not found:
        print(
            f"No clause at level 2 or 3 for {args.criterion} in the corpus"
            + (f" (sector {args.sector})" if args.sector else "")
            + ". Add more documents with `coc corpus add`."
        )
        return 0
    for i, p in enumerate(found, start=1):
        source = p.document_name + (f", {p.organisation}" if p.organisation else "")
        page = f", p. {p.page}" if p.page else ""
        print(f"{i}. [level {p.level}, score {p.score:.2f}] {p.text}")
        print(f"   source: {source} ({p.sector}{page})")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus export``."""
    if args.format == "parquet" and (args.out is None or (args.out == "-" and sys.stdout.isatty())):
        raise InputError(
            "Parquet is binary, not for the terminal: give an output file with -o FILE.parquet "
            "(or -o - to pipe it to another program)."
        )
    with _open_to_read(args) as store:
        data = store.export(args.format)
    write_output(data if args.format == "parquet" else data.decode("utf-8"), args.out)
    if args.out not in (None, "-"):
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Handler of ``coc corpus check``."""
    with _open_to_read(args) as store:
        if not store.exists:
            print(
                f"No corpus database yet at {store.path}, so nothing to check: it is created "
                "when you add documents with `coc corpus add` or `coc corpus seed`."
            )
            return 0
        problems = store.integrity_check()
        counts = store.counts()
        version = store.schema_version
    if problems == ["ok"]:
        print(
            f"ok: {store.path} (schema {version}); "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
        )
        return 0
    for p in problems:
        print(p)
    return 1
