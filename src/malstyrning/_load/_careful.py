"""The careful reader: ruamel.yaml's round-trip loader, every position kept.

Used when the fast path in :mod:`._io` steps aside: for a plan with any
problem, and for the rare valid plan it does not read (anchors, tags, unusual
number forms). A pydantic error location (a key path) is turned into the line
and column of the key or value it names.
"""

from __future__ import annotations

import difflib
import re
import sys
import types
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML, MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner, ScannerError

from .._errors import PlanSyntaxError, PlanValidationError, Problem
from .._i18n import current_language, tr
from .._model import Plan, format_loc, plan_problems
from ._fastyaml import Marks, duplicate_key_message, syntax_message
from ._shared import MAX_ALIAS_VALUES, MAX_DEPTH, shown

__all__ = ["Loc", "careful_load", "error_message", "invalid_plan", "key_value", "located", "round_trip_yaml"]


Loc = tuple[str | int, ...]


def invalid_plan(
    filename: str,
    document: Any,
    error: ValidationError | None,
    semantic: list[tuple[Loc, str]],
    marks: Marks | None = None,
) -> PlanValidationError:
    """Every problem of a plan that is YAML but not a valid plan, located in
    ``document``: ``error`` from validating it, or else the plan's own
    ``semantic`` problems (:func:`plan_problems`). Positions come from
    ``marks`` when the fast reader read the document."""
    if error is not None:
        problems = [_problem(filename, document, d, marks) for d in error.errors(include_url=False)]
    else:
        problems = [located(filename, document, loc, message, marks=marks) for loc, message in semantic]
    return PlanValidationError(sorted(problems, key=_order))


def careful_load(text: str, filename: str) -> Plan:
    """The plan in ``text``, or every problem in it, located."""
    document = _parse(text, filename)
    if document is None:
        raise _whole_file(
            filename,
            tr(
                "the file is empty; a plan starts with 'plan:', 'organisation:' and 'år:'",
                "filen är tom; en plan börjar med 'plan:', 'organisation:' och 'år:'",
            ),
        )
    if not isinstance(document, CommentedMap):
        raise _whole_file(
            filename,
            tr(
                "expected a mapping of keys (plan:, år:, ...), got {got}",
                "ska vara nycklar med värden (plan:, år:, ...), men här står {got}",
                got=_kind(document),
            ),
        )
    try:
        plan = Plan.model_validate(document, context={"ids_checked_by_caller": True})
    except RecursionError:
        raise PlanValidationError([Problem(filename, None, None, "", _too_deep())]) from None
    except ValidationError as error:
        raise invalid_plan(filename, document, error, []) from None
    semantic = plan_problems(plan)
    if semantic:
        raise invalid_plan(filename, document, None, semantic)
    return plan


def _too_deep() -> str:
    return tr(
        "the plan is nested too deeply to read (more than {levels} levels)",
        "planen har för många nivåer för att läsas (fler än {levels})",
        levels=MAX_DEPTH,
    )


def _whole_file(filename: str, message: str) -> PlanValidationError:
    return PlanValidationError([Problem(filename, 1, 1, "", message)])


class _Scanner(RoundTripScanner):
    """Scanner that refuses deep ``[[[[...`` before it gets slow.

    ruamel.yaml looks for a possible key at every open bracket on a line, and
    its cost grows with their number: 5,000 brackets take seconds before the
    composer's depth check is reached.
    """

    def fetch_flow_collection_start(self, *args: Any, **kwargs: Any) -> None:
        if self.flow_level >= MAX_DEPTH:
            raise ScannerError(None, None, _too_deep(), self.reader.get_mark())
        super().fetch_flow_collection_start(*args, **kwargs)


class _Composer(Composer):
    """Composer that keeps a document's size in proportion to its text.

    It refuses, at the place in the file: nesting deeper than ``MAX_DEPTH``
    (before Python's recursion limit is reached), an alias inside its own
    anchor (a value that contains itself), aliases that expand to more than
    ``MAX_ALIAS_VALUES`` values (a "billion laughs" document is a few lines
    that expand to a billion), and tags (``!!binary``, ``!!python/...``): a
    plan has no use for them. An anchor defined twice is valid YAML (the later
    one counts) and is not warned about.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False
        self.nesting = 0
        self.alias_values = 0
        self.measured: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) when expanded

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            self._check_alias(self.parser.peek_event())
            return super().compose_node(parent, index)
        event = self.parser.peek_event()
        if self.nesting >= MAX_DEPTH:
            raise ComposerError(None, None, _too_deep(), event.start_mark)
        tagged = event.tag is not None  # written with a tag: `!!str 2018`, `!!binary ...`
        self.nesting += 1
        try:
            node = super().compose_node(parent, index)
        except AssertionError:  # ruamel.yaml's round-trip scanner, on comments it did not expect
            raise ComposerError(None, None, _unreadable(), self.loader.reader.get_mark()) from None
        finally:
            self.nesting -= 1
        if tagged:
            self._check_tag(node)
        if isinstance(node, MappingNode):
            for key, _ in node.value:
                if not isinstance(key, ScalarNode):
                    raise ComposerError(None, None, _complex_key(), key.start_mark)
        return node

    def _check_alias(self, event: Any) -> None:
        name = event.anchor
        target = self.anchors.get(name)
        if target is None:
            return  # an undefined alias: ruamel.yaml reports it
        if target.end_mark is None:  # a list or mapping still being read: the alias is inside it
            message = tr(
                "alias *{name} is inside its own anchor &{name} (line {line}); a value cannot contain itself",
                "aliaset *{name} står inuti sitt eget ankare &{name} (rad {line}); ett värde kan inte "
                "innehålla sig självt",
                name=name,
                line=target.start_mark.line + 1,
            )
            raise ComposerError(None, None, message, event.start_mark)
        values, depth = self._measure(target)
        self.alias_values += values
        if self.alias_values > MAX_ALIAS_VALUES:
            message = tr(
                "aliases expand to more than {limit} values (a 'billion laughs' document?)",
                "aliasen blir fler än {limit} värden när de fylls i (ett 'billion laughs'-dokument?)",
                limit=f"{MAX_ALIAS_VALUES:,}".replace(",", " "),
            )
            raise ComposerError(None, None, message, event.start_mark)
        if self.nesting + depth > MAX_DEPTH:
            raise ComposerError(None, None, _too_deep(), event.start_mark)

    def _measure(self, root: Node) -> tuple[int, int]:
        """How many values ``root`` is when expanded, and how deep: memoized,
        so that shared nodes are counted by multiplication, not by walking."""
        measured = self.measured
        stack = [root]
        while stack:
            node = stack[-1]
            if id(node) in measured:
                stack.pop()
                continue
            children = _children(node)
            pending = [child for child in children if id(child) not in measured]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            sizes = [measured[id(child)] for child in children]
            measured[id(node)] = (
                1 + sum(values for values, _ in sizes),
                1 + max((depth for _, depth in sizes), default=0),
            )
        return measured[id(root)]

    def _check_tag(self, node: Node) -> None:
        tag = str(node.tag)
        if isinstance(node, ScalarNode):
            # `!!str 2018` is text; `!!int 5` is what 5 is anyway; `!!int x` cannot be.
            allowed = tag == _STR or tag == str(self.resolver.resolve(ScalarNode, node.value, (True, False)))
        else:
            allowed = tag == (_MAP if isinstance(node, MappingNode) else _SEQ)
        if not allowed:
            shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
            message = tr(
                "tag {tag} is not allowed here; a plan is plain text, numbers, lists and mappings",
                "taggen {tag} är inte tillåten här; en plan består bara av text, tal, listor och nycklar "
                "med värden",
                tag=shown,
            )
            raise ComposerError(None, None, message, node.start_mark)


def _unreadable() -> str:
    return tr(
        "the YAML cannot be read here: look for a comment, '|' or '>' out of place just above",
        "YAML-texten går inte att läsa här: leta efter en kommentar, '|' eller '>' på fel ställe strax "
        "ovanför",
    )


def _complex_key() -> str:
    return tr(
        "a key must be a word or a number, not a list or a mapping",
        "en nyckel ska vara ett ord eller ett tal, inte en lista eller nycklar med värden",
    )


_CORE = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _CORE + "str", _CORE + "map", _CORE + "seq"


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as text.

    ruamel.yaml turns ``2018-12-31`` into a date and crashes on ``2018-02-30``;
    as text, the model validates dates where they belong and reports the bad
    ones like any other value.
    """

    # ruamel.yaml's number patterns admit text it then cannot convert (`-_`,
    # `._`), and Python refuses integers of more than 4,300 digits: say so at
    # the value rather than fail.
    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except (ValueError, IndexError):
            raise _unreadable_number(node) from None

    def construct_yaml_float(self, node: Any) -> Any:
        try:
            return super().construct_yaml_float(node)
        except (ValueError, IndexError):
            raise _unreadable_number(node) from None


def _unreadable_number(node: Any) -> ConstructorError:
    text = str(node.value)
    digits = sum(character.isdigit() for character in text)
    if digits > sys.get_int_max_str_digits():
        message = tr(
            "the number is too large to read ({digits} digits)",
            "talet är för stort för att läsas ({digits} siffror)",
            digits=digits,
        )
    else:
        message = tr(
            "a value cannot be read as YAML (a malformed number?): {value}; quote it if it is text",
            "ett värde går inte att läsa som YAML (ett felskrivet tal?): {value}; "
            "sätt citattecken runt det om det är text",
            value=shown(text),
        )
    return ConstructorError(None, None, message, node.start_mark)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)


def round_trip_yaml() -> YAML:
    """ruamel.yaml's round-trip reader with the plan reader's limits and YAML 1.2
    core-schema reading: for every tool that reads a plan with positions."""
    yaml = YAML(typ="rt")
    yaml.Scanner = _Scanner
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    return yaml


def _parse(text: str, filename: str) -> Any:
    """The YAML document in ``text``, or a :class:`PlanSyntaxError`.

    The document is composed (parsed into nodes that keep their position)
    and checked for size before it is constructed, so that the model never
    sees a document that expands beyond its text.
    """
    yaml = round_trip_yaml()
    root: Node | None = None
    try:
        root = yaml.compose(text)
        return None if root is None else yaml.constructor.construct_document(root)
    except DuplicateKeyError as error:
        assert root is not None  # only construction finds duplicate keys
        raise PlanSyntaxError(_duplicate_keys(root, filename, error)) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = syntax_message(error, text)
        if "\t" in message or "'\\t'" in message:
            message += tr("; indent with spaces, not tabs", "; dra in med mellanslag, inte med tabb")
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise PlanSyntaxError([Problem(filename, line, column, "", message)]) from None
    except ReaderError as error:
        # Control characters and the like: the reader knows only the offset.
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
        message = tr(
            "character U+{code} is not allowed in a YAML file",
            "tecknet U+{code} är inte tillåtet i en YAML-fil",
            code=f"{code:04X}",
        )
        raise PlanSyntaxError([Problem(filename, line, column, "", message)]) from None
    except YAMLError as error:
        raise PlanSyntaxError([Problem(filename, None, None, "", str(error))]) from None
    except RecursionError:
        raise PlanSyntaxError([Problem(filename, None, None, "", _too_deep())]) from None
    except (ValueError, IndexError, TypeError, OverflowError):
        # ruamel.yaml can fail while converting a malformed scalar (e.g. `-_`,
        # which its integer pattern admits); say so rather than crash.
        raise PlanSyntaxError(
            [
                Problem(
                    filename,
                    None,
                    None,
                    "",
                    tr(
                        "a value cannot be read as YAML (a malformed number?)",
                        "ett värde går inte att läsa som YAML (ett felskrivet tal?)",
                    ),
                )
            ]
        ) from None
    except (AssertionError, NotImplementedError) as error:
        # ruamel.yaml's own checks on input it does not expect: `%YAML 1.3`,
        # comments around stray U+0085 line breaks.
        message = tr("the file cannot be read as YAML", "filen går inte att läsa som YAML")
        if "version" in str(error):
            # ruamel.yaml's words: "version minor part can only be 2 or 1, got (1, 3)".
            found = re.search(r"\((\d+), (\d+)\)", str(error))
            detail = str(error) if current_language() == "en" or not found else f"%YAML {found[1]}.{found[2]}"
            message += tr(
                " ({error}; a plan is YAML 1.2)",
                " ({error} går inte att läsa; en plan är YAML 1.2)",
                error=detail,
            )
        raise PlanSyntaxError([Problem(filename, None, None, "", message)]) from None


def _duplicate_keys(root: Node, filename: str, error: DuplicateKeyError) -> list[Problem]:
    """Find every repeated key, with its path, by walking the composed node graph
    (composing does not construct mappings, so it does not stop at the first).
    A mapping reached again through an alias is the same text: it is walked once."""
    problems: list[Problem] = []
    seen: set[int] = set()

    def walk(node: Node, loc: Loc) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, MappingNode):
            first: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = key_value(key_node)
                here = (*loc, _node_text(key_node))
                if key in first:
                    mark = key_node.start_mark
                    problems.append(
                        Problem(
                            filename,
                            mark.line + 1,
                            mark.column + 1,
                            format_loc(here),
                            duplicate_key_message(str(key_node.value), first[key]),
                        )
                    )
                else:
                    first[key] = key_node.start_mark.line + 1
                walk(value_node, here)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*loc, i))

    walk(root, ())
    if not problems:  # keys equal in a way key_value does not see: report ruamel's own finding
        mark = error.problem_mark
        problems.append(
            Problem(
                filename,
                mark.line + 1,
                mark.column + 1,
                "",
                tr("duplicate key in this mapping", "en nyckel står två gånger här"),
            )
        )
    return problems


def _node_text(node: Node) -> str:
    """A key node as it reads in a path: its text, or "a mapping" / "a list"."""
    if isinstance(node, MappingNode):
        return tr("a mapping", "nycklar med värden")
    if isinstance(node, SequenceNode):
        return tr("a list", "en lista")
    return _printable(str(node.value))


def _printable(text: str) -> str:
    """``text``, or its escaped form when it holds a newline or another
    invisible character: one problem, one line."""
    return text if text.isprintable() and text else repr(text)


def key_value(node: Node) -> Any:
    """The value a key node resolves to, so ``2017`` and ``2017.0`` or ``~`` and
    ``null`` count as the same key, as they do for the YAML loader."""
    if not isinstance(node, ScalarNode):
        return ("complex", node.start_mark.line, node.start_mark.column)
    kind = node.tag.split(":")[-1] if isinstance(node.tag, str) else ""
    text = str(node.value)
    try:
        if kind == "int":
            return int(text.replace("_", ""), 0)
        if kind == "float":
            return float(text.replace("_", ""))
    except ValueError:
        return text
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() in ("true", "yes", "on", "y")
    return text


def _problem(filename: str, document: Any, detail: ErrorDetails, marks: Marks | None = None) -> Problem:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        message = tr("unknown key {key!r}", "okänd nyckel {key!r}", key=key)
        hint = _did_you_mean(str(key), _allowed_keys(loc[:-1]))
        if hint:
            message += tr("; did you mean {hint!r}?", "; menade du {hint!r}?", hint=hint)
        return located(filename, document, loc, message, at_key=True, marks=marks)
    if kind == "missing":
        message = tr("missing required key {key!r}", "nyckeln {key!r} saknas men måste finnas", key=loc[-1])
        return located(filename, document, loc[:-1], message, marks=marks)
    if loc and loc[-1] == "[key]":
        return located(filename, document, loc[:-1], error_message(detail), at_key=True, marks=marks)
    if kind == "invalid_key":
        key = detail.get("input")
        message = tr(
            "unexpected key {key}: keys are words such as 'titel'",
            "oväntad nyckel {key}: nycklar är ord som 'titel'",
            key=_yaml_text(key),
        )
        if isinstance(key, int) and not isinstance(key, bool):
            message += tr(
                '; inside { } a decimal comma must be quoted, e.g. {värde: "3,7"}',
                '; inom { } måste ett decimalkomma stå inom citattecken, till exempel {värde: "3,7"}',
            )
        return located(filename, document, (*loc[:-1], key), message, at_key=True, marks=marks)
    return located(filename, document, loc, error_message(detail), marks=marks)


def _plain_message(kind: str, got: str) -> str | None:
    """Pydantic's own error ``kind`` in a planner's words, or None."""
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return tr("expected a whole number, got {got}", "ska vara ett heltal, men här står {got}", got=got)
    if kind in ("bool_type", "bool_parsing"):
        return tr(
            "expected true or false, got {got}", "ska vara true eller false, men här står {got}", got=got
        )
    if kind == "string_unicode":  # a key with a lone surrogate (a value's is refused by the model)
        return tr(
            "expected text, got the key {got}, with a character that is not text (a lone surrogate)",
            "ska vara en text, men här står nyckeln {got}, med ett tecken som inte är text "
            "(en ensam surrogathalva)",
            got=got,
        )
    if kind in ("list_type", "tuple_type"):
        return tr("expected a list, got {got}", "ska vara en lista, men här står {got}", got=got)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return tr(
            "expected a mapping of keys, got {got}",
            "ska vara nycklar med värden, men här står {got}",
            got=got,
        )
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return tr(
            "expected a date (YYYY-MM-DD), got {got}",
            "ska vara ett datum (ÅÅÅÅ-MM-DD), men här står {got}",
            got=got,
        )
    if kind == "date_from_datetime_inexact":
        return tr(
            "expected a date (YYYY-MM-DD), not a time, got {got}",
            "ska vara ett datum (ÅÅÅÅ-MM-DD), inte en tidpunkt, men här står {got}",
            got=got,
        )
    return None


def _bound_message(kind: str, bound: object, got: str) -> str:
    if kind == "greater_than_equal":
        return tr(
            "must be at least {bound}, got {got}",
            "ska vara minst {bound}, men här står {got}",
            bound=bound,
            got=got,
        )
    if kind == "greater_than":
        return tr(
            "must be greater than {bound}, got {got}",
            "ska vara större än {bound}, men här står {got}",
            bound=bound,
            got=got,
        )
    if kind == "less_than_equal":
        return tr(
            "must be at most {bound}, got {got}",
            "ska vara högst {bound}, men här står {got}",
            bound=bound,
            got=got,
        )
    return tr(
        "must be less than {bound}, got {got}",
        "ska vara mindre än {bound}, men här står {got}",
        bound=bound,
        got=got,
    )


def error_message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    plain = _plain_message(kind, shown(detail.get("input")))
    if plain is not None:
        return plain
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()))
        return _bound_message(kind, bound, shown(detail.get("input")))
    if kind == "enum" and "expected" in ctx:  # kolada.kön: T, K or M
        expected = str(ctx["expected"])
        if current_language() == "sv":  # pydantic's "'T', 'K' or 'M'"
            expected = expected.replace("' or '", "' eller '")
        return tr(
            "expected {expected}, got {got}",
            "ska vara {expected}, men här står {got}",
            expected=expected,
            got=shown(detail.get("input")),
        )
    # Our own validators (numbers, years, words, outcomes) write planner-ready text.
    return detail["msg"]


def located(
    filename: str,
    document: Any,
    loc: Loc,
    message: str,
    *,
    at_key: bool = False,
    marks: Marks | None = None,
) -> Problem:
    """Attach the position of ``loc`` in ``document``: the deepest part of the
    path that exists in the YAML (a shorthand like ``målvärde: 5`` has no
    ``värde`` key to point at, so the error points at ``5``).

    Positions come from ``marks`` when the document was read by the fast
    reader, else from the careful reader's own (``.lc``).
    """
    node: Any = document
    line, column = marks.root if marks else (node.lc.line, node.lc.col)
    path = ""
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict):
            key = _find_key(node, part)
            if key is None:
                break
            where = _key_marks(node, key, marks)
            if where:  # keys merged in with `<<` have no position of their own: keep the mapping's
                # An empty value (`2019:`) is "positioned" at the next token: point at the key.
                use_key = (last and at_key) or node[key] is None
                line, column = where[:2] if use_key else where[2:]
            node = node[key]
            path += f".{_yaml_text(key)}" if path else _yaml_text(key)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            line, column = marks.of[id(node)][part] if marks else node.lc.item(part)  # type: ignore[attr-defined]
            node = node[part]
            path += f"[{part}]"
        else:
            break
    return Problem(filename, line + 1, column + 1, path, message)


def _key_marks(mapping: Any, key: Any, marks: Marks | None) -> tuple[int, ...] | None:
    """(key line, key column, value line, value column) of ``key``, if it has them."""
    if marks:
        return marks.of[id(mapping)].get(key)  # type: ignore[no-any-return]
    if key not in (mapping.lc.data or {}):
        return None
    return (*mapping.lc.key(key), *mapping.lc.value(key))


def _find_key(mapping: dict[Any, Any], part: Any) -> Any:
    # Match on type too: True == 1 in Python, but `true:` is not `1:` in YAML.
    for key in mapping:
        if key == part and type(key) is type(part):
            return key
    # Pydantic reports dict keys as given; YAML may hold `2015` where we look for "2015".
    for key in mapping:
        if str(key) == str(part):
            return key
    return None


def _allowed_keys(loc: Loc) -> list[str]:
    """The YAML keys the model accepts at ``loc`` (a path to a mapping)."""
    annotation: Any = Plan
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = {field.alias or name: field for name, field in annotation.model_fields.items()}
            if not isinstance(part, str) or part not in fields:
                return []
            annotation = fields[part].annotation
        elif get_origin(annotation) in (list, tuple):
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) is dict:
            annotation = get_args(annotation)[1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated[...]`` and ``X | None`` down to the type that matters."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            models = [arg for arg in options if isinstance(arg, type) and issubclass(arg, BaseModel)]
            annotation = (models or options)[0]
        else:
            return annotation


def _did_you_mean(key: str, allowed: Sequence[str]) -> str | None:
    """The allowed key closest to ``key``, ignoring case and å/ä/ö vs a/a/o."""
    by_plain = {_plain(word): word for word in allowed}
    close = difflib.get_close_matches(_plain(key), list(by_plain), n=1, cutoff=0.6)
    return by_plain[close[0]] if close else None


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _yaml_text(key: Any) -> str:
    """A mapping key as it reads in YAML: ``true``, ``null``, ``2017``, ``titel``."""
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, Mapping):  # complex keys (`? {a: 1}`) are mappings but not dicts
        return tr("a mapping", "nycklar med värden")
    if isinstance(key, (list, tuple)):
        return tr("a list", "en lista")
    return _printable(str(key))


def _order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return tr("a list", "en lista")
    if isinstance(value, str):
        return tr("the text {text}", "texten {text}", text=shown(value))
    return shown(value)
