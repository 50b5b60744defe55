"""The plan's operating budget (``ekonomi``): the model, the sum check, the avvikelse,
and how assess, the JSON and every report format show it."""

from __future__ import annotations

import json

import pytest

import malstyrning
from conftest import PLANS
from test_report_text import FORMATS, normal, report_of

HEAD = "plan: P\norganisation: O\når: 2018\n"


def loads(text: str) -> malstyrning.Plan:
    return malstyrning.loads_plan(HEAD + text)


def problem(text: str) -> str:
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        loads(text)
    return str(caught.value)


def test_a_valid_economy_loads() -> None:
    plan = loads(
        "ekonomi:\n  rader:\n"
        "    - {id: a, titel: A, budget: {2018: 10}, prognos: {2018: 12}}\n"
        "    - {titel: Summa, summa: ja, delar: [a], budget: {2018: 10}}\n"
    )
    assert plan.economy is not None
    assert plan.economy.unit == "tkr"
    assert plan.economy.rows[0].forecast == {2018: 12.0}


def test_an_unknown_key_is_refused_with_a_hint() -> None:
    message = problem("ekonomi:\n  rader:\n    - {titel: A, budgett: {2018: 1}}\n")
    assert "budgett" in message
    assert "budget" in message.split("budgett", 1)[1]  # did you mean 'budget'?


def test_delar_must_name_a_row_above() -> None:
    message = problem(
        "ekonomi:\n  rader:\n    - {titel: S, summa: ja, delar: [x]}\n    - {id: x, titel: X}\n"
    )
    assert "'x'" in message


def test_a_sum_without_parts_is_refused() -> None:
    assert "delar" in problem("ekonomi:\n  rader:\n    - {titel: S, summa: ja, budget: {2018: 1}}\n")


BAD_SUM = (
    "ekonomi:\n  rader:\n"
    "    - {titel: Anslag, budget: {2018: 11 256}}\n"
    "    - {titel: Bidrag, budget: {2018: 24 024}}\n"
    "    - {titel: Summa intäkter, summa: ja, budget: {2018: 35 208}}\n"
)


def test_a_sum_that_does_not_add_up_is_a_lint_warning_with_both_figures() -> None:
    findings = malstyrning.lint_text(HEAD + BAD_SUM, filename="p.yaml")
    [finding] = [f for f in findings if f.rule is malstyrning.LintRule.ECONOMY_SUM]
    assert finding.severity is malstyrning.Severity.WARNING
    assert (finding.line, finding.column) == (8, 57)  # at the stated 35 208
    assert "35208" in finding.message
    assert "35280" in finding.message


PARTIAL = (
    "ekonomi:\n  rader:\n"
    "    - {id: in, titel: Intäkter, budget: {2018: 100}}\n"
    "    - {id: ut, titel: Kostnader, budget: {2018: 90}, prognos: {2018: 95}}\n"
    "    - {titel: Resultat, summa: ja, delar: [in, -ut], budget: {2018: 10}}\n"
)


def test_a_part_without_the_cell_makes_the_sum_unknown_not_zero() -> None:
    """Intäkter has no prognos at all (not ~): the result's prognos is unknown, not -95."""
    economy = malstyrning.assess(loads(PARTIAL), year=2018).economy
    assert economy is not None
    result = economy.result
    assert result is not None
    assert result.forecast == {}
    assert result.variance is None
    stated = PARTIAL.replace("budget: {2018: 10}}", "budget: {2018: 10}, prognos: {2018: 5}}")
    findings = malstyrning.lint_text(HEAD + stated, filename="p.yaml")
    assert [f for f in findings if f.rule is malstyrning.LintRule.ECONOMY_SUM] == []


def test_the_seeds_sums_add_up() -> None:
    for plan_file in ("2017.yaml", "2018.yaml"):
        findings = malstyrning.lint_plan(PLANS / plan_file)
        assert [f for f in findings if f.rule is malstyrning.LintRule.ECONOMY_SUM] == []


def test_the_avvikelse_is_budget_minus_utfall_else_prognos() -> None:
    plan = loads(
        "ekonomi:\n  rader:\n"
        "    - {titel: A, budget: {2018: 100}, prognos: {2018: 90}, utfall: {2018: 80}}\n"
        "    - {titel: B, budget: {2018: 50}, prognos: {2018: 60}}\n"
        "    - {titel: C, budget: {2018: 50}}\n"
    )
    economy = malstyrning.assess(plan, year=2018).economy
    assert economy is not None
    assert [(line.variance, line.variance_basis) for line in economy.lines] == [
        (20.0, "actual"),
        (-10.0, "forecast"),
        (None, None),
    ]


def test_the_2018_driftbudget_result_against_budget_with_the_forecast() -> None:
    economy = malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml")).economy
    assert economy is not None
    assert economy.year == 2017
    result = economy.result
    assert result is not None
    assert result.title == "Total Summa"
    assert result.budget == {2017: -7102.0, 2018: 0.0}
    assert result.forecast == {2017: -2000.0}
    assert (result.variance, result.variance_basis) == (-5102.0, "forecast")


def test_the_json_economy_object() -> None:
    plan = malstyrning.load_plan(PLANS / "2018.yaml")
    data = json.loads(malstyrning.to_json(malstyrning.assess(plan)))
    economy = data["economy"]
    assert (economy["year"], economy["title"], economy["unit"]) == (2017, "Driftbudget", "tkr")
    assert economy["result"]["budget"] == {"2017": -7102.0, "2018": 0.0}
    assert economy["result"]["variance"] == -5102.0
    bidrag = next(row for row in economy["rows"] if row["title"] == "Bidrag")
    assert bidrag["budget"] == {"2017": 13301.0, "2018": 24024.0}
    assert bidrag["forecast"] == {"2017": 17403.0}
    assert "economy" not in json.loads(malstyrning.to_json(malstyrning.assess(loads(""))))


def test_assess_shows_the_result_against_budget() -> None:
    from rich.console import Console

    from malstyrning._report._terminal import render_assessment

    console = Console(width=80, record=True, color_system=None)
    console.print(render_assessment(malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml"))))
    shown = console.export_text()
    assert "Total Summa: prognos -2 000 tkr · budget -7 102 tkr" in shown
    assert "Avvikelse (budget − prognos): -5 102 tkr" in shown


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_2018_driftbudget_numbers_are_in_every_format(fmt: str) -> None:
    shown = FORMATS[fmt](report_of("2018.yaml"))
    for words in ("Driftbudget", "Budget 2017", "Prognos 2017", "Budget 2018", "Avvikelse 2017"):
        assert words in shown
    # Bidrag 13 301 / 17 403 / 24 024, its avvikelse −4 102; the result −7 102 / −2 000 / 0.
    numbers = normal(shown).replace("\u2212", "-")
    for number in ("13 301", "17 403", "24 024", "-4 102", "-7 102", "-2 000", "-5 102"):
        assert number in numbers or number.replace(" ", "") in numbers.replace("\u00a0", " "), number
