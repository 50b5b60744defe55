"""Goal roll-up: from indicator and nested-goal results to a goal's bedömning."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import malstyrning
from conftest import plan_text
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
