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


def _median(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    fn()  # warm-up: imports, font loading, template compilation
    times = []
    result: object = None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), result


def main() -> None:
    analysis = Analysis.model_validate_json(FIXTURE.read_text(encoding="utf-8"))
    rubric = load_rubric()
    org = "Harbour & Vale Group"
    seconds, fastest, content = _median(
        lambda: build_content(analysis, rubric, org=org, date=DATE), RUNS["content"]
    )
    gaps = len(content.gaps)  # type: ignore[attr-defined]
    print(
        f"content model: {seconds * 1000:8.1f} ms median, {fastest * 1000:8.1f} ms min  "
        f"({gaps} gaps, {RUNS['content']} runs)"
    )
    for fmt in ("docx", "pdf", "html", "md"):
        seconds, fastest, data = _median(
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
            f"{fmt:>13}: {seconds * 1000:8.1f} ms median, {fastest * 1000:8.1f} ms min  "
            f"({len(data) / 1024:.0f} KiB{extra}, {RUNS[fmt]} runs)"
        )


if __name__ == "__main__":
    main()
