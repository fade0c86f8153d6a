"""Helpers shared by the subcommands: output writing and common options."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_rubric_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--rubric PATH`` (a rubric folder or file; default: the repository's ``rubrics/``)."""
    parser.add_argument(
        "--rubric",
        metavar="PATH",
        default=None,
        help="rubric folder or YAML file to use instead of the bundled rubrics/",
    )


def write_output(text: str | bytes, out: str | None) -> None:
    """Write ``text`` to ``out`` (a path) or to stdout when ``out`` is None or ``-``."""
    if out in (None, "-"):
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    path = Path(out)  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
