"""The rubric loader and API: layouts, hash, lookups, schema and the ``coc rubric`` command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from analyzer.cli import main as coc
from analyzer.errors import RubricError, SectorError
from analyzer.resources import ROOT
from analyzer.rubric import (
    THEME_IDS,
    Rubric,
    check_rubric,
    compile_cue,
    content_hash,
    load_rubric,
    rubric_json_schema,
)

FIXTURES = Path(__file__).parent / "fixtures" / "rubrics"
MINIMAL = FIXTURES / "valid_minimal.yaml"


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def test_default_rubric_loads_with_version_and_hash(rubric: Rubric) -> None:
    assert rubric.version == "2026.11"
    assert len(rubric.hash) == 64 and int(rubric.hash, 16) >= 0
    assert len(rubric.criteria) == 35
    assert rubric.theme_ids == THEME_IDS
    assert rubric.multiplier_values == {"critical": 2.0, "elevated": 1.5, "normal": 1.0}


def test_env_var_overrides_default_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COC_RUBRIC", str(MINIMAL))
    assert load_rubric().version == "test.1"


def test_models_are_frozen_and_hashable(rubric: Rubric) -> None:
    crit = rubric.criterion("no_recruitment_fees")
    with pytest.raises(ValueError):
        crit.title = "changed"  # type: ignore[misc]
    assert isinstance(crit.cues.phrases, tuple)
    assert hash(crit) == hash(rubric.criterion("no_recruitment_fees"))
    assert hash(rubric) == hash(rubric.hash)
    assert {rubric.sector("seafood"), rubric.sector("seafood")} == {rubric.sector("seafood")}


def test_lookups_and_errors_name_valid_ids(rubric: Rubric) -> None:
    assert rubric.criterion("training").theme == "capacity_transparency"
    assert rubric.theme("sector_specific").title
    assert [c.id for c in rubric.criteria_in_theme("responsible_recruitment")] == [
        "no_recruitment_fees",
        "recruiter_due_diligence",
        "transparent_contracts",
    ]
    with pytest.raises(SectorError) as err:
        rubric.sector("seafod")
    assert "did you mean 'seafood'" in str(err.value) and "apparel" in str(err.value)
    with pytest.raises(RubricError, match="no criterion 'training_x'"):
        rubric.criterion("training_x")
    with pytest.raises(RubricError, match="no theme"):
        rubric.criteria_in_theme("governance")


def test_multiplier_applicable_and_target_level(rubric: Rubric) -> None:
    assert rubric.multiplier("seafood", "maritime_fishing_protections") == 2.0
    assert rubric.multiplier("apparel", "working_hours") == 1.5
    assert rubric.multiplier("apparel", "training") == 1.0
    assert rubric.multiplier("general", "no_recruitment_fees") == 1.0
    assert rubric.applicable("seafood", "maritime_fishing_protections")
    assert not rubric.applicable("apparel", "maritime_fishing_protections")
    assert not rubric.applicable("general", "platform_misuse_controls")
    assert rubric.applicable("online_platforms", "victim_identification_protocol")
    assert rubric.applicable("apparel", "training")  # theme 1-7 criteria always apply
    assert rubric.target_level("apparel", "traceability") == 3  # critical
    assert rubric.target_level("general", "remediation") == 3  # core must-have
    assert rubric.target_level("general", "training") == 2
    assert rubric.target_level("apparel", "financial_crime_integration") == 0
    with pytest.raises(SectorError):
        rubric.multiplier("nowhere", "training")


def test_levels_describe(rubric: Rubric) -> None:
    levels = rubric.criterion("no_document_retention").levels
    assert levels.describe(0) == levels.absent
    assert levels.describe(3) == levels.best_practice
    with pytest.raises(RubricError):
        levels.describe(4)


def test_legal_element_rule_any_and_all(rubric: Rubric) -> None:
    far = rubric.legal_framework("us_far")
    plan = next(e for e in far.elements if e.id == "h3ii_reporting")
    assert plan.rule == "all" and plan.min_level == 2
    assert plan.covered({"grievance_mechanism": 3, "non_retaliation": 2})
    assert not plan.covered({"grievance_mechanism": 3, "non_retaliation": 1})
    uk = rubric.legal_framework("uk_msa")
    dd = next(e for e in uk.elements if e.id == "s54_5_c")
    assert dd.covered({"monitoring_audits": 1}) and not dd.covered({})
    with pytest.raises(RubricError, match="no legal framework"):
        rubric.legal_framework("fr_vigilance")


def test_compiled_cues_are_case_insensitive(rubric: Rubric) -> None:
    strong = rubric.criterion("no_recruitment_fees").cues.compiled("strong")
    assert any(p.search("Fees shall be REIMBURSED in full") for p in strong)
    assert compile_cue(r"\bfoo\b") is compile_cue(r"\bfoo\b")


def test_single_file_and_folder_layouts_give_the_same_rubric() -> None:
    one = load_rubric(MINIMAL)
    folder = load_rubric(FIXTURES / "valid_folder")
    assert one == folder
    assert one.hash == folder.hash


def test_hash_ignores_key_order_and_whitespace_but_not_content(tmp_path: Path) -> None:
    data = yaml.safe_load(MINIMAL.read_text())
    base = load_rubric(MINIMAL).hash
    reordered = {k: data[k] for k in reversed(list(data))}
    reordered["criteria"] = [dict(reversed(list(c.items()))) for c in data["criteria"]]
    p = tmp_path / "r.yaml"
    p.write_text("\n\n# comment\n" + yaml.safe_dump(reordered, sort_keys=True, indent=4))
    assert load_rubric(p).hash == base
    data["criteria"][0]["kpis"] = ["Another KPI"]
    p.write_text(yaml.safe_dump(data))
    assert load_rubric(p).hash != base


def test_grading_hash_follows_what_grading_reads(tmp_path: Path) -> None:
    data = yaml.safe_load(MINIMAL.read_text())
    base = load_rubric(MINIMAL)
    p = tmp_path / "r.yaml"
    data["criteria"][0]["kpis"] = ["Another KPI"]  # toolkit content: grading is the same
    p.write_text(yaml.safe_dump(data))
    assert load_rubric(p).grading_hash == base.grading_hash
    # whether one clause can hold the best practice changes the document level
    data["criteria"][0]["single_clause_best_practice"] = True
    p.write_text(yaml.safe_dump(data))
    edited = load_rubric(p)
    assert edited.grading_hash != base.grading_hash
    assert edited.single_clause_ids == {data["criteria"][0]["id"]}


def test_bundled_rubric_folder_and_its_single_file_export_agree(tmp_path: Path) -> None:
    rubric = load_rubric()
    dump = rubric.model_dump(mode="json", exclude={"hash"})
    single = tmp_path / "mine.yaml"
    single.write_text(yaml.safe_dump(dump, allow_unicode=True))
    assert load_rubric(single).hash == rubric.hash
    assert content_hash(dump) == rubric.hash


def test_exported_dump_with_hash_loads_as_a_single_file(rubric: Rubric, tmp_path: Path) -> None:
    dump = rubric.model_dump(mode="json")
    dump["hash"] = "stale"  # ignored: recomputed from the content
    single = tmp_path / "export.yaml"
    single.write_text(yaml.safe_dump(dump, allow_unicode=True))
    assert load_rubric(single).hash == rubric.hash


def test_rubric_round_trips_through_json(rubric: Rubric) -> None:
    again = Rubric.model_validate_json(rubric.model_dump_json())
    assert again == rubric and again.criterion("training") == rubric.criterion("training")


def test_rubric_model_rejects_tampered_hash(rubric: Rubric) -> None:
    data = rubric.model_dump(mode="json")
    data["hash"] = "0" * 64
    with pytest.raises(ValueError, match="does not match"):
        Rubric.model_validate(data)


def test_user_copy_of_the_folder_is_a_valid_rubric(tmp_path: Path) -> None:
    dest = tmp_path / "my_rubric"
    shutil.copytree(ROOT / "rubrics", dest)
    (dest / "criteria" / "9_extra.yaml").write_text(
        yaml.safe_dump(
            {
                "criteria": [
                    {
                        **load_rubric().criterion("training").model_dump(mode="json"),
                        "id": "board_training",
                        "title": "Board training",
                    }
                ]
            }
        )
    )
    mine = load_rubric(dest)
    assert "board_training" in mine.criterion_ids and len(mine.criteria) == 36
    assert mine.hash != load_rubric().hash


def test_missing_path_is_a_rubric_error(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="rubric not found"):
        load_rubric(tmp_path / "nope")
    with pytest.raises(RubricError, match="no rubric.yaml"):
        load_rubric(tmp_path)


def test_check_rubric_collects_problems_from_several_files(tmp_path: Path) -> None:
    dest = tmp_path / "r"
    shutil.copytree(FIXTURES / "valid_folder", dest)
    legal = dest / "legal.yaml"
    legal.write_text(legal.read_text().replace("- training", "- trainingz"))
    crit = dest / "criteria" / "1_first.yaml"
    crit.write_text(crit.read_text().replace("base_weight: 3", "base_weight: 7", 1))
    report = check_rubric(dest)
    assert not report.ok and report.rubric is None
    text = "\n".join(report.lines())
    assert "legal.yaml" in text and "trainingz" in text
    assert "1_first.yaml" in text and "base_weight" in text
    with pytest.raises(RubricError) as err:
        load_rubric(dest)
    assert "legal.yaml" in str(err.value)


def test_load_error_lists_at_most_five_and_points_to_validate(tmp_path: Path) -> None:
    data = yaml.safe_load(MINIMAL.read_text())
    for c in data["criteria"]:
        c["base_weight"] = 9
    p = tmp_path / "many.yaml"
    p.write_text(yaml.safe_dump(data))
    with pytest.raises(RubricError) as err:
        load_rubric(p)
    msg = str(err.value)
    assert msg.count("base_weight") == 5 and "coc rubric validate" in msg and "more" in msg


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads((ROOT / "rubrics" / "rubric.schema.json").read_text())
    assert committed == rubric_json_schema(), "run: coc rubric schema -o rubrics/rubric.schema.json"


def test_schema_describes_every_top_level_key() -> None:
    schema = rubric_json_schema()
    assert set(schema["properties"]) == {
        "hash",
        "version",
        "multiplier_values",
        "themes",
        "criteria",
        "sectors",
        "legal",
    }
    assert schema["additionalProperties"] is False
    assert "Criterion" in schema["$defs"] and "Cues" in schema["$defs"]


# ---------------------------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------------------------


def test_cli_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert coc(["rubric", "validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: rubric 2026.11 (hash ")
    assert "35 criteria, 8 themes, 13 sectors, 5 legal frameworks" in out


def test_cli_validate_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    bad = FIXTURES / "broken" / "specific_multiplier_unlisted.yaml"
    assert coc(["rubric", "validate", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3  # two problems, one per line, then the summary
    assert all("specific_multiplier_unlisted.yaml:" in line for line in err[:2])
    assert err[-1].startswith("coc: error: the rubric has 2 problems; fix them and run")


def test_cli_validate_one_problem_is_singular(capsys: pytest.CaptureFixture[str]) -> None:
    assert coc(["rubric", "validate", str(FIXTURES / "broken" / "bad_days.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("coc: error: the rubric has 1 problem; fix it and run")


def test_cli_validate_with_rubric_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert coc(["rubric", "validate", "--rubric", str(MINIMAL)]) == 0
    assert "rubric test.1" in capsys.readouterr().out


def test_cli_show_table_with_sector(capsys: pytest.CaptureFixture[str]) -> None:
    assert coc(["rubric", "show", "--sector", "seafood"]) == 0
    out = capsys.readouterr().out
    assert "multiplier" in out and "must-have" in out
    line = next(x for x in out.splitlines() if x.startswith("maritime_fishing_protections"))
    assert "x2 critical" in line and "yes" in line
    line = next(x for x in out.splitlines() if x.startswith("platform_misuse_controls"))
    assert " no " in line


def test_cli_show_json_and_md(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert coc(["rubric", "show", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["criteria"]) == 35 and data["version"] == "2026.11"
    assert coc(["rubric", "show", "--format", "json", "--sector", "apparel"]) == 0
    view = json.loads(capsys.readouterr().out)
    row = next(r for r in view["criteria"] if r["id"] == "traceability")
    assert row["multiplier"] == 2.0 and row["must_have"] and row["target_level"] == 3
    out = tmp_path / "rubric.md"
    assert (
        coc(["rubric", "show", "--format", "md", "--sector", "hospitality_travel", "-o", str(out)])
        == 0
    )
    md = out.read_text()
    assert md.startswith("# CoC Analyzer rubric 2026.11")
    assert "## Sector: Hospitality, travel and tourism" in md
    assert "ECPAT" in md and "victim_identification_protocol" in md
    assert "maritime_fishing_protections" not in md.split("## Legal checklists")[0]


def test_cli_show_unknown_sector_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert coc(["rubric", "show", "--sector", "fishing"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coc: error: unknown sector 'fishing'") and "seafood" in err


def test_cli_show_broken_rubric_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert coc(["rubric", "show", "--rubric", str(FIXTURES / "broken" / "bad_regex.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cues.strong" in err and "invalid regex" in err


def test_cli_schema_to_file(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert coc(["rubric", "schema", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == rubric_json_schema()


def test_cli_rubric_without_action_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert coc(["rubric"]) == 2
    assert "validate" in capsys.readouterr().err
