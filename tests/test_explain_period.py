"""explain at a period within the year, and the year-end forecast's steps."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning._cli import app
from malstyrning._report._explain_text import explanation_lines
from test_explain import numbers

runner = CliRunner()
DELAR = PLANS / "2016-delar.yaml"
HEAD = "plan: Verksamhetsplan 2016\norganisation: AME\når: 2016\n"
GOAL = "målområden:\n  - id: a\n    titel: A\n    mål:\n      - id: g\n        titel: G\n"


def delar() -> malstyrning.Plan:
    return malstyrning.load_plan(DELAR)


def said(plan: malstyrning.Plan, ident: str, lang: malstyrning.Language = "sv", **kw: Any) -> list[str]:
    return explanation_lines(malstyrning.explain(plan, ident, **kw), lang)


def kinds(explanation: malstyrning.Explanation) -> list[str]:
    return [step.kind.value for step in explanation.steps]


def one(indicator: str, goal: str = "") -> malstyrning.Plan:
    """A 2016 plan with the goal ``g`` (with ``goal``'s keys, indented) holding ``indicator``."""
    return malstyrning.loads_plan(
        HEAD + GOAL + goal + "        indikatorer:\n          - " + indicator + "\n"
    )


MOTTAGNA = (
    "{id: m, titel: Mottagna, enhet: antal, periodvärde: ackumulerat, riktning: öka, "
    "ingångsvärde: {värde: 60, år: 2015}, målvärde: 100, utfall: {2015: 60, 2016-T1: 41, 2016-T2: 82}}"
)


def test_mottagna_at_the_delar_a_stated_forecast() -> None:
    """82 so far (ackumulerat) is set aside; the stated 110 is judged by the year's rules."""
    plan = delar()
    explanation = malstyrning.explain(plan, "mottagna", period="2016-T2")
    lines = explanation_lines(explanation)
    assert explanation.period == "2016-T2"
    assert (explanation.status, explanation.forecast_status) == ("not_assessed", "reached")
    assert "Värde som används: 82 (2016-T2)." in lines
    assert (
        "82 (2016-T2) är ackumulerat över årets första 8 månader (periodvärde ackumulerat): ett värde "
        "hittills i år jämförs inte med helårets målvärde 100 eller med tidigare år, så det får ingen "
        "bedömning och ingen trend; i stället bedöms prognosen för helåret." in lines
    )
    # A count so far has no trend: no trend step says otherwise.
    assert "trend" not in kinds(explanation)
    assert "no_trend" not in kinds(explanation)
    assert (
        "Prognos för helåret 2016: 110, angiven i planen. Kommentar: Prognosen för hela året är att "
        "mottagningen tar emot ca 110 nyanlända." in lines
    )
    assert "Metod framsteg: (prognos − ingångsvärde) / (målvärde − ingångsvärde)." in lines
    assert "(110 − 60) / (100 − 60) = 125 %; 110 ≥ 100: målvärdet är nått → Värde uppnått." in lines
    assert lines[-1] == "Prognos: Värde uppnått."
    assert kinds(explanation)[-4:] == ["forecast", "progress", "reached", "forecast_result"]
    english = said(plan, "mottagna", "en", period="2016-T2")
    assert "Forecast for 2016: 110, stated in the plan (prognos). Comment: Prognosen för hela året är " in (
        " ".join(english)
    )
    assert "(110 − 60) / (100 − 60) = 125%; 110 ≥ 100: the target is reached → Target reached." in english
    assert english[-1] == "Forecast: Target reached."


def test_mottagna_at_t1_without_a_stated_forecast_is_scaled() -> None:
    """41 at the end of April, a count: 41 × 12 / 4 = 123, judged against 100."""
    plan = one(MOTTAGNA)
    explanation = malstyrning.explain(plan, "m", period="2016-T1")
    lines = explanation_lines(explanation)
    assert (
        "Prognos för helåret 2016: 41 (2016-T1) är ackumulerat över årets första 4 månader, uppräknat "
        "till helår: 41 × 12 / 4 = 123." in lines
    )
    assert "(123 − 60) / (100 − 60) = 157,5 %; 123 ≥ 100: målvärdet är nått → Värde uppnått." in lines
    forecast = next(s for s in explanation.steps if s.kind is malstyrning.StepKind.FORECAST)
    assert dict(forecast.facts) | {"unit": None} == {
        "basis": "scaled",
        "value": 123.0,
        "year": 2016,
        "at": "2016-T1",
        "source": "2016-T1",
        "latest": 41.0,
        "months": 4,
        "comment": None,
        "unit": None,
    }
    english = said(plan, "m", "en", period="2016-T2")
    assert (
        "Forecast for 2016: 82 (2016-T2) is accumulated over the year's first 8 months, scaled to the "
        "whole year: 82 × 12 / 8 = 123." in english
    )
    # Not a whole number of the months: the shown value is rounded, and says so.
    plan = one(MOTTAGNA.replace("2016-T2: 82", "2016-07: 50"))
    lines = said(plan, "m", period="2016-07")
    assert any(s.endswith("50 × 12 / 7 ≈ 85,7143.") for s in lines), lines


def test_forsorjningsstod_is_carried_and_judged_with_the_same_arithmetic() -> None:
    plan = delar()
    lines = said(plan, "forsorjningsstod", period="2016-T2")
    assert (
        "Prognos för helåret 2016: det senaste läget, 80 (2016-T2), antas stå sig året ut (periodvärde "
        "läge)." in lines
    )
    arithmetic = "(80 − 98) / (75 − 98) = 78,2 % ≥ 50 % → Nära värde (nära 50 %: standard för framsteg)."
    assert lines.count(arithmetic) == 2  # the label's, and the forecast's: the same numbers
    assert lines[-1] == "Prognos: Nära värde."
    # At the end of September the latest level is still August's.
    later = said(plan, "forsorjningsstod", period="2016-Q3")
    assert any(s.startswith("Prognos för helåret 2016: det senaste läget, 80 (2016-T2),") for s in later)
    english = said(plan, "forsorjningsstod", "en", period="2016-T1")
    assert (
        "Forecast for 2016: the latest level, 83 (2016-T1), carried to the year's end (periodvärde läge)."
        in english
    )


def test_a_goals_forecast_is_the_weighted_mean_of_its_childrens_forecasts() -> None:
    plan = delar()
    explanation = malstyrning.explain(plan, "mottagande", period="2016-T2")
    lines = explanation_lines(explanation)
    goal = next(g for g in malstyrning.assess(plan, period="2016-T2").goals() if g.id == "mottagande")
    assert goal.forecast is not None
    assert (explanation.status, explanation.forecast_status) == (
        goal.status.value,
        goal.forecast.status.value,
    )
    assert "Indikator mottagna: Ej bedömd, räknas inte." in lines  # the label: set aside
    assert "Indikator mottagna: prognos Värde uppnått, poäng 1, vikt 1." in lines
    assert "Indikator bostader: prognos Långt ifrån värde, poäng 0, vikt 1." in lines
    assert (
        "Viktat medelvärde: 1 / 2 = 0,5 (1 helt, ≥ 0,5 i hög grad, > 0 delvis, 0 ej uppfyllt) → Bedöms i "
        "hög grad uppfyllas." in lines
    )
    assert (
        "Angiven prognos: Bedöms uppfyllas; den beräknade är Bedöms i hög grad uppfyllas: de skiljer sig åt."
        in lines
    )
    assert lines[-1] == "Prognos: Bedöms i hög grad uppfyllas."
    english = said(plan, "mottagande", "en", period="2016-T2")
    assert "Indicator mottagna: forecast Target reached, score 1, weight 1." in english
    assert english[-1] == "Forecast: Expected to be largely met."
    # A child without a forecast counts with its label; a stated forecast that agrees says so.
    plan = one(
        "{id: x, titel: X, riktning: öka, målvärde: 10, utfall: {2016: 10}}\n"
        "          - {id: y, titel: Y, riktning: öka, målvärde: 10, utfall: {2016-T2: 9}, "
        "prognos: {2016: 10}}",
        goal="        angiven_prognos: bedöms uppfyllas\n",
    )
    lines = said(plan, "g", year=2016)
    assert "Indikator x: Värde uppnått (ingen prognos: bedömningen räknas), poäng 1, vikt 1." in lines
    assert "Angiven prognos: Bedöms uppfyllas, samma som den beräknade." in lines


def test_no_value_yet_and_missing_period_values() -> None:
    plan = one(MOTTAGNA.replace("periodvärde: ackumulerat, ", "").replace("2016-T1: 41, ", ""))
    explanation = malstyrning.explain(plan, "m", period="2016-T1")
    lines = explanation_lines(explanation)
    assert (
        "Inget värde för 2016 känt vid slutet av 2016-T1: det senaste värdet, 60 (2015), är utgångsläget "
        "och bedöms inte." in lines
    )
    assert "value" not in kinds(explanation)
    assert explanation.status == "not_assessed"
    assert "Prognos för helåret 2016: ingen angiven, och inget värde i år att göra en av." in lines
    assert lines[-1] == "Prognos: Kan inte bedömas."
    # A saknas for the period is skipped, with its period; the value before it is used.
    plan = one(
        MOTTAGNA.replace("2016-T2: 82", "2016-T2: {saknas: Ej rapporterat}").replace("ackumulerat", "läge")
    )
    lines = said(plan, "m", period="2016-T2")
    assert "Värdet för 2016-T2 är markerat saknas (Ej rapporterat): hoppas över." in lines
    assert "Värde som används: 41 (2016-T1), det senaste värdet för 2016 känt vid slutet av 2016-T2." in lines
    english = said(plan, "m", "en", period="2016-T2")
    assert "The value for 2016-T2 is marked missing (Ej rapporterat): skipped." in english
    plan = one("{id: m, titel: M, riktning: öka, målvärde: 5, utfall: {2016-T2: 3}}")
    english = said(plan, "m", "en", period="2016-T1")
    assert "No value for 2016 known at the end of 2016-T1, and none earlier: nothing to judge." in english


def test_the_whole_year_keeps_its_steps_and_adds_the_forecast() -> None:
    plan = delar()
    explanation = malstyrning.explain(plan, "mottagna", year=2016)
    lines = explanation_lines(explanation)
    assert explanation.period is None
    # The year's value is its latest, a count so far at the delår: set aside, judged by its forecast.
    assert "Värde som används: 82 (2016-T2), det senaste värdet för 2016 känt vid slutet av 2016." in lines
    assert lines[lines.index("Resultat: Ej bedömd.") + 1].startswith("Prognos för helåret 2016: 110")
    assert malstyrning.explain(plan, "mottagna", period=2016).steps == explanation.steps
    # Once the year is over its outcome is the forecast.
    plan = one(MOTTAGNA.replace("2016-T2: 82", "2016-T2: 82, 2016: 95"))
    lines = said(plan, "m", year=2016)
    assert "Prognos för helåret 2016: året är slut, så prognosen är årets utfall, 95." in lines
    # Without periods or a prognos nothing about forecasts is said.
    plain = malstyrning.explain(malstyrning.load_plan(PLANS / "2017.yaml"), "sommarjobb")
    assert plain.forecast_status is None
    assert not {"forecast", "forecast_result"} & set(kinds(plain))


def test_year_and_period_arguments() -> None:
    plan = delar()
    with pytest.raises(malstyrning.InvalidArgumentError, match="ange år eller period, inte båda"):
        malstyrning.explain(plan, "mottagna", year=2016, period="2016-T1")
    with pytest.raises(malstyrning.InvalidArgumentError):
        malstyrning.explain(plan, "mottagna", period="2016-T9")
    at = malstyrning.Period.parse("2016-T1")
    assert malstyrning.explain(plan, "mottagna", period=at) == malstyrning.explain(
        plan, "mottagna", period="2016-t1"
    )


def test_json_has_the_period_and_the_forecast() -> None:
    data = malstyrning.explanation_to_dict(malstyrning.explain(delar(), "mottagna", period="2016-T2"), "en")
    assert (data["period"], data["status"], data["forecast_status"]) == ("2016-T2", "not_assessed", "reached")
    steps = {step["step"]: step for step in data["steps"]}
    assert steps["partial_year"]["months"] == 8
    assert steps["forecast"]["basis"] == "stated"
    assert data["steps"][-1] == {
        "step": "forecast_result",
        "status": "reached",
        "reason": None,
        "text": "Forecast: Target reached.",
    }


def test_cli_period_report_and_default() -> None:
    plan = str(DELAR)
    default = runner.invoke(app, ["explain", plan, "mottagna"])
    assert default.exit_code == 0
    assert default.stdout.startswith("Indikator mottagna: Mottagna nyanlända, antal hittills i år (2016-T2)")
    assert "110 ≥ 100: målvärdet är nått → Värde uppnått." in default.stdout
    assert max(len(line) for line in default.stdout.splitlines()) <= 80
    tertial = runner.invoke(app, ["explain", plan, "mottagna", "--rapport", "tertial"])
    assert "(2016-T1)" in tertial.stdout.splitlines()[0]
    period = runner.invoke(app, ["explain", plan, "forsorjningsstod", "-p", "2016-T1", "-f", "json"])
    assert json.loads(period.stdout)["period"] == "2016-T1"
    year = runner.invoke(app, ["explain", plan, "mottagna", "-y", "2016", "--lang", "en"])
    assert "Value used: 82 (2016-T2), the latest value for 2016 known at the end of 2016." in " ".join(
        year.stdout.split()
    )
    both = runner.invoke(app, ["explain", plan, "mottagna", "-y", "2016", "-p", "2016-T1"])
    assert both.exit_code == 2
    assert "ange ett av --year, --period och --rapport" in both.stderr
    wrong = runner.invoke(app, ["explain", plan, "mottagna", "--rapport", "tertia"])
    assert wrong.exit_code == 2
    assert "Menade du 'tertial'?" in wrong.stderr


# -- properties: at a period, the explanation decides as the engine does ------------------------

PERIODS = ["2016-T1", "2016-05", "2016-H1", "2016-T2", "2016-Q3", "2016-T3", "2016"]
outcome = st.one_of(numbers, numbers, st.just({"saknas": "Ej rapporterat"}))  # a saknas in five


@given(
    values=st.dictionaries(st.sampled_from(PERIODS), outcome, min_size=1, max_size=4),
    earlier=st.none() | numbers,
    baseline=st.none() | numbers,
    target=st.none() | numbers,
    direction=st.none() | st.sampled_from(["öka", "minska", "bibehåll"]),
    threshold=st.none() | numbers,
    tolerance=st.sampled_from([0, 2]),
    method=st.none() | st.sampled_from(["framsteg", "måluppfyllelse"]),
    accumulated=st.booleans(),
    stated=st.sampled_from([None, None, None, 45.0, 120.0]),
    goal_stated=st.none() | st.sampled_from(["bedöms uppfyllas", "bedöms inte uppfyllas"]),
    at=st.sampled_from(
        ["2016-T2", "2016-Q3", "2016-T1", "2016-H1", "2016-05", "2016-T3", "2016-12", "2016", 2016]
    ),
)
@example(
    values={"2016-T1": 41.0},
    earlier=60.0,
    baseline=60.0,
    target=100.0,
    direction="öka",
    threshold=None,
    tolerance=0,
    method=None,
    accumulated=True,
    stated=None,
    goal_stated=None,
    at="2016-T1",
)
@example(
    values={"2016-T2": 80.0},
    earlier=None,
    baseline=60.0,
    target=100.0,
    direction=None,
    threshold=None,
    tolerance=0,
    method="måluppfyllelse",
    accumulated=False,
    stated=None,
    goal_stated="bedöms uppfyllas",
    at="2016-Q3",
)
def test_labels_at_a_period_are_the_engines(**keys: Any) -> None:
    indicator: dict[str, Any] = {"id": "i", "titel": "I", "tolerans": keys["tolerance"]}
    utfall: dict[str, Any] = {str(k): v for k, v in keys["values"].items()}
    if keys["earlier"] is not None:
        utfall["2015"] = keys["earlier"]
    indicator["utfall"] = utfall
    if keys["baseline"] is not None:
        indicator["ingångsvärde"] = {"värde": keys["baseline"], "år": 2015}
    for key, name in (("target", "målvärde"), ("direction", "riktning"), ("threshold", "gränsvärde")):
        if keys[key] is not None:
            indicator[name] = keys[key]
    if keys["method"] is not None:
        indicator["regler"] = {"metod": keys["method"]}
    if keys["accumulated"]:
        indicator["periodvärde"] = "ackumulerat"
    if keys["stated"] is not None:
        indicator["prognos"] = {"2016": {"värde": keys["stated"]}}
    other = '{"id": "j", "titel": "J", "riktning": "öka", "målvärde": 10, "utfall": {"2016-T2": 6}}'
    goal = "" if keys["goal_stated"] is None else f"        angiven_prognos: {keys['goal_stated']}\n"
    plan = one(json.dumps(indicator, ensure_ascii=False) + "\n          - " + other, goal=goal)
    at = keys["at"]
    result = malstyrning.assess(plan, period=at)
    found = result.indicators()[0]
    explanation = malstyrning.explain(plan, "i", period=at)
    assert explanation.status == found.status.value
    assert explanation.forecast_status == (None if found.forecast is None else found.forecast.status.value)
    results = [s for s in explanation.steps if s.kind is malstyrning.StepKind.RESULT]
    assert [s.facts["status"] for s in results] == [explanation.status]
    if found.forecast is not None:
        assert explanation.steps[-1].kind is malstyrning.StepKind.FORECAST_RESULT
        assert explanation.steps[-1].facts["status"] == explanation.forecast_status
    goal_result = result.goals()[0]
    goal_explained = malstyrning.explain(plan, "g", period=at)
    assert goal_explained.status == goal_result.status.value
    assert goal_explained.forecast_status == (
        None if goal_result.forecast is None else goal_result.forecast.status.value
    )
    # The share each part works out, and its method, are the engine's.
    assert _share(explanation.steps, forecast=False) == (found.method, found.progress)
    if found.forecast is not None:
        assert _share(explanation.steps, forecast=True) == (found.forecast.method, found.forecast.progress)
    # A scaled forecast's arithmetic: its value recomputed from its own numbers.
    for sentence in explanation_lines(explanation):
        scaled = re.search(r": (-?[\d ,]+|\(-[\d ,]+\)) × 12 / (\d+) (=|≈) (-?[\d ,]+)\.$", sentence)
        if scaled:
            x = float(scaled.group(1).strip("()").replace(" ", "").replace(",", "."))
            value = x * 12 / int(scaled.group(2))
            shown = float(scaled.group(4).replace(" ", "").replace(",", "."))
            assert round(value, 4) == pytest.approx(shown)


def _share(
    steps: tuple[malstyrning.ExplanationStep, ...], *, forecast: bool
) -> tuple[malstyrning.Method | None, float | None]:
    """The method and share of the label's steps (before ``result``) or the forecast's (after it)."""
    cut = next(n for n, step in enumerate(steps) if step.kind is malstyrning.StepKind.RESULT)
    part = steps[cut + 1 :] if forecast else steps[:cut]
    for step in part:
        if step.kind in {malstyrning.StepKind.PROGRESS, malstyrning.StepKind.FULFILMENT}:
            share = step.facts["share"]
            assert isinstance(share, float)
            return malstyrning.Method(step.kind.value), share
    return None, None
