"""Classification + grading throughput of two source trees, measured side by side.

    python -m benchmarks.ab_throughput BASE_TREE NEW_TREE [--rounds 4] [--rules]

Each measurement is a fresh subprocess with PYTHONPATH set to one tree, timing
``engine.grader.findings`` on the labelled clauses once after a 200-clause warm-up (as
``bench_engine`` does); the trees alternate (ABBA...) so drift on a shared machine hits both.
Prints every run and the medians and their ratio. Not a ``bench_`` module, so
``python -m benchmarks`` does not run it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

_ONE = """
import os, time
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
from analyzer.engine import Engine
from analyzer.training import label_files, load_labelled
engine = Engine.from_defaults(use_model={use_model})
docs = load_labelled(label_files(), engine.rubric.criterion_ids)
texts = [t for d in docs for t in d.texts]
heads = [h for d in docs for h in d.headings]
engine.grader.findings(texts[:200], heads[:200])
w, c = time.perf_counter(), time.process_time()
engine.grader.findings(texts, heads)
w, c = time.perf_counter() - w, time.process_time() - c
print(len(texts) / w, len(texts) / c)
"""


def _measure(tree: str, use_model: bool) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=tree)
    code = _ONE.format(use_model=use_model)
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    wall, cpu = proc.stdout.split()
    return float(wall), float(cpu)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ab_throughput")
    parser.add_argument("base")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--rules", action="store_true", help="rules-only engine")
    args = parser.parse_args(argv)
    runs: dict[str, list[tuple[float, float]]] = {"base": [], "new": []}
    trees = {"base": args.base, "new": args.new}
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for r in range(args.rounds):
        for name in ("base", "new") if r % 2 == 0 else ("new", "base"):
            wall, cpu = _measure(trees[name], not args.rules)
            runs[name].append((wall, cpu))
            print(f"{name}: {wall:,.0f} clauses/s wall, {cpu:,.0f} clauses/s CPU", flush=True)
    med = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    med_cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    kind = "rules" if args.rules else "model"
    print(
        f"{kind}: base median {med['base']:,.0f}/s wall ({med_cpu['base']:,.0f}/s CPU), "
        f"new median {med['new']:,.0f}/s wall ({med_cpu['new']:,.0f}/s CPU), "
        f"ratio {med['new'] / med['base']:.2f} wall, {med_cpu['new'] / med_cpu['base']:.2f} CPU"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
