"""Build the PDF and DOCX files of the second held-out set from their sources in src/.

Usage: .venv/bin/python corpus/heldout2/make_pdfs.py [--out DIR]

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

FIXED_DATE = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)

LAYOUT: dict[str, Layout] = {
    "k01-electronics-supplier-code": Layout(
        "pdf", 2, "Veltrona Components - Supplier Code of Conduct - Rev. 4.1", "VC-PROC-007"
    ),
    "k02-construction-subcontractor-code": Layout(
        "pdf",
        1,
        "Harrowgate Build Group - Subcontractor & Supplier Code",
        "Uncontrolled when printed",
    ),
    "k04-healthcare-employee-code": Layout(
        "docx", 1, "Meridale Health Partners - Code of Business Conduct", "Internal"
    ),
    "k06-mining-human-rights-policy": Layout(
        "pdf", 2, "Corrabin Resources Limited - Human Rights Policy", "CRL-HSEC-POL-012"
    ),
    "k08-uk-logistics-msa-statement": Layout(
        "pdf", 1, "Northway Freight Ltd - Modern Slavery Statement FY2026", "Northway Freight Ltd"
    ),
    "k10-apparel-group-uk-au-statement": Layout(
        "pdf", 2, "Tallis & Reed Group - Joint Modern Slavery Statement 2026", "Tallis & Reed Group"
    ),
    "k11-staffing-recruitment-policy": Layout(
        "pdf", 1, "CareBridge Staffing Solutions - Ethical Recruitment Policy", "Policy ER-01 v2"
    ),
}

SET = HeldoutSet(2, HERE, FIXED_DATE, LAYOUT)

__all__ = ["LAYOUT", "SET", "build"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], SET))
