"""``coc evaluate``: held-out figures of the engine, and the AIMS peer test."""

from __future__ import annotations

import argparse

from analyzer.cli._common import (
    add_folds_option,
    add_format_option,
    add_rubric_option,
    add_writer_gold_options,
    check_folds,
    labelled_files,
    write_output,
    writer_gold,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "evaluate",
        help="grouped cross-validation of the engine (model vs rules only), --gold or --aims",
        description=(
            "Cross-validate the engine by document (GroupKFold; a document is never split): "
            "clause-level precision/recall/F1 per criterion and document-level presence, "
            "level>=2, exact level and mean absolute level error, with a rules-only baseline "
            "side by side. --gold DIR scores the shipped engine on a folder of whole documents "
            "with document-level gold. --aims trains the same design on AIMS.au(+ca) sentences "
            "and tests on AIMS.uk."
        ),
    )
    p.add_argument("--data", metavar="PATH", default=None, help="labelled JSONL folder or file")
    add_rubric_option(p)
    add_folds_option(p, help="outer grouped CV folds (default 5)")
    add_format_option(p)
    p.add_argument("--out", metavar="PATH", default=None, help="write to PATH instead of stdout")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--aims",
        action="store_true",
        help="run the AIMS peer test (needs shared/data/aims/) instead of the corpus CV",
    )
    which.add_argument(
        "--gold",
        metavar="DIR",
        default=None,
        help=(
            "score the shipped engine (and the rules only) on whole documents with "
            "document-level gold: DIR holds gold.jsonl and the documents it names, e.g. "
            "corpus/heldout2"
        ),
    )
    add_writer_gold_options(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json

    from analyzer.errors import InputError

    check_folds(args.folds)
    if args.aims:
        from analyzer.aims import evaluate_aims, render_aims

        res = evaluate_aims()
        text = json.dumps(res, indent=2) if args.format == "json" else render_aims(res)
        write_output(text, args.out)
        return 0
    if args.gold:
        from pathlib import Path

        from analyzer.evaluation import evaluate_gold, render_gold

        gold = evaluate_gold(Path(args.gold), rubric_path=args.rubric)
        text = (
            json.dumps(gold, indent=2, default=str) if args.format == "json" else render_gold(gold)
        )
        write_output(text, args.out)
        return 0
    from analyzer.evaluation import cross_validate, render_table
    from analyzer.match import CueMatcher
    from analyzer.rubric import load_rubric
    from analyzer.training import load_labelled, writer_gold_dirs, writer_level_examples

    rubric = load_rubric(args.rubric)
    docs = load_labelled(labelled_files(args), rubric.criterion_ids)
    if len(docs) < args.folds:
        raise InputError(
            f"{len(docs)} documents are too few for {args.folds} folds; give fewer --folds or "
            "more labelled documents"
        )
    folders = writer_gold(args)
    matcher = CueMatcher(rubric)
    extra = writer_level_examples(
        writer_gold_dirs() if folders is None else folders, matcher, rubric.criterion_ids
    )
    res = cross_validate(rubric, docs, matcher=matcher, folds=args.folds, extra_levels=extra)
    text = json.dumps(res, indent=2) if args.format == "json" else render_table(res)
    write_output(text, args.out)
    return 0
