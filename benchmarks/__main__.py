"""Run every benchmark module (``python -m benchmarks [NAME ...]``) and print its figures.

Ratios are measured side by side in one run, since shared machines are noisy.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    """Run the benchmark modules whose names contain one of ``argv`` (all when empty); print the
    usage for ``-h``/``--help`` and refuse (exit 2) a name that matches none."""
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    groups = ", ".join(n.removeprefix("bench_") for n in names)
    if any(a in ("-h", "--help") for a in argv):
        print(
            "usage: python -m benchmarks [NAME ...]\n\n"
            "Run the benchmark groups whose names contain NAME (all of them without NAME) and "
            f"print their figures.\ngroups: {groups}"
        )
        return 0
    unknown = [a for a in argv if not any(a in n for n in names)]
    if unknown:
        print(
            f"benchmarks: error: no benchmark group matches {', '.join(map(repr, unknown))}; "
            f"choose from {groups} (try: python -m benchmarks --help)",
            file=sys.stderr,
        )
        return 2
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"benchmarks.{name}").main()
        print(f"({name} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
