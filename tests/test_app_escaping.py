"""AppTest: file names and messages that look like Markdown or HTML are shown literally.

A file called ``**x**<img src=x>.pdf`` must never turn bold or load an image, wherever the app
names it: error boxes, status labels, the password box, headers, and the Corpus page's errors.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from _app_data import corrupt_pdf, encrypted_pdf, strong_pdf
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
NASTY = "**x**<img src=x>[y](javascript:alert(1)).pdf"

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COC_DB", str(tmp_path / "corpus.sqlite"))
    monkeypatch.syspath_prepend(str(ROOT))
    yield


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception, at.exception
    return at


def assert_literal(shown: Iterable[str], name: str) -> None:
    """``name`` appears in ``shown`` only escaped: no raw Markdown or HTML, but the exact
    characters once the entities are decoded (as the browser's Markdown renderer does)."""
    hits = [s for s in shown if name in html.unescape(s)]
    assert hits, list(shown)
    for raw in hits:
        assert "<img" not in raw and "**x**" not in raw and "](" not in raw, raw


def test_upload_errors_and_labels_show_the_file_name_literally() -> None:
    at = start()
    nasty_ok = NASTY.replace("x", "ok")
    at.file_uploader(key="upload").set_value(
        [
            (NASTY, corrupt_pdf(), "application/pdf"),
            (nasty_ok, strong_pdf(), "application/pdf"),
        ]
    ).run()
    assert not at.exception, at.exception
    assert_literal([str(e.value) for e in at.error], NASTY)
    assert_literal([str(s.label) for s in at.status], NASTY)
    ok_hits = [str(h.value) for h in at.header if nasty_ok in html.unescape(str(h.value))]
    assert ok_hits and all("<img" not in h and "**ok**" not in h for h in ok_hits)


def test_password_box_label_shows_the_file_name_literally() -> None:
    at = start()
    at.file_uploader(key="upload").set_value(
        [(NASTY, encrypted_pdf("pw"), "application/pdf")]
    ).run()
    assert not at.exception, at.exception
    assert_literal([str(e.value) for e in at.error], NASTY)
    assert_literal([str(t.label) for t in at.text_input], NASTY)


def test_corpus_page_error_naming_the_database_is_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "**x**<img src=x>.sqlite"
    db.write_bytes(b"not a database at all " * 200)
    monkeypatch.setenv("COC_DB", str(db))
    at = start()
    at.switch_page("app_pages/corpus.py").run()
    assert not at.exception, at.exception
    errors = [str(e.value) for e in at.error]
    assert len(errors) == 1, errors
    assert_literal(errors, db.name)
    assert "COC_DB" in html.unescape(errors[0]) and "--db" not in errors[0]
