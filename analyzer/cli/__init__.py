"""The ``coc`` command line.

Each subcommand lives in its own module under ``analyzer.cli`` and exposes
``register(subparsers)``; handlers import heavy libraries lazily so that ``coc --help`` and
startup stay fast. Errors the user can cause print one line on stderr and exit with code 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from analyzer import __version__
from analyzer.errors import AnalyzerError

#: Subcommand modules, in the order ``coc --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "extract",
    "analyze",
    "rubric",
    "toolkit",
    "train",
    "calibrate",
    "evaluate",
    "corpus",
    "batch",
)


class CocArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line that says what to do.

    argparse prints the usage block and ``PROG: error: ...``; people asked for one readable
    line instead: ``coc: error: <what is wrong> (try: coc analyze --help)``, exit code 2. Help
    output is unchanged. ``add_subparsers`` creates subparsers of the same class, so every
    subcommand (and ``coc corpus``/``coc rubric`` actions) behaves the same way.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"coc: error: {' '.join(message.split())} (try: {self.prog} --help)\n")

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Like argparse, but leftover arguments are reported by the subcommand they follow,
        so the hint names that subcommand's ``--help``."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            _innermost(self, parsed).error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed


def _innermost(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The deepest subcommand parser that ``args`` selected (``parser`` itself if none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if isinstance(chosen, str) and chosen in action.choices:
                return _innermost(action.choices[chosen], args)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every available subcommand."""
    parser = CocArgumentParser(
        prog="coc",
        description=(
            "CoC Analyzer: grade codes of conduct against a best-practice rubric on human "
            "trafficking and forced labour, and write a tailored toolkit."
        ),
    )
    parser.add_argument("--version", action="version", version=f"coc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"analyzer.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"analyzer.cli.{name}":
                continue  # subcommand not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``coc`` with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except AnalyzerError as exc:
        print(f"coc: error: {exc.user_message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("coc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the boundary: never a traceback for users
        if os.environ.get("COC_DEBUG"):
            raise
        print(
            f"coc: internal error: {type(exc).__name__}: {exc} "
            "(set COC_DEBUG=1 for a traceback and report it)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
