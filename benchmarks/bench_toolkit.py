"""Toolkit render time per format, from the fixed fixture analysis (median of a few runs).

``python -m benchmarks toolkit``. Figures: building the content model, then DOCX, PDF, HTML and
Markdown (each includes building the content model and drawing the chart), measured side by side
in one run, with the output size and, for the PDF, the page count.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from analyzer.results import Analysis
from analyzer.rubric import load_rubric
from analyzer.toolkit import build_content, render_toolkit

FIXTURE = (
    Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "toolkit" / "analysis.json"
)
RUNS = {"content": 20, "md": 7, "html": 7, "docx": 7, "pdf": 3}
DATE = dt.date(2026, 11, 28)


def _median(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    fn()  # warm-up: imports, font loading, template compilation
    times = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    analysis = Analysis.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    rubric = load_rubric()
    org = "Harbour & Vale Group"
    seconds, content = _median(
        lambda: build_content(analysis, rubric, org=org, date=DATE), RUNS["content"]
    )
    gaps = len(content.gaps)  # type: ignore[attr-defined]
    print(f"content model: {seconds * 1000:8.1f} ms  ({gaps} gaps, median of {RUNS['content']})")
    for fmt in ("docx", "pdf", "html", "md"):
        seconds, data = _median(
            lambda fmt=fmt: render_toolkit(analysis, rubric, fmt=fmt, org=org, date=DATE),
            RUNS[fmt],
        )
        assert isinstance(data, bytes)
        extra = ""
        if fmt == "pdf":
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(data)
            extra = f", {len(pdf)} pages"
            pdf.close()
        print(
            f"{fmt:>4}: {seconds * 1000:8.1f} ms  ({len(data) / 1024:.0f} KiB{extra}, "
            f"median of {RUNS[fmt]})"
        )


if __name__ == "__main__":
    main()
