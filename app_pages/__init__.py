"""The Streamlit UI of CoC Analyzer: page scripts plus the helpers they share.

``app.py`` builds the navigation over the page scripts in this folder. Only this folder and
``app.py`` import Streamlit; the logic they show lives in :mod:`analyzer` (see
:mod:`analyzer.views`).
"""
