"""Build the PDF and DOCX files of the third held-out set from their sources in src/.

Usage: .venv/bin/python corpus/heldout3/make_pdfs.py [--out DIR]

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
    "p01-federal-contractor-trafficking-compliance-plan": Layout(
        "pdf",
        1,
        "Harlan Ridge Technical Services, Inc. - Anti-Trafficking Compliance Plan",
        "HRTS-CP-03 Rev. C",
    ),
    "p02-supermarket-supplier-code-ethical-annex": Layout(
        "pdf",
        2,
        "Bramblefield Stores plc - Supplier Code of Practice 2026",
        "Bramblefield Stores plc",
    ),
    "p04-automotive-supplier-manual-chapter": Layout(
        "docx", 1, "Kessler-Vogt Automotive Systems - Supplier Quality Manual, Chapter 9", "SQM-09"
    ),
    "p06-cleaning-services-uk-statement": Layout(
        "pdf",
        1,
        "Clearwell Facility Services Ltd - Slavery and Human Trafficking Statement 2025/26",
        "Clearwell Facility Services Ltd",
    ),
    "p07-solar-modules-forced-labour-statement": Layout(
        "pdf",
        2,
        "Aurelian Solar Holdings - Forced Labour Prevention Statement 2026",
        "Aurelian Solar Holdings",
    ),
    "p09-shipping-seafarer-welfare-policy": Layout(
        "pdf", 1, "Tidewater Meridian Shipping A/S - Seafarer Welfare Policy", "TMS-CREW-POL-04"
    ),
}

SET = HeldoutSet(3, HERE, FIXED_DATE, LAYOUT)

__all__ = ["LAYOUT", "SET", "build"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], SET))
