"""Each broken rubric fixture raises RubricError naming the file, the entry and the field.

The fixtures in tests/fixtures/rubrics/broken/ are made by make_fixtures.py: each differs from
valid_minimal.yaml by one mistake.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analyzer.errors import RubricError
from analyzer.rubric import check_rubric, load_rubric

FIXTURES = Path(__file__).parent / "fixtures" / "rubrics"
BROKEN = FIXTURES / "broken"

# fixture name -> substrings the message must contain (entry, field, what is wrong)
CASES: dict[str, tuple[str, ...]] = {
    "unknown_field": ("criterion 'no_recruitment_fees'", "cues.phrase", "did you mean 'phrases'"),
    "unknown_top_key": ("rubric_version", "unknown top-level key", "did you mean 'version'"),
    "duplicate_criterion_id": ("criterion 'no_recruitment_fees'", "ids must be unique"),
    "unknown_criterion_in_sector": (
        "sector 'seafood'",
        "multipliers.no_recruitment_fee",
        "did you mean 'no_recruitment_fees'",
    ),
    "unknown_must_have": ("sector 'seafood'", "must_haves[2]", "unknown criterion 'grievances'"),
    "unknown_sector_clause": ("criterion 'no_recruitment_fees'", "sector_clauses.seafod"),
    "unknown_theme": ("criterion 'training'", "theme", "unknown theme 'capacity'"),
    "unknown_legal_criterion": ("legal framework 'uk_msa'", "criteria[0]", "'trainings'"),
    "bad_regex": ("criterion 'no_recruitment_fees'", "cues.strong[1]", "invalid regex"),
    "empty_match_regex": ("criterion 'training'", "cues.patterns[1]", "matches the empty string"),
    "global_flag_regex": ("criterion 'training'", "cues.weak", "cannot be combined"),
    "empty_level": ("criterion 'training'", "levels.mention", "at least 1 character"),
    "missing_level": ("criterion 'training'", "levels.best_practice", "required field is missing"),
    "weight_out_of_range": ("criterion 'training'", "base_weight", "less than or equal to 3"),
    "core_mismatch": ("criterion 'training'", "core is true but base_weight is 2"),
    "bad_days": ("criterion 'training'", "implementation_steps[0].days", "30, 90 or 180"),
    "not_sector_specific": ("criterion 'maritime_fishing_protections'", "sector_specific"),
    "wrongly_sector_specific": ("criterion 'training'", "sector_specific", "only criteria"),
    "bad_multiplier_name": ("sector 'seafood'", "multipliers.no_recruitment_fees", "'high'"),
    "multiplier_out_of_range": ("multiplier_values", "critical", "at most 5"),
    "specific_not_theme8": ("sector 'seafood'", "specific_criteria[1]", "'training'"),
    "specific_multiplier_unlisted": (
        "sector 'seafood'",
        "multipliers.maritime_fishing_protections",
    ),
    "missing_theme": ("themes", "missing theme(s): sector_specific"),
    "extra_theme": ("theme 'governance'", "exactly these 8 themes"),
    "empty_theme": ("theme 'capacity_transparency'", "has no criteria"),
    "no_general_sector": ("sectors", "'general' sector"),
    "bad_rule": ("legal framework 'uk_msa'", "elements[0].rule", "'some'"),
    "bad_min_level": ("legal framework 'uk_msa'", "elements[0].min_level"),
    "duplicate_phrase": ("criterion 'explicit_prohibition'", "cues.phrases", "duplicate"),
    "bad_url": ("criterion 'explicit_prohibition'", "further_reading[0].url"),
    "missing_version": ("required top-level key 'version' is missing",),
    "yaml_syntax_error": ("YAML syntax error",),
    "duplicate_yaml_key": ("duplicate key 'base_weight'",),
    "not_a_mapping": ("must be a mapping of top-level keys",),
}


def test_every_broken_fixture_has_a_case() -> None:
    assert {p.stem for p in BROKEN.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_fixture_raises_rubric_error_naming_file_entry_field(name: str) -> None:
    path = BROKEN / f"{name}.yaml"
    with pytest.raises(RubricError) as err:
        load_rubric(path)
    message = str(err.value)
    assert f"{name}.yaml" in message, message
    for part in CASES[name]:
        assert part in message, f"{part!r} not in {message!r}"
    assert "\n" not in message  # one line for the CLI and the app


@pytest.mark.parametrize(
    ("name", "line"),
    [("yaml_syntax_error", 248), ("unknown_field", 94), ("unknown_must_have", 336)],
)
def test_problems_carry_the_line_number(name: str, line: int) -> None:
    text = (BROKEN / f"{name}.yaml").read_text().splitlines()
    report = check_rubric(BROKEN / f"{name}.yaml")
    first = report.problems[0]
    assert first.line == line
    # the line points at (or just after) the offending text
    needle = {
        "yaml_syntax_error": "[Training",
        "unknown_field": "phrase:",
        "unknown_must_have": "grievances",
    }
    # YAML reports a syntax error where it notices it, at most a line or two after the cause
    assert any(needle[name] in t for t in text[max(0, line - 3) : line])


def test_errors_in_valid_entries_do_not_cascade() -> None:
    # the bad regex makes the criterion invalid; its theme must not be reported as empty and
    # references to it (none here) must not be reported as unknown
    report = check_rubric(BROKEN / "bad_regex.yaml")
    assert len(report.problems) == 1


def test_all_problems_are_collected_not_just_the_first(tmp_path: Path) -> None:
    data = yaml.safe_load((FIXTURES / "valid_minimal.yaml").read_text())
    data["criteria"][0]["cues"]["strong"].append("(")
    data["criteria"][1]["levels"]["absent"] = ""
    data["sectors"][1]["must_haves"].append("nope")
    data["legal"][0]["elements"][0]["rule"] = "most"
    p = tmp_path / "four.yaml"
    p.write_text(yaml.safe_dump(data))
    report = check_rubric(p)
    fields = [pr.field for pr in report.problems]
    assert len(report.problems) == 4, report.lines()
    assert "cues.strong[1]" in fields and "levels.absent" in fields
    assert "must_haves[2]" in fields and "elements[0].rule" in fields


def test_risk_factor_criteria_must_be_criteria_that_apply_to_the_sector(tmp_path: Path) -> None:
    data = yaml.safe_load((FIXTURES / "valid_minimal.yaml").read_text())
    risk = data["sectors"][1]["risk_factors"][0]
    risk["criteria"] = ["maritime_fishing_protections", "no_recruitment_fee"]
    p = tmp_path / "risk.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False))
    (problem,) = check_rubric(p).problems  # the valid id passes, the misspelt one does not
    assert problem.line is not None
    assert "no_recruitment_fee" in p.read_text().splitlines()[problem.line - 1]
    with pytest.raises(RubricError) as err:
        load_rubric(p)
    message = str(err.value)
    for part in (
        f"risk.yaml:{problem.line}",
        "sector 'seafood'",
        "risk_factors[0].criteria[1]",
        "unknown criterion 'no_recruitment_fee'",
        "did you mean 'no_recruitment_fees'",
    ):
        assert part in message, message
    assert "\n" not in message

    # A theme-8 criterion the sector does not list never applies there: the risk would not show.
    data["sectors"][0]["risk_factors"] = [
        {
            "factor": "F",
            "evidence": "E",
            "sources": ["S"],
            "criteria": ["maritime_fishing_protections"],
        }
    ]
    risk["criteria"] = ["maritime_fishing_protections"]
    p.write_text(yaml.safe_dump(data, sort_keys=False))
    (problem,) = check_rubric(p).problems
    assert (problem.entry, problem.field) == ("sector 'general'", "risk_factors[0].criteria[0]")
    assert "sector-specific" in problem.message and "specific_criteria" in problem.message


def test_not_utf8_file(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes("version: 'caf\xe9'\n".encode("latin-1"))
    with pytest.raises(RubricError, match="not UTF-8"):
        load_rubric(p)


def test_scalar_key_in_two_files(tmp_path: Path) -> None:
    import shutil

    dest = tmp_path / "r"
    shutil.copytree(FIXTURES / "valid_folder", dest)
    (dest / "sectors.yaml").write_text('version: "x"\n' + (dest / "sectors.yaml").read_text())
    with pytest.raises(RubricError, match="also set in"):
        load_rubric(dest)


def test_list_key_must_be_a_list(tmp_path: Path) -> None:
    data = yaml.safe_load((FIXTURES / "valid_minimal.yaml").read_text())
    data["sectors"] = {"general": {}}
    p = tmp_path / "r.yaml"
    p.write_text(yaml.safe_dump(data))
    with pytest.raises(RubricError, match="sectors: must be a list of sector entries"):
        load_rubric(p)
