"""Build the PDF and DOCX files of the fourth held-out set from their sources in src/.

Usage: .venv/bin/python corpus/heldout4/make_pdfs.py [--out DIR]

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
    "q01-toy-retailer-supplier-code": Layout(
        "pdf",
        2,
        "Pipkin & Lark Toys Ltd - Responsible Sourcing Code for Suppliers, Edition 4",
        "Pipkin & Lark Toys Ltd - Supplier Code Ed. 4",
    ),
    "q02-airline-human-trafficking-policy": Layout(
        "pdf",
        1,
        "Corvane Air Group plc - Preventing Human Trafficking and Modern Slavery (OPS-POL-117)",
        "OPS-POL-117 v3.0 - Uncontrolled when printed",
    ),
    "q03-asset-manager-modern-slavery-statement": Layout(
        "pdf",
        2,
        "Halloran Vale Investment Management - Modern Slavery Statement 2025/26",
        "Halloran Vale Investment Management Limited",
    ),
    "q05-home-care-recruitment-policy": Layout(
        "docx", 1, "Brightmoor Home Care Ltd - Recruitment and Onboarding Policy", "HR-POL-06"
    ),
    "q08-private-security-code-of-conduct": Layout(
        "pdf",
        1,
        "Sentinel Crest Security Services LLC - Code of Business Conduct",
        "Sentinel Crest Security Services LLC - Confidential - Internal",
    ),
}

SET = HeldoutSet(4, HERE, FIXED_DATE, LAYOUT)

__all__ = ["LAYOUT", "SET", "build"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], SET))
