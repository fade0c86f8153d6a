"""Score CoC Analyzer's engine against the held-out gold labels (document level).

Usage: .venv/bin/python corpus/heldout/score_engine.py [--json OUT] [--no-model] [--dir PATH]

Analyses every document in docs/ with the sector of its gold line and compares the predicted
level of each of the 35 criteria with the gold level: exact accuracy, accuracy within one level,
mean absolute error, detection precision/recall/F1 (level >= 1), a 4x4 confusion matrix, and
the evidence hit rate (share of correctly detected criteria for which one of the engine's
evidence clauses overlaps the gold quote). Read-only: it never changes the gold or the model.
The scoring is :func:`analyzer.evaluation.evaluate_gold`, which `coc evaluate --gold DIR` also
uses (and which prints the rules-only column and per-criterion figures beside the model's).
--dir PATH scores another set laid out the same way (for example corpus/heldout2); without it
the script scores its own folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    from analyzer.evaluation import evaluate_gold

    use_model = "--no-model" not in argv
    out = Path(argv[argv.index("--json") + 1]) if "--json" in argv else None
    root = Path(argv[argv.index("--dir") + 1]).resolve() if "--dir" in argv else HERE
    res = evaluate_gold(root)  # the same scoring as `coc evaluate --gold DIR`
    part = res["model" if use_model else "rules"]
    micro = part["micro"]
    for doc in part["per_document"]:
        print(f"{doc['doc']:44s} exact {doc['exact']:2d}/{doc['of']}")
    summary = {
        "documents": res["documents"],
        "criteria_graded": micro["pairs"],
        "exact_accuracy": round(micro["exact"], 3),
        "within_one_accuracy": round(micro["within_one"], 3),
        "mean_absolute_error": round(micro["mae"], 3),
        "detection_precision": round(micro["presence"]["precision"], 3),
        "detection_recall": round(micro["presence"]["recall"], 3),
        "detection_f1": round(micro["presence"]["f1"], 3),
        "level2_f1": round(micro["level2"]["f1"], 3),
        "evidence_hit_rate": round(micro["evidence_hit_rate"], 3),
        "confusion_gold_rows_pred_cols": part["confusion"],
        "use_model": use_model,
        "per_document": part["per_document"],
    }
    for key, value in summary.items():
        if key not in ("per_document", "confusion_gold_rows_pred_cols"):
            print(f"{key}: {value}")
    print("confusion (rows gold 0-3, columns predicted 0-3):")
    for level, line in enumerate(part["confusion"]):
        print(f"  gold {level}: {line}")
    if out is not None:
        out.write_text(json.dumps(summary, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
