"""Surgical edits of a plan's YAML text: change exactly the bytes that must change.

A YAML library that loads and dumps a file rewrites it in its own style. Here
the file is *composed* (parsed to nodes that know their exact character
offsets, without constructing values) and each change is a splice of the
original text: every byte outside the edited value, comments, quoting, blank
lines and indentation included, stays as it was.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ruamel.yaml import YAML, MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.error import YAMLError

from .._errors import UpdateError
from .._load import key_value

__all__ = ["Edit", "Located", "apply_edits", "compose", "find_indicator", "render_scalar"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (in any order) to ``text``.

    Edits overlap when one YAML node is reached twice, through an alias of an
    anchor (``- *aktivitet``): that is refused with :class:`UpdateError`, as
    the change cannot be made by splicing text.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end:
            raise UpdateError(
                "cannot edit the plan: two changes fall on the same text (is an anchor's value "
                "used twice?); nothing was written"
            )
    pieces: list[str] = []
    done = 0
    for edit in ordered:  # one pass, so that many edits cost no more than one copy of the text
        pieces += [text[done : edit.start], edit.replacement]
        done = edit.end
    pieces.append(text[done:])
    return "".join(pieces)


def compose(text: str) -> MappingNode:
    """The node graph of a (valid) plan text.

    Raises :class:`UpdateError` when ruamel.yaml cannot compose a text the
    plan reader accepted (the two readers are different parsers), so the
    change is refused rather than made wrong.
    """
    try:
        root = YAML(typ="rt").compose(text)
    except YAMLError as error:
        raise UpdateError(f"cannot parse the plan for editing: {error}; nothing was written") from None
    if not isinstance(root, MappingNode):
        raise UpdateError("cannot edit the plan: it is not a mapping; nothing was written")
    return root


def get(mapping: MappingNode, key: object) -> tuple[ScalarNode, Node] | None:
    """The (key node, value node) pair for ``key``, compared as YAML values."""
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_value(key_node) == key:
            return key_node, value_node
    return None


def items(node: Node | None) -> list[Node]:
    """The items of a sequence node, or nothing."""
    return list(node.value) if isinstance(node, SequenceNode) else []


@dataclass(frozen=True, slots=True)
class Located:
    """A mapping node found in the plan, with its key path for messages."""

    node: MappingNode
    path: str


def walk_goals(root: MappingNode) -> Iterator[Located]:
    """Every goal mapping in the plan, depth first."""

    def goals(node: Node | None, path: str) -> Iterator[Located]:
        for i, goal in enumerate(items(node)):
            if isinstance(goal, MappingNode):
                here = f"{path}.mål[{i}]"
                yield Located(goal, here)
                nested = get(goal, "mål")
                yield from goals(nested[1] if nested else None, here)

    areas = get(root, "målområden")
    for a, area in enumerate(items(areas[1] if areas else None)):
        if isinstance(area, MappingNode):
            inner = get(area, "mål")
            yield from goals(inner[1] if inner else None, f"målområden[{a}]")


def walk_indicators(root: MappingNode) -> Iterator[Located]:
    """Every indicator mapping: those under goals, then the measures."""
    for goal in walk_goals(root):
        found = get(goal.node, "indikatorer")
        for i, node in enumerate(items(found[1] if found else None)):
            if isinstance(node, MappingNode):
                yield Located(node, f"{goal.path}.indikatorer[{i}]")
    measures = get(root, "verksamhetsmått")
    for i, node in enumerate(items(measures[1] if measures else None)):
        if isinstance(node, MappingNode):
            yield Located(node, f"verksamhetsmått[{i}]")


def walk_activities(root: MappingNode) -> Iterator[MappingNode]:
    """Every activity written as a mapping (plain-string activities have no status)."""
    owners = [goal.node for goal in walk_goals(root)] + [ind.node for ind in walk_indicators(root)]
    for owner in owners:
        found = get(owner, "aktiviteter")
        for node in items(found[1] if found else None):
            if isinstance(node, MappingNode):
                yield node


def find_indicator(root: MappingNode, ident: str) -> MappingNode | None:
    """The mapping of the indicator whose ``id`` is ``ident``."""
    for located in walk_indicators(root):
        found = get(located.node, "id")
        if found and isinstance(found[1], ScalarNode) and found[1].value == ident:
            return located.node
    return None


def end_of(node: Node, text: str) -> int:
    """Where ``node``'s own text ends: before trailing blank lines and comments
    that the parser counts into a block collection or a block scalar."""
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return end_of(last[1] if isinstance(node, MappingNode) else last, text)
    end: int = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def line_start(text: str, index: int) -> int:
    """The index of the first character of the line holding ``index``."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """The end of the line holding ``index``: after a trailing comment, at the newline."""
    end = text.find("\n", index)
    return len(text) if end == -1 else end


# Text that starts with a letter and holds only letters, digits, single spaces and
# . ' / % ( ) -, and is none of the words YAML 1.1 reads as a boolean or null.
_SIMPLE = re.compile(r"[^\W\d_](?: ?[\w'./%()-])*")
_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def render_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back as the same text
    (in a flow mapping too), else double-quoted."""
    if _SIMPLE.fullmatch(value) and value.lower() not in _WORDS:
        return value  # words, digits and spaces: plain in every YAML reader (and fast, for big imports)
    probe = f"{{k: {value}}}"
    try:
        loaded = YAML(typ="safe", pure=True).load(probe)
    except YAMLError:
        loaded = None
    if value and value == value.strip() and loaded == {"k": value} and "#" not in value:
        return value
    return json.dumps(value, ensure_ascii=False)
