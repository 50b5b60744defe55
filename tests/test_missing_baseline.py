"""``regler: {saknat_ingångsvärde: föregående_utfall | ej_bedömd}``: a plan's policy
for an indicator without ingångsvärde (docs/assessment.md, "A missing starting value")."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import malstyrning
from conftest import make_indicator, plan_text
from malstyrning import IndicatorStatus, Note, Reason, Rules

values = st.integers(-100_000, 100_000).map(lambda n: n / 100)
# Outcomes 2014–2018, some missing (None: no entry, "saknas": marked missing).
outcomes = st.dictionaries(
    st.integers(2014, 2018), st.one_of(values, st.just("saknas")), min_size=1, max_size=5
)
directions = st.sampled_from([None, "öka", "minska", "bibehåll"])
methods = st.sampled_from([None, "framsteg", "måluppfyllelse"])
policies = st.sampled_from(["föregående_utfall", "ej_bedömd"])


def written(found: dict[int, float | str]) -> dict[int, Any]:
    return {y: {"saknas": "ingen mätning"} if v == "saknas" else v for y, v in found.items()}


def rules(policy: str | None = None, method: str | None = None) -> Rules:
    data: dict[str, Any] = {}
    if policy is not None:
        data["saknat_ingångsvärde"] = policy
    if method is not None:
        data["metod"] = method
    return Rules.model_validate(data)


def contradicts(direction: str | None, baseline: float, target: float | None) -> bool:
    if target is None:
        return False
    return (direction == "öka" and target < baseline) or (direction == "minska" and target > baseline)


def without(result: malstyrning.IndicatorResult, note: Note) -> malstyrning.IndicatorResult:
    return dataclasses.replace(result, notes=tuple(n for n in result.notes if n is not note))


@given(outcomes, directions, st.one_of(st.none(), values), methods, st.integers(2014, 2019), st.booleans())
def test_the_previous_outcome_is_judged_as_the_same_ingangsvarde(
    found: dict[int, float | str],
    direction: str | None,
    target: float | None,
    method: str | None,
    year: int,
    on_indicator: bool,
) -> None:
    """With föregående_utfall, an indicator without ingångsvärde is judged exactly as the
    same indicator with the outcome before its value's year as ingångsvärde; the result
    says so (note baseline_from_outcome). The rule may stand on the plan or the indicator."""
    keys: dict[str, Any] = {"utfall": written(found)}
    if direction is not None:
        keys["riktning"] = direction
    if target is not None:
        keys["malvarde"] = target
    plan_rules = rules(None if on_indicator else "föregående_utfall", method)
    own = {"regler": {"saknat_ingångsvärde": "föregående_utfall"}} if on_indicator else {}
    stood_in = malstyrning.assess_indicator(make_indicator(**keys, **own), year=year, rules=plan_rules)

    numeric = {y: v for y, v in found.items() if isinstance(v, float) and y <= year}
    value_year = max(numeric, default=None)
    earlier = [y for y in numeric if value_year is not None and y < value_year]
    if not earlier:  # nothing before the value: nothing stands in, as without the rule
        plain = malstyrning.assess_indicator(make_indicator(**keys), year=year, rules=rules(None, method))
        assert Note.BASELINE_FROM_OUTCOME not in stood_in.notes
        assert stood_in == dataclasses.replace(plain, arrow=stood_in.arrow)
        return
    start_year = max(earlier)
    start = numeric[start_year]
    assume(not contradicts(direction, start, target))
    given_start = malstyrning.assess_indicator(
        make_indicator(**keys, ingangsvarde={"värde": start, "år": start_year}),
        year=year,
        rules=rules(None, method),
    )
    assert Note.BASELINE_FROM_OUTCOME in stood_in.notes
    assert (stood_in.baseline, stood_in.baseline_year) == (start, start_year)
    assert without(stood_in, Note.BASELINE_FROM_OUTCOME) == given_start


@given(outcomes, st.sampled_from(["öka", "minska"]), st.one_of(st.none(), values), st.integers(2014, 2019))
def test_ej_bedomd_is_not_assessed_with_reason_no_baseline(
    found: dict[int, float | str], direction: str, target: float | None, year: int
) -> None:
    """With ej_bedömd, an öka/minska indicator without ingångsvärde judged by framsteg is
    not assessed, reason no_baseline; without the rule a målvärde is judged by måluppfyllelse."""
    keys: dict[str, Any] = {"utfall": written(found), "riktning": direction}
    if target is not None:
        keys["malvarde"] = target
    result = malstyrning.assess_indicator(make_indicator(**keys), year=year, rules=rules("ej_bedömd"))
    assert result.status is IndicatorStatus.NOT_ASSESSED
    assert result.reason is Reason.NO_BASELINE
    assert result.progress is None
    assert Note.BASELINE_FROM_OUTCOME not in result.notes


@given(outcomes, directions, values, st.one_of(st.none(), values), methods, policies, st.integers(2014, 2019))
def test_an_indicator_with_an_ingangsvarde_is_unaffected(
    found: dict[int, float | str],
    direction: str | None,
    baseline: float,
    target: float | None,
    method: str | None,
    policy: str,
    year: int,
) -> None:
    """An indicator WITH an ingångsvärde is assessed the same under either policy or none."""
    assume(not contradicts(direction, baseline, target))
    keys: dict[str, Any] = {"utfall": written(found), "ingangsvarde": {"värde": baseline, "år": 2015}}
    if direction is not None:
        keys["riktning"] = direction
    if target is not None:
        keys["malvarde"] = target
    indicator = make_indicator(**keys)
    plain = malstyrning.assess_indicator(indicator, year=year, rules=rules(None, method))
    assert malstyrning.assess_indicator(indicator, year=year, rules=rules(policy, method)) == plain


@given(outcomes, directions, values, methods, st.integers(2014, 2019))
def test_ej_bedomd_leaves_what_needs_no_start_alone(
    found: dict[int, float | str], direction: str | None, target: float, method: str | None, year: int
) -> None:
    """ej_bedömd changes only framsteg toward a målvärde: måluppfyllelse, bibehåll and a
    missing riktning are judged (or not) as without the rule."""
    assume(method == "måluppfyllelse" or direction in {None, "bibehåll"})
    keys: dict[str, Any] = {"utfall": written(found), "malvarde": target}
    if direction is not None:
        keys["riktning"] = direction
    indicator = make_indicator(**keys)
    plain = malstyrning.assess_indicator(indicator, year=year, rules=rules(None, method))
    assert malstyrning.assess_indicator(indicator, year=year, rules=rules("ej_bedömd", method)) == plain


def test_the_indicators_rule_overrides_the_plans() -> None:
    keys: dict[str, Any] = {"utfall": {2016: 10, 2017: 12}, "riktning": "öka", "malvarde": 20}
    own = make_indicator(**keys, regler={"saknat_ingångsvärde": "ej_bedömd"})
    result = malstyrning.assess_indicator(own, year=2017, rules=rules("föregående_utfall"))
    assert result.reason is Reason.NO_BASELINE
    own = make_indicator(**keys, regler={"saknat_ingångsvärde": "föregående_utfall"})
    result = malstyrning.assess_indicator(own, year=2017, rules=rules("ej_bedömd"))
    assert (result.status, result.baseline, result.baseline_year) == (IndicatorStatus.FAR, 10, 2016)
    assert result.progress == pytest.approx(0.2)


def test_without_the_rule_nothing_changes() -> None:
    """The default: a målvärde falls back to måluppfyllelse, a riktning alone is not assessed."""
    keys: dict[str, Any] = {"utfall": {2016: 10, 2017: 18}, "riktning": "öka"}
    target = malstyrning.assess_indicator(make_indicator(**keys, malvarde=20), year=2017)
    assert (target.status, target.method) == (IndicatorStatus.CLOSE, malstyrning.Method.FULFILMENT)
    assert Note.FULFILMENT_FALLBACK in target.notes
    alone = malstyrning.assess_indicator(make_indicator(**keys), year=2017)
    assert alone.reason is Reason.NO_BASELINE


def test_the_outcome_before_the_values_year_stands_in() -> None:
    """When the assessed year's outcome is missing, the value is an earlier one and the
    start is the outcome before that: never the value itself."""
    indicator = make_indicator(
        utfall={2015: {"saknas": "vartannat år"}, 2016: 85, 2017: {"saknas": "vartannat år"}},
        riktning="öka",
        malvarde=100,
    )
    result = malstyrning.assess_indicator(indicator, year=2017, rules=rules("föregående_utfall"))
    assert (result.value, result.value_year, result.baseline) == (85, 2016, None)
    assert result.method is malstyrning.Method.FULFILMENT  # nothing before 2016: as without the rule
    indicator = make_indicator(
        utfall={2014: 80, 2015: {"saknas": "-"}, 2016: 85}, riktning="öka", malvarde=100
    )
    result = malstyrning.assess_indicator(indicator, year=2017, rules=rules("föregående_utfall"))
    assert (result.value_year, result.baseline, result.baseline_year) == (2016, 80, 2014)


def test_the_plan_reads_the_words() -> None:
    plan = malstyrning.loads_plan(
        plan_text(
            """
            regler: {saknat_ingångsvärde: föregående utfall}
            målområden:
              - titel: Område
                mål:
                  - titel: Mål
                    indikatorer:
                      - id: a
                        titel: A
                        riktning: öka
                        regler: {saknat_ingångsvärde: ej_bedömd}
                        utfall: {2017: 1, 2018: 2}
            """
        )
    )
    assert plan.rules.missing_baseline is malstyrning.MissingBaseline.PREVIOUS_OUTCOME
    indicator = next(iter(plan.indicators()))
    assert indicator.rules is not None
    assert indicator.rules.missing_baseline is malstyrning.MissingBaseline.NOT_ASSESSED
    with pytest.raises(malstyrning.PlanError, match="föregående_utfall"):
        malstyrning.loads_plan(plan_text("regler: {saknat_ingångsvärde: första}\n"))


def test_the_note_has_a_label_and_the_explanation_names_the_year() -> None:
    plan = malstyrning.loads_plan(
        plan_text(
            """
            regler: {saknat_ingångsvärde: föregående_utfall}
            målområden:
              - titel: Område
                mål:
                  - titel: Mål
                    indikatorer:
                      - id: a
                        titel: A
                        riktning: öka
                        målvärde: 20
                        utfall: {2016: 10, 2017: 12, 2018: 16}
            """
        )
    )
    result = malstyrning.assess(plan, year=2018)
    found = next(iter(result.indicators()))
    assert Note.BASELINE_FROM_OUTCOME in found.notes
    data = malstyrning.assessment_to_dict(result)
    indicator = data["areas"][0]["goals"][0]["indicators"][0]
    assert "baseline_from_outcome" in indicator["notes"]
    text = malstyrning.format_explanation(malstyrning.explain(plan, "a", year=2018), "sv")
    assert "Ingångsvärde: 12 (2017), utfallet före värdets år" in text, text
    assert "saknat_ingångsvärde: föregående_utfall (planens regler)" in text, text
    english = malstyrning.format_explanation(malstyrning.explain(plan, "a", year=2018), "en")
    assert "Starting value: 12 (2017), the outcome before the value's year" in english, english
