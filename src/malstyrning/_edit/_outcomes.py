"""Writing one outcome (or one jämförelse value) into a plan's text.

The edit is planned on the composed node graph (see :mod:`._edit`): an
existing value is replaced in the style it was written in (a block mapping
stays a block mapping), a new year goes among the others in year order, and a
missing ``utfall`` or ``jämförelse`` key is added after the indicator's last key.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml import MappingNode, Node, ScalarNode

from .._errors import OutcomeExistsError, UpdateError
from .._i18n import tr
from .._model import Outcome, Plan
from .._sources import OutcomeUpdate, UpdateKind
from ._nodes import Edit, apply_edits, compose, end_of, find_indicator, get, line_end, render_scalar

__all__ = ["number_text", "set_outcome"]


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


def set_outcome(
    text: str, plan: Plan, update: OutcomeUpdate, *, replace: bool
) -> tuple[str, UpdateKind, str | None]:
    """Write ``update`` into ``text`` (the source of ``plan``).

    Returns the new text, what happened, and the source text of the value that
    was there before (or None). Raises OutcomeExistsError (an UpdateError)
    when a different value is there and ``replace`` is false.
    """
    root = compose(text)
    node = find_indicator(root, update.indicator)
    if node is None:
        raise UpdateError(
            tr("no indicator with id {id!r}", "ingen indikator har id {id!r}", id=update.indicator)
        )
    keys: list[tuple[object, str]] = [("utfall", "utfall")]
    if update.series is not None:
        keys = [("jämförelse", "jämförelse"), (update.series, render_scalar(update.series))]
    keys.append((update.year, str(update.year)))

    old_text = _existing_text(text, node, keys)
    if old_text is not None:
        if _same(plan, update):
            return text, UpdateKind.UNCHANGED, old_text
        if not replace:
            message = tr(
                "{indicator} {year} already has the outcome {old}",
                "{indicator} {year} har redan utfallet {old}",
                indicator=update.indicator,
                year=update.year,
                old=old_text,
            )
            raise OutcomeExistsError(
                update.indicator, update.year, old_text, series=update.series, message=message
            )
    edit = _set(text, node, keys, _leaf(update))
    kind = UpdateKind.NEW if old_text is None else UpdateKind.CHANGED
    return apply_edits(text, [edit]), kind, old_text


def _same(plan: Plan, update: OutcomeUpdate) -> bool:
    """Whether the plan already holds exactly this outcome."""
    indicator = next(i for i in plan.indicators() if i.id == update.indicator)
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
            raise UpdateError(
                tr(
                    "cannot write into {key!r}: it is not a mapping",
                    "kan inte skriva i {key!r}: den består inte av nycklar med värden",
                    key=key,
                )
            )
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
