"""Engine speed: clauses/s of classification + grading on one core, `coc analyze` on a
generated 100-page code beside bare pdfplumber ``extract_text`` on the same file, and the
startup time of ``coc analyze``. Ratios are measured side by side in one run; CPU time is shown
beside wall time because shared machines are noisy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _timed(fn: object) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()  # type: ignore[operator]
    return time.perf_counter() - w, time.process_time() - c


def _run(args: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    return time.perf_counter() - started, proc.returncode


def clause_throughput() -> None:
    from analyzer.engine import Engine
    from analyzer.training import label_files, load_labelled

    for use_model in (True, False):
        engine = Engine.from_defaults(use_model=use_model)
        docs = load_labelled(label_files(), engine.rubric.criterion_ids)
        texts = [t for d in docs for t in d.texts]
        heads = [h for d in docs for h in d.headings]
        engine.grader.findings(texts[:200], heads[:200])  # warm-up
        wall, cpu = _timed(lambda e=engine, t=texts, h=heads: e.grader.findings(t, h))
        kind = engine.model_info.kind
        print(
            f"classification + grading ({kind}): {len(texts)} clauses in {wall:.2f} s wall "
            f"/ {cpu:.2f} s CPU -> {len(texts) / wall:,.0f} clauses/s wall, "
            f"{len(texts) / cpu:,.0f} clauses/s CPU (target >= 2,000)"
        )


def end_to_end() -> None:
    try:
        from benchmarks.docgen import make_code_pdf
    except ImportError:  # pragma: no cover
        print("benchmarks.docgen not available; skipping the 100-page comparison")
        return
    import pdfplumber

    coc = str(Path(sys.executable).with_name("coc"))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "code100.pdf"
        make_code_pdf(pdf, pages=100)
        out = Path(tmp) / "a.json"

        def plumber() -> None:
            with pdfplumber.open(pdf) as doc:
                for page in doc.pages:
                    page.extract_text()

        # ABBA order against drift on a shared machine
        t_a1, _ = _run([coc, "analyze", str(pdf), "--format", "json", "--out", str(out)])
        t_p1, c_p1 = _timed(plumber)
        t_p2, c_p2 = _timed(plumber)
        t_a2, rc = _run([coc, "analyze", str(pdf), "--format", "json", "--out", str(out)])
        ta, tp = (t_a1 + t_a2) / 2, (t_p1 + t_p2) / 2
        print(
            f"100-page generated code: coc analyze {ta:.2f} s (end to end, subprocess, rc={rc}) "
            f"vs pdfplumber extract_text {tp:.2f} s -> ratio {ta / tp:.2f} "
            f"(target < 1)"
        )


def startup() -> None:
    coc = str(Path(sys.executable).with_name("coc"))
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("Suppliers shall not charge recruitment fees.\n", "utf-8")
        helps = sorted(_run([coc, "analyze", "--help"])[0] for _ in range(3))
        tinys = sorted(_run([coc, "analyze", str(tiny)])[0] for _ in range(3))
        print(
            f"coc analyze --help: {helps[1]:.2f} s (median of 3); coc analyze on a one-line "
            f"text file: {tinys[1]:.2f} s (median of 3, target < 3 s)"
        )


def main() -> None:
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    clause_throughput()
    startup()
    end_to_end()


if __name__ == "__main__":
    main()
