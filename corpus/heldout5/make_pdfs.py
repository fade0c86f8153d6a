"""Build the PDF and DOCX files of the fifth held-out set from their sources in src/.

Usage: .venv/bin/python corpus/heldout5/make_pdfs.py [--out DIR]

The markup of the sources and the builder are shared by every held-out set
(`corpus/heldout_pdfs.py`); this file sets the layout of each document (one or two columns,
running header and footer) and the fixed creation date, so re-running it gives the same bytes.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from heldout_pdfs import HeldoutSet, Layout, build, main  # noqa: E402

FIXED_DATE = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)

LAYOUT: dict[str, Layout] = {
    "r01-apparel-supplier-code": Layout(
        "pdf",
        2,
        "Marrowgate Apparel Group Ltd - Supplier Code of Conduct (SC-01 Rev. 6)",
        "SC-01 Rev. 6 - Marrowgate Apparel Group Ltd - Commercial in confidence",
    ),
    "r02-electronics-employee-code": Layout(
        "pdf",
        1,
        "Veltrion Circuits - Our Code: How We Work Together (2026 edition)",
        "Veltrion Circuits Sdn Bhd - Employee Code of Conduct",
    ),
    "r03-construction-modern-slavery-statement": Layout(
        "pdf",
        2,
        "Tallowbrook Construction Group Limited - Modern Slavery Statement FY2026",
        "Tallowbrook Construction Group Limited",
    ),
    "r04-mining-supplier-code": Layout(
        "docx", 1, "Karridale Minerals Limited - Supplier Code of Conduct", "PRC-STD-004 Ed. 3"
    ),
    "r08-bank-modern-slavery-policy": Layout(
        "pdf",
        1,
        "Northquay Bank plc - Human Rights and Modern Slavery Policy (GP-HR-09)",
        "GP-HR-09 v4.1 - Northquay Bank plc - Internal and public",
    ),
}

SET = HeldoutSet(5, HERE, FIXED_DATE, LAYOUT)

__all__ = ["LAYOUT", "SET", "build"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], SET))
