"""One report back (återrapportering) of an action plan or of uppdrag, as its
document tells it: which of the plan's report backs it is, the items due at it
with the report made for it, the items moved since the one before, and a short
status for the items reported as started earlier. Pure: the items' dated
reports are read as of the report back's day; nothing later is known."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from dataclasses import dataclass

from .._errors import InvalidArgumentError
from .._i18n import tr
from .._model import Activity, ActivityStatus, Assignment, Decision, FollowUp, Period, Plan, StatusReport
from ._due import DueReason

__all__ = ["ReportBack", "ReportBackItem", "find_follow_up", "report_back"]


@dataclass(frozen=True, slots=True)
class ReportBackItem:
    """An uppdrag or activity in a report back, as of its day."""

    item: Activity | Assignment
    status: ActivityStatus | None  # the latest report's made by the day, else the stated status
    report: StatusReport | None  # the latest report made by the day
    reason: DueReason | None = None  # why it is due (scheduled, moved_here); None in the other lists
    # moved_here: the framflyttad report that moved it here; in `moved`: the one that moved it on.
    move: StatusReport | None = None
    # moved_here: the report back it was due at when it was moved here, if any.
    moved_from: FollowUp | None = None


@dataclass(frozen=True, slots=True)
class ReportBack:
    """A report back of the plan (``återrapportering``), see :func:`report_back`."""

    follow_up: FollowUp
    number: int  # its place among the plan's report backs, from 1
    count: int  # how many report backs the plan has
    previous: FollowUp | None  # the one before, if any
    due: tuple[ReportBackItem, ...]  # listed in its punkter, then those moved to it
    moved: tuple[ReportBackItem, ...]  # framflyttad after the previous report back, by this one's day
    started: tuple[ReportBackItem, ...]  # reported as pågående by the previous one, not due now
    period: Period  # what an assessment beside it covers (see report_back)
    schedule: tuple[FollowUp, ...] = ()  # every report back of the plan, by date
    decided: Decision | None = None  # who decided the plan: the beslutad most of its items share
    years: tuple[int, int] = (0, 0)  # the plan's first and last year

    @property
    def date(self) -> dt.date:
        """The day it is due: its date, or the last day of its month."""
        return self.follow_up.date


def find_follow_up(plan: Plan, when: str) -> FollowUp:
    """The report back ``when`` names: its id, its ``datum`` as written (``2022-03``),
    or the month of its date.

    Raises :class:`InvalidArgumentError` for a name the plan has none for,
    naming those it has (and a near one), and for a month with several.
    """
    wanted = str(when).strip()
    found = plan.follow_ups_named(wanted)
    if len(found) == 1:
        return found[0]
    keys = [f.key for f in plan.follow_ups]
    if found:
        raise InvalidArgumentError(
            tr(
                "{when!r} names {count} report backs; give one of {keys}",
                "{when!r} anger {count} återrapporteringar; ange en av {keys}",
                when=wanted,
                count=len(found),
                keys=", ".join(f.key for f in found),
            )
        )
    if not keys:
        raise InvalidArgumentError(
            tr(
                "the plan has no report back (återrapportering) to report on",
                "planen har ingen återrapportering att rapportera",
            )
        )
    lowered = {key.casefold(): key for key in keys}
    near = difflib.get_close_matches(wanted.casefold(), list(lowered), n=1, cutoff=0.6)
    hint = tr(" Did you mean {key!r}?", " Menade du {key!r}?", key=lowered[near[0]]) if near else ""
    raise InvalidArgumentError(
        tr(
            "no report back {when!r} in the plan; it has {keys}.{hint}",
            "ingen återrapportering {when!r} i planen; den har {keys}.{hint}",
            when=wanted,
            keys=", ".join(keys),
            hint=hint,
        )
    )


def report_back(plan: Plan, when: str | FollowUp) -> ReportBack:
    """The report back ``when`` (a :class:`FollowUp` of the plan, or its name as
    :func:`find_follow_up` takes it), as known on its day.

    - ``due``: the items its ``punkter`` list, then those whose latest move
      (``framflyttad``) made by its day names it (``till``: its id, ``datum`` or
      month), with where they were due before (``moved_from``).
    - ``moved``: the items a report moved on (``framflyttad``, to another report
      back) after the previous report back's day and by this one's, not due
      here (an item due here and moved on says so in its status).
    - ``started``: the items whose status on the previous report back's day was
      pågående, neither due now nor moved: the short status at the end.
    - ``period``: what an assessment printed beside it covers: the month of its
      day within the plan's years (a December: the whole year), else the
      plan's last year.
    """
    follow_up = when if isinstance(when, FollowUp) else find_follow_up(plan, when)
    ordered = sorted(plan.follow_ups, key=lambda f: f.date)
    if follow_up not in ordered:
        raise InvalidArgumentError(
            tr("the report back is not one of the plan's", "återrapporteringen är inte planens")
        )
    number = ordered.index(follow_up) + 1
    previous = ordered[number - 2] if number > 1 else None
    on = follow_up.date
    items = plan.items()
    by_id = {item.id: item for item in items if item.id is not None}

    def names_this(move: StatusReport) -> bool:
        return any(f is follow_up for f in plan.follow_ups_named(move.moved_to or ""))

    due = [_at(by_id[ident], on, DueReason.SCHEDULED) for ident in follow_up.items]
    for item in items:
        # Moved here: its latest move made by the day names this report back.
        move = item.latest_move(on)
        if move is not None and names_this(move) and item.id not in follow_up.items:
            due.append(_at(item, on, DueReason.MOVED_HERE, move, _moved_from(plan, item, move, follow_up)))
    due_ids = {id(line.item) for line in due}

    since = previous.date if previous is not None else dt.date.min
    moved = []
    for item in items:
        if id(item) in due_ids:  # due here: its status says where it moved
            continue
        # Moved on since the report back before: to another report back than this one.
        moves = [
            r
            for r in item.reports
            if r.status is ActivityStatus.POSTPONED and since < r.date <= on and not names_this(r)
        ]
        if moves:
            moved.append(_at(item, on, move=max(moves, key=lambda r: r.date)))
    moved_ids = {id(line.item) for line in moved}

    started = []
    if previous is not None:
        for item in items:
            if id(item) in due_ids or id(item) in moved_ids:
                continue
            if item.current_status(previous.date) is ActivityStatus.ONGOING:
                started.append(_at(item, on))

    last_year = plan.last_year or plan.year
    if plan.year <= on.year <= last_year and on.month < 12:
        period = Period.parse(f"{on.year}-{on.month:02d}")
    else:
        period = Period.parse(str(min(max(on.year, plan.year), last_year)))
    decisions = Counter(item.decided for item in items if item.decided is not None)
    return ReportBack(
        follow_up=follow_up,
        number=number,
        count=len(ordered),
        previous=previous,
        due=tuple(due),
        moved=tuple(moved),
        started=tuple(started),
        period=period,
        schedule=tuple(ordered),
        decided=decisions.most_common(1)[0][0] if decisions else None,
        years=(plan.year, last_year),
    )


def _at(
    item: Activity | Assignment,
    on: dt.date,
    reason: DueReason | None = None,
    move: StatusReport | None = None,
    moved_from: FollowUp | None = None,
) -> ReportBackItem:
    return ReportBackItem(item, item.current_status(on), item.latest_report(on), reason, move, moved_from)


def _moved_from(
    plan: Plan, item: Activity | Assignment, move: StatusReport, here: FollowUp
) -> FollowUp | None:
    """The report back ``item`` was due at when ``move`` moved it ``here``: where an
    earlier move had sent it, else the latest earlier report back listing it; None
    when it was due at none."""
    position = next(i for i, r in enumerate(item.reports) if r is move)
    earlier = [
        (r.date, i, r)
        for i, r in enumerate(item.reports)
        if r.status is ActivityStatus.POSTPONED and (r.date, i) < (move.date, position)
    ]
    for _, _, before in sorted(earlier, key=lambda found: found[:2], reverse=True):
        targets = [f for f in plan.follow_ups_named(before.moved_to or "") if f is not here]
        if targets:
            return targets[0]
    listed = [f for f in plan.follow_ups if item.id in f.items and f.date < here.date]
    return max(listed, key=lambda f: f.date) if listed else None
