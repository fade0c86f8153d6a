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
    add_password_option,
    add_rubric_option,
    write_output,
)
from analyzer.errors import InputError

if TYPE_CHECKING:
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
    add_password_option(parser, help="password of a PDF")
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


def _format(args: argparse.Namespace) -> str:
    if args.fmt:
        return str(args.fmt)
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix == "markdown":
            return "md"
        if suffix in FORMAT_CHOICES:
            return suffix
    return "docx"


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
    when = _date(args.date)
    template_folder(args.templates)  # fail before a slow analysis
    if args.from_json:
        analysis, rubric = _from_json(Path(args.from_json), args.sector, args.rubric)
        stem = Path(args.from_json).stem
    else:
        analysis, rubric = _analyse(
            Path(args.file), args.sector, args.rubric, args.password, use_model=not args.no_model
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
) -> tuple[Analysis, Rubric]:
    from analyzer.engine import Engine

    engine = Engine.from_defaults(rubric_path=rubric_path, use_model=use_model)
    sector_id = sector or "general"
    engine.rubric.sector(sector_id)  # an unknown sector fails before the slow part
    analysis = engine.analyze(path, name=path.name, sector=sector_id, password=password)
    return analysis, engine.rubric


def _from_json(path: Path, sector: str | None, rubric_path: str | None) -> tuple[Analysis, Rubric]:
    from pydantic import ValidationError

    from analyzer.results import Analysis
    from analyzer.rubric import load_rubric

    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"no saved analysis at {path}; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the saved analysis {path}: {exc}") from None
    try:
        analysis = Analysis.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise InputError(
            f"{path} is not a saved analysis ({where}: {first.get('msg', 'invalid')}); "
            "create one with `coc analyze FILE --format json --out ANALYSIS.json`"
        ) from None
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
