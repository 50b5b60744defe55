"""The command line, used as a planner would use it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import PLANS, assert_matches_golden, plan_text
from malstyrning._cli import app

runner = CliRunner()


def run(*args: str) -> Any:
    # A fixed width and no colour make the output the same on every machine.
    return runner.invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})


def test_assess_prints_the_tree_and_summary() -> None:
    """`assess plans/2018.yaml` shows areas, goals, indicators with labels, and counts."""
    result = run("assess", str(PLANS / "2018.yaml"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Blomstrande näringsliv" in out
    assert "Strategiskt mål: Arbetslösheten i Tyresö" in out
    assert "ingångsvärde 10 % (2014) · utfall 9 % (2016) · mål 0 % (2018)" in out
    assert "2017: saknas: Finns ingen statistik framtaget för året." in out
    assert "Sammanfattning" in out
    assert "Traceback" not in out


def test_assess_shows_a_progress_of_any_size(write_plan: Any) -> None:
    """An outcome far on the wrong side of a tiny target: framsteg -1e300 is shown, not a traceback."""
    plan = write_plan(
        plan_text(
            """\
            målområden:
              - titel: A
                mål:
                  - titel: M
                    indikatorer:
                      - {id: i, titel: I, riktning: öka, ingångsvärde: 0, målvärde: 1e-300,
                         utfall: {2018: -1}}
            """
        )
    )
    result = run("assess", str(plan))
    assert result.exit_code == 0, result.output
    assert "Långt ifrån värde (framsteg < -10¹⁵ %)" in result.output


@pytest.mark.parametrize("plan", ["2017.yaml", "2018.yaml"])
def test_assess_output_matches_golden_file(plan: str) -> None:
    """The whole terminal output, byte for byte (MALSTYRNING_UPDATE_GOLDEN=1 rewrites it and fails)."""
    result = run("assess", str(PLANS / plan))
    assert result.exit_code == 0, result.output
    assert_matches_golden(f"assess_{plan.removesuffix('.yaml')}.txt", result.output)


def test_stated_judgement_is_shown_and_disagreement_marked() -> None:
    """A person's bedömning stands beside the computed one; a difference is marked ≠."""
    out = run("assess", str(PLANS / "2017.yaml")).output
    assert "(som angiven)" in out  # not "Helt uppfyllt ... (angiven: Helt uppfyllt)"
    assert "≠ angiven: Delvis uppfyllt" in out


def test_english_labels() -> None:
    """--lang en gives English labels and headings."""
    out = run("assess", str(PLANS / "2018.yaml"), "--lang", "en").output
    assert "Strategic goal:" in out
    assert "Target reached" in out
    assert "Summary" in out
    assert "Värde uppnått" not in out


def test_json_output_parses_and_follows_year() -> None:
    """--format json is valid JSON; --year picks the assessed year."""
    result = run("assess", str(PLANS / "2018.yaml"), "--format", "json", "--year", "2016")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["year"] == 2016
    assert data["plan"]["name"] == "Verksamhetsplan 2018"


def test_validate_ok_and_invalid(write_plan: Any) -> None:
    """validate checks every file; one bad file means exit 2 and located messages."""
    bad = write_plan(plan_text("målområden:\n  - titel: A\n    mål:\n      - titel: G\n        vikt: tung\n"))
    result = run("validate", str(PLANS / "2018.yaml"), str(bad))
    assert result.exit_code == 2
    assert f"{PLANS / '2018.yaml'}: ok" in result.stdout
    assert f"{bad}:9:15: målområden[0].mål[0].vikt: ska vara ett tal, men här står 'tung'" in result.stderr
    assert "Traceback" not in result.output


def test_assess_invalid_plan_exits_2_without_traceback(write_plan: Any) -> None:
    """Bad input: a message per problem on stderr, exit code 2, no traceback."""
    bad = write_plan("plan: [oops\n")
    result = run("assess", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:2:1: ")
    assert "Traceback" not in result.output


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is named, exit 2."""
    result = run("assess", str(tmp_path / "saknas.yaml"))
    assert result.exit_code == 2
    assert "saknas.yaml: filen finns inte" in result.stderr


def test_version() -> None:
    """--version prints the version."""
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("malstyrning ")
