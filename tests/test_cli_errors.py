"""Usage errors of every ``coc`` subcommand are one line that says what to do (exit code 2)."""

from __future__ import annotations

import argparse

import pytest

from analyzer.cli import build_parser, main

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
    (
        ["train", "--writer-gold", "x", "--no-writer-gold"],
        "not allowed with argument --writer-gold",
        "coc train --help",
    ),
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


USAGE_CASES = [
    (["train", "--c", "-1"], "argument --c: must be greater than 0", "coc train --help"),
    (["train", "--c", "nan"], "argument --c: must be greater than 0", "coc train --help"),
    (
        ["evaluate", "--aims", "--gold", "corpus/heldout2"],
        "argument --gold: not allowed with argument --aims",
        "coc evaluate --help",
    ),
    (["analyze", "x.pdf", "--max-mb", "0"], "must be greater than 0", "coc analyze --help"),
    (["batch", "x.pdf", "--max-pages", "0"], "must be greater than 0", "coc batch --help"),
]


@pytest.mark.parametrize(
    ("argv", "expected", "hint"), USAGE_CASES, ids=[" ".join(c[0]) for c in USAGE_CASES]
)
def test_bad_values_fail_while_parsing(
    argv: list[str], expected: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked before any data is loaded, in one line naming the help to read."""
    test_usage_errors_are_one_line(argv, expected, hint, capsys)


def _subparser(path: list[str]) -> argparse.ArgumentParser:
    parser = build_parser()
    for name in path:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[name]
    return parser


@pytest.mark.parametrize(
    "command", [["extract"], ["analyze"], ["toolkit"], ["batch"], ["corpus", "add"]], ids=" ".join
)
def test_commands_that_read_documents_have_the_options_reading_errors_name(
    command: list[str],
) -> None:
    """Reading errors advise "pass --password" and "raise the limit with --max-mb /
    --max-pages": every command that reads documents must have those options."""
    options = {s for a in _subparser(command)._actions for s in a.option_strings}
    assert {"--password", "--max-mb", "--max-pages"} <= options


def test_the_benchmark_runner_refuses_unknown_names_and_has_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import _ingest_fixtures  # noqa: F401  (puts benchmarks/ on the path if needed)

    from benchmarks.__main__ import main as bench

    assert bench(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m benchmarks [NAME ...]") and "engine" in out
    assert bench(["nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no benchmark group matches 'nosuch'" in err
