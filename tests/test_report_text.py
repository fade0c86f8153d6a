"""The people-facing renderings of an analysis: the gap table and the Markdown report, and the
plain-language reasons they use (analyzer.explain)."""

from __future__ import annotations

import re

import pytest

from analyzer.engine import Engine
from analyzer.explain import plain_reason
from analyzer.ingest import load_document
from analyzer.report_text import cut, render_markdown, render_table
from analyzer.results import Analysis

#: words of the engine's own reasons that mean nothing to a compliance officer
JARGON = re.compile(
    r"model probability|rules said|level model|modality|lead-in|\bclause \d|rubric cue|"
    r"raised to 3|capped at 1|threshold",
    re.IGNORECASE,
)

TEXT = """Supplier Code of Conduct

1. Forced labour
Suppliers shall not use forced, bonded, indentured or prison labour, or trafficked workers.
Suppliers shall not charge workers recruitment fees, except those permitted by local law.
Workers may keep their passports.

2. Raising concerns
Workers can report concerns to our hotline at +44 20 7946 0000, anonymously and in their own
language, and we will not retaliate against anyone who raises a concern in good faith.
We aim to train our buyers on forced labour in the future.
"""


@pytest.fixture(scope="module")
def analysis(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    path = tmp_path_factory.mktemp("report") / "code.txt"
    path.write_text(TEXT, "utf-8")
    engine = Engine.from_defaults()
    return engine.analyze_document(load_document(path), sector="apparel")


def test_cut_keeps_whole_words() -> None:
    assert cut("short text", 40) == "short text"
    got = cut("Suppliers shall not charge workers any recruitment fees at all", 30)
    assert got.endswith("…") and len(got) <= 30
    assert got[:-1] == "Suppliers shall not charge"  # no word cut in half
    assert cut("a  b\n c", 10) == "a b c"  # one line


def test_plain_reason_translates_the_engine_wording() -> None:
    why = (
        'level 3 from clause 12: rubric cue "wages"; model probability 0.80; mandatory wording '
        '("must"); raised to 3 by best-practice cue "bank account"; scope "labour provider"; '
        "level model: 2 (rules said 3) (4 supporting clauses)"
    )
    got = plain_reason(why)
    assert not JARGON.search(got), got
    assert "“wages”" in got and "binding wording (“must”)" in got
    assert "a named best practice (“bank account”) and a wide scope (“labour provider”)" in got
    assert "rated it a commitment (the wording rules alone said best practice)" in got
    assert got.endswith("4 passages support it.")
    capped = plain_reason(
        'mandatory wording ("shall"); capped at 1 by loophole ("except those permitted"); '
        'only restates the law ("local law")'
    )
    assert (
        "only a mention because it leaves a loophole (“except those permitted”) and it only "
        "asks for what the law already requires" in capped
    )
    # a fragment the translator does not know is kept, not lost
    assert plain_reason("some new engine note; model probability 0.5") == "Some new engine note."
    assert plain_reason("") == ""


def test_every_reason_of_a_real_analysis_reads_plainly(analysis: Analysis) -> None:
    reasons = [c.why for c in analysis.criteria] + [
        e.why for c in analysis.criteria for e in c.evidence
    ]
    assert any("capped at 1" in r for r in reasons)  # the example exercises caps and raisers
    for why in reasons:
        assert not JARGON.search(plain_reason(why)), (why, plain_reason(why))


def test_table_uses_titles_level_names_and_no_pages_for_text(analysis: Analysis) -> None:
    out = render_table(analysis)
    assert "Levels: 0 absent, 1 mention, 2 commitment, 3 best practice" in out
    assert "No recruitment fees (Employer Pays Principle)" in out
    assert "no_recruitment_fees" not in out and "pages" not in out
    assert "1 mention" in out and "3 best practice" in out
    # each legal framework on a line of its own
    assert re.search(r"^  UK Modern Slavery Act 2015, section 54: \d+/\d+$", out, re.M)
    assert "Apparel, textiles and footwear" in out  # sector by its label


def test_warnings_come_before_the_scores(analysis: Analysis) -> None:
    warned = analysis.model_copy(update={"warnings": ["Document language looks like Spanish"]})
    for text in (render_table(warned), render_markdown(warned)):
        assert text.index("Spanish") < text.index("Overall score")


def test_markdown_reasons_and_legal_columns(analysis: Analysis) -> None:
    md = render_markdown(analysis)
    rows = [r for r in md.splitlines() if r.startswith("| ") and "|---" not in r]
    assert rows and not any(JARGON.search(r) for r in rows)
    assert "| framework | element | covered | criteria met | still needed |" in md
    for e in analysis.legal:
        if not e.covered and e.criteria:
            row = next(r for r in md.splitlines() if f"| {e.label or e.element} |" in r)
            assert row.rstrip(" |").split("|")[-1].strip()  # what is still needed is named
            break
