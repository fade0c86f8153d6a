"""CoC Analyzer: grade codes of conduct against a best-practice rubric on forced labour.

The package is the pure core: it never imports Streamlit, and nothing heavy is loaded at import
time. Use the explicit factories (``analyzer.engine.Engine.from_defaults``,
``analyzer.rubric.load_rubric``, ``analyzer.ingest.load_document``) to build what you need.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
