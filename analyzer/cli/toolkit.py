"""``coc toolkit``: write a tailored toolkit (DOCX, PDF, HTML or Markdown) for a code of conduct.

Either analyse a document now (``coc toolkit FILE --sector ID --org NAME``) or reuse a saved
``coc analyze --format json`` result (``coc toolkit --from-json ANALYSIS.json ...``); a saved
analysis scored for another sector is rescored for the one asked for. Heavy libraries are
imported inside the handler only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer.cli._common import (
    add_db_option,
    add_reading_options,
    add_rubric_option,
    check_binary_stdout,
    reading_limits,
    write_output,
)
from analyzer.errors import InputError

if TYPE_CHECKING:
    from analyzer.ingest import Limits
    from analyzer.results import Analysis
    from analyzer.rubric import Rubric

FORMAT_CHOICES = ("docx", "pdf", "html", "md")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "toolkit",
        help="write a tailored toolkit (DOCX, PDF, HTML or Markdown) for a code of conduct",
        description=(
            "Write a toolkit a compliance officer can hand to the board and suppliers: scores, "
            "the gaps ranked for the sector, model clauses, implementation steps, the legal "
            "checklist, promising practices from the corpus, training and supplier plans, and "
            "the evidence. Give a document to analyse, or --from-json with a saved "
            "`coc analyze --format json` result."
        ),
    )
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="code of conduct to analyse (PDF, DOCX, ...)"
    )
    parser.add_argument(
        "--from-json",
        metavar="ANALYSIS.json",
        help="use a saved `coc analyze --format json` result instead of analysing FILE",
    )
    parser.add_argument(
        "--sector",
        metavar="ID",
        default=None,
        help="sector to tailor the toolkit to (default: the saved analysis's sector, or general)",
    )
    parser.add_argument(
        "--org", metavar="NAME", required=True, help="organisation name printed in the toolkit"
    )
    parser.add_argument(
        "--format",
        "-f",
        dest="fmt",
        choices=FORMAT_CHOICES,
        default=None,
        help="output format (default: from the -o extension, else docx)",
    )
    parser.add_argument(
        "-o",
        "--out",
        "--output",
        dest="output",
        metavar="OUT",
        default=None,
        help="output file (default: <stem>-toolkit.<ext> in the current folder; - for stdout)",
    )
    add_rubric_option(parser)
    add_db_option(
        parser,
        help="corpus database for promising practices (default: $COC_DB or the user data "
        "folder; skipped with a note when there is none)",
    )
    add_reading_options(
        parser, password_help="when analysing FILE, the password of an encrypted PDF"
    )
    parser.add_argument(
        "--no-model",
        action="store_true",
        help="when analysing FILE, grade with the rubric's rules only (no trained classifier)",
    )
    parser.add_argument(
        "--templates",
        metavar="DIR",
        default=None,
        help="folder with toolkit.html.j2, toolkit.md.j2 and toolkit.docx to use instead of "
        "toolkit_templates/ (also $COC_TEMPLATES)",
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        default=None,
        help="date printed on the cover (default: today, or $SOURCE_DATE_EPOCH)",
    )
    parser.set_defaults(handler=run)


#: Output file endings and the format each one means.
EXTENSION_FORMATS = {
    "docx": "docx",
    "pdf": "pdf",
    "html": "html",
    "htm": "html",
    "md": "md",
    "markdown": "md",
}
BINARY_FORMATS = ("docx", "pdf")


def _format(args: argparse.Namespace) -> str:
    """--format, else the format the -o extension names, else docx; InputError when --format
    and the extension disagree (a PDF saved as o.docx opens nowhere)."""
    named = None
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower().lstrip(".")
        named = EXTENSION_FORMATS.get(suffix)
        if args.fmt and named and named != args.fmt:
            raise InputError(
                f"-o {args.output} ends in .{suffix} but --format is {args.fmt}: end the file "
                f"name in .{args.fmt}, or leave out --format to write {named}"
            )
    return str(args.fmt or named or "docx")


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r} is not a date; write it as YYYY-MM-DD") from None


def run(args: argparse.Namespace) -> int:
    from analyzer.toolkit import load_practices, render_toolkit
    from analyzer.toolkit.render import template_folder

    if bool(args.file) == bool(args.from_json):
        raise InputError(
            "give either a document to analyse (coc toolkit FILE ...) or a saved analysis "
            "(coc toolkit --from-json ANALYSIS.json ...), not both or neither"
        )
    if not args.org.strip():
        raise InputError('--org needs the organisation\'s name, e.g. --org "Acme Ltd"')
    fmt = _format(args)
    if fmt in BINARY_FORMATS and args.output == "-":
        check_binary_stdout(args.output, what=f"the {fmt} toolkit", flag="-o")
    when = _date(args.date)
    template_folder(args.templates)  # fail before a slow analysis
    if args.from_json:
        analysis, rubric = _from_json(Path(args.from_json), args.sector, args.rubric)
        stem = Path(args.from_json).stem
    else:
        analysis, rubric = _analyse(
            Path(args.file),
            args.sector,
            args.rubric,
            args.password,
            use_model=not args.no_model,
            limits=reading_limits(args),
        )
        stem = Path(args.file).stem
    sector = analysis.sector.id
    practices, note = load_practices(args.db, rubric, sector)
    data = render_toolkit(
        analysis,
        rubric,
        fmt=fmt,
        org=args.org,
        practices=practices,
        practices_note=note,
        template_dir=args.templates,
        date=when,
    )
    out = args.output or f"{stem}-toolkit.{fmt}"
    write_output(data, out, what="the toolkit", flag="-o")
    if out != "-":
        print(f"wrote {out} ({len(data):,} bytes, {fmt})", file=sys.stderr)
    return 0


def _analyse(
    path: Path,
    sector: str | None,
    rubric_path: str | None,
    password: str | None,
    *,
    use_model: bool = True,
    limits: Limits | None = None,
) -> tuple[Analysis, Rubric]:
    from analyzer.engine import Engine

    engine = Engine.from_defaults(rubric_path=rubric_path, use_model=use_model)
    sector_id = sector or "general"
    engine.rubric.sector(sector_id)  # an unknown sector fails before the slow part
    analysis = engine.analyze(
        path, name=path.name, sector=sector_id, password=password, limits=limits
    )
    return analysis, engine.rubric


def _from_json(path: Path, sector: str | None, rubric_path: str | None) -> tuple[Analysis, Rubric]:
    from pydantic import ValidationError

    from analyzer.results import Analysis
    from analyzer.rubric import load_rubric

    create = "create one with `coc analyze FILE --format json --out ANALYSIS.json`"
    if path.is_dir():
        raise InputError(
            f"{path} is a folder, not a saved analysis: give the saved .json file, or {create}"
        )
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"no saved analysis at {path}; check the path") from None
    except UnicodeDecodeError:
        raise InputError(
            f"{path} is not a saved analysis (it is not a text file): {create}"
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read the saved analysis {path} ({exc.strerror or 'read error'}): check the "
            "file and its permissions"
        ) from None
    if not raw.strip():
        raise InputError(f"{path} is empty, not a saved analysis: {create}")
    try:
        analysis = Analysis.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        if first.get("type") == "json_invalid":
            why = "it is not valid JSON"
        else:
            why = f"field {where or '(top level)'}: {first.get('msg', 'invalid')}"
        raise InputError(f"{path} is not a saved analysis ({why}): {create}") from None
    rubric = load_rubric(rubric_path)
    target = sector or analysis.sector.id
    rubric.sector(target)  # SectorError naming the valid ids
    if analysis.rubric.hash != rubric.hash:
        print(
            f"coc: note: {path.name} was graded with rubric {analysis.rubric.version} "
            f"({analysis.rubric.hash[:8]}); the toolkit uses rubric {rubric.version} "
            f"({rubric.hash[:8]}). Re-analyse the document to grade it with this rubric.",
            file=sys.stderr,
        )
    if target != analysis.sector.id or analysis.rubric.hash != rubric.hash:
        from analyzer.engine import rescore

        # Levels and evidence stay; sector fields, scores and legal coverage are recomputed.
        analysis = rescore(rubric, analysis, target)
    return analysis, rubric
