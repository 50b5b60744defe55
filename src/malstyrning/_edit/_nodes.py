"""Surgical edits of a plan's YAML text: change exactly the bytes that must change.

A YAML library that loads and dumps a file rewrites it in its own style. Here
the file is *composed* (parsed to nodes that know their exact character
offsets, without constructing values) and each change is a splice of the
original text: every byte outside the edited value, comments, quoting, blank
lines and indentation included, stays as it was.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML, MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent

from .._errors import UpdateError
from .._i18n import tr
from .._load import key_value
from .._model import normal_id

__all__ = [
    "Edit",
    "Located",
    "Tree",
    "apply_edits",
    "compose",
    "find_indicator",
    "merge_refusal",
    "needs_escape",
    "refusal",
    "render_scalar",
    "year_key",
]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (``\n`` in it becomes
    the line end of the line where the edit is)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Alias:
    """An alias (``*name``) in the text: where it is, and the node it stands for."""

    start: int
    end: int
    line: int  # 1-based
    target: Node


@dataclass(slots=True)
class Tree:
    """A composed plan text: its root, and what composing forgets about aliases.

    ruamel.yaml gives an alias the very node of its anchor, so an edit of that
    node changes every place that uses it. ``aliases`` keeps each alias's own
    position, keyed by where it stands: ``(id(parent), id(key node))`` in a
    mapping, ``(id(parent), index)`` in a sequence; ``references`` counts the
    places each node is used as a value (more than one: it is shared through an
    alias); ``merged_into`` lists the mappings each mapping is merged into (``<<``).
    """

    text: str
    root: MappingNode
    aliases: dict[tuple[int, int], Alias] = field(default_factory=dict)
    references: dict[int, int] = field(default_factory=dict)
    merged_into: dict[int, list[MappingNode]] = field(default_factory=dict)

    def alias_at(self, parent: Node, key: Node | int) -> Alias | None:
        """The alias that stands as ``parent``'s value for ``key`` (or item ``key``), if one does."""
        return self.aliases.get((id(parent), key if isinstance(key, int) else id(key)))

    def shared(self, node: Node) -> bool:
        """Whether ``node`` is used in more than one place (through an alias)."""
        return self.references.get(id(node), 0) > 1

    def aliases_of(self, node: Node) -> list[Alias]:
        """Every alias of ``node``, in the order of the text."""
        return sorted((a for a in self.aliases.values() if a.target is node), key=lambda a: a.start)

    def aliases_into(self, start: int, end: int) -> list[Alias]:
        """Aliases outside ``text[start:end]`` of a node whose anchor is inside it."""
        return [
            alias
            for alias in self.aliases.values()
            if start <= alias.target.start_mark.index < end and not start <= alias.start < end
        ]


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply ``edits`` (in any order) to ``text``.

    Identical edits count once (a node reached twice through an alias, given
    the same change both times). Two different edits of the same text are
    refused with :class:`UpdateError`, located: the change cannot be made by
    splicing text. A ``\n`` in a replacement becomes the line end of the line
    the edit is on (``\r\n`` in a Windows line), so every line keeps its own.
    """
    ordered = sorted(set(edits), key=lambda e: (e.start, e.end, e.replacement))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end or (after.start == before.end == after.end == before.start):
            raise UpdateError(
                tr(
                    "line {line}: two different changes fall on the same text (is a value used in "
                    "two places through an anchor and an alias?); nothing was written",
                    "rad {line}: två olika ändringar gäller samma text (används ett värde på två "
                    "ställen genom ett ankare och ett alias?); inget sparades",
                    line=line_of(text, after.start),
                )
            )
    pieces: list[str] = []
    done = 0
    only_lf = "\r" not in text
    for edit in ordered:  # one pass, so that many edits cost no more than one copy of the text
        replacement = edit.replacement
        if "\n" in replacement and not only_lf:
            replacement = replacement.replace("\n", newline_at(text, edit.start))
        pieces += [text[done : edit.start], replacement]
        done = edit.end
    pieces.append(text[done:])
    return "".join(pieces)


def newline_at(text: str, index: int) -> str:
    """The line end of the line holding ``index`` (else of the line before it): ``\n``, ``\r\n`` or ``\r``."""
    end = line_end(text, index)
    if end == len(text):  # the last line has no line end: take the one before
        end = line_end(text, max(line_start(text, index) - 1, 0)) if index else end
        if end >= len(text) or text[end] not in "\r\n":
            return "\n"
    if text.startswith("\r\n", end):
        return "\r\n"
    return text[end]


def line_of(text: str, index: int) -> int:
    """The 1-based line number of ``index`` (``\r\n``, ``\r`` and ``\n`` end lines)."""
    head = text[:index]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


class _TrackingComposer(Composer):
    """A composer that notes where each alias stands (see :class:`Tree`)."""

    aliases: dict[tuple[int, int], Alias]

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.parser.check_event(AliasEvent):
            return super().compose_node(parent, index)
        event = self.parser.peek_event()
        node = super().compose_node(parent, index)
        if parent is not None and index is not None:  # an alias as a key is not tracked: never edited
            at = index if isinstance(index, int) else id(index)
            mark = event.start_mark
            self.aliases[(id(parent), at)] = Alias(mark.index, event.end_mark.index, mark.line + 1, node)
        return node


def compose(text: str) -> Tree:
    """The node graph of a (valid) plan text, with its aliases.

    Raises :class:`UpdateError` when ruamel.yaml cannot compose a text the
    plan reader accepted (the two readers are different parsers), so the
    change is refused rather than made wrong.
    """
    aliases: dict[tuple[int, int], Alias] = {}

    class Tracking(_TrackingComposer):
        pass

    Tracking.aliases = aliases
    yaml = YAML(typ="rt")
    yaml.Composer = Tracking
    try:
        root = yaml.compose(text)
    except YAMLError as error:
        raise UpdateError(
            tr(
                "cannot read the plan for editing: {error}; nothing was written",
                "planen kan inte läsas för att ändras: {error}; inget sparades",
                error=error,
            )
        ) from None
    if not isinstance(root, MappingNode):
        raise UpdateError(
            tr(
                "cannot edit the plan: it is not a mapping; nothing was written",
                "planen kan inte ändras: den är ingen mappning; inget sparades",
            )
        )
    tree = Tree(text, root, aliases)
    _count(tree)
    return tree


def _count(tree: Tree) -> None:
    """Count the places each node is used; note the mappings each is merged into."""
    references = tree.references
    stack: list[Node] = [tree.root]
    while stack:
        node = stack.pop()
        children: list[Node] = []
        if isinstance(node, MappingNode):
            for key, value in node.value:
                children.append(key)
                if is_merge(key):  # `<<: *base`: base is merged into node, not used as a value
                    for source in _merge_sources(value):
                        tree.merged_into.setdefault(id(source), []).append(node)
                        if id(source) not in references:
                            references[id(source)] = 0
                            stack.append(source)
                    if not isinstance(value, SequenceNode):
                        continue
                children.append(value)
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        for child in children:
            seen = references.get(id(child))
            references[id(child)] = (seen or 0) + 1
            if seen is None:
                stack.append(child)


def _merge_sources(value: Node) -> list[MappingNode]:
    """The mappings a merge key's value merges: one, or a sequence of them."""
    sources = value.value if isinstance(value, SequenceNode) else [value]
    return [source for source in sources if isinstance(source, MappingNode)]


def defines(mapping: MappingNode, key: object) -> bool:
    """Whether ``mapping`` has ``key`` written in it (a year compared as a year)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return get_year(mapping, key) is not None
    return get(mapping, key) is not None


def takes_from(mapping: MappingNode, key: object, source: MappingNode) -> bool:
    """Whether ``mapping`` takes ``key`` from ``source`` through its merge keys."""
    if defines(mapping, key):
        return False
    for merge_key, value in mapping.value:
        if is_merge(merge_key):
            for candidate in _merge_sources(value):  # the first that has the key wins
                if candidate is source:
                    return True
                if defines(candidate, key) or takes_any(candidate, key):
                    return False
    return False


def takes_any(mapping: MappingNode, key: object) -> bool:
    """Whether ``mapping`` takes ``key`` through a merge key."""
    return any(
        is_merge(merge_key) and any(defines(c, key) or takes_any(c, key) for c in _merge_sources(value))
        for merge_key, value in mapping.value
    )


def merge_refusal(tree: Tree, what: str, owner: str, mapping: MappingNode, key: object) -> UpdateError | None:
    """Refuse a change of ``key`` in ``mapping`` that a mapping merging it (``<<``) would take too."""
    for user in tree.merged_into.get(id(mapping), []):
        if takes_from(user, key, mapping):
            merge_key = next(k for k, v in user.value if is_merge(k) and mapping in _merge_sources(v))
            return UpdateError(
                tr(
                    "line {line}: {what} of {owner!r} is also taken by the mapping on line {user} "
                    "through the merge key '<<' on line {line}; write it out in full there first; "
                    "nothing was written",
                    "rad {line}: {what} för {owner!r} hämtas också av mappningen på rad {user} genom "
                    "sammanslagningen '<<' på rad {line}; skriv ut det i sin helhet där först; inget "
                    "sparades",
                    line=merge_key.start_mark.line + 1,
                    what=what,
                    owner=owner,
                    user=user.start_mark.line + 1,
                )
            )
    return None


def is_merge(key: Node) -> bool:
    """Whether ``key`` is a merge key (``<<``)."""
    return isinstance(key, ScalarNode) and str(key.tag).endswith(":merge")


def get(mapping: MappingNode, key: object) -> tuple[ScalarNode, Node] | None:
    """The (key node, value node) pair for ``key``, compared as YAML values,
    written in ``mapping`` itself (not taken through a merge key)."""
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and not is_merge(key_node) and key_value(key_node) == key:
            return key_node, value_node
    return None


def merged(mapping: MappingNode, key: object) -> tuple[ScalarNode, Node, ScalarNode] | None:
    """Where ``mapping`` takes ``key`` from through a merge key (``<<: *base``):
    (key node, value node, the merge key), or None."""
    for merge_key, value in mapping.value:
        if not is_merge(merge_key):
            continue
        sources = value.value if isinstance(value, SequenceNode) else [value]
        for source in sources:  # the first mapping that has the key wins
            if isinstance(source, MappingNode):
                found = get(source, key)
                if found is not None:
                    return found[0], found[1], merge_key
                deeper = merged(source, key)
                if deeper is not None:
                    return deeper[0], deeper[1], merge_key
    return None


def lookup(mapping: MappingNode, key: object) -> tuple[ScalarNode, Node] | None:
    """The pair for ``key`` as a YAML reader sees it: written in ``mapping``, else merged into it."""
    found = get(mapping, key)
    if found is None:
        inherited = merged(mapping, key)
        if inherited is not None:
            return inherited[0], inherited[1]
    return found


def year_key(node: Node) -> int | None:
    """The year a key of ``utfall`` stands for: ``2016``, or ``'2016'`` (quoted: the reader allows it)."""
    if not isinstance(node, ScalarNode) or is_merge(node):
        return None
    value = key_value(node)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if float(value).is_integer() else None


def get_year(mapping: MappingNode, year: int) -> tuple[ScalarNode, Node] | None:
    """The (key node, value node) pair for ``year`` written in ``mapping``."""
    for key_node, value_node in mapping.value:
        if year_key(key_node) == year:
            return key_node, value_node
    return None


def items(node: Node | None) -> list[Node]:
    """The items of a sequence node, or nothing."""
    return list(node.value) if isinstance(node, SequenceNode) else []


def refusal(
    tree: Tree, what: str, owner: str, *, node: Node, parent: Node, key: Node | int
) -> UpdateError | None:
    """Why ``node`` (``parent``'s value for ``key``; ``what`` of ``owner``, in words)
    cannot be changed by editing its text, or None when it can.

    It cannot when it is used in more than one place: the alias, or the
    anchor's other aliases, would change too.
    """
    if not tree.shared(node):
        return None
    alias = tree.alias_at(parent, key)
    if alias is None:  # this is the anchor's own place: name an alias of it
        others = tree.aliases_of(node)
        alias = others[0] if others else None
    line = alias.line if alias is not None else node.start_mark.line + 1
    return UpdateError(
        tr(
            "line {line}: {what} of {owner!r} is shared with another part of the plan through the "
            "alias on line {line} (anchor on line {anchor}); write it out in full first; nothing "
            "was written",
            "rad {line}: {what} för {owner!r} delas med en annan del av planen genom aliaset på rad "
            "{line} (ankaret på rad {anchor}); skriv ut det i sin helhet först; inget sparades",
            line=line,
            what=what,
            owner=owner,
            anchor=node.start_mark.line + 1,
        )
    )


def inherited_refusal(what: str, owner: str, merge_key: Node, source: Node) -> UpdateError:
    """Refuse to write ``what`` of ``owner``, which it takes through the merge key ``merge_key``."""
    return UpdateError(
        tr(
            "line {line}: {what} of {owner!r} is taken from line {source} through the merge key "
            "'<<' on line {line}; write it out in full first; nothing was written",
            "rad {line}: {what} för {owner!r} hämtas från rad {source} genom sammanslagningen "
            "'<<' på rad {line}; skriv ut det i sin helhet först; inget sparades",
            line=merge_key.start_mark.line + 1,
            what=what,
            owner=owner,
            source=source.start_mark.line + 1,
        )
    )


def anchors_refusal(tree: Tree, start: int, end: int, edits: Iterable[Edit] = ()) -> UpdateError | None:
    """Refuse an edit of ``text[start:end]`` that would remove an anchor used elsewhere
    (by an alias that none of ``edits``, the other changes, removes or replaces)."""
    spans = [(edit.start, edit.end) for edit in edits]
    used = [
        alias for alias in tree.aliases_into(start, end) if not any(a <= alias.start < b for a, b in spans)
    ]
    if not used:
        return None
    alias = min(used, key=lambda a: a.start)
    return UpdateError(
        tr(
            "line {anchor}: the value there has an anchor that the alias on line {line} uses, and "
            "the change would remove it; write the alias out in full first; nothing was written",
            "rad {anchor}: värdet där har ett ankare som aliaset på rad {line} använder, och "
            "ändringen skulle ta bort det; skriv ut aliaset i sin helhet först; inget sparades",
            anchor=alias.target.start_mark.line + 1,
            line=alias.line,
        )
    )


def content_start(text: str, node: Node) -> int:
    """Where ``node``'s content starts: after its anchor and tag (``&a !!int``), which an edit keeps."""
    index: int = node.start_mark.index
    while index < len(text) and text[index] in "&!":
        while index < len(text) and text[index] not in " \t\r\n,]}":
            index += 1
        while index < len(text) and text[index] in " \t":
            index += 1
    return index


@dataclass(frozen=True, slots=True)
class Located:
    """A mapping node found in the plan, with its key path for messages, and
    the nodes from the root down to it (to tell whether it is shared)."""

    node: MappingNode
    path: str
    chain: tuple[Node, ...] = ()


def walk_goals(root: MappingNode) -> Iterator[Located]:
    """Every goal mapping in the plan, depth first."""

    def goals(node: Node | None, path: str, chain: tuple[Node, ...]) -> Iterator[Located]:
        for i, goal in enumerate(items(node)):
            if isinstance(goal, MappingNode):
                here = f"{path}.mål[{i}]"
                below = (*chain, node, goal) if node is not None else chain
                yield Located(goal, here, below)
                nested = lookup(goal, "mål")
                yield from goals(nested[1] if nested else None, here, below)

    areas = lookup(root, "målområden")
    areas_node = areas[1] if areas else None
    for a, area in enumerate(items(areas_node)):
        if isinstance(area, MappingNode) and areas_node is not None:
            inner = lookup(area, "mål")
            yield from goals(inner[1] if inner else None, f"målområden[{a}]", (root, areas_node, area))


def walk_indicators(root: MappingNode) -> Iterator[Located]:
    """Every indicator mapping: those under goals, then the measures."""
    for goal in walk_goals(root):
        found = lookup(goal.node, "indikatorer")
        for i, node in enumerate(items(found[1] if found else None)):
            if isinstance(node, MappingNode) and found is not None:
                yield Located(node, f"{goal.path}.indikatorer[{i}]", (*goal.chain, found[1], node))
    measures = lookup(root, "verksamhetsmått")
    for i, node in enumerate(items(measures[1] if measures else None)):
        if isinstance(node, MappingNode) and measures is not None:
            yield Located(node, f"verksamhetsmått[{i}]", (root, measures[1], node))


def walk_activities(root: MappingNode) -> Iterator[MappingNode]:
    """Every activity written as a mapping (plain-string activities have no status)."""
    owners = [goal.node for goal in walk_goals(root)] + [ind.node for ind in walk_indicators(root)]
    for owner in owners:
        found = lookup(owner, "aktiviteter")
        for node in items(found[1] if found else None):
            if isinstance(node, MappingNode):
                yield node


def indicator_id(node: MappingNode) -> str | None:
    """The ``id`` of an indicator mapping, as written or merged into it."""
    found = lookup(node, "id")
    if found and isinstance(found[1], ScalarNode):
        return str(found[1].value)
    return None


def find_indicator(root: MappingNode, ident: str) -> Located | None:
    """The indicator whose ``id`` is ``ident`` (compared in NFC, as the model's ids are)."""
    ident = normal_id(ident)
    for located in walk_indicators(root):
        found = indicator_id(located.node)
        if found is not None and normal_id(found) == ident:
            return located
    return None


def end_of(node: Node, text: str, tree: Tree | None = None) -> int:
    """Where ``node``'s own text ends: before trailing blank lines and comments
    that the parser counts into a block collection or a block scalar. With
    ``tree``, a block collection whose last value is an alias ends after the alias."""
    if isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        if tree is not None:
            alias = tree.alias_at(node, last[0] if isinstance(node, MappingNode) else len(node.value) - 1)
            if alias is not None:
                return alias.end
        if isinstance(node, MappingNode):
            return entry_end(text, last[0], last[1], tree)
        return end_of(last, text, tree)
    end: int = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def entry_end(text: str, key: Node, value: Node, tree: Tree | None = None) -> int:
    """Where the entry ``key: value`` of a block mapping ends. A value with no text
    (``utfall:`` and nothing after it) ends after the colon: the parser puts its
    position at the next token, which may be in the next indicator."""
    if isinstance(value, ScalarNode) and value.start_mark.index == value.end_mark.index:
        colon = text.find(":", key.end_mark.index, value.start_mark.index)
        return colon + 1 if colon != -1 else key.end_mark.index
    return end_of(value, text, tree)


def line_start(text: str, index: int) -> int:
    """The index of the first character of the line holding ``index``."""
    return max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1


def line_end(text: str, index: int) -> int:
    """The end of the line holding ``index``: after a trailing comment, at the line end."""
    end = text.find("\n", index)
    if end == -1:
        end = len(text)
    carriage = text.find("\r", index, end)  # only up to the \n: a long text is not read to its end
    return end if carriage == -1 else carriage


def after_line_end(text: str, index: int) -> int:
    """``index``, moved past the line end there, if there is one."""
    if text.startswith("\r\n", index):
        return index + 2
    return index + 1 if index < len(text) and text[index] in "\r\n" else index


# Characters a YAML reader may not read back as themselves when written raw:
# control and format characters, surrogates, private use, unassigned code
# points, and the line and paragraph separators (YAML 1.1 readers, and
# ruamel.yaml, take NEL, LS and PS as line breaks and fold them into spaces).
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def needs_escape(char: str) -> bool:
    return unicodedata.category(char) in _ESCAPED_CATEGORIES or char in "\ufeff\ufffe\uffff"


def _escaped(char: str) -> str:
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    if not needs_escape(char):
        return char
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def double_quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar that every YAML reader reads back
    as ``value``: ``"``, ``\\`` and every character in :data:`_ESCAPED_CATEGORIES` escaped."""
    return '"' + "".join(_escaped(char) for char in value) + '"'


_PLAIN_SAFE = re.compile(r"[^\s#]")  # a plain scalar neither starts nor ends with these

# Text that starts with a letter and holds only letters, digits, single spaces and
# . ' / % ( ) -, and is none of the words YAML 1.1 reads as a boolean or null: plain
# in every YAML reader, so render_scalar need not ask two of them (fast, for big imports).
_SIMPLE = re.compile(r"[^\W\d_](?: ?[\w'./%()-])*")
_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def render_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back as the same text
    in YAML 1.2 (ruamel.yaml) and 1.1 (PyYAML), in a flow mapping too, and
    holds only visible characters and plain spaces; else double-quoted with
    escapes (:func:`double_quoted`)."""
    if _SIMPLE.fullmatch(value) and value.lower() not in _WORDS:
        return value
    if (
        value
        and _PLAIN_SAFE.match(value[0])
        and _PLAIN_SAFE.match(value[-1])
        and "#" not in value
        and all(char == " " or not (char.isspace() or needs_escape(char)) for char in value)
        and _reads_back(value)
    ):
        return value
    return double_quoted(value)


def _reads_back(value: str) -> bool:
    probe = f"{{k: {value}}}"
    try:
        loaded = YAML(typ="safe", pure=True).load(probe)
    except YAMLError:
        return False
    if loaded != {"k": value}:
        return False
    import yaml  # noqa: PLC0415  (PyYAML, a YAML 1.1 reader: "yes" and "1:20" are not text there)

    try:
        return bool(yaml.safe_load(probe) == {"k": value})
    except yaml.YAMLError:
        return False
