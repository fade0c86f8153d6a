"""Helpers shared by the subcommands: common options, argument types, output writing.

Nothing heavy is imported here at module level: ``coc --help`` imports every subcommand module.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.errors import InputError

if TYPE_CHECKING:
    from analyzer.ingest import Limits

DB_HELP = "corpus database file (default: $COC_DB, else corpus.sqlite in your user data folder)"


def positive_int(value: str) -> int:
    """argparse type: a whole number greater than 0."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return number


def positive_float(value: str) -> float:
    """argparse type: a number greater than 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0:  # also refuses nan
        raise argparse.ArgumentTypeError("must be greater than 0")
    return number


def add_rubric_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--rubric PATH`` (a rubric folder or file; default: the repository's ``rubrics/``)."""
    parser.add_argument(
        "--rubric",
        metavar="PATH",
        default=None,
        help="rubric folder or YAML file to use instead of the bundled rubrics/",
    )


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--rubric PATH``, ``--model PATH`` and ``--no-model`` (how documents are graded)."""
    add_rubric_option(parser)
    parser.add_argument(
        "--model",
        metavar="PATH",
        default=None,
        help="trained classifier to use instead of the bundled one",
    )
    parser.add_argument(
        "--no-model", action="store_true", help="grade with the rules only (no classifier)"
    )


def add_db_option(parser: argparse.ArgumentParser, help: str = DB_HELP) -> None:
    """Add ``--db PATH``, the corpus database (``None``: ``$COC_DB`` or the user data folder)."""
    parser.add_argument("--db", metavar="PATH", default=None, help=help)


def add_reading_options(
    parser: argparse.ArgumentParser, *, password_help: str = "password of an encrypted PDF"
) -> None:
    """Add how documents are read: ``--password PW``, ``--max-mb N`` and ``--max-pages N``.

    Every command that reads documents has them, so the advice in reading errors ("pass
    --password", "raise the limit with --max-pages") always names an option it has. Turn them
    into :class:`~analyzer.ingest.Limits` with :func:`reading_limits`.
    """
    parser.add_argument("--password", metavar="PW", default=None, help=password_help)
    parser.add_argument(
        "--max-mb",
        type=positive_float,
        metavar="N",
        default=None,
        help="size limit per document in MB (default 50, or $COC_MAX_MB)",
    )
    parser.add_argument(
        "--max-pages",
        type=positive_int,
        metavar="N",
        default=None,
        help="page limit per document (default 2000, or $COC_MAX_PAGES)",
    )


def reading_limits(args: argparse.Namespace) -> Limits:
    """The size and page limits of :func:`add_reading_options`: ``$COC_MAX_MB`` and
    ``$COC_MAX_PAGES`` (else the defaults), overridden by ``--max-mb`` and ``--max-pages``."""
    from analyzer.ingest import Limits

    return Limits.from_env().with_overrides(max_mb=args.max_mb, max_pages=args.max_pages)


def add_format_option(
    parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("table", "json")
) -> None:
    """Add ``--format`` with ``choices``, defaulting to the first (``table``)."""
    parser.add_argument("--format", choices=choices, default=choices[0], help="output format")


def add_folds_option(parser: argparse.ArgumentParser, help: str) -> None:
    """Add ``--folds N`` (grouped cross-validation folds, default 5; checked by the handler)."""
    parser.add_argument("--folds", type=int, default=5, help=help)


def labelled_files(args: argparse.Namespace) -> list[Path]:
    """The labelled JSONL files of ``args.data`` (default ``corpus/labels/``); InputError when
    the path is missing or holds none."""
    from analyzer.training import label_files

    data = Path(args.data) if args.data else None
    if data is not None and not data.exists():
        raise InputError(
            f"labelled data not found: {args.data}; give a folder of labelled JSONL files or "
            "one such file with --data"
        )
    files = label_files(data)
    if not files:
        raise InputError(
            f"no labelled JSONL files in {data or 'corpus/labels/'}; give a folder of labelled "
            "JSONL files or one such file with --data"
        )
    return files


def add_writer_gold_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--writer-gold DIR`` (repeatable) and ``--no-writer-gold``: which document-level
    gold sets also train the level model (default: the development sets)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--writer-gold",
        metavar="DIR",
        action="append",
        default=None,
        help=(
            "a folder with gold.jsonl and its documents whose quoted clauses also train the "
            "level model (repeatable; default: the development sets corpus/heldout, heldout2 "
            "to heldout6 and heldout13)"
        ),
    )
    group.add_argument(
        "--no-writer-gold",
        action="store_true",
        help="train the level model on the labelled clauses only",
    )


def writer_gold(args: argparse.Namespace) -> list[Path] | None:
    """The folders of ``--writer-gold`` ([] with ``--no-writer-gold``, None for the default);
    InputError when one has no gold.jsonl."""
    if args.no_writer_gold:
        return []
    if not args.writer_gold:
        return None
    folders = [Path(d) for d in args.writer_gold]
    for folder in folders:
        if not (folder / "gold.jsonl").is_file():
            raise InputError(
                f"no gold.jsonl in {folder}; give a folder like corpus/heldout2 to --writer-gold"
            )
    return folders


def check_folds(folds: int) -> None:
    """Raise InputError unless ``folds`` is at least 2."""
    if folds < 2:
        raise InputError("--folds must be at least 2")


def check_binary_stdout(out: str | None, *, what: str = "the output", flag: str = "--out") -> None:
    """Raise InputError when binary output would go to stdout (``out`` None or ``-``) and
    stdout is a terminal: it would fill the screen with garbage."""
    if (out is None or out == "-") and sys.stdout.isatty():
        raise InputError(
            f"{what} is a binary file and stdout is a terminal: write it to a file with "
            f"{flag} PATH, or redirect the output (> FILE)"
        )


def write_output(
    text: str | bytes, out: str | None, *, what: str = "the output", flag: str = "--out"
) -> None:
    """Write ``text`` to ``out`` (a path) or to stdout when ``out`` is None or ``-``.

    A path that cannot be written (a folder, no permission, a full disk) is an InputError
    naming ``what`` and the option (``flag``) to choose another path with; so is binary
    output to a terminal.
    """
    if out is None or out == "-":
        if isinstance(text, bytes):
            check_binary_stdout(out, what=what, flag=flag)
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    path = Path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot write {what} to {out}: {exc.strerror or exc}; choose another path with {flag}"
        ) from None
