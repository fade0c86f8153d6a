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


def ocr_image(image: Any, *, lang: str = "eng", timeout: float = 120.0) -> str:
    """Text of a PIL image, via ``tesseract stdin stdout``."""
    exe = tesseract_path()
    if exe is None:
        raise OcrError("tesseract is not installed")
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "-l", lang, "--psm", "3"],
            input=buf.getvalue(),
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
