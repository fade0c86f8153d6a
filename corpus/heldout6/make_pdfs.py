"""Build the PDF and DOCX files of the sixth held-out set from their sources in src/.

Usage: .venv/bin/python corpus/heldout6/make_pdfs.py [--out DIR]

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
    "s01-cocoa-coffee-trader-supplier-code": Layout(
        "pdf",
        2,
        "Almsbury Commodities AG - Supplier Code for Cocoa and Coffee Origins, Edition 3",
        "Almsbury Commodities AG - Supplier Code Ed. 3",
    ),
    "s02-seafood-processor-modern-slavery-statement": Layout(
        "pdf",
        1,
        "Tidewell Seafoods Group - Modern Slavery Statement FY2025/26",
        "Tidewell Seafoods Group Ltd",
    ),
    "s03-parcel-logistics-employee-code": Layout(
        "pdf",
        2,
        "Parcelgrove Logistics - Our Code: How We Work (v5.2)",
        "Parcelgrove Logistics Ltd - For colleagues",
    ),
    "s04-hospital-group-supplier-code": Layout(
        "docx", 1, "Ashcombe Hospitals Group - Supplier Code of Conduct", "PRC-04 issue 2"
    ),
    "s08-freelance-platform-misuse-policy": Layout(
        "pdf",
        1,
        "Taskvale - Safe Work and Anti-Exploitation Policy (TS-07)",
        "TS-07 v3.1 - Public",
    ),
}

SET = HeldoutSet(6, HERE, FIXED_DATE, LAYOUT)

__all__ = ["LAYOUT", "SET", "build"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], SET))
