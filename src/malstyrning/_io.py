"""Reading plan files: YAML in, a validated :class:`Plan` out, or located problems.

Every problem is reported with the file, line and column it comes from. The
round-trip loader keeps the position of every key, value and list item, so a
pydantic error location (a key path) can be turned into a line and column.
"""

from __future__ import annotations

import difflib
import os
import re
import types
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML, MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from ._errors import PlanFileError, PlanSyntaxError, PlanValidationError, Problem
from ._model import Plan, _format_loc, plan_problems

__all__ = ["load_plan", "loads_plan"]

Loc = tuple[str | int, ...]


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read and validate the plan in the YAML file at ``path``.

    Raises :class:`PlanFileError` when the file cannot be read,
    :class:`PlanSyntaxError` when it is not valid YAML, and
    :class:`PlanValidationError` when it is not a valid plan. Each carries
    every problem found, with its line and column.
    """
    name = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise PlanFileError([Problem(name, None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise PlanFileError([Problem(name, None, None, "", "is a directory, not a plan file")]) from None
    except OSError as error:
        raise PlanFileError([Problem(name, None, None, "", error.strerror or str(error))]) from None
    try:
        text = raw.decode("utf-8-sig")  # Windows editors add a BOM
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PlanFileError(
            [Problem(name, line, None, "", "the file is not UTF-8 text; save it as UTF-8")]
        ) from None
    return loads_plan(text, filename=name)


def loads_plan(text: str, *, filename: str = "<string>") -> Plan:
    """Validate the plan in the YAML string ``text``; ``filename`` names it in errors."""
    document = _parse(text, filename)
    if document is None:
        raise _whole_file(
            filename, "the file is empty; a plan starts with 'plan:', 'organisation:' and 'år:'"
        )
    if not isinstance(document, CommentedMap):
        raise _whole_file(filename, f"expected a mapping of keys (plan:, år:, ...), got {_kind(document)}")
    try:
        plan = Plan.model_validate(document, context={"ids_checked_by_caller": True})
    except RecursionError:
        raise PlanValidationError([Problem(filename, None, None, "", _TOO_DEEP)]) from None
    except ValidationError as error:
        problems = [_problem(filename, document, detail) for detail in error.errors(include_url=False)]
        raise PlanValidationError(sorted(problems, key=_order)) from None
    semantic = [_located(filename, document, loc, message) for loc, message in plan_problems(plan)]
    if semantic:
        raise PlanValidationError(sorted(semantic, key=_order))
    return plan


_TOO_DEEP = "the plan is nested too deeply to read"


def _whole_file(filename: str, message: str) -> PlanValidationError:
    return PlanValidationError([Problem(filename, 1, 1, "", message)])


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as text.

    ruamel.yaml turns ``2018-12-31`` into a date and crashes on ``2018-02-30``;
    as text, the model validates dates where they belong and reports the bad
    ones like any other value.
    """


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml


def _parse(text: str, filename: str) -> Any:
    try:
        return _yaml().load(text)
    except DuplicateKeyError as error:
        raise PlanSyntaxError(_duplicate_keys(text, filename, error)) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or "invalid YAML"
        if error.context and error.context_mark is not None:
            message += f" ({error.context} on line {error.context_mark.line + 1})"
        if "\t" in message or "'\\t'" in message:
            message += "; indent with spaces, not tabs"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise PlanSyntaxError([Problem(filename, line, column, "", message)]) from None
    except ReaderError as error:
        # Control characters and the like: the reader knows only the offset.
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "\0")
        message = f"character U+{code:04X} is not allowed in a YAML file"
        raise PlanSyntaxError([Problem(filename, line, column, "", message)]) from None
    except YAMLError as error:
        raise PlanSyntaxError([Problem(filename, None, None, "", str(error))]) from None
    except RecursionError:
        raise PlanSyntaxError([Problem(filename, None, None, "", _TOO_DEEP)]) from None


def _duplicate_keys(text: str, filename: str, error: DuplicateKeyError) -> list[Problem]:
    """Find every repeated key, with its path, by walking the composed node graph
    (composing does not construct mappings, so it does not stop at the first)."""
    problems: list[Problem] = []

    def walk(node: Node, loc: Loc) -> None:
        if isinstance(node, MappingNode):
            first: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key = _key_value(key_node)
                here = (*loc, key_node.value)
                if key in first:
                    mark = key_node.start_mark
                    problems.append(
                        Problem(
                            filename,
                            mark.line + 1,
                            mark.column + 1,
                            _format_loc(here),
                            f"duplicate key {key_node.value!r} (first on line {first[key]})",
                        )
                    )
                else:
                    first[key] = key_node.start_mark.line + 1
                walk(value_node, here)
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*loc, i))

    root = _yaml().compose(text)
    if root is not None:
        walk(root, ())
    if not problems:  # keys equal in a way _key_value does not see: report ruamel's own finding
        mark = error.problem_mark
        problems.append(
            Problem(filename, mark.line + 1, mark.column + 1, "", "duplicate key in this mapping")
        )
    return problems


def _key_value(node: Node) -> Any:
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


def _problem(filename: str, document: CommentedMap, detail: ErrorDetails) -> Problem:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        message = f"unknown key {key!r}"
        hint = _did_you_mean(str(key), _allowed_keys(loc[:-1]))
        if hint:
            message += f"; did you mean {hint!r}?"
        return _located(filename, document, loc, message, at_key=True)
    if kind == "missing":
        return _located(filename, document, loc[:-1], f"missing required key {loc[-1]!r}")
    if loc and loc[-1] == "[key]":
        return _located(filename, document, loc[:-1], _message(detail), at_key=True)
    if kind == "invalid_key":
        key = detail.get("input")
        message = f"unexpected key {_yaml_text(key)}: keys are words such as 'titel'"
        if isinstance(key, int) and not isinstance(key, bool):
            message += '; inside { } a decimal comma must be quoted, e.g. {värde: "3,7"}'
        return _located(filename, document, (*loc[:-1], key), message, at_key=True)
    return _located(filename, document, loc, _message(detail))


_PLAIN_MESSAGES = {
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "model_attributes_type": "expected a mapping of keys",
    "date_type": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "expected a date (YYYY-MM-DD), not a time",
}


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    if kind in _PLAIN_MESSAGES:
        return f"{_PLAIN_MESSAGES[kind]}, got {_show(detail.get('input'))}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "at least",
            "greater_than": "greater than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        bound = next(iter(ctx.values()))
        return f"must be {words} {bound}, got {_show(detail.get('input'))}"
    # Our own validators (numbers, years, words, outcomes) write planner-ready text.
    return detail["msg"]


def _located(
    filename: str, document: CommentedMap, loc: Loc, message: str, *, at_key: bool = False
) -> Problem:
    """Attach the position of ``loc`` in ``document``: the deepest part of the
    path that exists in the YAML (a shorthand like ``målvärde: 5`` has no
    ``värde`` key to point at, so the error points at ``5``)."""
    node: Any = document
    line, column = node.lc.line, node.lc.col
    path = ""
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, CommentedMap):
            key = _find_key(node, part)
            if key is None:
                break
            # Keys merged in with `<<` have no position of their own: keep the mapping's.
            if key in (node.lc.data or {}):
                key_line, key_column = node.lc.key(key)
                value_line, value_column = node.lc.value(key)
                # An empty value (`2019:`) is "positioned" at the next token: point at the key.
                use_key = (last and at_key) or node[key] is None
                line, column = (key_line, key_column) if use_key else (value_line, value_column)
            node = node[key]
            path += f".{_yaml_text(key)}" if path else _yaml_text(key)
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
            node = node[part]
            path += f"[{part}]"
        else:
            break
    return Problem(filename, line + 1, column + 1, path, message)


def _find_key(mapping: CommentedMap, part: Any) -> Any:
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
    if isinstance(key, dict):
        return "a mapping"
    if isinstance(key, (list, tuple)):
        return "a list"
    return str(key)


def _order(problem: Problem) -> tuple[int, int]:
    return (problem.line or 0, problem.column or 0)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    return _show(value)


def _show(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    text = re.sub(r"^(Scalar\w+|CommentedMap|CommentedSeq)\((.*)\)$", r"\2", text)
    return text if len(text) <= 40 else text[:37] + "..."
