"""``coc analyze FILE``: grade a code of conduct against the rubric."""

from __future__ import annotations

import argparse

from analyzer.cli._common import (
    add_reading_options,
    add_rubric_option,
    reading_limits,
    write_output,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "analyze",
        aliases=["analyse"],  # the British spelling our documents use
        help="grade a code of conduct (PDF, DOCX, HTML, Markdown, text) against the rubric",
        description=(
            "Grade every rubric criterion 0-3 with quoted evidence, score themes, overall and "
            "sector suitability, and check legal checklists."
        ),
    )
    p.add_argument("file", metavar="FILE", help="the document to analyse")
    p.add_argument(
        "--sector",
        default="general",
        metavar="ID",
        help="sector profile for suitability, targets and priorities (default: general)",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "md"),
        default="table",
        help="output format: table (default, for people), json (the analysis contract) or md",
    )
    add_rubric_option(p)
    p.add_argument("--out", metavar="PATH", default=None, help="write to PATH instead of stdout")
    add_reading_options(p)
    p.add_argument(
        "--no-model",
        action="store_true",
        help="grade with the rubric's rules only (do not load the trained classifier)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from analyzer.engine import Engine
    from analyzer.errors import InputError

    path = Path(args.file)
    if not path.exists():
        raise InputError(f"file not found: {args.file}; check the path and try again")
    if path.is_dir():
        raise InputError(
            f"{args.file} is a folder; give one document file (use `coc batch` for folders)"
        )
    limits = reading_limits(args)
    engine = Engine.from_defaults(args.rubric, use_model=not args.no_model)
    engine.rubric.sector(args.sector)  # SectorError lists the valid ids
    analysis = engine.analyze(path, sector=args.sector, password=args.password, limits=limits)
    if args.format == "json":
        text = analysis.model_dump_json(indent=2)
    elif args.format == "md":
        from analyzer.report_text import render_markdown

        text = render_markdown(analysis)
    else:
        from analyzer.report_text import render_table

        text = render_table(analysis)
    write_output(text, args.out)
    return 0
