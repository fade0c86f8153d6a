"""Dump the engine's findings on every labelled clause, to check that a speed change changes
nothing: run it on two trees and compare the files (they must be byte-identical).

    PYTHONPATH=/path/to/tree-a python -m benchmarks.findings_dump a.json
    PYTHONPATH=/path/to/tree-b python -m benchmarks.findings_dump b.json
    cmp a.json b.json

The dump holds, for the model engine and the rules-only engine, the repr of every finding of
``engine.grader.findings(texts, headings)`` and the topic cue hits of every clause. Not a
``bench_`` module, so ``python -m benchmarks`` does not run it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def dump(out: Path) -> str:
    from analyzer.engine import Engine
    from analyzer.training import label_files, load_labelled

    result: dict[str, list[object]] = {}
    n = 0
    for use_model in (True, False):
        engine = Engine.from_defaults(use_model=use_model)
        docs = load_labelled(label_files(), engine.rubric.criterion_ids)
        texts = [t for d in docs for t in d.texts]
        heads = [h for d in docs for h in d.headings]
        n = len(texts)
        found = engine.grader.findings(texts, heads)
        result[f"findings model={use_model}"] = [[repr(f) for f in row] for row in found]
        topics = engine.matcher.topics(texts)
        result[f"topics model={use_model}"] = [repr(sorted(t.items())) for t in topics]
    data = json.dumps(result).encode()
    out.write_bytes(data)
    return f"{out}: {n} clauses, sha256 {hashlib.sha256(data).hexdigest()}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m benchmarks.findings_dump OUT.json", file=sys.stderr)
        return 2
    print(dump(Path(argv[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
