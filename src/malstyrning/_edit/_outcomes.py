"""Writing outcomes (and jämförelse values) into a plan's text: one, or 100 000 at once.

The edit is planned on the composed node graph (see :mod:`._nodes`): an
existing value is replaced in the style it was written in (a block mapping
stays a block mapping), a new year goes among the others in year order, and a
missing ``utfall`` or ``jämförelse`` key is added after the indicator's last key.

Exactly the value named changes, or the write is refused with the line that
stops it: a mapping on the way that is shared through an alias (an edit would
change the other place too), ``utfall`` taken from elsewhere through a merge
key (``<<``: a new ``utfall`` would hide the others), an anchor inside the
replaced text that an alias elsewhere uses. A year value that is itself an
alias (``2018: *v``) is replaced where the alias stands.

Many updates (an import) are checked and planned on one composed text and
spliced in one pass (:func:`set_outcomes`); each update gets the same checks,
on the same graph, as if it were written alone. The caller then reads the
whole result back once and compares it with the plan it should be
(:mod:`._expect`), which catches anything an edit got wrong.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ruamel.yaml import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.error import YAMLError

from .._errors import InvalidArgumentError, OutcomeExistsError, UpdateError
from .._i18n import tr
from .._load import key_value
from .._model import Indicator, NumberFormatError, Outcome, Plan, normal_id, parse_number
from .._sources import OutcomeUpdate, UpdateKind
from ._nodes import (
    Edit,
    Located,
    Tree,
    anchors_refusal,
    apply_edits,
    compose,
    content_start,
    end_of,
    entry_end,
    get,
    get_year,
    indicator_id,
    inherited_refusal,
    is_merge,
    line_end,
    merge_refusal,
    merged,
    needs_escape,
    refusal,
    render_scalar,
    walk_indicators,
    year_key,
)

__all__ = ["number_text", "set_outcomes", "value_text"]


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
    """A float as a plain YAML number: ``158``, ``3.7``, ``-1684``, ``1.0e+20``.

    Every YAML reader, 1.1 or 1.2, reads it back as the same number (an
    exponent gets a decimal point: ``1e+20`` is text to a YAML 1.1 reader).
    Raises :class:`InvalidArgumentError` for NaN and the infinities.
    """
    value = float(value)
    if not math.isfinite(value):
        raise InvalidArgumentError(
            tr("expected a finite number, got {value}", "väntade ett ändligt tal, fick {value}", value=value)
        )
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    mantissa, exponent_mark, exponent = text.partition("e")
    if exponent_mark and "." not in mantissa:
        text = f"{mantissa}.0e{exponent}"
    return text


# A number as YAML 1.1 and 1.2 readers all read it: no leading zeros (octal
# in YAML 1.1), no underscores, no sign but minus, a decimal point before any exponent.
_PORTABLE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+][0-9]+)?)?")


def _ascii_digits(text: str) -> str:
    """``text`` with every decimal digit (Arabic-Indic ``٣``, full-width ``３``, ...) as an ASCII one."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def value_text(text: str, value: float) -> str:
    """``text``, the number ``value`` as it should be written, checked to be one
    YAML value that every reader reads as ``value``; digits made ASCII.

    ``text`` is parsed, never spliced: ``"1, 2019: 666"`` is refused with
    :class:`InvalidArgumentError`, as is any text that is not ``value``
    (a plain number, or text in the plan's number notation: ``'1 164'``).
    """
    written = _ascii_digits(text.strip())
    if _PORTABLE_NUMBER.fullmatch(written):  # a plain number (as a CSV gives): no YAML reader needed
        ok = _portable_number(written) == float(value)
    else:
        ok = _is_text_of(written, value)
    if not ok:
        raise InvalidArgumentError(
            tr(
                "value_text {text!r} is not the number {value} written as one YAML value",
                "value_text {text!r} är inte talet {value} skrivet som ett YAML-värde",
                text=text,
                value=number_text(value),
            )
        )
    return written


def _portable_number(written: str) -> float | None:
    """The number a text :data:`_PORTABLE_NUMBER` matches stands for, as YAML readers read it
    (an integer without a point); None when no finite float holds it."""
    try:
        number = float(written) if "." in written else float(int(written))
    except (OverflowError, ValueError):  # ValueError: more digits than int() reads
        return None
    return number if math.isfinite(number) else None


def _is_text_of(written: str, value: float) -> bool:
    """Whether ``written`` is one YAML text scalar that every reader reads alike and
    that is ``value`` in the plan's number notation (``'1 164'``)."""
    loaded = _one_scalar(written)
    if not isinstance(loaded, str):
        return False
    quoted = len(written) >= 2 and written[0] in "'\"" and written[-1] == written[0]
    if not ((quoted or loaded == written) and _read_by_yaml_1_1(written) == loaded):
        return False
    try:
        return parse_number(loaded) == float(value)
    except NumberFormatError:
        return False


def _one_scalar(written: str) -> object:
    """The value of ``written`` as the only value of a flow mapping, or None when
    it is not one scalar without properties, written on one line in visible characters."""
    if not written or written[0] in "&!*?|>%@`" or any(c in "\r\n" or needs_escape(c) for c in written):
        return None
    from ruamel.yaml import YAML  # noqa: PLC0415

    try:
        loaded = YAML(typ="safe", pure=True).load(f"{{k: {written}}}")
    except YAMLError:
        return None
    if not isinstance(loaded, dict) or list(loaded) != ["k"]:
        return None
    found: object = loaded["k"]
    return found if isinstance(found, (int, float, str)) else None


def _read_by_yaml_1_1(written: str) -> object:
    """``written`` as PyYAML (a YAML 1.1 reader) reads it, or None."""
    import yaml  # noqa: PLC0415

    try:
        loaded = yaml.safe_load(f"{{k: {written}}}")
    except yaml.YAMLError:
        return None
    return loaded.get("k") if isinstance(loaded, dict) else None


def _leaf(update: OutcomeUpdate) -> _Leaf:
    pairs: list[tuple[str | None, str]] = []
    if update.value is not None:
        if update.value_text is None:
            number = number_text(update.value)
        else:
            number = value_text(update.value_text, update.value)
        if update.comment is None:
            return _Leaf(((None, number),))
        pairs.append(("värde", number))
    else:
        assert update.missing is not None
        pairs.append(("saknas", render_scalar(update.missing)))
    if update.comment is not None:
        pairs.append(("kommentar", render_scalar(update.comment)))
    return _Leaf(tuple(pairs))


@dataclass(frozen=True, slots=True)
class _Step:
    """One key on the way from the indicator to the value: how to match it, how to write it."""

    key: object
    text: str
    what: Callable[[], str]  # in words, for messages (asked only for a message: tr() costs)


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
    ``replace`` is false, and UpdateError, naming the line, when a value
    cannot be changed alone (see the module).

    In a round every update is checked and its edit planned on the same node
    graph, and all edits are spliced at once; an update waits for the next
    round when it names an outcome already written in this round (the same
    indicator, series and year twice), or while some indicator lacks the
    ``utfall`` or ``jämförelse`` mapping an update needs: a round that makes
    those makes only them, one update an indicator, so that the next round's
    text is still about the plan's size. Distinct outcomes of ``utfall`` take
    at most two rounds (and each ``jämförelse`` series one more), however many
    there are. ``reload`` reads the text of the next round as a plan.
    """
    results: list[tuple[UpdateKind, str | None] | None] = [None] * len(updates)
    pending = list(range(len(updates)))
    while pending:
        text, pending = _round(_Round(compose(text), plan), updates, pending, results, replace=replace)
        if pending:
            plan = reload(text)
    return text, [result for result in results if result is not None]


@dataclass(frozen=True, slots=True)
class _Keys:
    """The keys written in one mapping (not through ``<<``), found by value."""

    by_value: dict[object, tuple[ScalarNode, Node]]
    by_year: dict[int, tuple[ScalarNode, Node]]
    years: list[int]  # the years written, in the order of the text
    year_keys: list[ScalarNode]  # their key nodes
    ascending: bool  # whether ``years`` is in order (it usually is)
    merges: bool  # whether the mapping has a merge key


class _Round:
    """One composed text, and what the updates of a round look up in it, each found once:
    an update of 100 000 then costs a dict lookup, not a walk of the plan."""

    def __init__(self, tree: Tree, plan: Plan) -> None:
        self.tree = tree
        self.indicators: dict[str, Located] = {}
        for located in walk_indicators(tree.root):
            ident = indicator_id(located.node)
            if ident is not None:
                self.indicators.setdefault(normal_id(ident), located)
        self.models: dict[str, Indicator] = {}
        for model in plan.indicators():
            self.models.setdefault(model.id, model)
        self._keys: dict[int, _Keys] = {}  # by id(): the tree keeps every node alive
        self._chains: dict[str, list[UpdateError]] = {}

    def keys(self, mapping: MappingNode) -> _Keys:
        known = self._keys.get(id(mapping))
        if known is None:
            by_value: dict[object, tuple[ScalarNode, Node]] = {}
            by_year: dict[int, tuple[ScalarNode, Node]] = {}
            years: list[int] = []
            year_keys: list[ScalarNode] = []
            merges = False
            for key_node, value_node in mapping.value:
                if is_merge(key_node):
                    merges = True
                    continue
                if not isinstance(key_node, ScalarNode):
                    continue
                by_value.setdefault(key_value(key_node), (key_node, value_node))
                year = year_key(key_node)
                if year is not None:
                    by_year.setdefault(year, (key_node, value_node))
                    years.append(year)
                    year_keys.append(key_node)
            ascending = all(a <= b for a, b in itertools.pairwise(years))
            known = self._keys[id(mapping)] = _Keys(by_value, by_year, years, year_keys, ascending, merges)
        return known

    def get(self, mapping: MappingNode, key: object) -> tuple[ScalarNode, Node] | None:
        """``_nodes.get``, from the index."""
        return self.keys(mapping).by_value.get(key)

    def get_year(self, mapping: MappingNode, year: int) -> tuple[ScalarNode, Node] | None:
        """``_nodes.get_year``, from the index."""
        return self.keys(mapping).by_year.get(year)

    def later_year(self, mapping: MappingNode, year: int) -> ScalarNode | None:
        """The key of the first year after ``year`` written in ``mapping``, in the order of the text."""
        keys = self.keys(mapping)
        if keys.ascending:
            at = bisect.bisect_right(keys.years, year)
            return keys.year_keys[at] if at < len(keys.years) else None
        return next((k for y, k in zip(keys.years, keys.year_keys, strict=True) if y > year), None)

    def chain_problems(self, owner: str, found: Located) -> list[UpdateError]:
        """Why the indicator ``owner`` cannot be changed alone: a mapping on its way from the
        root that is shared through an alias or taken through a merge key (empty: it can)."""
        known = self._chains.get(owner)
        if known is None:
            known = []
            what = tr("the indicator", "indikatorn")
            for parent, child in itertools.pairwise(found.chain):
                key = _key_in(parent, child)
                problem = refusal(self.tree, what, owner, node=child, parent=parent, key=key)
                if problem is None and isinstance(parent, MappingNode) and not isinstance(key, int):
                    problem = merge_refusal(self.tree, what, owner, parent, key_value(key))
                if problem is not None:
                    known.append(problem)
            self._chains[owner] = known
        return known


@dataclass(frozen=True, slots=True)
class _Planned:
    """What one update does: its edit (None: none), its kind, the old value's text, and
    whether a new year is added to a flow mapping (at its end: in the order of the updates)."""

    edit: Edit | None
    kind: UpdateKind
    old: str | None
    flow: bool = False


def _round(
    batch: _Round,
    updates: Sequence[OutcomeUpdate],
    pending: list[int],
    results: list[tuple[UpdateKind, str | None] | None],
    *,
    replace: bool,
) -> tuple[str, list[int]]:
    """One round of :func:`set_outcomes`: the new text and the updates left for the next."""
    gaps: dict[int, str] = {}  # the updates that need a mapping made, by indicator
    for number in pending:
        update = updates[number]
        found = batch.indicators.get(update.indicator)
        if found is None or update.indicator not in batch.models:
            raise UpdateError(
                tr("no indicator with id {id!r}", "ingen indikator har id {id!r}", id=update.indicator)
            )
        if _missing_container(batch, found.node, update):
            gaps[number] = update.indicator
    # A round that makes a missing utfall or jämförelse makes only those, one update an
    # indicator (two could both add a key after the indicator's last, or one add a key
    # after a value the other replaces), so that the text composed for the next round
    # is still about the plan's size.
    creating: set[str] = set()
    written: set[tuple[str, str | None, int]] = set()
    edits: list[Edit] = []
    insertions: dict[int, list[tuple[int, Edit]]] = {}  # new entries, by where they go
    later: list[int] = []
    waiting: list[UpdateError] = []  # refusals that another update of this round may lift
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
        try:
            planned = _plan(batch, update, replace=replace)
        except _MayPass as refused:
            # A mapping that merges this one (`<<`) takes the key from here, unless an
            # update gives it a key of its own: try again on the next round's text.
            waiting.append(refused.error)
            later.append(number)
            continue
        results[number] = (planned.kind, planned.old)
        edit = planned.edit
        if edit is None:
            continue
        if edit.start == edit.end:
            # New years at one place go in year order in a block mapping (each before the
            # first later year), in the order of the updates at the end of a flow mapping:
            # as writing them one after the other puts them.
            insertions.setdefault(edit.start, []).append((number if planned.flow else update.year, edit))
        else:
            edits.append(edit)
    if waiting and not edits and not insertions:
        raise waiting[0]  # nothing else changed: the next round would refuse the same
    for at, added in insertions.items():
        added.sort(key=lambda pair: pair[0])
        edits.append(Edit(at, at, "".join(edit.replacement for _, edit in added)))
    return apply_edits(batch.tree.text, edits), later


class _MayPass(Exception):
    """A refusal because a mapping merging this one (``<<``) would take the new key
    too; another update of the same import may give that mapping a key of its own."""

    def __init__(self, error: UpdateError) -> None:
        super().__init__(str(error))
        self.error = error


def _missing_container(batch: _Round, indicator: MappingNode, update: OutcomeUpdate) -> bool:
    """Whether the mapping that holds the outcome ``update`` names is not yet a
    mapping with entries written in the indicator (absent, empty, null, or else)."""
    keys: list[object] = ["utfall"] if update.series is None else ["jämförelse", update.series]
    node: Node = indicator
    for key in keys:
        found = batch.get(node, key) if isinstance(node, MappingNode) else None
        if found is None or not isinstance(found[1], MappingNode) or not found[1].value:
            return True
        node = found[1]
    return False


def _plan(batch: _Round, update: OutcomeUpdate, *, replace: bool) -> _Planned:
    """Check ``update`` against the round's text and plan its edit.

    Raises OutcomeExistsError (an UpdateError) when a different value is there
    and ``replace`` is false, and UpdateError, naming the line, when the value
    cannot be changed alone (see the module).
    """
    tree = batch.tree
    text = tree.text
    owner = update.indicator
    found = batch.indicators[owner]
    model = batch.models[owner]

    problems: list[UpdateError] = list(batch.chain_problems(owner, found))
    may_pass: set[int] = set()  # id() of the problems another update may mend (see _MayPass)

    def finish(old: str | None, edit: Edit | None, *, flow: bool = False) -> _Planned:
        if old is not None:
            if _same(model, update):
                return _Planned(None, UpdateKind.UNCHANGED, old)
            if not replace:
                message = tr(
                    "{indicator} {year} already has the outcome {old}",
                    "{indicator} {year} har redan utfallet {old}",
                    indicator=update.indicator,
                    year=update.year,
                    old=old,
                )
                raise OutcomeExistsError(
                    update.indicator, update.year, old, series=update.series, message=message
                )
        if problems:
            if id(problems[0]) in may_pass:
                raise _MayPass(problems[0])
            raise problems[0]
        kind = UpdateKind.NEW if old is None else UpdateKind.CHANGED
        return _Planned(edit, kind, old, flow)

    # The refusals of _nodes, asked only where one can apply: most updates meet no
    # alias and no merge key, and a message in words costs more than the lookup.
    def refuse_shared(what: Callable[[], str], node: Node, parent: Node, key: Node | int) -> None:
        problem = None
        if tree.shared(node):
            problem = refusal(tree, what(), owner, node=node, parent=parent, key=key)
        elif isinstance(parent, MappingNode) and not isinstance(key, int) and id(parent) in tree.merged_into:
            problem = merge_refusal(tree, what(), owner, parent, key_value(key))
            if problem is not None:
                may_pass.add(id(problem))
        if problem is not None:
            problems.append(problem)

    def refuse_merged(what: Callable[[], str], mapping: MappingNode, key: object) -> None:
        if id(mapping) in tree.merged_into:
            problem = merge_refusal(tree, what(), owner, mapping, key)
            if problem is not None:
                may_pass.add(id(problem))
                problems.append(problem)

    steps = _UTFALL if update.series is None else _series_steps(update.series)
    year = update.year
    leaf = _leaf(update)

    # Down the mappings to the one that holds the years.
    mapping: MappingNode = found.node
    for index, step in enumerate(steps):
        pair = batch.get(mapping, step.key)
        if pair is None:
            inherited = merged(mapping, step.key) if batch.keys(mapping).merges else None
            if inherited is not None:
                problems.append(inherited_refusal(step.what(), owner, inherited[2], inherited[1]))
                return finish(_old_in(text, inherited[1], steps[index + 1 :], year), None)
            refuse_merged(step.what, mapping, step.key)
            return finish(None, _insert(batch, mapping, steps[index:], year, leaf))
        key_node, value = pair
        refuse_shared(step.what, value, mapping, key_node)
        if _is_empty(value):
            return finish(None, _write_key_anew(tree, pair, mapping.flow_style, steps[index:], (year, leaf)))
        if not isinstance(value, MappingNode):
            raise UpdateError(
                tr(
                    "line {line}: cannot write into {key!r} of {owner!r}: it is not a mapping",
                    "rad {line}: kan inte skriva i {key!r} för {owner!r}: det är ingen mappning",
                    line=value.start_mark.line + 1,
                    key=step.key,
                    owner=owner,
                )
            )
        mapping = value

    def what() -> str:
        return tr("the outcome of {year}", "utfallet för {year}", year=year)

    refuse_merged(what, mapping, year)
    pair = batch.get_year(mapping, year)
    if pair is None:
        taken = _merged_year(mapping, year) if batch.keys(mapping).merges else None
        # through `<<`: a key of its own overrides it, alone
        old = None if taken is None or _is_empty(taken) else _source(text, taken)
        return finish(old, _insert(batch, mapping, [], year, leaf), flow=bool(mapping.flow_style))
    key_node, value = pair
    old = None if _is_empty(value) else _source(text, value)
    alias = tree.alias_at(mapping, key_node)
    if alias is not None:  # `2018: *v`: write the value where the alias stands
        return finish(old, Edit(alias.start, alias.end, leaf.inline()))
    if tree.shared(value):
        problem = refusal(tree, what(), owner, node=value, parent=mapping, key=key_node)
        if problem is not None:
            problems.append(problem)
    return finish(old, _replace(tree, value, leaf))


_UTFALL = [_Step("utfall", "utfall", lambda: tr("the outcomes (utfall)", "utfallen"))]


def _series_steps(series: str) -> list[_Step]:
    return [
        _Step("jämförelse", "jämförelse", lambda: tr("the comparisons (jämförelse)", "jämförelserna")),
        _Step(series, render_scalar(series), lambda: tr("the series", "serien")),
    ]


def _old_in(text: str, node: Node, steps: list[_Step], year: int) -> str | None:
    """The text of the value for ``year`` under ``node`` (through ``steps``), if there is one."""
    for step in steps:
        found = get(node, step.key) if isinstance(node, MappingNode) else None
        if found is None:
            return None
        node = found[1]
    pair = get_year(node, year) if isinstance(node, MappingNode) else None
    return None if pair is None or _is_empty(pair[1]) else _source(text, pair[1])


def _key_in(parent: Node, child: Node) -> Node | int:
    """The key (or index) under which ``parent`` holds ``child``."""
    if isinstance(parent, MappingNode):
        key: Node = next(key for key, value in parent.value if value is child)
        return key
    if isinstance(parent, SequenceNode):
        return next(i for i, item in enumerate(parent.value) if item is child)
    return 0


def _merged_year(mapping: MappingNode, year: int) -> Node | None:
    """The value ``mapping`` takes for ``year`` through a merge key, if it does."""
    for key, value in mapping.value:
        if is_merge(key):
            for source in value.value if isinstance(value, SequenceNode) else [value]:
                if isinstance(source, MappingNode):
                    pair = get_year(source, year)
                    found = pair[1] if pair is not None else _merged_year(source, year)
                    if found is not None:
                        return found
    return None


def _same(indicator: Indicator, update: OutcomeUpdate) -> bool:
    """Whether the indicator already holds exactly this outcome."""
    if update.series is not None:
        return indicator.comparisons.get(update.series, {}).get(update.year) == update.value
    current = indicator.outcomes.get(update.year)
    wanted = Outcome.model_validate(
        {"värde": update.value, "saknas": update.missing, "kommentar": update.comment}
    )
    return current == wanted


def _source(text: str, node: Node) -> str:
    """The text of ``node``'s value as written, without its anchor or tag."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return text[node.value[0][0].start_mark.index : end_of(node, text)]
    return text[content_start(text, node) : end_of(node, text)]


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and str(node.tag).endswith(":null")


def _checked(tree: Tree, edit: Edit) -> Edit:
    """``edit``, unless it would remove an anchor that an alias elsewhere uses."""
    problem = anchors_refusal(tree, edit.start, edit.end)
    if problem is not None:
        raise problem
    return edit


def _replace(tree: Tree, value: Node, leaf: _Leaf) -> Edit:
    """Replace an existing value, keeping its style and its anchor."""
    text = tree.text
    if isinstance(value, MappingNode) and not value.flow_style and value.value:
        # A block mapping stays one (a bare number becomes `värde: x`), so that
        # recording the old outcome back restores the file byte for byte.
        first = value.value[0][0].start_mark
        return _checked(
            tree, Edit(first.index, end_of(value, text, tree), leaf.as_mapping().block(first.column))
        )
    return _checked(tree, Edit(content_start(text, value), end_of(value, text, tree), leaf.inline()))


def _write_key_anew(
    tree: Tree, pair: tuple[ScalarNode, Node], flow: bool, steps: list[_Step], at: tuple[int, _Leaf]
) -> Edit:
    """`utfall:` with nothing after it: write the whole key anew, in place (``at``: year, value)."""
    key_node, value = pair
    start = key_node.start_mark.index
    column = key_node.start_mark.column
    end = entry_end(tree.text, key_node, value, tree)
    return _checked(tree, Edit(start, end, _entry(steps, at[0], at[1], column, flow)))


def _entry(steps: list[_Step], year: int, leaf: _Leaf, column: int, flow: bool) -> str:
    """``key: value`` for the path ``steps`` then ``year``, nested as needed, at ``column``."""
    if not steps:  # a year among years: the common case, kept short
        return f"{year}: {leaf.inline()}"
    keys = [step.text for step in steps] + [str(year)]
    if flow:
        inner = leaf.inline()
        for key_text in reversed(keys[1:]):
            inner = "{" + f"{key_text}: {inner}" + "}"
        return f"{keys[0]}: {inner}"
    lines = []
    for depth, key_text in enumerate(keys[:-1]):
        lines.append(" " * (column + 2 * depth) + f"{key_text}:")
    depth = len(keys) - 1
    lines.append(" " * (column + 2 * depth) + f"{keys[-1]}: {leaf.inline()}")
    # The first line's indentation is already in the text where the entry goes.
    return "\n".join(lines)[column:]


def _insert(batch: _Round, mapping: MappingNode, steps: list[_Step], year: int, leaf: _Leaf) -> Edit:
    """Add ``steps[0]`` (with the rest and ``year`` nested), or ``year`` itself, to ``mapping``."""
    tree = batch.tree
    text = tree.text
    first = None  # the first key of its own (not a merge key)
    for key, _ in mapping.value:
        if not is_merge(key):
            first = key
            break
    if mapping.flow_style or first is None:
        entry = _entry(steps, year, leaf, 0, flow=True)
        if mapping.value:
            at = end_of(mapping.value[-1][1], text, tree)
            if not mapping.flow_style:  # only a merge key, in a block mapping: a line of its own
                column = mapping.value[0][0].start_mark.column
                at = line_end(text, at)
                return Edit(at, at, "\n" + " " * column + _entry(steps, year, leaf, column, flow=False))
            alias = tree.alias_at(mapping, mapping.value[-1][0])
            if alias is not None:
                at = alias.end
            return Edit(at, at, ", " + entry)
        at = mapping.start_mark.index + 1  # just inside "{"
        return Edit(at, at, entry)
    column = first.start_mark.column
    entry = _entry(steps, year, leaf, column, flow=False)
    if not steps:
        # Years in order: before the first later year, if there is one.
        later = batch.later_year(mapping, year)
        if later is not None:
            at = later.start_mark.index
            return Edit(at, at, entry + "\n" + " " * column)
    last_key, last_value = mapping.value[-1]
    alias = tree.alias_at(mapping, last_key)
    after = alias.end if alias is not None else entry_end(text, last_key, last_value, tree)
    at = line_end(text, after)
    return Edit(at, at, "\n" + " " * column + entry)
