"""Usage errors of every ``coc`` subcommand are one line that says what to do (exit code 2)."""

from __future__ import annotations

import pytest

from analyzer.cli import main

CASES = [
    (["analyze"], "the following arguments are required: FILE", "coc analyze --help"),
    (["analyze", "x.pdf", "--format", "xml"], "invalid choice: 'xml'", "coc analyze --help"),
    (["analyze", "x.pdf", "--bogus"], "unrecognized arguments: --bogus", "coc analyze --help"),
    (["nosuch"], "invalid choice: 'nosuch'", "coc --help"),
    (["--bogus"], "unrecognized arguments: --bogus", "coc --help"),
    (["extract"], "required: FILE", "coc extract --help"),
    (["toolkit", "--from-json", "a.json"], "required: --org", "coc toolkit --help"),
    (["batch"], "the following arguments are required", "coc batch --help"),
    (["corpus", "list", "--bogus"], "unrecognized arguments: --bogus", "coc corpus list --help"),
    (["corpus", "practices"], "required: CRITERION", "coc corpus practices --help"),
    (
        ["corpus", "practices", "x", "--limit", "0"],
        "must be greater than 0",
        "coc corpus practices --help",
    ),
    (
        ["corpus", "add", "f.pdf", "--year", "3000"],
        "between 1900 and 2100",
        "coc corpus add --help",
    ),
    (["corpus", "export"], "required: --format", "coc corpus export --help"),
    (["rubric", "show", "--format", "x"], "invalid choice: 'x'", "coc rubric show --help"),
    (["train", "--folds", "many"], "argument --folds", "coc train --help"),
    (["evaluate", "--bogus"], "unrecognized arguments", "coc evaluate --help"),
]


@pytest.mark.parametrize(("argv", "expected", "hint"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_usage_errors_are_one_line(
    argv: list[str], expected: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    line = lines[0]
    assert line.startswith("coc: error: ")
    assert "usage:" not in line
    assert expected in line
    assert line.endswith(")") and f"(try: {hint}" in line


@pytest.mark.parametrize("argv", [["--help"], ["analyze", "--help"], ["corpus", "add", "--help"]])
def test_help_is_still_the_full_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    captured = capsys.readouterr()
    prog = " ".join(["coc", *argv[:-1]])
    assert captured.out.startswith(f"usage: {prog} ")
    assert "options:" in captured.out and "-h, --help" in captured.out
    assert captured.err == ""
