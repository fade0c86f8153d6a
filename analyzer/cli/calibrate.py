"""``coc calibrate``: measure how often the engine's levels agree with independent gold."""

from __future__ import annotations

import argparse
from pathlib import Path

from analyzer.cli._common import add_rubric_option


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "calibrate",
        help="measure calibrated confidences on gold documents (run after coc train)",
        description=(
            "Run the engine with its model on whole documents with document-level gold and "
            "count, per kind of finding (level; rubric cue or model only; one clause or "
            "several), how often its level equalled the gold level. The counts are written "
            "beside the model (calibration.yaml); `coc analyze` then reports each criterion's "
            "confidence as that smoothed agreement rate. By default the development sets "
            "corpus/heldout to corpus/heldout6 are used; the test sets stay untouched."
        ),
    )
    p.add_argument(
        "--gold",
        metavar="DIR",
        action="append",
        default=None,
        help=(
            "a folder with gold.jsonl and its documents (repeatable; default: corpus/heldout "
            "to corpus/heldout6)"
        ),
    )
    p.add_argument(
        "--model",
        metavar="PATH",
        default=None,
        help="the trained model to calibrate (default: the bundled analyzer/models/clf.npz)",
    )
    add_rubric_option(p)
    p.add_argument(
        "--out",
        metavar="PATH",
        default=None,
        help="where to write the counts (default: calibration.yaml beside the model)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from analyzer import resources
    from analyzer.calibration import (
        CALIBRATION_NAME,
        DEFAULT_SETS,
        bucket_rates,
        calibrate,
        save_calibration,
    )
    from analyzer.engine import Engine
    from analyzer.errors import InputError
    from analyzer.persistence import default_model_path

    folders = (
        [Path(g) for g in args.gold]
        if args.gold
        else [resources.ROOT / "corpus" / name for name in DEFAULT_SETS]
    )
    for folder in folders:
        if not (folder / "gold.jsonl").is_file():
            raise InputError(
                f"no gold.jsonl in {folder}; give a folder of documents with document-level "
                "gold with --gold (for example corpus/heldout2)"
            )
    model = Path(args.model) if args.model else default_model_path()
    out = Path(args.out) if args.out else model.with_name(CALIBRATION_NAME)
    # None: the bundled model (calibrate() refuses a rules-only engine); --model must load
    engine = Engine.from_defaults(args.rubric, args.model)
    if engine.classifier is not None:
        print(f"calibrating on {len(folders)} gold folder(s)...", file=sys.stderr)
    cal = calibrate(engine, folders)
    try:
        path = save_calibration(cal, out)
    except OSError as exc:
        raise InputError(
            f"cannot write the calibration to {out}: {exc.strerror or exc}; "
            "choose another path with --out"
        ) from exc
    n = sum(d for _a, d in cal.counts.values())
    print(f"wrote {path}: {n} criterion levels from {len(folders)} folder(s)")
    for key, agreed, documents, rate in bucket_rates(cal):
        print(f"  {key:<18}{agreed:>5} / {documents:<5} agree; confidence {rate:.2f}")
    return 0
