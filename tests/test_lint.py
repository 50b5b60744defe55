"""`malstyrning lint`: weak spots in valid plans, each rule with a failing and a passing example."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, ROOT, plan_text
from malstyrning._cli import app
from malstyrning._lint import LintFinding, LintRule, Severity, lint_plan, lint_text

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

runner = CliRunner()


def lint(body: str) -> list[str]:
    """The findings for a small plan (four header lines, then ``body``), as printed."""
    return [str(f) for f in lint_text(plan_text(body), filename="plan.yaml")]


def rules(body: str) -> list[str]:
    return [f.rule for f in lint_text(plan_text(body), filename="plan.yaml")]


def goal_with(indicator: str) -> str:
    """A plan body: one area, one goal, and ``indicator`` (YAML keys at the indicator's level)."""
    lines = indicator.strip("\n").splitlines()
    body = "målområden:\n  - titel: A\n    mål:\n      - titel: G\n        indikatorer:\n          - id: i\n"
    return body + "".join(f"            {line}\n" for line in lines)


# Line numbers: the four header lines, then the body; the indicator's own keys
# start on line 10 (`id: i` is on line 10, the first key of `indicator` on 11).


# --- no-target ------------------------------------------------------------------------------


def test_no_target_warns_for_an_indicator_with_neither_target_nor_direction() -> None:
    """An indicator with no målvärde and no riktning cannot be assessed: a warning at the indicator."""
    assert lint(goal_with("titel: T\nenhet: antal\nutfall: {2017: 5}")) == [
        "plan.yaml:10:13: warning: målområden[0].mål[0].indikatorer[0]: indicator has neither målvärde "
        "nor riktning, so it cannot be assessed; give a målvärde, or a riktning (öka, minska, bibehåll) "
        "[no-target]"
    ]


@pytest.mark.parametrize("key", ["riktning: öka", "målvärde: 5"])
def test_no_target_passes_with_a_direction_or_a_target(key: str) -> None:
    """A riktning alone, or a målvärde alone, is enough."""
    assert lint(goal_with(f"titel: T\n{key}")) == []


def test_no_target_is_only_info_for_a_measure() -> None:
    """Measures (verksamhetsmått) are followed without a target: no riktning is info, not a warning."""
    found = lint_text(plan_text("verksamhetsmått:\n  - id: m\n    titel: M\n"), filename="plan.yaml")
    assert [(f.line, f.column, f.severity, f.rule) for f in found] == [
        (6, 5, Severity.INFO, LintRule.NO_TARGET)
    ]
    assert "measure has no riktning" in found[0].message
    assert lint("verksamhetsmått:\n  - id: m\n    titel: M\n    riktning: minska\n") == []


# --- target-equals-baseline -----------------------------------------------------------------


def test_target_equal_to_baseline_with_increase_warns_at_the_target() -> None:
    """öka with målvärde = ingångsvärde is reached without any change: a warning at the målvärde's value."""
    found = lint(goal_with("titel: T\nriktning: öka\ningångsvärde: {värde: 10, år: 2016}\nmålvärde: 10"))
    assert found == [
        "plan.yaml:14:23: warning: målområden[0].mål[0].indikatorer[0].målvärde: målvärde equals "
        "ingångsvärde (10) with riktning öka: the target is reached without any change; write riktning: "
        "bibehåll to hold the level, or a målvärde above 10 [target-equals-baseline]"
    ]


def test_target_equal_to_baseline_without_direction_warns_at_the_value_in_a_mapping() -> None:
    """With no riktning bibehåll is assumed silently; the warning points at `värde` inside the mapping."""
    found = lint_text(
        plan_text(goal_with('titel: T\ningångsvärde: "3,5"\nmålvärde: {värde: 3.5, år: 2018}')),
        filename="plan.yaml",
    )
    assert [(f.line, f.column, f.path) for f in found] == [
        (13, 31, "målområden[0].mål[0].indikatorer[0].målvärde.värde")
    ]
    assert "riktning is not given, so bibehåll is assumed" in found[0].message


@pytest.mark.parametrize(
    "keys",
    [
        "riktning: bibehåll\ningångsvärde: 10\nmålvärde: 10",
        "riktning: öka\ningångsvärde: 10\nmålvärde: 12",
    ],
)
def test_target_equal_to_baseline_passes_with_maintain_or_a_different_target(keys: str) -> None:
    """bibehåll says the level is to be held; a different målvärde needs no riktning: bibehåll."""
    assert lint(goal_with(f"titel: T\n{keys}")) == []


# --- target-before-baseline -----------------------------------------------------------------


def test_target_year_before_baseline_year_warns_at_the_year() -> None:
    """A målvärde for 2016 against an ingångsvärde from 2017: a warning at the målvärde's år."""
    found = lint(
        goal_with(
            "titel: T\nriktning: öka\ningångsvärde: {värde: 5, år: 2017}\nmålvärde: {värde: 8, år: 2016}"
        )
    )
    assert found == [
        "plan.yaml:14:38: warning: målområden[0].mål[0].indikatorer[0].målvärde.år: målvärde is for 2016, "
        "before the ingångsvärde's year 2017 [target-before-baseline]"
    ]


def test_target_without_year_is_for_the_plan_year() -> None:
    """A målvärde without år is for the plan year (2018); an ingångsvärde from 2019 is after it."""
    found = lint_text(
        plan_text(goal_with("titel: T\nriktning: öka\ningångsvärde: {värde: 5, år: 2019}\nmålvärde: 8")),
        filename="plan.yaml",
    )
    assert [(f.line, f.column, f.rule) for f in found] == [(14, 23, LintRule.TARGET_BEFORE_BASELINE)]
    assert found[0].message == (
        "målvärde has no år, so it is for the plan year 2018, before the ingångsvärde's year 2019"
    )


@pytest.mark.parametrize("target", ["{värde: 8, år: 2017}", "{värde: 8, år: 2018}", "8"])
def test_target_in_or_after_the_baseline_year_passes(target: str) -> None:
    """The same year or later is fine, and so is a målvärde without år in a later plan year."""
    assert (
        lint(goal_with(f"titel: T\nriktning: öka\ningångsvärde: {{värde: 5, år: 2017}}\nmålvärde: {target}"))
        == []
    )


# --- outcome-after-plan-year ----------------------------------------------------------------


def test_outcome_after_the_plan_year_warns_at_its_year() -> None:
    """An outcome for 2019 in the 2018 plan is a typo or belongs to next year's plan: warned at its key."""
    found = lint(goal_with("titel: T\nriktning: öka\nutfall:\n  2017: 4\n  2019: 5"))
    assert found == [
        "plan.yaml:15:15: warning: målområden[0].mål[0].indikatorer[0].utfall.2019: outcome for 2019 is "
        "after the plan year 2018 [outcome-after-plan-year]"
    ]


def test_outcomes_up_to_the_plan_year_pass() -> None:
    """Outcomes for the plan year and before are what a plan holds."""
    assert lint(goal_with("titel: T\nriktning: öka\nutfall: {2016: 3, 2017: 4, 2018: 5}")) == []


# --- percent-out-of-range -------------------------------------------------------------------


def test_percent_values_outside_0_to_100_warn_at_each_value() -> None:
    """In %, an ingångsvärde, målvärde, outcome or comparison below 0 or above 100 is warned at the value."""
    indicator = (
        'titel: T\nenhet: "%"\nriktning: öka\ningångsvärde: -5\nmålvärde: {värde: 120}\n'
        'utfall:\n  2017: "101,5 %"\n  2016: {saknas: ingen enkät}\njämförelse:\n  riket: {2017: 250}'
    )
    found = lint_text(plan_text(goal_with(indicator)), filename="plan.yaml")
    prefix = "målområden[0].mål[0].indikatorer[0]."
    suffix = " is outside 0–100, for an indicator in %"
    assert [(f.line, f.column, f.path, f.message) for f in found] == [
        (14, 27, prefix + "ingångsvärde", "ingångsvärde (-5)" + suffix),
        (15, 31, prefix + "målvärde.värde", "målvärde (120)" + suffix),
        (17, 21, prefix + "utfall.2017", "utfall for 2017 (101.5)" + suffix),
        (20, 29, prefix + "jämförelse.riket.2017", "jämförelse 'riket' for 2017 (250)" + suffix),
    ]
    assert {f.rule for f in found} == {LintRule.PERCENT_OUT_OF_RANGE}


def test_percent_values_within_0_to_100_pass_and_other_units_are_not_checked() -> None:
    """0 and 100 are in range; 250 in `antal` is not a percentage."""
    assert lint(goal_with('titel: T\nenhet: "%"\nriktning: öka\ningångsvärde: 0\nmålvärde: 100')) == []
    assert lint(goal_with("titel: T\nenhet: antal\nriktning: öka\ningångsvärde: 250\nmålvärde: 300")) == []


# --- goal-without-indicator -----------------------------------------------------------------


def test_goal_without_any_indicator_below_it_warns_at_the_goal() -> None:
    """A goal with no indicator, and no nested goal with one, cannot be assessed."""
    body = "målområden:\n  - titel: A\n    mål:\n      - titel: G\n        mål:\n          - titel: H\n"
    assert lint(body) == [
        "plan.yaml:8:9: warning: målområden[0].mål[0]: goal has no indicator, and no goal under it has "
        "one, so it cannot be assessed [goal-without-indicator]",
        "plan.yaml:10:13: warning: målområden[0].mål[0].mål[0]: goal has no indicator, and no goal under "
        "it has one, so it cannot be assessed [goal-without-indicator]",
    ]


def test_strategic_goal_served_by_committee_goals_with_indicators_passes() -> None:
    """A strategiskt mål with no indicators of its own, whose nämndmål has one, is assessed through it."""
    body = (
        "målområden:\n  - titel: A\n    mål:\n      - titel: G\n        typ: strategiskt mål\n"
        "        mål:\n          - titel: H\n            typ: nämndmål\n"
        "            indikatorer: [{id: i, titel: I, riktning: öka}]\n"
    )
    assert lint(body) == []


# --- duplicate-title ------------------------------------------------------------------------


def test_duplicate_indicator_title_warns_at_the_second_and_names_the_first() -> None:
    """Titles equal but for case and spaces; the measure repeats the goal's indicator."""
    body = goal_with("titel: Andel  nöjda\nriktning: öka") + (
        "verksamhetsmått:\n  - id: m\n    titel: andel nöjda\n    riktning: öka\n"
    )
    assert lint(body) == [
        "plan.yaml:15:12: warning: verksamhetsmått[0].titel: indicator title is the same as that of "
        "målområden[0].mål[0].indikatorer[0] (line 11); titles tell indicators apart in the follow-up "
        "[duplicate-title]"
    ]


def test_duplicate_goal_title_warns() -> None:
    """Two goals with one title, in different areas."""
    goal = (
        "    mål:\n      - titel: Fler i arbete\n"
        "        indikatorer: [{{id: {id}, titel: {id}, riktning: öka}}]\n"
    )
    body = "målområden:\n  - titel: A\n" + goal.format(id="a") + "  - titel: B\n" + goal.format(id="b")
    assert rules(body) == [LintRule.DUPLICATE_TITLE]
    assert "goal title is the same as that of målområden[0].mål[0] (line 8)" in lint(body)[0]


def test_distinct_titles_pass() -> None:
    """An indicator and a goal may share a title; two different indicators pass."""
    body = goal_with("titel: G\nriktning: öka") + "verksamhetsmått:\n  - {id: m, titel: M, riktning: öka}\n"
    assert lint(body) == []


# --- activity-without-owner-or-date ---------------------------------------------------------


def test_activity_without_owner_or_date_is_info() -> None:
    """A plain-string activity has neither; a mapping may lack one of them. Info, at the activity."""
    body = goal_with("titel: T\nriktning: öka") + (
        "        aktiviteter:\n"
        "          - Ett möte\n"
        "          - {titel: Enkät, ansvarig: Anna}\n"
        "          - {titel: Rapport, klart: 2018-06-30}\n"
    )
    found = lint_text(plan_text(body), filename="plan.yaml")
    assert [(f.line, f.column, f.severity, f.message) for f in found] == [
        (14, 13, Severity.INFO, "activity has no ansvarig and no klart"),
        (15, 13, Severity.INFO, "activity has no klart"),
        (16, 13, Severity.INFO, "activity has no ansvarig"),
    ]


def test_activity_with_owner_and_date_passes_also_under_an_indicator() -> None:
    """An activity with both passes, wherever it is."""
    activity = "aktiviteter:\n  - {titel: Enkät, ansvarig: Anna, klart: 2018-06-30}"
    assert lint(goal_with(f"titel: T\nriktning: öka\n{activity}")) == []
    found = lint(goal_with("titel: T\nriktning: öka\naktiviteter: [Enkät]"))
    assert found[0].startswith("plan.yaml:13:27: info: målområden[0].mål[0].indikatorer[0].aktiviteter[0]:")


# --- the library ------------------------------------------------------------------------------


def test_every_rule_has_a_check_and_a_documented_section() -> None:
    """docs/lint.md has a section for every rule code."""
    from malstyrning._lint import _CHECKS

    assert set(_CHECKS) == set(LintRule)
    docs = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    for rule in LintRule:
        assert f"### `{rule}`" in docs, rule


def test_finding_is_frozen_and_prints_like_a_compiler_message() -> None:
    """file:line:column: severity: path: message [rule]."""
    finding = LintFinding("p.yaml", 3, 5, "mål[0]", Severity.WARNING, LintRule.NO_TARGET, "m")
    assert str(finding) == "p.yaml:3:5: warning: mål[0]: m [no-target]"
    with pytest.raises(AttributeError):
        finding.line = 4  # type: ignore[misc]  # frozen: mypy refuses it, and so does the run


def test_invalid_plan_raises_plan_error() -> None:
    """lint needs a valid plan: the loader's located problems come back as a PlanError."""
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        lint_text(plan_text("målområden: 5\n"), filename="bad.yaml")
    assert str(caught.value).startswith("bad.yaml:5:13: målområden:")
    with pytest.raises(malstyrning.PlanFileError):
        lint_plan(ROOT / "no-such-plan.yaml")


def test_lint_plan_reads_the_file_and_sorts_by_position() -> None:
    """The shipped 2018 plan has no warnings; its findings come in file order."""
    found = lint_plan(PLANS / "2018.yaml")
    assert found
    assert all(f.severity is Severity.INFO for f in found)
    assert [(f.line, f.column) for f in found] == sorted((f.line, f.column) for f in found)
    assert found[0].file == str(PLANS / "2018.yaml")


def test_positions_follow_merge_keys_and_a_byte_order_mark(write_plan: Any) -> None:
    """A file with a BOM reads like any other; a merged key (no position of its own) points at the
    mapping that merges it."""
    body = "verksamhetsmått:\n  - &m\n    id: a\n    titel: A\n  - <<: *m\n    id: b\n"
    path: Path = write_plan("\ufeff" + plan_text(body))
    found = lint_plan(path)
    assert [(f.line, f.column, f.path, f.rule) for f in found] == [
        (6, 5, "verksamhetsmått[0]", LintRule.NO_TARGET),
        (9, 5, "verksamhetsmått[1].titel", LintRule.DUPLICATE_TITLE),
        (9, 5, "verksamhetsmått[1]", LintRule.NO_TARGET),
    ]


# --- the command ------------------------------------------------------------------------------


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_cli_prints_findings_and_a_count_and_exits_0() -> None:
    """Without --strict, findings are reported and the exit code is 0."""
    result = run("lint", str(PLANS / "2017.yaml"), str(PLANS / "2018.yaml"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == "0 warnings, 10 info in 2 plans"
    assert f"{PLANS / '2018.yaml'}:298:5: info: verksamhetsmått[1]: measure has no riktning" in result.stdout


def test_cli_strict_fails_on_warnings_not_on_info(write_plan: Any) -> None:
    """--strict: exit 1 when there is a warning; a plan with only info passes."""
    warned = write_plan(plan_text(goal_with("titel: T")), "warned.yaml")
    result = run("lint", "--strict", str(warned))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 warning, 0 info in 1 plan"
    assert run("lint", str(warned)).exit_code == 0
    assert run("lint", "--strict", str(PLANS / "2018.yaml")).exit_code == 0


def test_cli_invalid_plan_exits_2_with_the_problems(write_plan: Any) -> None:
    """An invalid plan is reported as validate reports it; the others are still linted."""
    bad = write_plan(plan_text("målområden: 5\n"), "bad.yaml")
    result = run("lint", str(bad), str(PLANS / "2017.yaml"))
    assert result.exit_code == 2
    assert f"{bad}:5:13: målområden: expected a list" in result.stderr
    assert result.stdout.splitlines()[-1] == "0 warnings, 0 info in 1 plan; 1 invalid plan not linted"


# --- the documentation ------------------------------------------------------------------------

_BLOCK = re.compile(r"```(yaml)?\n(.*?)```", re.DOTALL)


def _rule_sections() -> dict[str, str]:
    docs = (ROOT / "docs" / "lint.md").read_text(encoding="utf-8")
    parts = re.split(r"^### `([a-z-]+)`$", docs, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("rule", list(LintRule))
def test_documented_example_gives_the_documented_findings_and_its_fix_none(rule: LintRule) -> None:
    """Each rule's section in docs/lint.md: a plan, exactly what lint prints for it, and the plan fixed."""
    blocks = _BLOCK.findall(_rule_sections()[rule])
    (yaml_tag, failing), (output_tag, output), (fixed_tag, fixed) = blocks[:3]
    assert (yaml_tag, output_tag, fixed_tag) == ("yaml", "", "yaml")
    with malstyrning.use_language("sv"):  # the docs show what a planner sees: Swedish, the default
        assert [str(f) for f in lint_text(failing, filename="plan.yaml")] == output.splitlines()
    assert {f.rule for f in lint_text(fixed, filename="plan.yaml")} == set()


# --- pre-commit -------------------------------------------------------------------------------


def _hooks() -> list[dict[str, Any]]:
    from ruamel.yaml import YAML

    hooks: list[dict[str, Any]] = YAML(typ="safe").load(
        (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    )
    return hooks


def test_pre_commit_hooks_run_real_commands_on_plans() -> None:
    """Each hook's entry is `malstyrning COMMAND` for a command that exists, in a Python environment,
    on YAML files under plans/; run on the shipped plans, both hooks pass."""
    import typer.main
    from typer.core import TyperGroup

    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    commands = group.commands
    hooks = {hook["id"]: hook for hook in _hooks()}
    assert set(hooks) == {"malstyrning-validate", "malstyrning-lint"}
    for hook in hooks.values():
        program, command = hook["entry"].split()
        assert program == "malstyrning"
        assert command in commands
        assert hook["language"] == "python"
        files = re.compile(hook["files"])
        for name in ("plans/2018.yaml", "plans/sub/plan.yml", "schema/plan.schema.json", "tests/data/b.yaml"):
            assert bool(files.search(name)) == name.startswith("plans/"), name
        plans = [str(PLANS / "2017.yaml"), str(PLANS / "2018.yaml")]
        result = run(command, *hook.get("args", []), *plans)
        assert result.exit_code == 0, (hook["id"], result.output)
    assert hooks["malstyrning-lint"]["args"] == ["--strict"]


def test_pre_commit_lint_hook_fails_on_a_warning(write_plan: Any) -> None:
    """The lint hook, as pre-commit runs it, fails a commit with a warning in a plan."""
    (hook,) = [h for h in _hooks() if h["id"] == "malstyrning-lint"]
    warned = write_plan(plan_text(goal_with("titel: T")), "warned.yaml")
    assert run(hook["entry"].split()[1], *hook["args"], str(warned)).exit_code == 1
