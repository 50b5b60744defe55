"""The uppdrag and activities of a plan as of a day: each one's status then, the
dated reports made by then, and where it stands (the goals it serves, the
indicator it belongs to). What the JSON's ``items`` carry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .._model import Activity, ActivityStatus, Assignment, Plan, StatusReport

__all__ = ["ItemResult", "item_results"]


@dataclass(frozen=True, slots=True)
class ItemResult:
    """An uppdrag or an activity as of :attr:`as_of`."""

    item: Activity | Assignment
    status: ActivityStatus | None  # the latest report's made by the day, else the stated status
    reports: tuple[StatusReport, ...]  # the reports made by the day, oldest first
    goals: tuple[str, ...]  # the goal it stands under, then those its `mål` names
    indicator: str | None  # the indicator (or verksamhetsmått) it belongs to, if any
    as_of: dt.date

    @property
    def kind(self) -> str:
        """ "assignment" (an uppdrag) or "activity"."""
        return "assignment" if isinstance(self.item, Assignment) else "activity"


def item_results(plan: Plan, on: dt.date) -> tuple[ItemResult, ...]:
    """Every item of ``plan`` as of ``on``, in :meth:`Plan.items` order."""
    found: list[ItemResult] = []

    def add(item: Activity | Assignment, goal: str | None, indicator: str | None) -> None:
        goals = tuple(dict.fromkeys([*([goal] if goal else []), *item.goals]))
        reports = item.reports_by(on)
        status = reports[-1].status if reports else item.status
        found.append(ItemResult(item, status, reports, goals, indicator, on))

    for assignment in plan.assignments:
        add(assignment, None, None)
    for goal in plan.goals():
        for activity in goal.activities:
            add(activity, goal.id, None)
        for indicator in goal.indicators:
            for activity in indicator.activities:
                add(activity, goal.id, indicator.id)
    for measure in plan.measures:
        for activity in measure.activities:
            add(activity, None, measure.id)
    return tuple(found)
