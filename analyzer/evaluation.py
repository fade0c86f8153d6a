"""Held-out evaluation of the engine (``coc evaluate``): grouped cross-validation by document,
and scoring against a folder of whole documents with document-level gold (``--gold DIR``).

Documents are never split: :class:`sklearn.model_selection.GroupKFold` over document ids. In
each fold the classifier is trained (with its own inner grouped CV for thresholds) on the other
documents, and the full engine grading (:class:`analyzer.engine.Grader` + :func:`aggregate`) runs
on the held-out ones, side by side with the rules-only engine. Reported:

- clause level, per criterion and micro: precision, recall, F1 of "this clause addresses the
  criterion"; and the exact-level accuracy on clauses found and labelled;
- document level, micro over (document, criterion) pairs and per criterion: presence F1
  (level >= 1), level >= 2 F1, exact level accuracy (all pairs, and pairs where gold or
  prediction is present), mean absolute level error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from analyzer.training import LEVEL_C

if TYPE_CHECKING:
    from analyzer.match import CueMatcher
    from analyzer.rubric import Rubric
    from analyzer.training import LabelledDoc, Prepared

__all__ = [
    "cross_validate",
    "doc_metrics",
    "evaluate_gold",
    "load_gold",
    "prf",
    "render_gold",
    "render_table",
]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0 when undefined) with the counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def doc_metrics(
    gold: Sequence[dict[str, int]], pred: Sequence[dict[str, int]], criteria: Sequence[str]
) -> dict[str, Any]:
    """Document-level metrics over (document, criterion) pairs, micro and per criterion."""
    per: dict[str, dict[str, Any]] = {}
    tot = {"p_tp": 0, "p_fp": 0, "p_fn": 0, "s_tp": 0, "s_fp": 0, "s_fn": 0}
    exact = exact_present = n_present = 0
    abs_err = 0
    n = 0
    for cid in criteria:
        c = {"p_tp": 0, "p_fp": 0, "p_fn": 0, "s_tp": 0, "s_fp": 0, "s_fn": 0}
        c_exact = 0
        c_err = 0
        for g_doc, p_doc in zip(gold, pred, strict=True):
            g, p = g_doc.get(cid, 0), p_doc.get(cid, 0)
            for key, gv, pv in (("p", g >= 1, p >= 1), ("s", g >= 2, p >= 2)):
                if gv and pv:
                    c[f"{key}_tp"] += 1
                elif pv:
                    c[f"{key}_fp"] += 1
                elif gv:
                    c[f"{key}_fn"] += 1
            c_exact += int(g == p)
            c_err += abs(g - p)
            if g or p:
                n_present += 1
                exact_present += int(g == p)
        for k in tot:
            tot[k] += c[k]
        exact += c_exact
        abs_err += c_err
        n += len(gold)
        per[cid] = {
            "presence_f1": prf(c["p_tp"], c["p_fp"], c["p_fn"])["f1"],
            "level2_f1": prf(c["s_tp"], c["s_fp"], c["s_fn"])["f1"],
            "exact": round(c_exact / len(gold), 4) if gold else 0.0,
            "mae": round(c_err / len(gold), 4) if gold else 0.0,
        }
    return {
        "micro": {
            "presence": prf(tot["p_tp"], tot["p_fp"], tot["p_fn"]),
            "level2": prf(tot["s_tp"], tot["s_fp"], tot["s_fn"]),
            "exact": round(exact / n, 4) if n else 0.0,
            "exact_present": round(exact_present / n_present, 4) if n_present else 0.0,
            "mae": round(abs_err / n, 4) if n else 0.0,
            "pairs": n,
        },
        "per_criterion": per,
    }


def _clause_metrics(
    found: Sequence[dict[str, int]], gold: Sequence[dict[str, int]], criteria: Sequence[str]
) -> dict[str, Any]:
    per: dict[str, Any] = {}
    ttp = tfp = tfn = 0
    lv_ok = lv_n = 0
    for cid in criteria:
        tp = fp = fn = 0
        for f, g in zip(found, gold, strict=True):
            pv, gv = cid in f, cid in g
            if pv and gv:
                tp += 1
                lv_n += 1
                lv_ok += int(f[cid] == g[cid])
            elif pv:
                fp += 1
            elif gv:
                fn += 1
        per[cid] = prf(tp, fp, fn)
        ttp, tfp, tfn = ttp + tp, tfp + fp, tfn + fn
    return {
        "micro": {
            **prf(ttp, tfp, tfn),
            "level_exact_on_found": round(lv_ok / lv_n, 4) if lv_n else 0.0,
        },
        "per_criterion": per,
    }


def cross_validate(
    rubric: Rubric,
    docs: Sequence[LabelledDoc],
    *,
    matcher: CueMatcher | None = None,
    prep: Prepared | None = None,
    c: float = 2.0,
    level_c: float = LEVEL_C,
    char: bool = True,
    folds: int = 5,
    inner_folds: int = 3,
    raw: bool = False,
    extra_levels: Sequence[tuple[str, int]] = (),
) -> dict[str, Any]:
    """Grouped CV of the engine with the model and with rules only (see module doc).

    ``raw`` adds the per-clause and per-document predictions (for error analysis).
    ``extra_levels``: level-model examples from other documents (the development sets' quoted
    clauses, :func:`analyzer.training.writer_level_examples`), added to every fold's training.
    """
    from sklearn.model_selection import GroupKFold

    from analyzer.engine import Grader, aggregate
    from analyzer.match import CueMatcher
    from analyzer.training import fit_classifier, prepare

    criteria = rubric.criterion_ids
    single = rubric.single_clause_ids
    matcher = matcher or CueMatcher(rubric)
    prep = prep or prepare(docs, matcher, criteria)
    doc_ids = [d.doc for d in docs]
    rows_of: dict[str, list[int]] = {}
    for i, g in enumerate(prep.groups):
        rows_of.setdefault(g, []).append(i)
    k = min(folds, len(docs))
    rules = Grader(rubric, matcher, None)
    results: dict[str, dict[str, list[dict[str, int]]]] = {
        mode: {"clause_pred": [], "clause_gold": [], "doc_pred": [], "doc_gold": []}
        for mode in ("model", "rules")
    }
    order = np.arange(len(docs))
    for tr, te in GroupKFold(n_splits=k).split(order, groups=doc_ids):
        train_rows = np.asarray(sorted(i for d in tr for i in rows_of[docs[d].doc]), dtype=np.int64)
        clf = fit_classifier(
            prep,
            train_rows,
            criteria,
            c=c,
            level_c=level_c,
            char=char,
            folds=inner_folds,
            extra_levels=extra_levels,
        )
        model = Grader(rubric, matcher, clf)
        for d in te:
            doc = docs[d]
            for mode, grader in (("model", model), ("rules", rules)):
                per_clause = grader.findings(doc.texts, doc.headings)
                res = results[mode]
                by_crit: dict[str, list[Any]] = {}
                for row, gold in zip(per_clause, doc.labels, strict=True):
                    res["clause_pred"].append({f.criterion: f.level for f in row})
                    res["clause_gold"].append(dict(gold))
                    for f in row:
                        by_crit.setdefault(f.criterion, []).append(f)
                res["doc_pred"].append(
                    {
                        cid: aggregate(fs, single_clause=cid in single).level
                        for cid, fs in by_crit.items()
                    }
                )
                res["doc_gold"].append(doc.doc_levels())
    out: dict[str, Any] = {"folds": k, "documents": len(docs), "clauses": len(prep.texts)}
    for mode, res in results.items():
        out[mode] = {
            "clause": _clause_metrics(res["clause_pred"], res["clause_gold"], criteria),
            "document": doc_metrics(res["doc_gold"], res["doc_pred"], criteria),
        }
        if raw:
            out[mode]["raw"] = res
    if raw:
        out["doc_order"] = [
            docs[d].doc for _, te in GroupKFold(n_splits=k).split(order, groups=doc_ids) for d in te
        ]
    return out


def render_table(metrics: dict[str, Any]) -> str:
    """Side-by-side table of model vs rules-only, micro then per criterion."""
    lines = [
        f"Grouped {metrics['folds']}-fold cross-validation by document: "
        f"{metrics['documents']} documents, {metrics['clauses']} clauses",
        "",
        f"{'micro':<34}{'model':>10}{'rules':>10}",
    ]
    m, r = metrics["model"], metrics["rules"]
    rows = [
        ("clause precision", m["clause"]["micro"]["precision"], r["clause"]["micro"]["precision"]),
        ("clause recall", m["clause"]["micro"]["recall"], r["clause"]["micro"]["recall"]),
        ("clause F1", m["clause"]["micro"]["f1"], r["clause"]["micro"]["f1"]),
        (
            "clause level exact (found)",
            m["clause"]["micro"]["level_exact_on_found"],
            r["clause"]["micro"]["level_exact_on_found"],
        ),
        (
            "doc presence F1",
            m["document"]["micro"]["presence"]["f1"],
            r["document"]["micro"]["presence"]["f1"],
        ),
        (
            "doc level>=2 F1",
            m["document"]["micro"]["level2"]["f1"],
            r["document"]["micro"]["level2"]["f1"],
        ),
        (
            "doc exact level (all pairs)",
            m["document"]["micro"]["exact"],
            r["document"]["micro"]["exact"],
        ),
        (
            "doc exact level (present pairs)",
            m["document"]["micro"]["exact_present"],
            r["document"]["micro"]["exact_present"],
        ),
        ("doc mean abs level error", m["document"]["micro"]["mae"], r["document"]["micro"]["mae"]),
    ]
    lines += [f"{name:<34}{a:>10.3f}{b:>10.3f}" for name, a, b in rows]
    lines += [
        "",
        f"{'criterion':<32}{'clsF1':>7}{'rules':>7}{'presF1':>8}{'rules':>7}"
        f"{'lv2F1':>7}{'rules':>7}{'exact':>7}{'rules':>7}",
    ]
    for cid in m["clause"]["per_criterion"]:
        mc, rc = m["clause"]["per_criterion"][cid], r["clause"]["per_criterion"][cid]
        md, rd = m["document"]["per_criterion"][cid], r["document"]["per_criterion"][cid]
        lines.append(
            f"{cid:<32}{mc['f1']:>7.2f}{rc['f1']:>7.2f}{md['presence_f1']:>8.2f}"
            f"{rd['presence_f1']:>7.2f}{md['level2_f1']:>7.2f}{rd['level2_f1']:>7.2f}"
            f"{md['exact']:>7.2f}{rd['exact']:>7.2f}"
        )
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ document-level gold sets
def load_gold(
    folder: Path, criteria: Sequence[str], *, other_criteria: bool = False
) -> list[dict[str, Any]]:
    """The lines of ``folder/gold.jsonl``, checked (files exist, every criterion graded 0-3).

    ``other_criteria``: levels of criteria outside ``criteria`` (gold written for another
    rubric) are dropped instead of being an error.
    """
    import json

    from analyzer.errors import InputError

    path = folder / "gold.jsonl"
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(
            f"no gold file at {path}: a gold folder holds gold.jsonl and the documents it names"
        ) from exc
    rows: list[dict[str, Any]] = []
    known = set(criteria)
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            doc_file = folder / str(row["file"])
            levels = {str(k): int(v) for k, v in row["levels"].items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(
                f"{path.name} line {n} is not a gold line (needs file, levels): {exc}"
            ) from exc
        if other_criteria:
            levels = {k: v for k, v in levels.items() if k in known}
        bad = sorted(set(levels) - known) or sorted(k for k, v in levels.items() if not 0 <= v <= 3)
        if bad:
            raise InputError(f"{path.name} line {n}: unknown criterion or level outside 0-3: {bad}")
        if not doc_file.is_file():
            raise InputError(f"{path.name} line {n}: document {doc_file} is missing")
        rows.append({**row, "path": doc_file, "levels": levels})
    if not rows:
        raise InputError(f"{path} has no gold lines")
    return rows


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def quote_found(gold: str, texts: Sequence[str]) -> bool:
    """Whether one of the evidence texts overlaps the gold quote (60% of its words)."""
    g = _words(gold)
    return any(
        gold in t or t in gold or (bool(g) and len(g & _words(t)) / len(g) >= 0.6) for t in texts
    )


def calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> dict[str, float]:
    """How well confidences predict that a level is right: the Brier score (mean squared gap
    between confidence and 1/0) and the expected calibration error (confidence bins of width
    1/``bins``, the count-weighted mean of |mean confidence - share right|); 0 is perfect."""
    if not pairs:
        return {"brier": 0.0, "ece": 0.0}
    brier = sum((c - float(ok)) ** 2 for c, ok in pairs) / len(pairs)
    groups: dict[int, list[tuple[float, bool]]] = {}
    for c, ok in pairs:
        groups.setdefault(min(bins - 1, int(c * bins)), []).append((c, ok))
    ece = sum(
        abs(sum(c for c, _ in grp) / len(grp) - sum(ok for _, ok in grp) / len(grp)) * len(grp)
        for grp in groups.values()
    ) / len(pairs)
    return {"brier": round(brier, 4), "ece": round(ece, 4)}


def evaluate_gold(
    folder: Path, *, rubric_path: str | Path | None = None, model_path: str | Path | None = None
) -> dict[str, Any]:
    """Analyse every document of a gold folder with the shipped engine and the rules only.

    Each document is analysed with the sector of its gold line (``general`` if absent); the
    criterion levels are compared with the gold: :func:`doc_metrics` (presence, level >= 2,
    exact, MAE, per criterion), within-one accuracy, the 4x4 confusion matrix (rows gold, columns
    predicted), the evidence hit rate (share of criteria found at level >= 1 in both where an
    evidence clause overlaps the gold quote; the first-clause rate counts only the clause quoted
    first) and the exact count per document.
    """
    from analyzer.engine import Engine
    from analyzer.ingest import load_document

    out: dict[str, Any] = {"set": str(folder)}
    engines = {
        "model": Engine.from_defaults(rubric_path, model_path),
        "rules": Engine.from_defaults(rubric_path, use_model=False),
    }
    criteria = engines["rules"].rubric.criterion_ids
    rows = load_gold(folder, criteria)
    out["documents"] = len(rows)
    docs = [load_document(row["path"]) for row in rows]  # read once, graded by both engines
    gold = [{cid: row["levels"].get(cid, 0) for cid in criteria} for row in rows]
    for kind, engine in engines.items():
        if kind == "model" and engine.model_info.kind == "rules":
            out["model_warning"] = "no usable trained model: the model column is rules only"
        pred: list[dict[str, int]] = []
        confusion = [[0] * 4 for _ in range(4)]
        hits = first = both = 0
        per_doc = []
        conf: list[tuple[float, bool]] = []  # (confidence, level agreed) per criterion
        for row, doc, g in zip(rows, docs, gold, strict=True):
            analysis = engine.analyze_document(doc, sector=row.get("sector") or "general")
            res = {c.id: c for c in analysis.criteria}
            p = {cid: res[cid].level if cid in res else 0 for cid in criteria}
            for cid in criteria:
                confusion[g[cid]][p[cid]] += 1
                if cid in res:
                    conf.append((res[cid].confidence, g[cid] == p[cid]))
                quote = (row.get("evidence") or {}).get(cid)
                if g[cid] and p[cid] and quote:
                    both += 1
                    texts = [e.text for e in res[cid].evidence]
                    hits += quote_found(quote, texts)
                    first += quote_found(quote, texts[:1])
            pred.append(p)
            per_doc.append(
                {
                    "doc": row.get("doc", row["path"].name),
                    "exact": sum(g[c] == p[c] for c in criteria),
                    "of": len(criteria),
                }
            )
        metrics = doc_metrics(gold, pred, criteria)
        pairs = len(rows) * len(criteria)
        near = sum(abs(a[c] - b[c]) <= 1 for a, b in zip(gold, pred, strict=True) for c in criteria)
        metrics["micro"]["within_one"] = round(near / pairs, 4)
        metrics["micro"]["evidence_hit_rate"] = round(hits / both, 4) if both else 0.0
        metrics["micro"]["evidence_first_rate"] = round(first / both, 4) if both else 0.0
        metrics["micro"].update(calibration_error(conf))
        metrics["confusion"] = confusion
        metrics["per_document"] = per_doc
        out[kind] = metrics
    return out


def render_gold(res: dict[str, Any]) -> str:
    """Model vs rules-only table for a gold set, then per criterion and per document."""
    m, r = res["model"]["micro"], res["rules"]["micro"]
    lines = [f"Gold set {res['set']}: {res['documents']} documents, {m['pairs']} criteria graded"]
    if "model_warning" in res:
        lines.append(f"warning: {res['model_warning']}")
    lines += ["", f"{'micro':<34}{'model':>10}{'rules':>10}"]
    rows = [
        ("presence F1 (level >= 1)", m["presence"]["f1"], r["presence"]["f1"]),
        ("presence precision", m["presence"]["precision"], r["presence"]["precision"]),
        ("presence recall", m["presence"]["recall"], r["presence"]["recall"]),
        ("level >= 2 F1", m["level2"]["f1"], r["level2"]["f1"]),
        ("exact level", m["exact"], r["exact"]),
        ("within one level", m["within_one"], r["within_one"]),
        ("mean abs level error", m["mae"], r["mae"]),
        ("evidence hit rate", m["evidence_hit_rate"], r["evidence_hit_rate"]),
        ("  first clause is the quote", m["evidence_first_rate"], r["evidence_first_rate"]),
        ("confidence Brier score", m["brier"], r["brier"]),
        ("confidence calibration error", m["ece"], r["ece"]),
    ]
    lines += [f"{name:<34}{a:>10.3f}{b:>10.3f}" for name, a, b in rows]
    lines += ["", "confusion with the model (rows gold 0-3, columns predicted 0-3):"]
    lines += [f"  gold {lv}: {row}" for lv, row in enumerate(res["model"]["confusion"])]
    lines += [
        "",
        f"{'criterion':<32}{'presF1':>8}{'rules':>7}{'lv2F1':>7}{'rules':>7}"
        f"{'exact':>7}{'rules':>7}",
    ]
    for cid, md in res["model"]["per_criterion"].items():
        rd = res["rules"]["per_criterion"][cid]
        lines.append(
            f"{cid:<32}{md['presence_f1']:>8.2f}{rd['presence_f1']:>7.2f}{md['level2_f1']:>7.2f}"
            f"{rd['level2_f1']:>7.2f}{md['exact']:>7.2f}{rd['exact']:>7.2f}"
        )
    lines += ["", "exact per document (model, rules):"]
    for dm, dr in zip(res["model"]["per_document"], res["rules"]["per_document"], strict=True):
        lines.append(f"  {dm['doc']:<46}{dm['exact']:>3}/{dm['of']}{dr['exact']:>5}/{dr['of']}")
    return "\n".join(lines) + "\n"
