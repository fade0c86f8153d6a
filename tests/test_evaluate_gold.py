"""`coc evaluate --gold DIR`: document-level scoring against whole documents with gold levels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.engine import Engine
from analyzer.evaluation import evaluate_gold, render_gold

STRONG = (
    "Supplier Code of Conduct\n\n"
    "1. Forced labour\n\n"
    "Suppliers shall not use forced, bonded or prison labour or engage in human trafficking.\n\n"
    "Suppliers shall not charge workers recruitment fees; any fee paid by a worker is repaid "
    "within 30 days.\n\n"
    "Workers keep their own passports and identity documents at all times.\n"
)
WEAK = (
    "Employee Code of Ethics\n\n"
    "We respect human rights and expect our partners to do the same.\n\n"
    "Gifts above USD 50 must be declared to the Compliance team.\n"
)


@pytest.fixture(scope="module")
def gold_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two documents whose gold is the rules engine's own output, one criterion moved by 2."""
    folder = tmp_path_factory.mktemp("gold")
    rules = Engine.from_defaults(use_model=False)
    lines = []
    for name, text, sector in (("a.txt", STRONG, "apparel"), ("b.txt", WEAK, "general")):
        (folder / name).write_text(text, "utf-8")
        analysis = rules.analyze(folder / name, sector=sector)
        levels = {c.id: c.level for c in analysis.criteria}
        evidence = {c.id: c.evidence[0].text for c in analysis.criteria if c.level}
        if name == "b.txt":
            levels["working_hours"] = 2 if levels["working_hours"] == 0 else 0
        lines.append(
            json.dumps(
                {
                    "doc": name[0],
                    "file": name,
                    "sector": sector,
                    "levels": levels,
                    "evidence": evidence,
                }
            )
        )
    (folder / "gold.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def test_scores_follow_the_gold(gold_dir: Path) -> None:
    res = evaluate_gold(gold_dir)
    rules = res["rules"]["micro"]
    assert res["documents"] == 2 and rules["pairs"] == 70
    assert rules["exact"] == round(69 / 70, 4)
    assert rules["mae"] == round(2 / 70, 4)
    assert rules["within_one"] == round(69 / 70, 4)
    assert rules["evidence_hit_rate"] == 1.0  # the gold quotes are the engine's own evidence
    assert rules["evidence_first_rate"] == 1.0
    confusion = res["rules"]["confusion"]
    assert sum(map(sum, confusion)) == 70
    assert confusion[2][0] + confusion[0][2] == 1  # the one moved criterion
    assert [d["exact"] for d in res["rules"]["per_document"]] == [35, 34]
    assert "model" in res and res["model"]["micro"]["pairs"] == 70
    table = render_gold(res)
    assert "exact level" in table and "working_hours" in table


def test_cli_gold_json_and_errors(
    gold_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from analyzer.cli import main

    assert main(["evaluate", "--gold", str(gold_dir), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["rules"]["micro"]["exact"] == round(69 / 70, 4)
    assert main(["evaluate", "--gold", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coc: error: no gold file") and err.count("\n") == 1
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "gold.jsonl").write_text(json.dumps({"file": "x.txt", "levels": {"nope": 1}}) + "\n")
    (bad / "x.txt").write_text("Text.")
    assert main(["evaluate", "--gold", str(bad)]) == 2
    assert "unknown criterion" in capsys.readouterr().err
    (bad / "gold.jsonl").write_text(json.dumps({"file": "gone.txt", "levels": {}}) + "\n")
    assert main(["evaluate", "--gold", str(bad)]) == 2
    assert "is missing" in capsys.readouterr().err
