"""``coc batch PATH_OR_GLOB...``: analyse many documents in parallel and store the results."""

from __future__ import annotations

import argparse
import sys

from analyzer.cli._common import (
    add_db_option,
    add_engine_options,
    add_reading_options,
    positive_int,
    reading_limits,
)
from analyzer.errors import InputError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``batch`` subcommand."""
    parser = subparsers.add_parser(
        "batch",
        help="analyse many documents in parallel (this machine or a Dask cluster)",
        description=(
            "Analyse every document in the given files, folders (searched recursively) and "
            "glob patterns, store the results in the corpus database, and optionally write one "
            "row per file to Parquet or CSV. Files already analysed with the same rubric, "
            "model and sector are skipped, so an interrupted run can simply be started again; "
            "files stored for another sector are re-scored for --sector without re-reading. A "
            "file that cannot be read is reported and the run goes on."
        ),
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH_OR_GLOB", help="files, folders or quoted glob patterns"
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        metavar="N",
        default=None,
        help="worker processes on this machine (default: number of CPUs)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        default=None,
        help="also write one row per file to FILE (.parquet, or .csv)",
    )
    add_db_option(parser)
    parser.add_argument(
        "--sector", metavar="ID", default="general", help="sector to score every document for"
    )
    cluster = parser.add_mutually_exclusive_group()
    cluster.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        default=None,
        help="run on an existing Dask cluster (workers need coc-analyzer installed)",
    )
    cluster.add_argument(
        "--dask-local",
        type=positive_int,
        metavar="N",
        default=None,
        help="run on a local Dask cluster of N worker processes",
    )
    add_engine_options(parser)
    add_reading_options(parser, password_help="password of encrypted PDFs (used for every file)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``coc batch``."""
    from analyzer.batch import BatchRow, EngineSpec, check_out_path, describe_ignored, run_batch
    from analyzer.store import CorpusStore

    if args.workers and (args.scheduler or args.dask_local):
        raise InputError("--workers is for local processes; with Dask, size the cluster instead.")
    if args.out and not args.out.lower().endswith((".parquet", ".csv")):
        raise InputError(f"--out {args.out}: give a file name ending in .parquet or .csv.")
    if args.out:
        check_out_path(args.out)
    if args.scheduler and not args.scheduler.startswith(("tcp://", "tls://", "inproc://")):
        raise InputError(
            f"--scheduler {args.scheduler}: give the scheduler address as tcp://HOST:PORT "
            "(dask-scheduler prints it when it starts)."
        )
    spec = EngineSpec(
        rubric_path=args.rubric,
        model_path=args.model,
        use_model=not args.no_model,
        password=args.password,
        limits=reading_limits(args),
    )

    def show(row: BatchRow) -> None:  # each failure as it happens, above the progress bar
        if row.status == "failed":
            from tqdm import tqdm

            copy = f" (same content as {row.duplicate_of})" if row.duplicate_of else ""
            tqdm.write(f"failed   {row.path}: {row.error}{copy}", file=sys.stdout)

    summary = run_batch(
        args.paths,
        store=lambda: CorpusStore.open(args.db),  # opened once the workers are up
        spec=spec,
        workers=args.workers,
        sector=args.sector,
        scheduler=args.scheduler,
        dask_local=args.dask_local or 0,
        out=args.out,
        progress=not args.quiet,
        on_result=show,
    )
    ignored = describe_ignored(summary.ignored)
    if ignored:
        print(ignored)
    print(summary.describe())
    where = [f"database: {summary.database}"] if summary.database else []  # None: not opened
    where += [f"table: {args.out}"] if args.out else []
    if where:
        print("; ".join(where))
    if summary.interrupted:
        print(
            "coc: interrupted; run the same command again to resume (finished files are kept)",
            file=sys.stderr,
        )
        return 130
    return 1 if summary.count("failed") else 0  # the others are stored all the same
