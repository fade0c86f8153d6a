"""``coc train``: rebuild the classifier from the labelled corpus (reproducible)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analyzer.cli._common import (
    add_folds_option,
    add_rubric_option,
    add_writer_gold_options,
    check_folds,
    labelled_files,
    positive_float,
    writer_gold,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "train",
        help="retrain the clause classifier from corpus/labels/*.jsonl",
        description=(
            "Train the relevance and level models on the labelled clauses, tune thresholds by "
            "grouped cross-validation, and write the model (NumPy arrays, no pickle) plus its "
            "model card. The level model also learns from the clauses that independent writers "
            "quoted in the development sets' document-level gold (see --writer-gold)."
        ),
    )
    p.add_argument(
        "--data",
        metavar="PATH",
        default=None,
        help="a folder of labelled JSONL files or one file (default: corpus/labels/)",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help="where to write clf.npz and model_card.json (default: analyzer/models/)",
    )
    add_rubric_option(p)
    add_folds_option(p, help="grouped CV folds (default 5)")
    p.add_argument(
        "--c",
        type=positive_float,
        default=2.0,
        help="inverse L2 strength of the relevance model (a number above 0; default 2.0)",
    )
    p.add_argument(
        "--evaluate",
        action="store_true",
        help="also run the full nested grouped CV (slower) and store it in the model card",
    )
    add_writer_gold_options(p)
    p.add_argument(
        "--no-document-model",
        action="store_true",
        help="do not fit the document model on the held-out sets' document-level gold "
        "(heldout to heldout20); levels then come from the rules alone",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from analyzer import resources
    from analyzer.persistence import MODEL_NAME, save_classifier
    from analyzer.rubric import load_rubric
    from analyzer.training import train

    check_folds(args.folds)
    rubric = load_rubric(args.rubric)
    files = labelled_files(args)
    writers = writer_gold(args)
    out_dir = Path(args.out) if args.out else resources.model_dir()
    _check_writable(out_dir)  # before the slow training, not after
    print(f"training on {len(files)} file(s)...", file=sys.stderr)
    clf, card = train(
        rubric,
        files,
        c=args.c,
        folds=args.folds,
        evaluate=args.evaluate,
        writer_gold=writers,
        document_gold=[] if args.no_document_model else None,
    )
    card = save_classifier(clf, out_dir / MODEL_NAME, card)
    micro = card["oof_clause_metrics"]["micro"]
    print(
        f"wrote {out_dir / MODEL_NAME} ({(out_dir / MODEL_NAME).stat().st_size // 1024} KiB): "
        f"{card['documents']} documents, {card['clauses']} clauses; grouped out-of-fold clause "
        f"F1 {micro['f1']:.3f} (P {micro['precision']:.3f}, R {micro['recall']:.3f}); level "
        f"model also on {card['writer_gold']['examples']} quoted clauses of "
        f"{len(card['writer_gold']['sets'])} gold set(s)"
    )
    document = card.get("document_model")
    if document:
        loso = document["leave_one_set_out"]
        extra = ""
        if loso:
            extra = (
                f"; leaving each set out, exact level {loso['rules']['exact']:.3f} -> "
                f"{loso['model']['exact']:.3f}, MAE {loso['rules']['mae']:.3f} -> "
                f"{loso['model']['mae']:.3f} ({loso['sets_improved']} of {len(loso['sets'])} "
                "sets better)"
            )
        print(
            f"document model on {document['rows']} graded criteria of "
            f"{len(document['sets'])} gold set(s){extra}"
        )
    if "metrics" in card:
        doc = card["metrics"]["model"]["document"]["micro"]
        print(
            f"nested CV, document level: presence F1 {doc['presence']['f1']:.3f}, level>=2 F1 "
            f"{doc['level2']['f1']:.3f}, exact {doc['exact']:.3f}, MAE {doc['mae']:.3f}"
        )
    return 0


def _check_writable(out_dir: Path) -> None:
    """Fail early, in one line, when the model folder cannot be written."""
    import os

    from analyzer.errors import AnalyzerError

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnalyzerError(
            f"cannot write the model to {out_dir}: {exc.strerror or exc}; "
            "choose another folder with --out"
        ) from exc
    if not os.access(out_dir, os.W_OK):
        raise AnalyzerError(
            f"cannot write the model to {out_dir}: permission denied; "
            "choose another folder with --out"
        )
