"""``coc extract FILE``: show the cleaned clauses of a document (text or JSON)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from analyzer.cli._common import add_reading_options, reading_limits, write_output
from analyzer.errors import InputError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``extract`` subcommand."""
    parser = subparsers.add_parser(
        "extract",
        help="read a document and print its cleaned clauses",
        description=(
            "Read a code of conduct (PDF, DOCX, HTML, Markdown or text; the format is detected "
            "from the content) and print its clauses with page and section heading."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the document to read")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one clause per line as 'p.N [heading] text' (default); json: the whole "
        "extracted document",
    )
    add_reading_options(parser)
    parser.add_argument(
        "--no-ocr",
        action="store_true",
        help="never run OCR on scanned pages (by default OCR runs when Tesseract is installed)",
    )
    parser.add_argument(
        "-o", "--out", metavar="PATH", default=None, help="write to PATH, not stdout"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Handler of ``coc extract``."""
    import sys

    from analyzer.ingest import load_document

    limits = reading_limits(args)
    source: str | bytes = args.file
    if args.file == "-":
        source = sys.stdin.buffer.read()
        if not source:
            raise InputError("no input on stdin: pipe a document in or give a FILE")
    doc = load_document(
        source,
        name="stdin" if args.file == "-" else None,
        password=args.password,
        limits=limits,
        ocr=False if args.no_ocr else None,
    )
    for warning in doc.warnings:
        print(f"coc: warning: {warning}", file=sys.stderr)
    if args.format == "json":
        out = json.dumps(asdict(doc), ensure_ascii=False, indent=2)
    else:
        lines = []
        for clause in doc.clauses:
            heading = f" [{clause.heading}]" if clause.heading and clause.kind != "heading" else ""
            marker = {"heading": "#", "bullet": "•", "table_row": "|"}.get(clause.kind, "")
            text = f"{marker} {clause.text}" if marker else clause.text
            ocr = " (OCR)" if clause.ocr else ""
            lines.append(f"p.{clause.page}{heading}{ocr} {text}")
        out = "\n".join(lines)
    write_output(out, args.out)
    return 0
