"""Goal roll-up: from indicator and nested-goal results to a goal's bedömning."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import malstyrning
from conftest import PLANS, ROOT, plan_text
from malstyrning import GoalStatus, Improvement

# One indicator per status, all assessed for 2017.
INDICATOR = {
    "reached": "{id: %s, titel: T, riktning: öka, målvärde: 10, utfall: {2017: 10}, vikt: %s}",
    "close": "{id: %s, titel: T, ingångsvärde: 0, målvärde: 10, utfall: {2017: 6}, vikt: %s}",
    "far": "{id: %s, titel: T, ingångsvärde: 0, målvärde: 10, utfall: {2017: 1}, vikt: %s}",
    "none": "{id: %s, titel: T, utfall: {2017: 1}, vikt: %s}",
}


def goal_of(statuses: list[str], weights: list[float] | None = None) -> malstyrning.GoalResult:
    weights = weights or [1.0] * len(statuses)
    indicators = "".join(
        f"          - {INDICATOR[s] % (f'i{n}', w)}\n"
        for n, (s, w) in enumerate(zip(statuses, weights, strict=True))
    )
    text = plan_text("målområden:\n  - titel: Område\n    mål:\n      - titel: Mål\n        indikatorer:\n")
    text += indicators
    plan = malstyrning.loads_plan(text)
    return malstyrning.assess(plan, year=2017).areas[0].goals[0]


def test_scores_map_to_labels() -> None:
    """1 → helt, ≥ 0.5 → i hög grad, > 0 → delvis, 0 → ej uppfyllt."""
    assert goal_of(["reached", "reached"]).status is GoalStatus.FULLY
    assert goal_of(["reached", "far"]).status is GoalStatus.LARGELY  # 0.5
    assert goal_of(["close", "far"]).status is GoalStatus.PARTLY  # 0.25
    assert goal_of(["far", "far"]).status is GoalStatus.NOT_MET


def test_not_assessed_children_are_left_out() -> None:
    """The mean is over assessed children only; none assessed → ej bedömd."""
    assert goal_of(["reached", "none"]).status is GoalStatus.FULLY
    assert goal_of(["none"]).status is GoalStatus.NOT_ASSESSED
    assert goal_of(["none"]).score is None


def test_weights() -> None:
    """vikt weighs the mean: reached×1 + far×3 is 0.25, delvis."""
    goal = goal_of(["reached", "far"], [1, 3])
    assert goal.score == 0.25
    assert goal.status is GoalStatus.PARTLY


def test_nested_goals_score_by_their_label() -> None:
    """A nested goal counts 1, 2/3, 1/3 or 0 by its label."""
    text = plan_text(
        """\
        målområden:
          - titel: Område
            mål:
              - titel: Strategiskt
                typ: strategiskt mål
                bedömning: helt uppfyllt
                mål:
                  - titel: Nämndmål A
                    indikatorer:
                      - {id: a, titel: A, riktning: öka, målvärde: 10, utfall: {2017: 10}}
                  - titel: Nämndmål B
                    indikatorer:
                      - {id: b, titel: B, ingångsvärde: 0, målvärde: 10, utfall: {2017: 6}}
                      - {id: c, titel: C, ingångsvärde: 0, målvärde: 10, utfall: {2017: 0}}
        """
    )
    top = malstyrning.assess(malstyrning.loads_plan(text), year=2017).areas[0].goals[0]
    assert [g.status for g in top.goals] == [GoalStatus.FULLY, GoalStatus.PARTLY]
    assert top.score == (1 + 1 / 3) / 2
    assert top.status is GoalStatus.LARGELY
    assert top.stated is GoalStatus.FULLY
    assert top.disagrees


def test_goal_trend_is_weighted_sign_of_improvements() -> None:
    """Two improving and one worsening child: improved; equal weight either way: unchanged."""
    text = plan_text(
        """\
        målområden:
          - titel: Område
            mål:
              - titel: Mål
                indikatorer:
                  - {id: a, titel: A, riktning: öka, ingångsvärde: 1, utfall: {2017: 2}}
                  - {id: b, titel: B, riktning: öka, ingångsvärde: 1, utfall: {2017: 3}, vikt: 0.5}
                  - {id: c, titel: C, riktning: öka, ingångsvärde: 1, utfall: {2017: 0}, vikt: 1.5}
        """
    )
    goal = malstyrning.assess(malstyrning.loads_plan(text), year=2017).areas[0].goals[0]
    assert goal.improvement is Improvement.UNCHANGED
    assert goal.goals == ()


@given(st.lists(st.sampled_from(["reached", "close", "far", "none"]), min_size=1, max_size=6))
def test_score_is_between_zero_and_one(statuses: list[str]) -> None:
    """The score is a weighted mean of scores in [0, 1]; none assessed means no score."""
    goal = goal_of(statuses)
    if all(s == "none" for s in statuses):
        assert goal.status is GoalStatus.NOT_ASSESSED
    else:
        assert goal.score is not None
        assert 0 <= goal.score <= 1
        assert (goal.status is GoalStatus.FULLY) == all(s in ("reached", "none") for s in statuses)


# A plain reference for the roll-up: every weight and score as a Fraction.
_INDICATOR_SCORE = {"reached": Fraction(1), "close": Fraction(1, 2), "far": Fraction(0)}
_GOAL_SCORE = {
    "fully": Fraction(1),
    "largely": Fraction(2, 3),
    "partly": Fraction(1, 3),
    "not_met": Fraction(0),
}
_SIGN = {"improved": 1, "unchanged": 0, "worsened": -1}


def reference_roll_up(
    children: list[tuple[float, Fraction | None, int | None]],
) -> tuple[str, float | None, str]:
    counted = [(Fraction(repr(w)), s, d) for w, s, d in children if w > 0]
    scored = [(w, s) for w, s, _ in counted if s is not None]
    signed = [(w, d) for w, _, d in counted if d is not None]
    status, score = "not_assessed", None
    if scored:
        exact = sum(w * s for w, s in scored) / sum(w for w, _ in scored)
        score = float(exact)
        status = (
            "fully"
            if exact == 1
            else "largely"
            if exact >= Fraction(1, 2)
            else "partly"
            if exact > 0
            else "not_met"
        )
    improvement = "none"
    if signed:
        net = sum(w * d for w, d in signed)
        improvement = "improved" if net > 0 else "worsened" if net < 0 else "unchanged"
    return status, score, improvement


WEIGHTS = st.one_of(st.sampled_from([0.0, 1.0, 1.0, 2.0, 0.1, 0.2, 0.3, 1e-20, 1e20]), st.floats(0, 1e6))
INDICATOR_CHILD = st.tuples(
    WEIGHTS,
    st.sampled_from(["reached", "close", "far", "not_assessed"]),
    st.sampled_from([*_SIGN, "none"]),
)
GOAL_CHILD = st.tuples(
    WEIGHTS, st.sampled_from([*_GOAL_SCORE, "not_assessed"]), st.sampled_from([*_SIGN, "none"])
)


@given(st.lists(INDICATOR_CHILD, max_size=8), st.lists(GOAL_CHILD, max_size=4))
def test_roll_up_is_exact(
    indicators: list[tuple[float, str, str]], goals: list[tuple[float, str, str]]
) -> None:
    """The engine's roll-up equals the weighted mean computed in fractions, also
    for weights such as 0,1 + 0,2 against 0,3 that binary floats get wrong."""
    trend = {
        code: malstyrning.Trend(malstyrning.Change.NONE, malstyrning.Improvement(code))
        for code in [*_SIGN, "none"]
    }
    indicator_results = tuple(
        replace(INDICATOR_TEMPLATE, weight=w, status=malstyrning.IndicatorStatus(s), trend=trend[d])
        for w, s, d in indicators
    )
    goal_results = tuple(
        replace(GOAL_TEMPLATE, weight=w, status=GoalStatus(s), improvement=Improvement(d))
        for w, s, d in goals
    )
    goal = malstyrning.roll_up(GOAL_MODEL, indicator_results, goal_results)
    children = [(w, _INDICATOR_SCORE.get(s), _SIGN.get(d)) for w, s, d in indicators]
    children += [(w, _GOAL_SCORE.get(s), _SIGN.get(d)) for w, s, d in goals]
    assert (goal.status.value, goal.score, goal.improvement.value) == reference_roll_up(children)


def test_results_are_made_whole() -> None:
    """Results made by the engine's own constructors (slots set directly) are
    field for field the ones the dataclasses' __init__ makes."""
    plan = malstyrning.load_plan(PLANS / "2018.yaml")
    result = malstyrning.assess(plan)
    made: list[malstyrning.GoalResult | malstyrning.IndicatorResult | malstyrning.Trend] = [
        *result.goals(),
        *(i for g in result.goals() for i in g.indicators),
        *(i.trend for g in result.goals() for i in g.indicators),
    ]
    assert made
    for value in made:
        again = type(value)(**{f.name: getattr(value, f.name) for f in fields(value)})
        assert again == value
        assert hash(again) == hash(value)
        assert repr(again) == repr(value)
        assert not hasattr(value, "__dict__")  # slots, as declared


_ASSESSMENT = malstyrning.assess(
    malstyrning.loads_plan(
        plan_text(
            "målområden:\n  - titel: Område\n    mål:\n      - titel: Mål\n        indikatorer:\n"
            f"          - {INDICATOR['reached'] % ('i', 1)}\n"
            "        mål:\n          - titel: Delmål\n"
        )
    ),
    year=2017,
)
GOAL_TEMPLATE = _ASSESSMENT.areas[0].goals[0].goals[0]
INDICATOR_TEMPLATE = _ASSESSMENT.areas[0].goals[0].indicators[0]
GOAL_MODEL = (
    malstyrning.loads_plan(plan_text("målområden:\n  - titel: Område\n    mål:\n      - titel: Mål\n"))
    .areas[0]
    .goals[0]
)


def test_engine_passes_result_fields_in_order() -> None:
    """The engine makes results positionally, naming each argument in a
    comment: the comments are exactly the fields, in the dataclass's order."""
    source = (ROOT / "src" / "malstyrning" / "_engine" / "_assessment.py").read_text(encoding="utf-8")
    makers = {
        "make_indicator_result": malstyrning.IndicatorResult,
        "make_trend": malstyrning.Trend,
        "make_goal_result": malstyrning.GoalResult,
    }
    for maker, cls in makers.items():
        call = source[source.index(f"return {maker}(\n") :]
        call = call[: call.index("\n    )\n")]
        named = re.findall(r",  # (\w+)$", call, flags=re.MULTILINE)
        assert named == [f.name for f in fields(cls)], maker
