"""Writing one outcome (or one jämförelse value) into a plan's text.

The edit is planned on the composed node graph (see :mod:`._edit`): an
existing value is replaced in the style it was written in (a block mapping
stays a block mapping), a new year goes among the others in year order, and a
missing ``utfall`` or ``jämförelse`` key is added after the indicator's last key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass

from ruamel.yaml import MappingNode, Node, ScalarNode

from .._errors import OutcomeExistsError, UpdateError
from .._load import key_value
from .._model import Indicator, Outcome, Plan
from .._sources import OutcomeUpdate, UpdateKind
from ._nodes import (
    Edit,
    apply_edits,
    compose,
    end_of,
    line_end,
    render_scalar,
    walk_indicators,
)
from ._nodes import get as get_entry

__all__ = ["number_text", "set_outcomes"]


@dataclass(frozen=True, slots=True)
class _Leaf:
    """The value to write, as (key, text) pairs; one pair with key None is a bare scalar."""

    pairs: tuple[tuple[str | None, str], ...]

    def inline(self) -> str:
        if len(self.pairs) == 1 and self.pairs[0][0] is None:
            return self.pairs[0][1]
        return "{" + ", ".join(f"{key}: {text}" for key, text in self.pairs) + "}"

    def block(self, indent: int) -> str:
        if len(self.pairs) == 1 and self.pairs[0][0] is None:
            return self.pairs[0][1]
        return ("\n" + " " * indent).join(f"{key}: {text}" for key, text in self.pairs)

    def as_mapping(self) -> _Leaf:
        """The same value with every part keyed (`värde: x` for a bare number)."""
        if self.pairs[0][0] is None:
            return _Leaf((("värde", self.pairs[0][1]),))
        return self


def number_text(value: float) -> str:
    """A float as a plain YAML number: ``158``, ``3.7``, ``-1684``."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _leaf(update: OutcomeUpdate) -> _Leaf:
    pairs: list[tuple[str | None, str]] = []
    if update.value is not None:
        number = update.value_text or number_text(update.value)
        if update.comment is None:
            return _Leaf(((None, number),))
        pairs.append(("värde", number))
    else:
        assert update.missing is not None
        pairs.append(("saknas", render_scalar(update.missing)))
    if update.comment is not None:
        pairs.append(("kommentar", render_scalar(update.comment)))
    return _Leaf(tuple(pairs))


def set_outcomes(
    text: str,
    plan: Plan,
    updates: Sequence[OutcomeUpdate],
    *,
    replace: bool,
    reload: Callable[[str], Plan],
) -> tuple[str, list[tuple[UpdateKind, str | None]]]:
    """Write every update into ``text`` (the source of ``plan``): the same text as
    writing them one after the other, composing the text once for a whole round.

    Returns the new text and, for each update, what happened and the source
    text of the value that was there before (or None). Raises
    OutcomeExistsError (an UpdateError) when a different value is there and
    ``replace`` is false. In a round every update's edit is planned on the same
    node graph and all are spliced at once; an update waits for the next round
    when it names an outcome already written in this round (the same indicator,
    series and year twice), or while some indicator lacks the ``utfall`` or
    ``jämförelse`` mapping an update needs: a round that makes those makes
    only them, one update each, so that the next round's text is still about
    the plan's size. Distinct outcomes of ``utfall`` take at most two rounds
    (and each ``jämförelse`` series one more), however many there are.
    ``reload`` reads the text of the next round as a plan.
    """
    results: list[tuple[UpdateKind, str | None] | None] = [None] * len(updates)
    order = {(u.indicator, u.series): n for n, u in reversed(list(enumerate(updates)))}
    pending = list(range(len(updates)))
    while pending:
        root = compose(text)
        entries = _ENTRIES.set({})
        try:
            text, pending = _round(
                text,
                root,
                plan,
                updates=updates,
                pending=pending,
                results=results,
                order=order,
                replace=replace,
            )
        finally:
            _ENTRIES.reset(entries)
        if pending:
            plan = reload(text)
    return text, [result for result in results if result is not None]


def _round(
    text: str,
    root: MappingNode,
    plan: Plan,
    *,
    updates: Sequence[OutcomeUpdate],
    pending: list[int],
    results: list[tuple[UpdateKind, str | None] | None],
    order: dict[tuple[str, str | None], int],
    replace: bool,
) -> tuple[str, list[int]]:
    """One round of :func:`set_outcomes`: the new text and the updates left for the next."""
    nodes: dict[str, MappingNode] = {}
    for located in walk_indicators(root):
        found = get(located.node, "id")
        if found and isinstance(found[1], ScalarNode):
            nodes.setdefault(str(found[1].value), located.node)
    models: dict[str, Indicator] = {}
    for model in plan.indicators():
        models.setdefault(model.id, model)
    gaps: dict[int, str] = {}  # the updates that need a mapping made, by indicator
    for number in pending:
        update = updates[number]
        if update.indicator not in nodes or update.indicator not in models:
            raise UpdateError(f"no indicator with id {update.indicator!r}")
        if _missing_container(nodes[update.indicator], _keys(update)) is not None:
            gaps[number] = update.indicator
    # A round that makes a missing utfall or jämförelse makes only those, one update an
    # indicator (two could both add a key after the indicator's last, or one add a key
    # after a value the other replaces), so that the text composed for the next round
    # is still about the plan's size.
    creating: set[str] = set()
    written: set[tuple[str, str | None, int]] = set()
    planned: list[tuple[tuple[int, int], Edit]] = []
    later: list[int] = []
    for number in pending:
        update = updates[number]
        target = (update.indicator, update.series, update.year)
        gap = gaps.get(number)
        if target in written or (gaps and (gap is None or gap in creating)):
            later.append(number)
            continue
        written.add(target)
        if gap is not None:
            creating.add(gap)
        edit, kind, old_text = _outcome_edit(
            text, nodes[update.indicator], models[update.indicator], update, replace=replace
        )
        results[number] = (kind, old_text)
        if edit is not None:
            # New years go before the first later year of a block mapping, at the end of a
            # flow mapping: among edits at one place, year order in one, update order in the other.
            flow = _flow_container(nodes[update.indicator], _keys(update))
            planned.append(((order[update.indicator, update.series], number if flow else update.year), edit))
    # Entries added at one place go in year order, series in the order first named:
    # apply_edits keeps the order of edits that start and end at the same place.
    planned.sort(key=lambda pair: pair[0])
    return apply_edits(text, [edit for _, edit in planned]), later


# The entries of each mapping met in a round of set_outcomes, by key value, so that
# looking up a year among hundreds costs a dict lookup, not a walk (None: no round).
_Entries = dict[object, tuple[ScalarNode, Node]]
_ENTRIES: ContextVar[dict[int, tuple[MappingNode, _Entries]] | None] = ContextVar(
    "malstyrning_entries", default=None
)


def get(mapping: MappingNode, key: object) -> tuple[ScalarNode, Node] | None:
    """``_nodes.get``: the (key node, value node) pair for ``key``, compared as YAML values,
    looked up in an index of the mapping made once a round."""
    cache = _ENTRIES.get()
    if cache is None:
        return get_entry(mapping, key)
    known = cache.get(id(mapping))
    if known is None or known[0] is not mapping:  # the mapping is kept, so its id is not reused
        entries: _Entries = {}
        for key_node, value_node in mapping.value:
            if isinstance(key_node, ScalarNode):
                entries.setdefault(key_value(key_node), (key_node, value_node))
        known = cache[id(mapping)] = (mapping, entries)
    return known[1].get(key)


def _keys(update: OutcomeUpdate) -> list[tuple[object, str]]:
    """The key path of the outcome ``update`` names, below its indicator, as (value, text)."""
    keys: list[tuple[object, str]] = [("utfall", "utfall")]
    if update.series is not None:
        keys = [("jämförelse", "jämförelse"), (update.series, render_scalar(update.series))]
    keys.append((update.year, str(update.year)))
    return keys


def _flow_container(mapping: MappingNode, keys: list[tuple[object, str]]) -> bool:
    """Whether the mapping that holds the outcome exists and is written in flow style."""
    node: Node = mapping
    for key, _ in keys[:-1]:
        found = get(node, key) if isinstance(node, MappingNode) else None
        if found is None:
            return False
        node = found[1]
    return isinstance(node, MappingNode) and bool(node.flow_style)


def _missing_container(mapping: MappingNode, keys: list[tuple[object, str]]) -> tuple[object, ...] | None:
    """The shortest key path to the mapping that holds the outcome that is not yet a
    mapping with entries (absent, empty or null), or None when it is one."""
    node: Node = mapping
    for depth, (key, _) in enumerate(keys[:-1]):
        found = get(node, key) if isinstance(node, MappingNode) else None
        if found is None or not isinstance(found[1], MappingNode) or not found[1].value:
            return tuple(k for k, _ in keys[: depth + 1])
        node = found[1]
    return None


def _outcome_edit(
    text: str, node: MappingNode, indicator: Indicator, update: OutcomeUpdate, *, replace: bool
) -> tuple[Edit | None, UpdateKind, str | None]:
    """The edit that writes ``update`` into the indicator ``node`` of ``text`` (None: no change),
    what it does, and the text of the value there before."""
    keys = _keys(update)
    old_text = _existing_text(text, node, keys)
    if old_text is not None:
        if _same(indicator, update):
            return None, UpdateKind.UNCHANGED, old_text
        if not replace:
            raise OutcomeExistsError(update.indicator, update.year, old_text, series=update.series)
    edit = _set(text, node, keys, _leaf(update))
    kind = UpdateKind.NEW if old_text is None else UpdateKind.CHANGED
    return edit, kind, old_text


def _same(indicator: Indicator, update: OutcomeUpdate) -> bool:
    """Whether the plan already holds exactly this outcome."""
    if update.series is not None:
        return indicator.comparisons.get(update.series, {}).get(update.year) == update.value
    current = indicator.outcomes.get(update.year)
    wanted = Outcome.model_validate(
        {"värde": update.value, "saknas": update.missing, "kommentar": update.comment}
    )
    return current == wanted


def _existing_text(text: str, mapping: MappingNode, keys: list[tuple[object, str]]) -> str | None:
    node: Node = mapping
    for key, _ in keys:
        if not isinstance(node, MappingNode):
            return None
        found = get(node, key)
        if found is None:
            return None
        node = found[1]
    if _is_empty(node):
        return None
    return text[node.start_mark.index : end_of(node, text)]


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and str(node.tag).endswith(":null")


def _set(text: str, mapping: MappingNode, keys: list[tuple[object, str]], leaf: _Leaf) -> Edit:
    key, _ = keys[0]
    found = get(mapping, key)
    if found is None:
        return _insert(text, mapping, keys, leaf)
    key_node, value = found
    rest = keys[1:]
    if _is_empty(value):
        # `utfall:` with nothing after it: write the whole key anew, in place.
        start = key_node.start_mark.index
        column = key_node.start_mark.column
        return Edit(
            start,
            end_of(value, text) if value.value else key_node.end_mark.index + 1,
            _entry(keys, leaf, column, mapping.flow_style),
        )
    if rest:
        if not isinstance(value, MappingNode):
            raise UpdateError(f"cannot write into {key!r}: it is not a mapping")
        return _set(text, value, rest, leaf)
    # Replace an existing value, keeping its style.
    if isinstance(value, MappingNode) and not value.flow_style and value.value:
        # A block mapping stays one (a bare number becomes `värde: x`), so that
        # recording the old outcome back restores the file byte for byte.
        column = value.value[0][0].start_mark.column
        return Edit(value.start_mark.index, end_of(value, text), leaf.as_mapping().block(column))
    return Edit(value.start_mark.index, end_of(value, text), leaf.inline())


def _entry(keys: list[tuple[object, str]], leaf: _Leaf, column: int, flow: bool) -> str:
    """``key: value`` for the path ``keys``, nested as needed, at ``column``."""
    if flow:
        inner = leaf.inline()
        for _, key_text in reversed(keys[1:]):
            inner = "{" + f"{key_text}: {inner}" + "}"
        return f"{keys[0][1]}: {inner}"
    lines = []
    for depth, (_, key_text) in enumerate(keys[:-1]):
        lines.append(" " * (column + 2 * depth) + f"{key_text}:")
    depth = len(keys) - 1
    lines.append(" " * (column + 2 * depth) + f"{keys[-1][1]}: {leaf.inline()}")
    # The first line's indentation is already in the text where the entry goes.
    return "\n".join(lines)[column:]


def _insert(text: str, mapping: MappingNode, keys: list[tuple[object, str]], leaf: _Leaf) -> Edit:
    """Add ``keys[0]`` (with the rest nested) to ``mapping``."""
    key = keys[0][0]
    if mapping.flow_style or not mapping.value:
        entry = _entry(keys, leaf, 0, flow=True)
        if mapping.value:
            at = end_of(mapping.value[-1][1], text)
            return Edit(at, at, ", " + entry)
        at = mapping.start_mark.index + 1  # just inside "{"
        return Edit(at, at, entry)
    column = mapping.value[0][0].start_mark.column
    entry = _entry(keys, leaf, column, flow=False)
    if isinstance(key, int):
        # Years in order: before the first later year, if there is one.
        for key_node, _ in mapping.value:
            other = _year_of(key_node)
            if other is not None and other > key:
                at = key_node.start_mark.index
                return Edit(at, at, entry + "\n" + " " * column)
    at = line_end(text, end_of(mapping.value[-1][1], text))
    return Edit(at, at, "\n" + " " * column + entry)


def _year_of(node: ScalarNode) -> int | None:
    try:
        return int(str(node.value).strip())
    except ValueError:
        return None
