"""Errors carry their own wording for the command line and for the app."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from analyzer.errors import (
    AnalyzerError,
    EncryptedPdfError,
    InputError,
    StoreError,
    TooLargeError,
)

LOCKED = "policy.pdf is password-protected: pass --password (or upload an unprotected copy)"
WRONG = (
    "policy.pdf is password-protected and the password given is wrong: "
    "pass the right one with --password"
)


def test_cli_wording_is_unchanged() -> None:
    exc = EncryptedPdfError(LOCKED)
    assert exc.user_message == LOCKED == str(exc) == exc.message_for("cli")


@pytest.mark.parametrize("message", [LOCKED, WRONG])
def test_encrypted_pdf_speaks_of_the_box_in_the_app(message: str) -> None:
    exc = EncryptedPdfError(message)
    app = exc.app_message
    assert app == exc.message_for("app")
    assert "--password" not in app
    assert app.startswith("policy.pdf is password-protected")
    assert "box below" in app
    if message is WRONG:
        assert "password given is wrong" in app


def test_too_large_names_no_cli_flag_in_the_app() -> None:
    exc = TooLargeError(
        "big.pdf has 2400 pages, over the limit of 2000: split it, or raise the limit with "
        "--max-pages / COC_MAX_PAGES"
    )
    assert "--max-pages" in exc.user_message
    assert "--max-pages" not in exc.app_message
    assert exc.app_message.startswith("big.pdf has 2400 pages, over the limit of 2000: ")


def test_explicit_app_message_wins_and_is_one_line() -> None:
    exc = InputError("use --flag", app_message="press the\n  button")
    assert exc.user_message == "use --flag"
    assert exc.app_message == "press the button"


def test_plain_errors_read_the_same_everywhere() -> None:
    exc = InputError("x.pdf is empty:\n check that it is the right file")
    assert exc.app_message == exc.user_message == "x.pdf is empty: check that it is the right file"


def test_app_wording_survives_pickling() -> None:
    exc = StoreError("use --db", app_message="set COC_DB")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is StoreError and isinstance(back, AnalyzerError)
    assert (back.user_message, back.app_message) == ("use --db", "set COC_DB")


def test_store_open_errors_name_no_cli_flag_in_the_app(tmp_path: Path) -> None:
    from analyzer.store import CorpusStore

    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as info:
        CorpusStore.open(bad)
    assert "--db" in info.value.user_message
    assert "--db" not in info.value.app_message and "COC_DB" in info.value.app_message
