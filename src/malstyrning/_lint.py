"""Weak spots in a valid plan: what ``malstyrning lint`` reports.

A plan can be valid and still hard to follow up: an indicator with nothing to
assess it against, a target no different from the start, an outcome typed
into the wrong year. Each rule here looks at the validated :class:`Plan` for
meaning and at the YAML text for the exact line and column to point at.
The rules are documented in ``docs/lint.md``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._i18n import tr
from ._load import load_plan, loads_plan
from ._model import (
    Activity,
    Assignment,
    Direction,
    Goal,
    Indicator,
    Plan,
    StatusReport,
    ValuePoint,
    budget_sum,
    format_loc,
    swedish_word,
)

if TYPE_CHECKING:  # the careful reader (ruamel.yaml) is imported when a plan is linted, not before
    from ruamel.yaml.comments import CommentedMap

    from ._load import Loc

__all__ = ["LintFinding", "LintRule", "Severity", "lint_plan", "lint_text", "plan_warnings"]


class Severity(StrEnum):
    """How much a finding matters. ``lint --strict`` fails on warnings only."""

    WARNING = "warning"  # the follow-up will be wrong or impossible here
    INFO = "info"  # worth a look; common in real plans


class LintRule(StrEnum):
    """The stable code of each lint rule, shown in brackets after a finding."""

    NO_TARGET = "no-target"
    TARGET_EQUALS_BASELINE = "target-equals-baseline"
    TARGET_BEFORE_BASELINE = "target-before-baseline"
    OUTCOME_AFTER_PLAN_YEAR = "outcome-after-plan-year"
    PERCENT_OUT_OF_RANGE = "percent-out-of-range"
    GOAL_WITHOUT_INDICATOR = "goal-without-indicator"
    DUPLICATE_TITLE = "duplicate-title"
    ACTIVITY_WITHOUT_OWNER_OR_DATE = "activity-without-owner-or-date"
    EMPTY_TARGET = "empty-target"
    ECONOMY_SUM = "ekonomi-summa"
    REPORT_OUTSIDE_PLAN_YEAR = "report-outside-plan-year"
    MOVED_TO_UNKNOWN_REPORT_BACK = "moved-to-unknown-report-back"
    MOVED_BACKWARDS = "moved-backwards"


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One weak spot in a plan, at a 1-based ``line`` and ``column``.

    ``path`` is the key path inside the plan, such as
    ``målområden[0].mål[1].indikatorer[0].målvärde``.
    """

    file: str
    line: int
    column: int
    path: str
    severity: Severity
    rule: LintRule
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        severity = tr("warning", "varning") if self.severity is Severity.WARNING else tr("info", "info")
        return f"{where}: {severity}: {self.path}: {self.message} [{self.rule}]"


def lint_plan(path: str | os.PathLike[str]) -> list[LintFinding]:
    """Check the plan in the YAML file at ``path`` for weak spots.

    The plan must be valid: :class:`PlanError` (with every problem) is raised
    as by :func:`load_plan` when it is not. Findings are sorted by position.
    """
    plan = load_plan(path)
    text = Path(path).read_bytes().decode("utf-8-sig")
    return _lint(plan, text, os.fspath(path))


def lint_text(text: str, *, filename: str = "<string>") -> list[LintFinding]:
    """Check the plan in the YAML string ``text``; ``filename`` names it in findings.

    Raises :class:`PlanError` as :func:`loads_plan` does when the plan is not valid.
    """
    return _lint(loads_plan(text, filename=filename), text, filename)


def plan_warnings(path: str | os.PathLike[str]) -> list[LintFinding]:
    """The warnings ``malstyrning validate`` prints for the valid plan at ``path``.

    Only the traps a valid plan can hide that make its follow-up wrong: a
    ``målvärde`` left empty (``målvärde:`` with nothing after it reads as no
    target at all), and an outcome more than a year after the plan's year (a
    typo such as 2081 for 2018). :func:`lint_plan` finds these and the rest.
    Raises :class:`PlanError` as :func:`load_plan` does when the plan is not valid.
    """
    plan = load_plan(path)
    text = Path(path).read_bytes().decode("utf-8-sig")
    late = any(year > plan.year + 1 for indicator in plan.indicators() for year in indicator.outcomes)
    if not late and not _MAYBE_EMPTY_TARGET.search(text):
        return []  # nothing to warn about: the careful reader is not needed
    return _lint(plan, text, os.fspath(path), for_validate=True)


# Text that may hold an empty målvärde (`målvärde:` at a line's end, `målvärde: ~`,
# `{målvärde: }`, an alias, an explicit `? key`): only then is the plan read again
# with positions. A false alarm costs that reading; the rule itself decides.
_MAYBE_EMPTY_TARGET = re.compile(
    r"""målvärde['"]?[ \t]*:[ \t]*(?:\#.*)?(?:$|[,}\]~*]|null|Null|NULL)|^[ \t-]*\?""", re.MULTILINE
)


def _lint(plan: Plan, text: str, filename: str, *, for_validate: bool = False) -> list[LintFinding]:
    from ._load import round_trip_yaml  # noqa: PLC0415  (ruamel.yaml: only when a plan is linted)

    context = _Context(plan, round_trip_yaml().load(text), filename)
    findings = [
        context.finding(rule, hit)
        for rule, check in _CHECKS.items()
        for hit in check(context)
        if hit.validate or not for_validate
    ]
    return sorted(findings, key=lambda f: (f.line, f.column, f.rule))


@dataclass(frozen=True, slots=True)
class _Hit:
    """What a rule found, before it is placed in the file."""

    loc: Loc
    severity: Severity
    message: str
    at_key: bool = False
    validate: bool = False  # `validate` warns about it too (see plan_warnings)


@dataclass(frozen=True, slots=True)
class _Context:
    plan: Plan
    document: CommentedMap
    filename: str

    def finding(self, rule: LintRule, hit: _Hit) -> LintFinding:
        from ._load import located  # noqa: PLC0415  (the careful reader's, as in _lint)

        where = located(self.filename, self.document, hit.loc, hit.message, at_key=hit.at_key)
        return LintFinding(
            self.filename, where.line or 1, where.column or 1, where.path, hit.severity, rule, hit.message
        )

    def line(self, loc: Loc) -> int:
        from ._load import located  # noqa: PLC0415

        return located(self.filename, self.document, loc, "").line or 1


# --- Walking the plan, with the key path of everything ----------------------------------------


def _goals(plan: Plan) -> Iterator[tuple[Loc, Goal]]:
    """Every goal, depth first, with its key path."""

    def walk(goals: tuple[Goal, ...], loc: Loc) -> Iterator[tuple[Loc, Goal]]:
        for i, goal in enumerate(goals):
            here = (*loc, "mål", i)
            yield here, goal
            yield from walk(goal.goals, here)

    for i, area in enumerate(plan.areas):
        yield from walk(area.goals, ("målområden", i))


def _indicators(plan: Plan) -> Iterator[tuple[Loc, Indicator, bool]]:
    """Every indicator with its key path, and whether it is a measure (verksamhetsmått)."""
    for loc, goal in _goals(plan):
        for k, indicator in enumerate(goal.indicators):
            yield (*loc, "indikatorer", k), indicator, False
    for k, measure in enumerate(plan.measures):
        yield ("verksamhetsmått", k), measure, True


def _activities(plan: Plan) -> Iterator[tuple[Loc, Activity]]:
    """Every activity, of goals and of indicators, with its key path."""
    for loc, goal in _goals(plan):
        for k, activity in enumerate(goal.activities):
            yield (*loc, "aktiviteter", k), activity
    for loc, indicator, _ in _indicators(plan):
        for k, activity in enumerate(indicator.activities):
            yield (*loc, "aktiviteter", k), activity


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


# --- The rules --------------------------------------------------------------------------------


def _no_target(context: _Context) -> Iterator[_Hit]:
    for loc, indicator, measure in _indicators(context.plan):
        if indicator.target is not None or indicator.direction is not None:
            continue
        if measure:
            message = tr(
                "measure has no riktning: its trend cannot be judged better or worse; "
                "give riktning: öka, minska or bibehåll",
                "måttet har ingen riktning: dess trend kan inte bedömas som bättre eller sämre; "
                "ange riktning: öka, minska eller bibehåll",
            )
            yield _Hit(loc, Severity.INFO, message)
        else:
            message = tr(
                "indicator has neither målvärde nor riktning, so it cannot be assessed; "
                "give a målvärde, or a riktning (öka, minska, bibehåll)",
                "indikatorn har varken målvärde eller riktning, så den kan inte bedömas; "
                "ange ett målvärde, eller en riktning (öka, minska, bibehåll)",
            )
            yield _Hit(loc, Severity.WARNING, message)


def _target_equals_baseline(context: _Context) -> Iterator[_Hit]:
    for loc, indicator, _ in _indicators(context.plan):
        baseline, target, direction = indicator.baseline, indicator.target, indicator.direction
        if baseline is None or target is None or direction is Direction.MAINTAIN:
            continue
        if target.value != baseline.value:
            continue
        value = _show(target.value)
        if direction is None:
            message = tr(
                "målvärde equals ingångsvärde ({value}) and riktning is not given, so bibehåll is assumed; "
                "write riktning: bibehåll if the level is to be held",
                "målvärdet är lika med ingångsvärdet ({value}) och riktning saknas, så bibehåll antas; "
                "skriv riktning: bibehåll om nivån ska hållas",
                value=value,
            )
        else:
            other = tr("above", "över") if direction is Direction.INCREASE else tr("below", "under")
            message = tr(
                "målvärde equals ingångsvärde ({value}) with riktning {direction}: "
                "the target is reached without any change; write riktning: bibehåll to hold the level, "
                "or a målvärde {other} {value}",
                "målvärdet är lika med ingångsvärdet ({value}) med riktning {direction}: "
                "målet nås utan någon förändring; skriv riktning: bibehåll för att hålla nivån, "
                "eller ett målvärde {other} {value}",
                value=value,
                direction=swedish_word(direction),
                other=other,
            )
        yield _Hit((*loc, "målvärde", "värde"), Severity.WARNING, message)


def _target_before_baseline(context: _Context) -> Iterator[_Hit]:
    plan_year = context.plan.year
    for loc, indicator, _ in _indicators(context.plan):
        baseline, target = indicator.baseline, indicator.target
        if baseline is None or target is None or baseline.year is None:
            continue
        target_year = target.year if target.year is not None else plan_year
        if target_year >= baseline.year:
            continue
        if target.year is None:
            message = tr(
                "målvärde has no år, so it is for the plan year {plan_year}, "
                "before the ingångsvärde's year {baseline_year}",
                "målvärdet har inget år, så det gäller planens år {plan_year}, "
                "före ingångsvärdets år {baseline_year}",
                plan_year=plan_year,
                baseline_year=baseline.year,
            )
            yield _Hit((*loc, "målvärde"), Severity.WARNING, message)
        else:
            message = tr(
                "målvärde is for {year}, before the ingångsvärde's year {baseline_year}",
                "målvärdet gäller {year}, före ingångsvärdets år {baseline_year}",
                year=target.year,
                baseline_year=baseline.year,
            )
            yield _Hit((*loc, "målvärde", "år"), Severity.WARNING, message)


def _outcome_after_plan_year(context: _Context) -> Iterator[_Hit]:
    plan_year = context.plan.last_year or context.plan.year  # a plan over several years: its last
    for loc, indicator, _ in _indicators(context.plan):
        keys: list[int | str] = [*indicator.outcomes, *(str(p) for p in indicator.period_outcomes)]
        for key in keys:
            year = key if isinstance(key, int) else int(key[:4])
            if year > plan_year:
                far = year > plan_year + 1  # not next year's first figure: a typo, most likely
                message = tr(
                    "outcome for {year} is after the plan year {plan_year}",
                    "utfallet för {year} är efter planens år {plan_year}",
                    year=key,
                    plan_year=plan_year,
                )
                yield _Hit((*loc, "utfall", key), Severity.WARNING, message, at_key=True, validate=far)


def _report_outside_plan_year(context: _Context) -> Iterator[_Hit]:
    plan_year = context.plan.year
    last = context.plan.last_year or plan_year
    for index, report in enumerate(context.plan.reports):
        if not plan_year <= report.period.year <= last:
            message = tr(
                "report {ident} covers {period}, not the plan year {plan_year}: the default "
                "report is chosen among the plan year's, so it is never chosen",
                "rapporten {ident} gäller {period}, inte planens år {plan_year}: standardrapporten "
                "väljs bland planårets rapporter, så den väljs aldrig",
                ident=repr(report.id),
                period=str(report.period),
                plan_year=plan_year,
            )
            yield _Hit(("rapporter", index, "period"), Severity.WARNING, message)


def _moves(plan: Plan) -> Iterator[tuple[Loc, StatusReport]]:
    """Every framflyttad report with a `till`, of every uppdrag and activity, with its key path."""
    items: list[tuple[Loc, Activity | Assignment]] = [
        (("uppdrag", k), u) for k, u in enumerate(plan.assignments)
    ]
    items += _activities(plan)
    for loc, item in items:
        for k, report in enumerate(item.reports):
            if report.moved_to is not None:
                yield (*loc, "rapporter", k, "till"), report


def _moved_to_unknown_report_back(context: _Context) -> Iterator[_Hit]:
    """A framflyttad report whose `till` names none of the plan's återrapportering, or
    several (a month with two): `due` and the report back cannot find it there."""
    plan = context.plan
    if not plan.follow_ups:  # a plan without a schedule: `till` is free text
        return
    for loc, report in _moves(plan):
        when = report.moved_to or ""
        found = plan.follow_ups_named(when)
        if len(found) == 1:
            continue
        if found:
            message = tr(
                "moved to {when}, which names {count} report backs ({keys}); name one by its id or day",
                "flyttad till {when}, som anger {count} återrapporteringar ({keys}); "
                "ange en med id eller dag",
                when=repr(when),
                count=len(found),
                keys=", ".join(f.key for f in found),
            )
        else:
            message = tr(
                "moved to {when}, which is not one of the plan's återrapportering ({names})",
                "flyttad till {when}, som inte är någon av planens återrapporteringar ({names})",
                when=repr(when),
                names=", ".join(f.key for f in plan.follow_ups),
            )
        yield _Hit(loc, Severity.WARNING, message)


def _moved_backwards(context: _Context) -> Iterator[_Hit]:
    """A framflyttad report whose `till` names a report back due before the report's
    own day: an item is moved on to a later report back, never to a past one."""
    plan = context.plan
    for loc, report in _moves(plan):
        found = plan.follow_ups_named(report.moved_to or "")
        if len(found) == 1 and found[0].date < report.date:
            message = tr(
                "moved on {day} to {when}, which was due on {due}, before it",
                "flyttad {day} till {when}, som skulle lämnas {due}, före dess",
                day=report.date.isoformat(),
                when=repr(report.moved_to),
                due=found[0].date.isoformat(),
            )
            yield _Hit(loc, Severity.WARNING, message)


def _empty_target(context: _Context) -> Iterator[_Hit]:
    for loc, _, _ in _indicators(context.plan):
        mapping = _node(context.document, loc)
        if isinstance(mapping, dict) and "målvärde" in mapping and mapping["målvärde"] is None:
            message = tr(
                "målvärde is empty, so the indicator has no target; "
                "give the target (målvärde: 25) or remove the line",
                "målvärde är tomt, så indikatorn har inget mål; "
                "skriv målet (målvärde: 25) eller ta bort raden",
            )
            yield _Hit((*loc, "målvärde"), Severity.WARNING, message, at_key=True, validate=True)


def _node(document: Any, loc: Loc) -> Any:
    """The part of the YAML document at ``loc`` (a path the model's walk made), or None."""
    node = document
    for part in loc:
        in_mapping = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_mapping or in_list):
            return None
        node = node[part]
    return node


def _percent_out_of_range(context: _Context) -> Iterator[_Hit]:
    for loc, indicator, _ in _indicators(context.plan):
        if (indicator.unit or "").strip() != "%":
            continue
        for where, what, value in _percent_values(indicator):
            if not 0 <= value <= 100:
                message = tr(
                    "{what} ({value}) is outside 0–100, for an indicator in %",
                    "{what} ({value}) ligger utanför 0–100, för en indikator i %",
                    what=what,
                    value=_show(value),
                )
                yield _Hit((*loc, *where), Severity.WARNING, message)


def _percent_values(indicator: Indicator) -> Iterator[tuple[Loc, str, float]]:
    points: list[tuple[str, ValuePoint | None]] = [
        ("ingångsvärde", indicator.baseline),
        ("målvärde", indicator.target),
    ]
    for key, point in points:
        if point is not None:
            yield (key, "värde"), key, point.value
    for year, outcome in indicator.outcomes.items():
        if outcome.value is not None:
            yield (
                ("utfall", year, "värde"),
                tr("utfall for {year}", "utfall för {year}", year=year),
                outcome.value,
            )
    for name, years in indicator.comparisons.items():
        for year, value in years.items():
            what = tr(
                "jämförelse {name!r} for {year}", "jämförelse {name!r} för {year}", name=name, year=year
            )
            yield ("jämförelse", name, year), what, value


def _goal_without_indicator(context: _Context) -> Iterator[_Hit]:
    for loc, goal in _goals(context.plan):
        if not _has_indicator(goal):
            message = tr(
                "goal has no indicator, and no goal under it has one, so it cannot be assessed",
                "målet har ingen indikator, och inget mål under det har någon, så det kan inte bedömas",
            )
            yield _Hit(loc, Severity.WARNING, message)


def _has_indicator(goal: Goal) -> bool:
    # A goal that is qualitative by design (kvalitativt: ja) is not missing anything.
    return goal.qualitative or bool(goal.indicators) or any(_has_indicator(sub) for sub in goal.goals)


def _duplicate_title(context: _Context) -> Iterator[_Hit]:
    indicators = [(loc, indicator.title) for loc, indicator, _ in _indicators(context.plan)]
    goals = [(loc, goal.title) for loc, goal in _goals(context.plan)]
    for kind, items in ((_INDICATOR, indicators), (_GOAL, goals)):
        first: dict[str, Loc] = {}
        for loc, title in items:
            key = " ".join(title.split()).casefold()
            if key not in first:
                first[key] = loc
                continue
            earlier = first[key]
            line = context.line((*earlier, "titel"))
            if kind == _INDICATOR:
                message = tr(
                    "indicator title is the same as that of {earlier} (line {line}); "
                    "titles tell indicators apart in the follow-up",
                    "indikatorns titel är samma som för {earlier} (rad {line}); "
                    "titlarna skiljer indikatorerna åt i uppföljningen",
                    earlier=format_loc(earlier),
                    line=line,
                )
            else:
                message = tr(
                    "goal title is the same as that of {earlier} (line {line}); "
                    "titles tell goals apart in the follow-up",
                    "målets titel är samma som för {earlier} (rad {line}); "
                    "titlarna skiljer målen åt i uppföljningen",
                    earlier=format_loc(earlier),
                    line=line,
                )
            yield _Hit((*loc, "titel"), Severity.WARNING, message)


def _activity_without_owner_or_date(context: _Context) -> Iterator[_Hit]:
    for loc, activity in _activities(context.plan):
        missing = [
            key for key, value in (("ansvarig", activity.responsible), ("klart", activity.due)) if not value
        ]
        if missing:
            message = tr(
                "activity has no {keys}",
                "aktiviteten saknar {keys}",
                keys=tr(" and no ", " och ").join(missing),
            )
            yield _Hit(loc, Severity.INFO, message)


def _economy_sum(context: _Context) -> Iterator[_Hit]:
    economy = context.plan.economy
    if economy is None:
        return
    for index, row in enumerate(economy.rows):
        if not row.total:
            continue
        for kind in ("budget", "prognos", "utfall"):
            for year, stated in row.cells(kind).items():
                computed = budget_sum(economy, index, kind, year)
                if (
                    stated is None
                    or computed is None
                    or abs(stated - computed) <= 1e-9 * max(1.0, abs(stated))
                ):
                    continue
                message = tr(
                    "sum row {row}: {kind} {year} is stated as {stated}, but its parts add up to {computed}",
                    "summaraden {row}: {kind} {year} står som {stated}, men delarna blir {computed}",
                    row=repr(row.title),
                    kind=kind,
                    year=year,
                    stated=_show(stated),
                    computed=_show(computed),
                )
                where = year if isinstance(year, int) else str(year)
                yield _Hit(("ekonomi", "rader", index, kind, where), Severity.WARNING, message)


_INDICATOR, _GOAL = "indicator", "goal"

_CHECKS: dict[LintRule, Callable[[_Context], Iterator[_Hit]]] = {
    LintRule.NO_TARGET: _no_target,
    LintRule.TARGET_EQUALS_BASELINE: _target_equals_baseline,
    LintRule.TARGET_BEFORE_BASELINE: _target_before_baseline,
    LintRule.OUTCOME_AFTER_PLAN_YEAR: _outcome_after_plan_year,
    LintRule.REPORT_OUTSIDE_PLAN_YEAR: _report_outside_plan_year,
    LintRule.MOVED_TO_UNKNOWN_REPORT_BACK: _moved_to_unknown_report_back,
    LintRule.MOVED_BACKWARDS: _moved_backwards,
    LintRule.PERCENT_OUT_OF_RANGE: _percent_out_of_range,
    LintRule.GOAL_WITHOUT_INDICATOR: _goal_without_indicator,
    LintRule.DUPLICATE_TITLE: _duplicate_title,
    LintRule.ACTIVITY_WITHOUT_OWNER_OR_DATE: _activity_without_owner_or_date,
    LintRule.EMPTY_TARGET: _empty_target,
    LintRule.ECONOMY_SUM: _economy_sum,
}
