"""`malstyrning init`: a new, commented plan that validates, written without overwriting anything."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import malstyrning
from malstyrning._cli import app
from malstyrning._edit._init import new_plan_text
from malstyrning._lint import lint_text
from malstyrning._model._schema import plan_schema

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

runner = CliRunner()


def test_new_plan_validates_and_has_no_lint_findings() -> None:
    """Filled in or not, the new plan is a valid plan and lint finds nothing to say."""
    text = new_plan_text(organisation="Arbete och integration", year=2026, municipality="Tyresö")
    plan = malstyrning.loads_plan(text)
    assert (plan.name, plan.organisation, plan.municipality, plan.year) == (
        "Verksamhetsplan 2026",
        "Arbete och integration",
        "Tyresö",
        2026,
    )
    assert lint_text(text) == []


def test_new_plan_has_every_section() -> None:
    """One focus area, a strategic goal with a nämndmål, an indicator with ingångsvärde, målvärde and
    utfall, an activity, and uppdrag, kvalitetsgarantier, verksamhetsmått and risker."""
    plan = malstyrning.loads_plan(new_plan_text(year=2026))
    (area,) = plan.areas
    (strategic,) = area.goals
    (committee,) = strategic.goals
    assert (strategic.kind, committee.kind) == (
        malstyrning.GoalKind.STRATEGIC,
        malstyrning.GoalKind.COMMITTEE,
    )
    (indicator,) = committee.indicators
    assert indicator.baseline is not None
    assert indicator.baseline.year == 2025
    assert indicator.target is not None
    assert indicator.target.year == 2026
    assert committee.activities[0].responsible
    assert all((plan.assignments, plan.guarantees, plan.measures, plan.risks))
    text = new_plan_text(year=2026)
    assert re.search(r"^ *utfall:\n *# 2026-T1: .*\n *# 2026: ", text, re.MULTILINE), "utfall in a comment"
    # The usual Swedish reporting year, as the calendar the plan keeps.
    assert [(r.id, str(r.period), str(r.date)) for r in plan.reports] == [
        ("tertial", "2026-T1", "2026-05-31"),
        ("delår", "2026-T2", "2026-09-30"),
        ("år", "2026", "2027-02-28"),
    ]


def test_new_plan_starts_with_the_schema_line() -> None:
    """The first line tells editors where the schema is (--schema changes it)."""
    assert new_plan_text().splitlines()[0] == "# yaml-language-server: $schema=../schema/plan.schema.json"
    other = new_plan_text(schema="https://example.org/plan.schema.json")
    assert other.splitlines()[0] == "# yaml-language-server: $schema=https://example.org/plan.schema.json"


def test_year_defaults_to_this_year_and_kommun_to_a_comment() -> None:
    """Without --year the plan is for this year; without --kommun, `kommun` is a comment to fill in."""
    text = new_plan_text()
    plan = malstyrning.loads_plan(text)
    assert plan.year == dt.date.today().year
    assert plan.municipality is None
    assert "# kommun: " in text


@pytest.mark.parametrize(
    "name", ["Nämnd: Kultur", "2026", "true", "# inte en kommentar", 'Citat "här"', "ja"]
)
def test_names_that_yaml_would_misread_are_quoted(name: str) -> None:
    """Names with a colon, that look like numbers or booleans, or start with # still come back as given."""
    plan = malstyrning.loads_plan(new_plan_text(organisation=name, municipality=name))
    assert (plan.organisation, plan.municipality) == (name, name)


@pytest.mark.parametrize(
    "arguments",
    [{"organisation": "  "}, {"year": 1800}, {"schema": "a b.json"}],
)
def test_bad_arguments_are_refused(arguments: dict[str, Any]) -> None:
    """An empty name, a year outside 1900–2200 or a schema reference with a space: ValueError."""
    with pytest.raises(ValueError):  # noqa: PT011  (the messages are checked through the CLI)
        new_plan_text(**arguments)


def test_commented_keys_are_keys_of_the_format() -> None:
    """Keys shown only in comments (`# vision:`, `# kolada:` ...) exist, so uncommenting them works."""
    keys = set(re.findall(r"^\s*#\s+([a-zåäö_]+):", new_plan_text(), re.MULTILINE))
    assert {"vision", "regler", "metod", "kommentar", "uppfylld", "sannolikhet"} <= keys
    assert keys <= set(_schema_keys(plan_schema()))


def _schema_keys(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        yield from node.get("properties", {})
        for value in node.values():
            yield from _schema_keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_keys(value)


# --- the command ------------------------------------------------------------------------------


def test_cli_writes_plan_yaml_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`init` with no path writes plan.yaml in the current folder and prints the path."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "--year", "2026", "--organisation", "Kultur", "--kommun", "Tyresö"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote plan.yaml\n"
    plan = malstyrning.load_plan(tmp_path / "plan.yaml")
    assert (plan.year, plan.organisation, plan.municipality) == (2026, "Kultur", "Tyresö")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"], "no temporary file is left"


@pytest.mark.usefixtures("english")
def test_cli_refuses_to_overwrite(tmp_path: Path) -> None:
    """An existing file is left as it was without --force: exit 1 and a message that names
    the way out; with --force it is replaced."""
    target = tmp_path / "plan.yaml"
    target.write_text("min plan\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"{target} already exists; not overwritten; use --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "min plan\n"
    forced = runner.invoke(app, ["init", str(target), "--force", "-y", "2027"])
    assert (forced.exit_code, forced.stdout) == (0, f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == new_plan_text(year=2027)


def test_cli_dash_prints_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`init -` prints the plan on standard output and writes nothing."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "-", "-y", "2027"])
    assert result.exit_code == 0
    assert result.stdout == new_plan_text(year=2027)
    assert list(tmp_path.iterdir()) == []


def test_cli_bad_input_is_exit_2(tmp_path: Path) -> None:
    """A folder that does not exist, or a year out of range: exit 2 with a message."""
    missing = runner.invoke(app, ["init", str(tmp_path / "no" / "plan.yaml")])
    assert missing.exit_code == 2
    assert "no such folder" in missing.stderr
    year = runner.invoke(app, ["init", "-", "--year", "99"])
    assert year.exit_code == 2
    assert "--year: expected a year between 1900 and 2200, got 99" in year.stderr
