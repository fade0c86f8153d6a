"""The core package must never import Streamlit, and importing it must stay light."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter; its stdout, stripped."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_core_does_not_import_streamlit_or_heavy_libraries() -> None:
    code = (
        "import sys, pkgutil, importlib, analyzer\n"
        "for m in pkgutil.walk_packages(analyzer.__path__, 'analyzer.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "bad = [n for n in ('streamlit',) if n in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    assert _run(code) == ""


def test_cli_help_is_fast_and_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from analyzer.cli import build_parser\n"
        "build_parser()\n"
        "heavy = [n for n in ('spacy', 'sklearn', 'pdfplumber', 'streamlit', 'weasyprint')"
        " if n in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    assert _run(code) == ""


def test_analysing_with_the_model_never_imports_scikit_learn() -> None:
    """The shipped model runs on NumPy alone: scikit-learn/SciPy cost ~2 s of start-up."""
    code = (
        "import sys\n"
        "from analyzer.engine import Engine\n"
        "a = Engine.from_defaults().analyze(b'Suppliers shall not retain passports.', name='x.txt')\n"
        "assert a.model.kind != 'rules', a.warnings\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'pandas'}))\n"
    )
    assert _run(code) == "[]"
