"""What is due: the items (uppdrag, activities) the next report back must cover,
those past their due date and not done, those moved, and the indicators that
lack a value the next report of the calendar needs. Pure: the date is given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from .._model import (
    Activity,
    ActivityStatus,
    Assignment,
    FollowUp,
    Indicator,
    ItemKind,
    Period,
    Plan,
    ReportDate,
)

__all__ = ["DueItem", "DueList", "DueReason", "MissingValue", "due"]


class DueReason(StrEnum):
    """Why an item is listed."""

    SCHEDULED = "scheduled"  # the report back lists it (punkter)
    MOVED_HERE = "moved_here"  # an earlier report moved it to this one (framflyttad, till)
    OVERDUE = "overdue"  # past its klart and neither done nor cancelled
    MOVED = "moved"  # its latest report moved it (framflyttad), to a later report


@dataclass(frozen=True, slots=True)
class DueItem:
    """An uppdrag or activity listed by :func:`due`, with its status now."""

    id: str | None
    title: str
    kind: str  # "assignment" (uppdrag) or "activity"
    reason: DueReason
    status: ActivityStatus | None  # the latest report's, else the stated status
    due: dt.date | None  # klart
    last_reported: dt.date | None  # the latest report's date
    moved_to: str | None = None  # framflyttad: the report back it moved to
    why: str | None = None  # framflyttad: the reason given
    item_kind: ItemKind = ItemKind.ACTIVITY  # typ: aktivitet, överenskommelse or projekt
    funder: str | None = None  # finansiär


@dataclass(frozen=True, slots=True)
class MissingValue:
    """An indicator without a value for the period the next calendar report covers."""

    id: str
    title: str
    period: str


@dataclass(frozen=True, slots=True)
class DueList:
    """What is due on ``on``: see :func:`due`."""

    on: dt.date
    follow_up: FollowUp | None  # the next report back (återrapportering), if any
    items: tuple[DueItem, ...]  # scheduled and moved_here, for that report back
    overdue: tuple[DueItem, ...]
    moved: tuple[DueItem, ...]
    report: ReportDate | None  # the next report of the plan's calendar (rapporter), if any
    missing_values: tuple[MissingValue, ...]


# Not late past klart: done, cancelled, or moved to a later report (listed as moved).
_NOT_LATE = (ActivityStatus.DONE, ActivityStatus.CANCELLED, ActivityStatus.POSTPONED)


def _moved_to(item: Assignment | Activity, on: dt.date) -> tuple[str | None, str | None]:
    latest = item.latest_report(on)
    if latest is not None and latest.status is ActivityStatus.POSTPONED:
        return latest.moved_to, latest.reason
    return None, None


def _listed(item: Assignment | Activity, reason: DueReason, on: dt.date) -> DueItem:
    latest = item.latest_report(on)
    moved_to, why = _moved_to(item, on)
    return DueItem(
        id=item.id,
        title=item.title,
        kind="assignment" if isinstance(item, Assignment) else "activity",
        reason=reason,
        status=item.current_status(on),
        due=item.due,
        last_reported=None if latest is None else latest.date,
        moved_to=moved_to,
        why=why,
        item_kind=item.kind,
        funder=item.funder,
    )


def due(plan: Plan, *, on: dt.date) -> DueList:
    """What ``plan`` has due on ``on``, as known then (reports dated after it are not read).

    - The next report back (``återrapportering``) on or after ``on``: the items
      it lists (``punkter``), and the items an earlier report moved to it
      (``framflyttad`` with ``till`` naming it by id or month).
    - Items past their ``klart`` on ``on`` whose status is neither genomförd,
      avbruten nor framflyttad.
    - Items whose latest report moved them (``framflyttad``), and to when.
    - The next report of the plan's calendar on or after ``on`` (by its
      ``datum``), and the indicators with no value for a period ending when
      its period does.
    """
    items = plan.items()
    upcoming = sorted((f for f in plan.follow_ups if f.date >= on), key=lambda f: f.date)
    follow_up = upcoming[0] if upcoming else None
    listed: list[DueItem] = []
    if follow_up is not None:
        by_id = {item.id: item for item in items if item.id is not None}
        for ident in dict.fromkeys(follow_up.items):
            listed.append(_listed(by_id[ident], DueReason.SCHEDULED, on))
        for item in items:
            # Moved to it: its latest move made by now names it (as report_back has it).
            move = item.latest_move(on)
            if (
                move is not None
                and any(f is follow_up for f in plan.follow_ups_named(move.moved_to or ""))
                and item.id not in follow_up.items
            ):
                listed.append(_listed(item, DueReason.MOVED_HERE, on))
    overdue = tuple(
        _listed(item, DueReason.OVERDUE, on)
        for item in items
        if item.due is not None and item.due < on and item.current_status(on) not in _NOT_LATE
    )
    moved = tuple(_listed(item, DueReason.MOVED, on) for item in items if _moved_to(item, on)[0] is not None)

    dated = [(r.date, r) for r in plan.calendar() if r.date is not None and r.date >= on]
    report = min(dated, key=lambda pair: pair[0])[1] if dated else None
    missing: list[MissingValue] = []
    if report is not None:
        period = report.period
        for indicator in plan.indicators():
            if not _has_value(indicator, period):
                missing.append(MissingValue(indicator.id, indicator.title, str(period)))
    return DueList(
        on=on,
        follow_up=follow_up,
        items=tuple(listed),
        overdue=overdue,
        moved=moved,
        report=report,
        missing_values=tuple(missing),
    )


def _has_value(indicator: Indicator, period: Period) -> bool:
    """A value for ``period``: for a whole year its outcome (or a period ending in
    December), else a value for a period of its year ending when it does."""
    for key, outcome in indicator.period_outcomes.items():
        if key.year == period.year and key.end_month == period.end_month and outcome.value is not None:
            return True
    if period.end_month == 12:
        whole = indicator.outcomes.get(period.year)
        return whole is not None and whole.value is not None
    return False
