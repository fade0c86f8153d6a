"""OCR of scanned pages with the Tesseract command-line tool (no Python binding needed)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from typing import Any

OCR_HINT = "install Tesseract (apt-get install tesseract-ocr) to read scanned pages"


def tesseract_path() -> str | None:
    """Path of the ``tesseract`` executable, or None (``$COC_TESSERACT`` overrides)."""
    override = os.environ.get("COC_TESSERACT")
    if override:
        return shutil.which(override)
    return shutil.which("tesseract")


def ocr_available() -> bool:
    """Whether OCR can run on this machine."""
    return tesseract_path() is not None


class OcrError(RuntimeError):
    """Tesseract ran but failed on an image."""


def ocr_workers() -> int:
    """How many Tesseract processes run at once: ``$COC_OCR_WORKERS``, else CPUs (at most 4)."""
    value = os.environ.get("COC_OCR_WORKERS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


def ocr_png(png: bytes, *, lang: str = "eng", timeout: float = 120.0) -> str:
    """Text of a PNG image, via ``tesseract stdin stdout`` (one thread per process)."""
    exe = tesseract_path()
    if exe is None:
        raise OcrError("tesseract is not installed")
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "-l", lang, "--psm", "3"],
            input=png,
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OcrError(str(exc)) from exc
    if proc.returncode != 0:
        raise OcrError(proc.stderr.decode("utf-8", "replace").strip()[:200])
    return proc.stdout.decode("utf-8", "replace")


def ocr_image(image: Any, *, lang: str = "eng", timeout: float = 120.0) -> str:
    """Text of a PIL image."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return ocr_png(buf.getvalue(), lang=lang, timeout=timeout)
