"""The plan a write should make, as a model: what the re-read file must equal.

Every write is checked against it before anything reaches the disk: the new
text, read as a plan, must be exactly the old plan with the named changes,
so that no edit can change a second place unseen (an alias, a merge key, an
edit that went wrong).
"""

from __future__ import annotations

from collections.abc import Callable

from .._model import Goal, Indicator, Plan

__all__ = ["first_difference", "map_plan"]

IndicatorFn = Callable[[Indicator], Indicator]
GoalFn = Callable[[Goal], Goal]


def map_plan(plan: Plan, *, indicator: IndicatorFn | None = None, goal: GoalFn | None = None) -> Plan:
    """``plan`` with ``indicator`` applied to every indicator and ``goal`` to every goal
    (to the goal's own fields: its indicators and subgoals are mapped separately)."""

    def one_indicator(item: Indicator) -> Indicator:
        return indicator(item) if indicator is not None else item

    def one_goal(item: Goal) -> Goal:
        mapped = goal(item) if goal is not None else item
        return mapped.model_copy(
            update={
                "indicators": tuple(one_indicator(i) for i in mapped.indicators),
                "goals": tuple(one_goal(g) for g in mapped.goals),
            }
        )

    areas = tuple(
        area.model_copy(update={"goals": tuple(one_goal(g) for g in area.goals)}) for area in plan.areas
    )
    measures = tuple(one_indicator(i) for i in plan.measures)
    return plan.model_copy(update={"areas": areas, "measures": measures})


def first_difference(expected: Plan, actual: Plan) -> str | None:
    """The id of the first indicator (or goal) that differs between the two plans;
    ``""`` when only the plan's own fields differ; None when the plans are equal."""
    if expected == actual:
        return None
    for want, got in zip(expected.indicators(), actual.indicators(), strict=False):
        if want != got:
            return want.id
    for want_goal, got_goal in zip(expected.goals(), actual.goals(), strict=False):
        if want_goal != got_goal:
            return want_goal.id or ""
    return ""
