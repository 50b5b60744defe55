"""Next year's plan from this year's: the same goals, new starting values.

Rollover is a set of surgical edits (see :mod:`._edit`) of the plan's text, so
the planner's comments and layout carry over to the new file:

- ``år`` becomes the new year, and the old year in the plan's name too
  ("Verksamhetsplan 2018" → "Verksamhetsplan 2019");
- each indicator's ``ingångsvärde`` becomes its latest outcome, with its year;
- activity statuses are reset to "ej påbörjad";
- goals' stated ``bedömning`` and ``kommentar`` (the follow-up's words) are removed;
- everything else, the outcome history included, stays as it was.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import MappingNode, ScalarNode

from .._errors import OutputExistsError, OutputFileError, PlanError, UpdateError
from .._load import loads_plan
from .._model import Plan
from ._nodes import (
    Edit,
    apply_edits,
    compose,
    end_of,
    find_indicator,
    get,
    line_end,
    line_start,
    walk_activities,
    walk_goals,
)
from ._write import existing_output, plan_lock, read_snapshot, write_atomic

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
    file is replaced only with ``force``. The new file appears whole or not at
    all, under the output's lock (see :func:`._write.plan_lock`).

    An ``output`` that names the plan itself (by any spelling or link) is a
    rollover in place: it needs ``force``, and is then written as ``record``
    writes the plan (a compare-and-swap on the text read, under its lock).

    Raises :class:`OutputExistsError` (an :class:`UpdateError`) when the
    output exists and ``force`` is false, :class:`OutputFileError` when it
    cannot be written (a folder, a device, a write-protected file, see
    :func:`._write.write_file`), and :class:`UpdateError` when ``to`` is not
    after the plan's year.
    """
    source = Path(path)
    target = Path(output) if output is not None else source.with_name(f"{to}.yaml")
    in_place = _same_file(source, target)
    if not Path(os.path.realpath(target)).parent.is_dir():
        raise OutputFileError(errno.ENOENT, f"no such folder: {target.parent}", os.fspath(target))
    # The lock of the file written, held from the check that it may be written
    # (and, in place, from reading it) to the write.
    with plan_lock(source if in_place else target):
        snapshot = read_snapshot(path)
        plan = loads_plan(snapshot.text, filename=os.fspath(path))
        if existing_output(target) is not None and not force:  # a folder or a device: refused here
            if in_place:
                raise OutputExistsError(errno.EEXIST, "is the plan itself", os.fspath(target))
            raise OutputExistsError(errno.EEXIST, "exists", os.fspath(target))
        text, result = rollover_text(snapshot.text, plan, to=to)
        try:
            loads_plan(text, filename=os.fspath(target))
        except PlanError as error:  # an editing bug must never reach the disk
            raise UpdateError(f"the new plan would not be valid, so nothing was written: {error}") from None
        write_atomic(snapshot, text, to=None if in_place else target)
    return RolloverResult(target, to, *result)


def _same_file(source: Path, target: Path) -> bool:
    """Whether ``target`` names the plan at ``source``: the same path through links, or a hard link."""
    if os.path.realpath(source) == os.path.realpath(target):
        return True
    try:
        return os.path.samefile(source, target)
    except OSError:
        return False


def rollover_text(text: str, plan: Plan, *, to: int) -> tuple[str, tuple[int, int, int]]:
    """The rolled-over text of ``plan`` (whose source is ``text``), and counts of
    (starting values set, activity statuses reset, judgements removed)."""
    if to <= plan.year:
        raise UpdateError(f"the new year must be after the plan's year {plan.year}, got {to}")
    root = compose(text)
    edits: list[Edit] = []
    year = get(root, "år")
    assert year is not None  # a valid plan has one
    edits.append(Edit(year[1].start_mark.index, end_of(year[1], text), str(to)))
    name = get(root, "plan")
    if name and isinstance(name[1], ScalarNode):
        start, end = name[1].start_mark.index, end_of(name[1], text)
        if str(plan.year) in text[start:end]:
            edits.append(Edit(start, end, text[start:end].replace(str(plan.year), str(to))))

    baselines = 0
    for indicator in plan.indicators():
        latest = max((y for y, o in indicator.outcomes.items() if o.value is not None), default=None)
        node = find_indicator(root, indicator.id)
        if latest is None or node is None:
            continue
        value_text = _outcome_value_text(text, node, latest)
        edits.append(_set_baseline(text, node, f"{{värde: {value_text}, år: {latest}}}"))
        baselines += 1

    activities = 0
    for activity in walk_activities(root):
        status = get(activity, "status")
        if status is not None:
            edits.append(Edit(status[1].start_mark.index, end_of(status[1], text), "ej påbörjad"))
            activities += 1

    judgements = 0
    for goal in walk_goals(root):
        for key in ("bedömning", "kommentar"):
            found = get(goal.node, key)
            if found is not None:
                edits.append(_remove_key(text, goal.node, found[0]))
                judgements += 1
    return apply_edits(text, edits), (baselines, activities, judgements)


def _outcome_value_text(text: str, indicator: MappingNode, year: int) -> str:
    """The value of the outcome for ``year`` as written (``{värde: 3, ...}`` → ``3``)."""
    outcomes = get(indicator, "utfall")
    assert outcomes is not None
    assert isinstance(outcomes[1], MappingNode)
    entry = get(outcomes[1], year)
    assert entry is not None
    node = entry[1]
    if isinstance(node, MappingNode):
        value = get(node, "värde")
        assert value is not None
        node = value[1]
    return text[node.start_mark.index : end_of(node, text)]


def _set_baseline(text: str, indicator: MappingNode, rendered: str) -> Edit:
    found = get(indicator, "ingångsvärde")
    if found is not None:
        key, value = found
        if isinstance(value, MappingNode) and not value.flow_style:
            # A block mapping becomes a flow mapping on the key's own line.
            return Edit(key.end_mark.index, end_of(value, text), ": " + rendered)
        return Edit(value.start_mark.index, end_of(value, text), rendered)
    if indicator.flow_style:
        at = end_of(indicator.value[-1][1], text)
        return Edit(at, at, f", ingångsvärde: {rendered}")
    # Put it where planners expect it: before the target, else before the outcomes.
    column = indicator.value[0][0].start_mark.column
    for anchor in ("målvärde", "utfall"):
        before = get(indicator, anchor)
        if before is not None:
            at = before[0].start_mark.index
            return Edit(at, at, f"ingångsvärde: {rendered}\n" + " " * column)
    at = line_end(text, end_of(indicator.value[-1][1], text))  # after a trailing comment
    return Edit(at, at, "\n" + " " * column + f"ingångsvärde: {rendered}")


def _remove_key(text: str, mapping: MappingNode, key: ScalarNode) -> Edit:
    """Remove ``key`` and its value from ``mapping``."""
    pairs = mapping.value
    index = next(i for i, (k, _) in enumerate(pairs) if k is key)
    value = pairs[index][1]
    if mapping.flow_style:
        if index + 1 < len(pairs):  # "key: value, " up to the next key
            return Edit(key.start_mark.index, pairs[index + 1][0].start_mark.index, "")
        if index > 0:  # ", key: value" from the end of the previous value
            return Edit(end_of(pairs[index - 1][1], text), end_of(value, text), "")
        return Edit(key.start_mark.index, end_of(value, text), "")
    # Block: the whole lines, from the key's line to the end of its value's
    # line, with the comment lines right above it that speak of it.
    start = line_start(text, key.start_mark.index)
    indent = " " * key.start_mark.column + "#"
    while start > 0:
        previous = line_start(text, start - 1)
        if not text[previous:start].startswith(indent):
            break
        start = previous
    end = end_of(value, text)
    end = end + 1 if end < len(text) and text[end] == "\n" else end
    return Edit(start, end, "")
