"""Score CoC Analyzer's engine against the held-out gold labels (document level).

Usage: .venv/bin/python corpus/heldout/score_engine.py [--json OUT] [--no-model] [--dir PATH]

Analyses every document in docs/ with the sector of its gold line and compares the predicted
level of each of the 35 criteria with the gold level: exact accuracy, accuracy within one level,
mean absolute error, detection precision/recall/F1 (level >= 1), a 4x4 confusion matrix, and
the evidence hit rate (share of correctly detected criteria for which one of the engine's
evidence clauses overlaps the gold quote). Read-only: it never changes the gold or the model.
--dir PATH scores another set laid out the same way (for example corpus/heldout2); without it
the script scores its own folder.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _overlaps(gold: str, predicted: str) -> bool:
    if gold in predicted or predicted in gold:
        return True
    g, p = _words(gold), _words(predicted)
    return bool(g) and len(g & p) / len(g) >= 0.6


def main(argv: list[str]) -> int:
    from analyzer.engine import Engine

    use_model = "--no-model" not in argv
    out = Path(argv[argv.index("--json") + 1]) if "--json" in argv else None
    root = Path(argv[argv.index("--dir") + 1]).resolve() if "--dir" in argv else HERE
    engine = Engine.from_defaults(use_model=use_model)
    gold_rows = [json.loads(x) for x in (root / "gold.jsonl").read_text("utf-8").splitlines()]
    confusion = [[0] * 4 for _ in range(4)]
    tp = fp = fn = exact = within1 = abs_err = total = ev_hit = 0
    per_doc = []
    for row in gold_rows:
        analysis = engine.analyze(root / row["file"], sector=row["sector"])
        results = {c.id: c for c in analysis.criteria}
        doc_exact = 0
        for cid, gold_level in row["levels"].items():
            res = results.get(cid)
            pred = res.level if res is not None else 0
            confusion[gold_level][pred] += 1
            total += 1
            exact += pred == gold_level
            doc_exact += pred == gold_level
            within1 += abs(pred - gold_level) <= 1
            abs_err += abs(pred - gold_level)
            if pred >= 1 and gold_level >= 1:
                tp += 1
                quote = row["evidence"][cid]
                if res is not None and any(_overlaps(quote, e.text) for e in res.evidence):
                    ev_hit += 1
            elif pred >= 1:
                fp += 1
            elif gold_level >= 1:
                fn += 1
        per_doc.append({"doc": row["doc"], "exact": doc_exact, "of": len(row["levels"])})
        print(f"{row['doc']:44s} exact {doc_exact:2d}/35")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    summary = {
        "documents": len(gold_rows),
        "criteria_graded": total,
        "exact_accuracy": round(exact / total, 3),
        "within_one_accuracy": round(within1 / total, 3),
        "mean_absolute_error": round(abs_err / total, 3),
        "detection_precision": round(precision, 3),
        "detection_recall": round(recall, 3),
        "detection_f1": round(f1, 3),
        "evidence_hit_rate": round(ev_hit / tp, 3) if tp else 0.0,
        "confusion_gold_rows_pred_cols": confusion,
        "use_model": use_model,
        "per_document": per_doc,
    }
    for key, value in summary.items():
        if key not in ("per_document", "confusion_gold_rows_pred_cols"):
            print(f"{key}: {value}")
    print("confusion (rows gold 0-3, columns predicted 0-3):")
    for level, line in enumerate(confusion):
        print(f"  gold {level}: {line}")
    if out is not None:
        out.write_text(json.dumps(summary, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
