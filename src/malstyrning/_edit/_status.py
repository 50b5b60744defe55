"""Recording a dated status report on an item (``status``): an uppdrag or an activity.

The report is appended at the end of the item's ``rapporter`` (the key is
added when missing), in the item's own style: a block sequence gets a block
entry (or a flow one, ``- {datum: ...}``, when its entries are written so), a
flow sequence or a flow item gets a flow mapping. Only the new text is added;
comments and layout stay. The write has the guarantees of ``record``: the
plan's lock from reading to writing, the result read back as a plan and
compared with the old plan plus the report (an alias, an anchor or a merge key
that would make the edit change something else is refused, naming the line),
an atomic write.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass
from typing import TypeVar

from ruamel.yaml import MappingNode, Node, ScalarNode, SequenceNode

from .._engine import find_follow_up
from .._errors import InvalidArgumentError, UpdateError
from .._i18n import tr
from .._load import loads_plan
from .._model import (
    SWEDISH_WORDS,
    Activity,
    ActivityStatus,
    Assignment,
    Goal,
    Indicator,
    Plan,
    StatusReport,
    normal_id,
)
from ._expect import map_plan
from ._nodes import (
    Edit,
    Tree,
    apply_edits,
    compose,
    end_of,
    entry_end,
    get,
    inherited_refusal,
    items,
    line_end,
    line_of,
    line_start,
    lookup,
    merge_refusal,
    merged,
    refusal,
    render_scalar,
    walk_activities,
)
from ._record import load_changed
from ._write import Snapshot, plan_lock, read_snapshot, write_atomic

__all__ = ["StatusResult", "parse_status", "record_status"]


@dataclass(frozen=True, slots=True)
class StatusResult:
    """What ``record_status`` wrote: the item's id, the report, the line it starts on
    in the file, and the status as the file now says it (``pågående``)."""

    item: str
    report: StatusReport
    line: int
    word: str


def parse_status(word: str | ActivityStatus) -> ActivityStatus:
    """The status a Swedish word names (``pågående``, ``ej påbörjad``, ``klar``, ...), as the
    plan reads it; InvalidArgumentError, with the nearest word, for any other."""
    if isinstance(word, ActivityStatus):
        return word
    key = " ".join(word.split()).lower()
    for member, words in SWEDISH_WORDS[ActivityStatus].items():
        if key in words or key == member.value:
            return ActivityStatus(member)
    canonical = [words[0] for words in SWEDISH_WORDS[ActivityStatus].values()]
    message = tr(
        "status {got!r} is not one of {expected}",
        "status {got!r} är inte något av {expected}",
        got=word,
        expected=", ".join(canonical),
    )
    every = [w for words in SWEDISH_WORDS[ActivityStatus].values() for w in words]
    near = difflib.get_close_matches(key, every, n=1, cutoff=0.6)
    if near:
        message += tr("; did you mean {hint!r}?", "; menade du {hint!r}?", hint=near[0])
    raise InvalidArgumentError(message)


def _word(status: ActivityStatus) -> str:
    return SWEDISH_WORDS[ActivityStatus][status][0]


def record_status(
    path: str | os.PathLike[str],
    item_id: str,
    status: str | ActivityStatus,
    *,
    date: dt.date | None = None,
    text: str | None = None,
    moved_to: str | None = None,
    reason: str | None = None,
) -> StatusResult:
    """Append a dated report ``{datum, status, text}`` (and ``till``, ``skäl`` for
    ``framflyttad``) to the ``rapporter`` of the item ``item_id`` in the plan at ``path``.

    ``date`` defaults to today. ``status`` is a Swedish word as the plan takes
    it. ``framflyttad`` needs ``moved_to`` (the report back it moves to, e.g.
    ``"2022-03"``); ``moved_to`` and ``reason`` belong to ``framflyttad`` only.
    Raises InvalidArgumentError for an unknown id (naming close ones), a bad
    status or a missing ``moved_to``, and UpdateError, naming the line, when the
    edit would change anything else (an alias, an anchor, a merge key);
    nothing is written then.
    """
    state = parse_status(status)
    when = dt.date.today() if date is None else date
    if isinstance(when, dt.datetime) or type(when) is not dt.date:
        raise InvalidArgumentError(
            tr("date must be a date, got {got!r}", "datum ska vara ett datum, fick {got!r}", got=when)
        )
    if state is ActivityStatus.POSTPONED and not (moved_to or "").strip():
        raise InvalidArgumentError(
            tr(
                "framflyttad needs the report back it moves to (till), e.g. 2022-03",
                "framflyttad behöver återrapporteringen den flyttas till (till), t.ex. 2022-03",
            )
        )
    if state is not ActivityStatus.POSTPONED and (moved_to is not None or reason is not None):
        raise InvalidArgumentError(
            tr(
                "till and skäl belong to the status framflyttad only",
                "till och skäl hör bara till status framflyttad",
            )
        )
    pairs: list[tuple[str, str]] = [("datum", when.isoformat()), ("status", _word(state))]
    for key, value in (("text", text), ("till", moved_to), ("skäl", reason)):
        if value is not None:
            pairs.append((key, render_scalar(value)))
    report = StatusReport.model_validate(
        {"datum": when, "status": state, "text": text, "till": moved_to, "skäl": reason}
    )
    with plan_lock(path):
        snapshot = read_snapshot(path)
        plan = _load(snapshot.text, snapshot)
        ident = _known_id(plan, item_id, os.fspath(path))
        if moved_to is not None and plan.follow_ups:
            # A report back the plan has (else an error naming those it has), not a past one.
            target = find_follow_up(plan, moved_to)
            if target.date < when:
                raise InvalidArgumentError(
                    tr(
                        "{till!r} was due on {due}, before {day}: framflyttad moves to a later report back",
                        "{till!r} skulle lämnas {due}, före {day}: framflyttad flyttar till en senare "
                        "återrapportering",
                        till=moved_to,
                        due=target.date.isoformat(),
                        day=when.isoformat(),
                    )
                )
        tree = compose(snapshot.text)
        node = _find_node(tree, ident)
        if node is None:  # the model has it, the text does not say where: never guess
            raise UpdateError(
                tr(
                    "cannot find item {id!r} in the text; nothing was written",
                    "hittar inte punkten {id!r} i texten; inget sparades",
                    id=item_id,
                )
            )
        edit = _edit(tree, node, pairs, ident)
        new_text = apply_edits(snapshot.text, [edit])
        _verify(new_text, snapshot, plan, ident, report, node=node)
        write_atomic(snapshot, new_text)
    head = edit.replacement[: edit.replacement.index("datum:")]
    line = line_of(snapshot.text, edit.start) + head.count("\n")
    return StatusResult(ident, report, line, _word(state))


def _load(text: str, snapshot: Snapshot) -> Plan:
    return loads_plan(text, filename=os.fspath(snapshot.path))


def _known_id(plan: Plan, item_id: str, source: str) -> str:
    known = [item.id for item in plan.items() if item.id is not None]
    wanted = normal_id(item_id)
    for ident in known:
        if normal_id(ident) == wanted:
            return ident
    message = tr(
        "{source}: no uppdrag or activity has id {id!r}",
        "{source}: inget uppdrag och ingen aktivitet har id {id!r}",
        source=source,
        id=item_id,
    )
    close = difflib.get_close_matches(item_id, known, n=3, cutoff=0.5)
    if close:
        message += tr("; did you mean {ids}?", "; menade du {ids}?", ids=", ".join(repr(c) for c in close))
    elif not known:
        message += tr(" (no item has an id)", " (ingen punkt har id)")
    raise InvalidArgumentError(message)


def _find_node(tree: Tree, ident: str) -> MappingNode | None:
    found = lookup(tree.root, "uppdrag")
    nodes = [n for n in items(found[1] if found else None) if isinstance(n, MappingNode)]
    nodes += list(walk_activities(tree.root))
    for node in nodes:
        id_pair = lookup(node, "id")
        if id_pair and isinstance(id_pair[1], ScalarNode) and normal_id(str(id_pair[1].value)) == ident:
            return node
    return None


def _flow(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"


def _block(pairs: list[tuple[str, str]], dash: int, content: int) -> str:
    """The report as a block sequence entry: ``-`` at column ``dash``, its keys at ``content``."""
    first = " " * dash + "-" + " " * (content - dash - 1)
    lines = [f"{key}: {value}" for key, value in pairs]
    return first + ("\n" + " " * content).join(lines)


def _edit(tree: Tree, node: MappingNode, pairs: list[tuple[str, str]], ident: str) -> Edit:
    text = tree.text
    what = tr("the item", "punkten")
    if tree.shared(node):
        aliases = tree.aliases_of(node)
        line = aliases[0].line if aliases else node.start_mark.line + 1
        raise _shared(line, ident, node)
    taken = merge_refusal(tree, tr("rapporter", "rapporter"), ident, node, "rapporter")
    if taken is not None:  # a mapping merging this one would take the new report too
        raise taken
    written = get(node, "rapporter")
    if written is None:
        inherited = merged(node, "rapporter")
        if inherited is not None:
            raise inherited_refusal(tr("rapporter", "rapporter"), ident, inherited[2], inherited[1])
        return _add_key(tree, node, pairs)
    key, value = written
    problem = refusal(tree, tr("rapporter", "rapporter"), ident, node=value, parent=node, key=key)
    if problem is not None:
        raise problem
    if isinstance(value, SequenceNode):
        if value.flow_style:
            if value.value:
                at = end_of(value.value[-1], text, tree)
                return Edit(at, at, ", " + _flow(pairs))
            close = value.end_mark.index - 1
            return Edit(close, close, _flow(pairs))
        first = value.value[0]
        content = first.start_mark.column
        start = line_start(text, first.start_mark.index)
        dash_at = text.rfind("-", start, first.start_mark.index)
        dash = dash_at - start
        at = line_end(text, end_of(value, text, tree))
        if isinstance(first, MappingNode) and not first.flow_style:
            return Edit(at, at, "\n" + _block(pairs, dash, content))
        return Edit(at, at, "\n" + " " * dash + "- " + _flow(pairs))
    if isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index:  # `rapporter:`
        at = entry_end(text, key, value)
        if node.flow_style:
            return Edit(at, at, " [" + _flow(pairs) + "]")
        dash = key.start_mark.column + 2
        return Edit(at, at, "\n" + _block(pairs, dash, dash + 2))
    raise UpdateError(
        tr(
            "line {line}: rapporter of {what} {id!r} is not a list; nothing was written",
            "rad {line}: rapporter för {what} {id!r} är ingen lista; inget sparades",
            line=value.start_mark.line + 1,
            what=what,
            id=ident,
        )
    )


def _add_key(tree: Tree, node: MappingNode, pairs: list[tuple[str, str]]) -> Edit:
    text = tree.text
    if node.flow_style:
        last_key, last_value = node.value[-1]
        at = entry_end(text, last_key, last_value, tree)
        return Edit(at, at, ", rapporter: [" + _flow(pairs) + "]")
    column = node.value[0][0].start_mark.column
    at = line_end(text, end_of(node, text, tree))
    dash = column + 2
    return Edit(at, at, "\n" + " " * column + "rapporter:\n" + _block(pairs, dash, dash + 2))


def _shared(line: int, ident: str, node: Node) -> UpdateError:
    return UpdateError(
        tr(
            "line {line}: the item {id!r} is shared with another part of the plan through the alias "
            "on line {line} (anchor on line {anchor}); write it out in full first; nothing was written",
            "rad {line}: punkten {id!r} delas med en annan del av planen genom aliaset på rad {line} "
            "(ankaret på rad {anchor}); skriv ut den i sin helhet först; inget sparades",
            line=line,
            id=ident,
            anchor=node.start_mark.line + 1,
        )
    )


_I = TypeVar("_I", Activity, Assignment)


def _verify(
    text: str, snapshot: Snapshot, plan: Plan, ident: str, report: StatusReport, *, node: MappingNode
) -> None:
    """Read ``text`` back: it must be ``plan`` with ``report`` added to the item ``ident``, nothing else."""
    new = load_changed(text, snapshot)

    def add(item: _I) -> _I:
        if item.id is not None and normal_id(item.id) == ident:
            return item.model_copy(update={"reports": (*item.reports, report)})
        return item

    def goal(found: Goal) -> Goal:
        return found.model_copy(update={"activities": tuple(add(a) for a in found.activities)})

    def indicator(found: Indicator) -> Indicator:
        return found.model_copy(update={"activities": tuple(add(a) for a in found.activities)})

    expected = map_plan(plan, indicator=indicator, goal=goal)
    expected = expected.model_copy(update={"assignments": tuple(add(a) for a in expected.assignments)})
    if expected != new:
        raise UpdateError(
            tr(
                "line {line}: the change would also change another part of the plan, so nothing was "
                "written (is a value shared through an anchor and an alias, or a merge key?)",
                "rad {line}: ändringen skulle också ändra en annan del av planen, så inget sparades "
                "(delas ett värde genom ett ankare och ett alias, eller en sammanslagning?)",
                line=node.start_mark.line + 1,
            )
        )
