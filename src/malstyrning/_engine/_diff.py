"""What changed between two versions of a plan, in governance terms (``malstyrning diff``).

Pure comparison, no I/O: :func:`diff_plans` compares two :class:`Plan`\\ s,
:func:`diff_plan_sets` two sets of plans keyed by name (a folder's files by
their path in it). The words are the report layer's (``_report/_diff_text.py``).

How things are matched:

- Indicators (goal indicators and verksamhetsmått alike) by ``id``, unique in
  a plan: the same id with another title is *renamed*, under another goal (or
  from a goal to the verksamhetsmått) *moved*.
- Focus areas and goals by ``id`` too. One without an ``id`` of its own has
  one derived from its position (``"2"``, ``"2.1"``), which changes when a goal
  is inserted before it; so those are first matched by title (a goal with the
  same title among those whose id is derived), and only then by the derived
  id (where the title differs, it is *renamed*). A derived id is never
  reported as a change.
- Uppdrag and activities by ``id``; those without one by title.

A move is judged by the parent's match, not its id: a goal whose area's
derived id changed but which is still under the same area has not moved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from .._model import (
    Activity,
    Assignment,
    FocusArea,
    Goal,
    Indicator,
    Outcome,
    Plan,
    Rules,
    ValuePoint,
)

__all__ = [
    "DiffPlace",
    "DiffState",
    "DiffSubject",
    "DiffValue",
    "FieldChange",
    "NodeDiff",
    "OutcomeChange",
    "OutcomeChangeKind",
    "PlanDiff",
    "diff_plan_sets",
    "diff_plans",
]


class DiffSubject(StrEnum):
    """What a change is about."""

    PLAN = "plan"  # the plan itself; as a DiffPlace: its verksamhetsmått
    AREA = "area"  # målområde
    GOAL = "goal"  # mål
    INDICATOR = "indicator"  # indikator or verksamhetsmått
    ASSIGNMENT = "assignment"  # uppdrag
    ACTIVITY = "activity"  # aktivitet


class DiffState(StrEnum):
    """Whether a thing (or a plan of a set) is new, gone, or in both versions with changes."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class OutcomeChangeKind(StrEnum):
    """What happened to one outcome (utfall) of an indicator."""

    ADDED = "added"  # a value where there was none
    CORRECTED = "corrected"  # another value than before
    REMOVED = "removed"  # no value where there was one


DiffValue = float | bool | str | StrEnum | None
"""A value before or after: a number, a flag, a text or one of the plan's words; None: not stated."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One stated value that changed. ``key`` is the plan's key (``målvärde``,
    ``riktning``, ``regler.metod``, ``målvärde.år``); ``old``/``new`` its
    value before and after, None where it was not stated."""

    key: str
    old: DiffValue
    new: DiffValue


@dataclass(frozen=True, slots=True)
class OutcomeChange:
    """One outcome (utfall) added, corrected or removed. ``when`` is the year
    (``"2017"``) or the period (``"2018-T2"``)."""

    when: str
    kind: OutcomeChangeKind
    old: float | None
    new: float | None


@dataclass(frozen=True, slots=True)
class DiffPlace:
    """Where an indicator or a goal stands: under a goal or a focus area, or,
    for an indicator, among the plan's verksamhetsmått (``kind`` PLAN, no id)."""

    kind: DiffSubject
    id: str | None
    title: str


@dataclass(frozen=True, slots=True)
class NodeDiff:
    """What changed about one focus area, goal, indicator or item.

    ``id`` and ``title`` are the new version's (the old one's when removed);
    ``old_title`` is set when it was renamed; ``moved_from``/``moved_to`` when
    it stands somewhere else; ``fields`` are its stated values that changed and
    ``outcomes`` its outcomes (indicators only); ``unit`` is an indicator's
    unit (enhet), for its values. An added or removed thing has no fields: it
    is listed once, as a whole. An item without an id has None as ``id``.
    """

    subject: DiffSubject
    id: str | None
    title: str
    state: DiffState
    unit: str | None = None
    old_title: str | None = None
    moved_from: DiffPlace | None = None
    moved_to: DiffPlace | None = None
    fields: tuple[FieldChange, ...] = ()
    outcomes: tuple[OutcomeChange, ...] = ()

    @property
    def renamed(self) -> bool:
        return self.old_title is not None

    @property
    def moved(self) -> bool:
        return self.moved_to is not None


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """What changed between two versions of one plan.

    ``name`` names the plan (its file, or the two files compared); ``state``
    says whether the plan is new, gone (in a set of plans) or in both.
    ``title`` is the plan's name (``plan:``) of the new version (the old one's
    when removed). ``fields`` are the plan's own values that changed (``plan``,
    ``år``, ``regler...``); ``nodes`` each area, goal, indicator and item
    that changed, in the order of the plan (removed ones where they stood).
    """

    name: str
    state: DiffState
    title: str
    fields: tuple[FieldChange, ...] = ()
    nodes: tuple[NodeDiff, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether there is any difference at all."""
        return self.state is not DiffState.CHANGED or bool(self.fields or self.nodes)


_ITEMS = {DiffSubject.ASSIGNMENT, DiffSubject.ACTIVITY}

# --- matching ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    subject: DiffSubject
    id: str
    title: str
    derived: bool  # the id is derived from the position
    parent: tuple[DiffSubject, str | None]  # the parent's kind and id (PLAN, None: verksamhetsmått)
    parent_title: str
    value: FocusArea | Goal | Indicator | Assignment | Activity
    order: int


def _walk(plan: Plan) -> Iterator[_Node]:
    order = iter(range(1 << 62))
    for i, area in enumerate(plan.areas, start=1):
        area_id = area.id or str(i)
        yield _Node(
            DiffSubject.AREA,
            area_id,
            area.title,
            area_id == str(i),
            (DiffSubject.PLAN, None),
            "",
            area,
            next(order),
        )
        yield from _goals(area.goals, (DiffSubject.AREA, area_id), area.title, order)
    for measure in plan.measures:
        yield _Node(
            DiffSubject.INDICATOR,
            measure.id,
            measure.title,
            False,
            (DiffSubject.PLAN, None),
            "",
            measure,
            next(order),
        )
        yield from _items(measure.activities, (DiffSubject.INDICATOR, measure.id), measure.title, order)
    yield from _items(plan.assignments, (DiffSubject.PLAN, None), "", order, DiffSubject.ASSIGNMENT)


def _goals(
    goals: tuple[Goal, ...], parent: tuple[DiffSubject, str | None], parent_title: str, order: Iterator[int]
) -> Iterator[_Node]:
    for i, goal in enumerate(goals, start=1):
        goal_id = goal.id or f"{parent[1]}.{i}"
        derived = goal_id == f"{parent[1]}.{i}"
        yield _Node(DiffSubject.GOAL, goal_id, goal.title, derived, parent, parent_title, goal, next(order))
        here = (DiffSubject.GOAL, goal_id)
        for indicator in goal.indicators:
            yield _Node(
                DiffSubject.INDICATOR,
                indicator.id,
                indicator.title,
                False,
                here,
                goal.title,
                indicator,
                next(order),
            )
            yield from _items(
                indicator.activities, (DiffSubject.INDICATOR, indicator.id), indicator.title, order
            )
        yield from _items(goal.activities, here, goal.title, order)
        yield from _goals(goal.goals, here, goal.title, order)


def _items(
    items: Iterable[Assignment | Activity],
    parent: tuple[DiffSubject, str | None],
    parent_title: str,
    order: Iterator[int],
    subject: DiffSubject = DiffSubject.ACTIVITY,
) -> Iterator[_Node]:
    for item in items:
        # An item without an id is matched by its title: the title stands in for the id.
        ident = item.id if item.id is not None else item.title
        yield _Node(subject, ident, item.title, item.id is None, parent, parent_title, item, next(order))


def _match(old: list[_Node], new: list[_Node]) -> list[tuple[_Node | None, _Node | None]]:
    """Pairs of the same thing (or None on the side it is missing from); see the module's doc."""
    old_by_id = {n.id: n for n in old if not n.derived}
    new_by_id = {n.id: n for n in new if not n.derived}
    pairs: dict[int, _Node] = {}  # id(old node) -> new node
    taken: set[int] = set()
    for ident, node in new_by_id.items():
        before = old_by_id.get(ident)
        if before is not None:
            pairs[id(before)] = node
            taken.add(id(node))
    # Derived ids: by title first, then by the derived id.
    old_free = [n for n in old if n.derived]
    new_free = [n for n in new if n.derived and id(n) not in taken]
    if old_free and new_free:
        by_title: dict[str, list[_Node]] = {}
        for node in new_free:
            by_title.setdefault(node.title, []).append(node)
        for node in old_free:
            candidates = by_title.get(node.title)
            if candidates:
                partner = candidates.pop(0)
                pairs[id(node)] = partner
                taken.add(id(partner))
        left = {n.id: n for n in new_free if id(n) not in taken}
        for node in old_free:
            if id(node) not in pairs and node.id in left and node.subject not in _ITEMS:
                partner = left.pop(node.id)
                pairs[id(node)] = partner
                taken.add(id(partner))
    result: list[tuple[_Node | None, _Node | None]] = []
    for node in old:
        result.append((node, pairs.get(id(node))))
    result += [(None, node) for node in new if id(node) not in taken]
    return result


# --- comparing --------------------------------------------------------------------------------------


def diff_plans(old: Plan, new: Plan, *, name: str = "") -> PlanDiff:
    """What changed from ``old`` to ``new``, two versions of one plan; ``name`` names it in the result."""
    fields = [
        *_changed("plan", old.name, new.name),
        *_changed("år", old.year, new.year),
        *_changed("slutår", old.last_year, new.last_year),
        *_changed("id", old.id, new.id),
        *_rule_changes("regler", old.rules, new.rules),
    ]
    return PlanDiff(name, DiffState.CHANGED, new.name, tuple(fields), tuple(_node_diffs(old, new)))


def diff_plan_sets(old: Mapping[str, Plan], new: Mapping[str, Plan]) -> tuple[PlanDiff, ...]:
    """What changed from ``old`` to ``new``, two sets of plans keyed by name (a
    folder's files by their path in it): a diff for every name, in name order;
    a name on one side only is a plan added or removed."""
    diffs: list[PlanDiff] = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before is None and after is not None:
            diffs.append(PlanDiff(key, DiffState.ADDED, after.name))
        elif after is None and before is not None:
            diffs.append(PlanDiff(key, DiffState.REMOVED, before.name))
        elif before is not None and after is not None:
            diffs.append(diff_plans(before, after, name=key))
    return tuple(diffs)


def _node_diffs(old: Plan, new: Plan) -> Iterator[NodeDiff]:
    old_nodes, new_nodes = list(_walk(old)), list(_walk(new))
    pairs: list[tuple[_Node | None, _Node | None]] = []
    # Each kind is matched on its own (an area's id may be a goal's too); items
    # share their ids, uppdrag and activities alike.
    for kinds in ({DiffSubject.AREA}, {DiffSubject.GOAL}, {DiffSubject.INDICATOR}, _ITEMS):
        pairs += _match(
            [n for n in old_nodes if n.subject in kinds], [n for n in new_nodes if n.subject in kinds]
        )
    # The new identity of each old parent, to tell a move from a derived id that changed.
    renamed_parent: dict[tuple[DiffSubject, str | None], tuple[DiffSubject, str | None]] = {}
    for before, after in pairs:
        if before is not None and after is not None:
            renamed_parent[(before.subject, before.id)] = (after.subject, after.id)
    found: list[tuple[int, NodeDiff]] = []
    for before, after in pairs:
        if after is None and before is not None:
            found.append((_position(new_nodes, old_nodes, before), _whole(before, DiffState.REMOVED)))
            continue
        if after is None:
            continue
        if before is None:
            found.append((after.order * 2, _whole(after, DiffState.ADDED)))
            continue
        change = _compare(before, after, renamed_parent)
        if change is not None:
            found.append((after.order * 2, change))
    found.sort(key=lambda pair: pair[0])
    for _, change in found:
        yield change


def _position(new_nodes: list[_Node], old_nodes: list[_Node], removed: _Node) -> int:
    """Where a removed node is listed: after the node that stood before it, if that one is still there."""
    # Old nodes before it, nearest first: the first one found in the new plan (same kind and id) places it.
    index = {(n.subject, n.id): n.order for n in new_nodes}
    for node in reversed(old_nodes[: removed.order]):
        if (node.subject, node.id) in index:
            return index[(node.subject, node.id)] * 2 + 1
    return -1


def _whole(node: _Node, state: DiffState) -> NodeDiff:
    return NodeDiff(node.subject, _shown_id(node), node.title, state, unit=_unit(node.value))


def _shown_id(node: _Node) -> str | None:
    return None if node.derived and node.subject in _ITEMS else node.id


def _unit(value: object) -> str | None:
    return value.unit if isinstance(value, Indicator) else None


def _place(node: _Node) -> DiffPlace:
    kind, ident = node.parent
    return DiffPlace(kind, ident, node.parent_title)


def _compare(
    before: _Node,
    after: _Node,
    renamed_parent: Mapping[tuple[DiffSubject, str | None], tuple[DiffSubject, str | None]],
) -> NodeDiff | None:
    moved = renamed_parent.get(before.parent, before.parent) != after.parent
    old_title = before.title if before.title != after.title else None
    if before.subject in _ITEMS and before.derived:
        old_title = None  # matched by its title: the same
    fields: list[FieldChange] = []
    outcomes: tuple[OutcomeChange, ...] = ()
    a, b = before.value, after.value
    if isinstance(a, Indicator) and isinstance(b, Indicator):
        fields = list(_indicator_fields(a, b))
        outcomes = tuple(_outcome_changes(a, b))
    elif isinstance(a, Goal) and isinstance(b, Goal):
        fields = [
            *_changed("typ", a.kind, b.kind),
            *_changed("vikt", a.weight, b.weight),
            *_changed("kvalitativt", a.qualitative, b.qualitative),
            *_changed("bedömning", a.stated_assessment, b.stated_assessment),
            *_changed("angiven_prognos", a.stated_forecast, b.stated_forecast),
            *_changed("bidrar_till", _links(a), _links(b)),
        ]
    elif isinstance(a, Assignment | Activity) and isinstance(b, Assignment | Activity):
        fields = [
            *_changed("status", a.current_status(), b.current_status()),
            *_changed("klart", _date(a.due), _date(b.due)),
        ]
    if not (moved or old_title is not None or fields or outcomes):
        return None
    return NodeDiff(
        after.subject,
        _shown_id(after),
        after.title,
        DiffState.CHANGED,
        unit=_unit(b),
        old_title=old_title,
        moved_from=_place(before) if moved else None,
        moved_to=_place(after) if moved else None,
        fields=tuple(fields),
        outcomes=outcomes,
    )


def _links(goal: Goal) -> str | None:
    """A goal's ``bidrar_till`` as written: "kf:a, kf:b (vikt 2)"; None: it serves none."""
    if not goal.serves:
        return None
    return ", ".join(
        link.key if link.weight == 1 else f"{link.key} (vikt {link.weight:g})" for link in goal.serves
    )


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def _indicator_fields(a: Indicator, b: Indicator) -> Iterator[FieldChange]:
    yield from _changed("enhet", a.unit, b.unit)
    yield from _changed("riktning", a.direction, b.direction)
    yield from _point("ingångsvärde", a.baseline, b.baseline)
    yield from _point("målvärde", a.target, b.target)
    yield from _changed("gränsvärde", a.threshold, b.threshold)
    yield from _changed("tolerans", a.tolerance, b.tolerance)
    yield from _changed("vikt", a.weight, b.weight)
    yield from _changed("periodvärde", a.period_value, b.period_value)
    yield from _rule_changes("regler", a.rules, b.rules)
    yield from _changed("angiven_bedömning", a.stated_assessment, b.stated_assessment)
    yield from _changed("angiven_trend", a.stated_trend, b.stated_trend)


def _changed(key: str, old: DiffValue | int, new: DiffValue | int) -> Iterator[FieldChange]:
    if old != new:
        yield FieldChange(key, _plain(old), _plain(new))


def _plain(value: DiffValue | int) -> DiffValue:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a year: a word, not a number with decimals
    return value


def _point(key: str, old: ValuePoint | None, new: ValuePoint | None) -> Iterator[FieldChange]:
    yield from _changed(key, old.value if old else None, new.value if new else None)
    yield from _changed(f"{key}.år", old.year if old else None, new.year if new else None)


def _rule_changes(key: str, old: Rules | None, new: Rules | None) -> Iterator[FieldChange]:
    """Each rule that changed, by its key (``regler.metod``, ``regler.i_fas.kvot_i_fas``)."""
    if old == new:
        return
    yield from _model_changes(key, old, new)


def _model_changes(key: str, old: BaseModel | None, new: BaseModel | None) -> Iterator[FieldChange]:
    either = new if new is not None else old
    if either is None:
        return
    for name, field in type(either).model_fields.items():
        a = getattr(old, name, None)
        b = getattr(new, name, None)
        if a == b:
            continue
        here = f"{key}.{field.alias or name}"
        if isinstance(a, BaseModel) or isinstance(b, BaseModel):
            yield from _model_changes(here, _model_or_none(a), _model_or_none(b))
        else:
            yield FieldChange(here, _value(a), _value(b))


def _model_or_none(value: object) -> BaseModel | None:
    return value if isinstance(value, BaseModel) else None


def _value(value: object) -> DiffValue:
    if value is None or isinstance(value, float | bool | str):
        return value
    if isinstance(value, int):
        return float(value)
    return str(value)


def _outcome_changes(a: Indicator, b: Indicator) -> Iterator[OutcomeChange]:
    if a.outcomes != b.outcomes:
        yield from _outcome_map(
            {str(y): o for y, o in a.outcomes.items()}, {str(y): o for y, o in b.outcomes.items()}
        )
    if a.period_outcomes != b.period_outcomes:
        yield from _outcome_map(
            {str(p): o for p, o in a.period_outcomes.items()},
            {str(p): o for p, o in b.period_outcomes.items()},
        )


def _outcome_map(old: Mapping[str, Outcome], new: Mapping[str, Outcome]) -> Iterator[OutcomeChange]:
    for when in sorted(set(old) | set(new)):
        before = old[when].value if when in old else None
        after = new[when].value if when in new else None
        if before == after:
            continue
        if before is None:
            yield OutcomeChange(when, OutcomeChangeKind.ADDED, None, after)
        elif after is None:
            yield OutcomeChange(when, OutcomeChangeKind.REMOVED, before, None)
        else:
            yield OutcomeChange(when, OutcomeChangeKind.CORRECTED, before, after)
