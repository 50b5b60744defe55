"""Next year's plan from this year's: the same goals, new starting values.

Rollover is a set of surgical edits (see :mod:`._edit`) of the plan's text, so
the planner's comments and layout carry over to the new file:

- ``år`` becomes the new year, and the old year in the plan's name too
  ("Verksamhetsplan 2018" → "Verksamhetsplan 2019");
- each indicator's ``ingångsvärde`` becomes its latest outcome, with its year;
- activity statuses are reset to "ej påbörjad";
- goals' stated ``bedömning``, ``angiven_prognos`` and ``kommentar`` (the
  follow-up's words) are removed;
- the reporting calendar (``rapporter``) moves to the new year: each report's
  ``period`` and ``datum``;
- everything else, the outcome history included, stays as it was.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import MappingNode, Node, ScalarNode, SequenceNode

from .._errors import PlanError, UpdateError
from .._i18n import tr
from .._load import loads_plan
from .._model import (
    Activity,
    ActivityStatus,
    Goal,
    Indicator,
    Plan,
    ReportDate,
    ValuePoint,
    checked_year,
)
from ._expect import first_difference, map_plan
from ._nodes import (
    Edit,
    Tree,
    after_line_end,
    anchors_refusal,
    apply_edits,
    compose,
    content_start,
    end_of,
    find_indicator,
    get,
    get_year,
    line_end,
    line_start,
    lookup,
    merged,
    walk_activities,
    walk_goals,
)
from ._outcomes import number_text
from ._write import check_output, plan_lock, read_snapshot, write_file

__all__ = ["RolloverResult", "rollover", "rollover_text"]


@dataclass(frozen=True, slots=True)
class RolloverResult:
    """The new plan's path and what changed."""

    path: Path
    year: int
    baselines: int  # indicators whose ingångsvärde was set
    activities: int  # activity statuses reset
    judgements: int  # stated bedömningar and kommentarer removed


def rollover(
    path: str | os.PathLike[str],
    *,
    to: int,
    output: str | os.PathLike[str] | None = None,
    force: bool = False,
) -> RolloverResult:
    """Write next year's plan, made from the plan at ``path``, to ``output``.

    ``output`` defaults to ``<to>.yaml`` beside the plan. An existing output
    file is replaced only with ``force``; the plan itself (by any spelling,
    symbolic or hard link) never is, ``force`` or not: this year's plan is the
    record of this year. The new file appears whole or not at all, under the
    output's lock (see :func:`._write.plan_lock`), as :func:`._write.write_file`
    writes every output.

    Raises :class:`OutputExistsError` (an :class:`UpdateError`) when the
    output exists and ``force`` is false, :class:`OutputFileError` when it
    cannot be written (the plan itself, a folder, a device, a write-protected
    file, see :func:`._write.write_file`), and :class:`UpdateError` when ``to``
    is not after the plan's year; :class:`InvalidArgumentError` when ``to`` is
    not a year from :data:`FIRST_YEAR` to :data:`LAST_YEAR`
    (:class:`ArgumentTypeError` when it is not an ``int``).
    """
    checked_year(to, "to")
    source = Path(path)
    target = Path(output) if output is not None else source.with_name(f"{to}.yaml")
    check_output(target, overwrite=force, inputs=[source])  # refused before the work, and before its lock
    # The output's lock (a file in its folder), held from the check that it may be written to the write.
    with plan_lock(target):
        snapshot = read_snapshot(path)
        plan = loads_plan(snapshot.text, filename=os.fspath(path))
        text, result = rollover_text(snapshot.text, plan, to=to)
        _valid(text, os.fspath(target))
        write_file(target, snapshot.encode(text), overwrite=force, inputs=[source])
    return RolloverResult(target, to, *result)


def rollover_text(text: str, plan: Plan, *, to: int) -> tuple[str, tuple[int, int, int]]:
    """The rolled-over text of ``plan`` (whose source is ``text``), and counts of
    (starting values set, activity statuses reset, judgements removed).

    A value written through an alias (``status: *s``) is changed where the
    alias stands; a value at an anchor (``status: &s pågår``) is changed there,
    keeping the anchor, so its aliases change too. The new text must read as
    exactly the plan rollover means to make (:func:`_expected`): when an alias
    or a merge key would carry a change to a place rollover does not change,
    the rollover is refused with the line, and nothing is written.
    """
    if to <= plan.year:
        raise UpdateError(
            tr(
                "the new year must be after the plan's year {year}, got {to}",
                "det nya året ska komma efter planens år {year}, men här står {to}",
                year=plan.year,
                to=to,
            )
        )
    tree = compose(text)
    root = tree.root
    edits: list[Edit] = []
    year = lookup(root, "år")
    assert year is not None  # a valid plan has one
    edits.append(_replace_value(tree, root, year[0], year[1], lambda _: str(to)))
    name = lookup(root, "plan")
    if name and isinstance(name[1], ScalarNode):
        source = _value_source(tree, name[1])
        if str(plan.year) in source:
            edits.append(
                _replace_value(tree, root, name[0], name[1], lambda old: old.replace(str(plan.year), str(to)))
            )

    baselines = 0
    for indicator in plan.indicators():
        latest = max((y for y, o in indicator.outcomes.items() if o.value is not None), default=None)
        located = find_indicator(root, indicator.id)
        if latest is None or located is None:
            continue
        value = indicator.outcomes[latest].value
        assert value is not None
        written = _outcome_value_text(tree, located.node, latest, value)
        edits.append(_set_baseline(tree, located.node, f"{{värde: {written}, år: {latest}}}"))
        baselines += 1

    reset: set[int] = set()
    for activity in walk_activities(root):
        if id(activity) in reset:
            continue
        status = get(activity, "status")
        if status is not None:
            edits.append(_replace_value(tree, activity, status[0], status[1], lambda _: "ej påbörjad"))
        elif merged(activity, "status") is not None:  # taken through `<<`: give it its own
            edits.append(_add_key(tree, activity, "status", "ej påbörjad"))
        else:
            continue
        reset.add(id(activity))

    shift = to - plan.year
    calendar = get(root, "rapporter")
    if calendar is not None and isinstance(calendar[1], SequenceNode):
        for report in calendar[1].value:
            if not isinstance(report, MappingNode):
                continue
            for key in ("period", "datum"):
                found = get(report, key)
                if found is not None and isinstance(found[1], ScalarNode):
                    edits.append(
                        _replace_value(tree, report, found[0], found[1], lambda old: _later(old, shift))
                    )

    removed: set[int] = set()
    for goal in walk_goals(root):
        for key in ("bedömning", "angiven_prognos", "kommentar"):
            found = get(goal.node, key)
            if found is not None and id(found[0]) not in removed:
                edits.append(_remove_key(tree, goal.node, found[0]))
                removed.add(id(found[0]))
    _check_anchors(tree, edits)
    new_text = apply_edits(text, edits)
    _check(tree, _expected(plan, to), new_text)
    return new_text, (baselines, len(reset), len(removed))


def _expected(plan: Plan, to: int) -> Plan:
    """The plan rollover means to make of ``plan``."""

    def activities(items: tuple[Activity, ...]) -> tuple[Activity, ...]:
        return tuple(
            a if a.status is None else a.model_copy(update={"status": ActivityStatus.NOT_STARTED})
            for a in items
        )

    def indicator(item: Indicator) -> Indicator:
        update: dict[str, object] = {"activities": activities(item.activities)}
        latest = max((y for y, o in item.outcomes.items() if o.value is not None), default=None)
        if latest is not None:
            update["baseline"] = ValuePoint.model_validate(
                {"värde": item.outcomes[latest].value, "år": latest}
            )
        return item.model_copy(update=update)

    def goal(item: Goal) -> Goal:
        return item.model_copy(
            update={
                "activities": activities(item.activities),
                "stated_assessment": None,
                "stated_forecast": None,
                "comment": None,
            }
        )

    shift = to - plan.year
    reports = tuple(
        ReportDate.model_validate(
            {
                "id": r.id,
                "namn": r.name,
                "period": _later(str(r.period), shift),
                "datum": None if r.date is None else _later(r.date.isoformat(), shift),
            }
        )
        for r in plan.reports
    )
    name = plan.name.replace(str(plan.year), str(to))
    rolled = map_plan(plan, indicator=indicator, goal=goal)
    return rolled.model_copy(update={"year": to, "name": name, "reports": reports})


_LEADING_YEAR = re.compile(r"^(\s*['\"]?)(\d{4})(.*)$", re.DOTALL)


def _later(text: str, years: int) -> str:
    """A period or a date as written (``2018-T2``, ``2019-02-28``), ``years`` later;
    29 February becomes the 28th in a year without it."""
    match = _LEADING_YEAR.match(text)
    if match is None:
        return text
    head, year, rest = match.groups()
    new = int(year) + years
    if rest.startswith("-02-29") and not calendar.isleap(new):
        rest = "-02-28" + rest[len("-02-29") :]
    return f"{head}{new}{rest}"


def _check(tree: Tree, expected: Plan, new_text: str) -> None:
    """Refuse, with a line, a new text that does not read as ``expected``."""
    new = _valid(new_text)
    different = first_difference(expected, new)
    if different is None:
        return
    line = 1
    located = find_indicator(tree.root, different) if different else None
    if located is not None:
        line = located.node.start_mark.line + 1
    else:
        for goal in walk_goals(tree.root):
            found = lookup(goal.node, "id")
            if found is not None and isinstance(found[1], ScalarNode) and found[1].value == different:
                line = goal.node.start_mark.line + 1
    raise UpdateError(
        tr(
            "line {line}: rollover would also change {what} in a way it should not (a value "
            "shared through an anchor and an alias, or taken through a merge key '<<'); write it "
            "out in full first; nothing was written",
            "rad {line}: årsskiftet skulle också ändra {what} på ett sätt det inte ska (ett värde "
            "som delas genom ett ankare och ett alias, eller hämtas genom en sammanslagning '<<'); "
            "skriv ut det i sin helhet först; inget sparades",
            line=line,
            what=repr(different) if different else tr("the plan", "planen"),
        )
    )


def _value_source(tree: Tree, node: Node) -> str:
    """A scalar's text as written, without its anchor or tag."""
    return tree.text[content_start(tree.text, node) : end_of(node, tree.text, tree)]


def _replace_value(
    tree: Tree, mapping: MappingNode, key: Node, value: Node, new: Callable[[str], str]
) -> Edit:
    """Replace the value of ``key`` (``new`` of its text): where the alias stands
    if it is one, else in place, keeping its anchor."""
    alias = tree.alias_at(mapping, key)
    old = _value_source(tree, value)
    if alias is not None:
        return Edit(alias.start, alias.end, new(old))
    return _checked(tree, Edit(content_start(tree.text, value), end_of(value, tree.text, tree), new(old)))


def _checked(tree: Tree, edit: Edit) -> Edit:
    """``edit``, marked for :func:`_check_anchors` (a removed anchor must not be used elsewhere)."""
    return _Checked(edit.start, edit.end, edit.replacement)


class _Checked(Edit):
    """An edit that may remove an anchor: checked once all edits are known."""

    __slots__ = ()


def _check_anchors(tree: Tree, edits: list[Edit]) -> None:
    """Refuse edits that remove an anchor an alias uses, unless the alias goes too."""
    for edit in edits:
        if isinstance(edit, _Checked):
            problem = anchors_refusal(tree, edit.start, edit.end, edits)
            if problem is not None:
                raise problem


def _value_end(tree: Tree, mapping: MappingNode, key: Node, value: Node) -> int:
    alias = tree.alias_at(mapping, key)
    return alias.end if alias is not None else end_of(value, tree.text, tree)


def _outcome_value_text(tree: Tree, indicator: MappingNode, year: int, value: float) -> str:
    """The value of the outcome for ``year`` as written (``{värde: 3, ...}`` → ``3``),
    when it is one plain or quoted scalar on one line; else ``value`` as a number."""
    outcomes = lookup(indicator, "utfall")
    node: Node | None = None
    if outcomes is not None and isinstance(outcomes[1], MappingNode):
        entry = get_year(outcomes[1], year)
        node = entry[1] if entry is not None else None
    if isinstance(node, MappingNode):
        found = lookup(node, "värde")
        node = found[1] if found is not None else None
    if isinstance(node, ScalarNode) and node.style in (None, "", "'", '"'):
        written = _value_source(tree, node)
        if written and not any(c in written for c in "\r\n"):
            return written
    return number_text(value)


def _add_key(tree: Tree, mapping: MappingNode, key: str, value: str) -> Edit:
    """Add ``key: value`` at the end of ``mapping``."""
    last_key, last_value = mapping.value[-1]
    end = _value_end(tree, mapping, last_key, last_value)
    if mapping.flow_style:
        return Edit(end, end, f", {key}: {value}")
    column = mapping.value[0][0].start_mark.column
    at = line_end(tree.text, end)  # after a trailing comment
    return Edit(at, at, "\n" + " " * column + f"{key}: {value}")


def _set_baseline(tree: Tree, indicator: MappingNode, rendered: str) -> Edit:
    text = tree.text
    found = get(indicator, "ingångsvärde")
    if found is not None:
        key, value = found
        if tree.alias_at(indicator, key) is None and isinstance(value, MappingNode) and not value.flow_style:
            # A block mapping becomes a flow mapping on the key's own line.
            return _checked(tree, Edit(key.end_mark.index, end_of(value, text, tree), ": " + rendered))
        return _replace_value(tree, indicator, key, value, lambda _: rendered)
    if indicator.flow_style:
        return _add_key(tree, indicator, "ingångsvärde", rendered)
    # Put it where planners expect it: before the target, else before the outcomes.
    column = indicator.value[0][0].start_mark.column
    for anchor in ("målvärde", "utfall"):
        before = get(indicator, anchor)
        if before is not None:
            at = before[0].start_mark.index
            return Edit(at, at, f"ingångsvärde: {rendered}\n" + " " * column)
    return _add_key(tree, indicator, "ingångsvärde", rendered)


def _remove_key(tree: Tree, mapping: MappingNode, key: ScalarNode) -> Edit:
    """Remove ``key`` and its value from ``mapping``."""
    text = tree.text
    pairs = mapping.value
    index = next(i for i, (k, _) in enumerate(pairs) if k is key)
    end = _value_end(tree, mapping, key, pairs[index][1])
    if mapping.flow_style:
        if index + 1 < len(pairs):  # "key: value, " up to the next key
            return _checked(tree, Edit(key.start_mark.index, pairs[index + 1][0].start_mark.index, ""))
        if index > 0:  # ", key: value" from the end of the previous value
            previous = _value_end(tree, mapping, pairs[index - 1][0], pairs[index - 1][1])
            return _checked(tree, Edit(previous, end, ""))
        return _checked(tree, Edit(key.start_mark.index, end, ""))
    # Block: the whole lines, from the key's line to the end of its value's
    # line, with the comment lines right above it that speak of it.
    start = line_start(text, key.start_mark.index)
    indent = " " * key.start_mark.column + "#"
    while start > 0:
        previous_line = line_start(text, start - 1)
        if not text[previous_line:start].startswith(indent):
            break
        start = previous_line
    return _checked(tree, Edit(start, after_line_end(text, end), ""))


def _valid(text: str, filename: str = "<string>") -> Plan:
    """The plan ``text`` reads as; UpdateError when it is not valid (an editing
    bug, which must never reach the disk)."""
    try:
        return loads_plan(text, filename=filename)
    except PlanError as error:
        raise UpdateError(
            tr(
                "the new plan would not be valid, so nothing was written: {error}",
                "den nya planen skulle inte vara giltig, så inget sparades: {error}",
                error=error,
            )
        ) from None
