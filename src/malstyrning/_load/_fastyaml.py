"""The fast path for reading a plan: libyaml's C parser, no positions kept.

Reading a valid plan needs no line numbers. This reader builds the document
straight from libyaml's event stream (PyYAML's composer and constructor make a
Python node object per value and dispatch per value; skipping them makes
reading several times faster than even ``yaml.CSafeLoader``). It reads YAML
the way the careful loader in :mod:`._io` does (YAML 1.2's core schema, as
ruamel.yaml resolves it: ``yes`` is text, dates stay text, no sexagesimal
numbers) and gives up, returning None, at anything it does not handle exactly
alike: a duplicate key, a syntax error, anchors and aliases, tags, a
``%YAML`` directive, nesting too deep, a number written in any but the plain
decimal forms. The caller then takes the careful path, which finds and
locates every problem.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from yaml import YAMLError
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .._i18n import current_language, tr
from .._model import format_loc

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: every plan takes the careful path
    CParser = None  # type: ignore[misc, assignment]

__all__ = [
    "RUAMEL_1_2_PATTERNS",
    "Marks",
    "duplicate_key_message",
    "fast_load",
    "first_problem",
    "syntax_message",
]


class _GiveUp(Exception):
    """Something the fast path does not handle exactly like the careful one."""


class _Repeated(_GiveUp):
    """A key given twice: where (0-based), its text, the path to it and the first's line."""

    def __init__(self, where: tuple[int, int], text: str, loc: tuple[str | int, ...], first_line: int):
        super().__init__(text)
        self.where, self.text, self.loc, self.first_line = where, text, loc, first_line


class Marks:
    """Where the parts of a document read by :func:`fast_load` start in its text.

    Positions are 0-based (line, column), as libyaml gives them: ``root`` is the
    document's; ``of[id(mapping)][key]`` is (key line, key column, value line,
    value column); ``of[id(sequence)][index]`` is the item's (line, column).
    """

    def __init__(self) -> None:
        self.root = (0, 0)
        self.of: dict[int, Any] = {}


def fast_load(text: str, *, max_depth: int = 200, marks: Marks | None = None) -> Any | None:
    """The document in ``text``, or None when the careful path must read it.

    With ``marks``, also note there where every key, value and item starts:
    reading an invalid plan again this way locates its problems far faster
    than the careful reader, and in a fraction of the memory.
    """
    parser = _parser(text)
    if parser is None:
        return None
    try:
        return _build(parser, text, max_depth, marks)
    except (_GiveUp, YAMLError, RecursionError, ValueError):
        return None
    finally:
        parser.dispose()


def _parser(text: str) -> Any | None:
    """libyaml's parser for ``text``; None when the careful path must read it:
    no libyaml, a character the two read apart, or a lone surrogate."""
    if CParser is None or _read_apart(text):
        return None
    try:
        return CParser(text)
    except UnicodeError:
        return None


def syntax_message(error: Any, text: str) -> str:
    """A YAML syntax error (PyYAML's or ruamel.yaml's) in ``text``, in words:
    the problem, what the parser was in the middle of, with its line, and for
    a bracket left open, what to do."""
    problem: str = error.problem or "invalid YAML"
    message = _parser_words(problem)
    if error.context and error.context_mark is not None:
        line = error.context_mark.line + 1
        message += tr(
            " ({context} on line {line})",
            " ({context} som börjar på rad {line})",
            context=_parser_words(error.context),
            line=line,
        )
        brackets = _BRACKETS.get(error.context)
        # ruamel.yaml: "expected ',' or '}' ..."; libyaml: "did not find expected ',' or '}'".
        if brackets and "expected ','" in problem:
            opener, closer = brackets
            message += tr(
                "; close the {opener!r} from line {line} with {closer!r}, or separate its items with ','",
                "; stäng {opener!r} från rad {line} med {closer!r}, eller skilj värdena åt med ','",
                opener=opener,
                line=line,
                closer=closer,
            )
    mark = error.problem_mark
    found = "" if mark is None else text[mark.index : mark.index + 1]
    if "cannot start any token" in problem and found in ("|", ">"):
        # '|' and '>' start a block of text everywhere but inside [ ] or { }:
        # the parser is still inside one, left open above.
        opened = _unclosed_bracket(text[: mark.index])
        if opened:
            message += tr(
                "; the {bracket!r} from line {line} is not closed",
                "; {bracket!r} från rad {line} är inte stängd",
                bracket=opened[0],
                line=opened[1],
            )
        else:
            message += tr("; a '[' or '{' above is not closed", "; en '[' eller '{' ovanför är inte stängd")
    if mark is not None:  # the parser's own (English) words tell which mistake it was
        message += _planner_hint(problem, text, mark.line, mark.column)
    return message


def _parser_words(text: str) -> str:
    """A phrase of PyYAML's or ruamel.yaml's (a problem, or what the parser was
    doing) in the current language; a phrase not known here is kept as it is."""
    if current_language() == "en":
        return text
    for pattern, swedish in _swedish_parser_words():
        match = pattern.fullmatch(text)
        if match:
            return swedish.format(*(_TOKEN_WORDS.get(group, group) for group in match.groups()))
    return text


@functools.cache
def _swedish_parser_words() -> list[tuple[re.Pattern[str], str]]:
    """:data:`_SWEDISH_PARSER_WORDS`, compiled on first use: reading a valid plan needs none."""
    return [(re.compile(pattern), swedish) for pattern, swedish in _SWEDISH_PARSER_WORDS]


# The parsers' phrases, as their source words them (ruamel.yaml and PyYAML alike;
# libyaml says "did not find expected ..." where they say "expected ...").
_SWEDISH_PARSER_WORDS: list[tuple[str, str]] = [
    (r"invalid YAML", "ogiltig YAML"),
    (r"expected ',' or '([\]}])', but got (.+)", "här ska stå ',' eller '{0}', men här står {1}"),
    (r"did not find expected ',' or '([\]}])'", "här ska stå ',' eller '{0}'"),
    (r"expected <block end>, but found (.+)", "här ska blocket sluta, men här står {0}"),
    (r"did not find expected key", "här ska stå en nyckel"),
    (r"did not find expected '-' indicator", "här ska stå ett '-'"),
    (r"found unexpected end of stream", "filen tar slut för tidigt"),
    (r"but found another document", "här börjar ett dokument till ('---')"),
    (r"expected a single document in the stream", "en plan är ett enda dokument"),
    (r"could not find expected ':'", "här saknas ett ':'"),
    (r"found character (.+) that cannot start any token", "tecknet {0} kan inte stå här"),
    (r"found character that cannot start any token", "ett tecken här kan inte inleda något värde"),
    (r"mapping values are not allowed here", "ett ':' kan inte stå här"),
    (r"mapping values are not allowed in this context", "ett ':' kan inte stå här"),
    (r"block sequence entries are not allowed here", "ett '-' (en punkt i en lista) kan inte stå här"),
    (
        r"block sequence entries are not allowed in this context",
        "ett '-' (en punkt i en lista) kan inte stå här",
    ),
    (r"found undefined alias (.+)", "aliaset {0} finns inte (inget ankare med det namnet)"),
    (
        r"expected chomping or indentation indicators, but found (.+)",
        "efter '|' eller '>' får bara '+', '-' eller en siffra stå, men här står {0}",
    ),
    (
        r"expected a mapping or list of mappings for merging, but found (\w+)",
        "'<<' slår ihop nycklar med värden eller en lista av sådana, men här står ett enkelt värde",
    ),
    (r"found unknown escape character (.+)", "okänt tecken efter '\\': {0}"),
    (r"expected the node content, but found (.+)", "här ska stå ett värde, men här står {0}"),
    (r"did not find expected node content", "här ska stå ett värde"),
    (r"expected '<document start>', but found (.+)", "här ska planen börja, men här står {0}"),
    (r"did not find expected <document start>", "här ska planen börja"),
    (
        r"expected alphabetic or numeric character, but found (.+)",
        "här ska stå en bokstav eller en siffra, men här står {0}",
    ),
    (r"did not find expected alphabetic or numeric character", "här ska stå en bokstav eller en siffra"),
    (
        r"expected a comment or a line break, but found (.+)",
        "här ska raden sluta eller en kommentar börja, men här står {0}",
    ),
    (r"did not find expected comment or line break", "här ska raden sluta eller en kommentar börja"),
    (
        r"found a tab character (?:that violates indentation|where an indentation space is expected)",
        "ett tabbtecken står där ett mellanslag ska stå",
    ),
    (r"while parsing a flow sequence", "i listan inom [ ]"),
    (r"while parsing a flow mapping", "i nycklarna inom { }"),
    (r"while parsing a block collection", "i listan"),
    (r"while parsing a block mapping", "i nycklarna"),
    (r"while parsing a (?:block |flow )?node", "i värdet"),
    (r"while scanning a quoted scalar", "i texten inom citattecken"),
    (r"while scanning a double-quoted scalar", "i texten inom citattecken"),
    (r"while scanning a simple key", "i nyckeln"),
    (r"while scanning a plain scalar", "i texten"),
    (r"while scanning a block scalar", "i textblocket"),
    (r"while scanning an? (anchor|alias)", "i ankaret eller aliaset"),
    (r"while scanning a tag", "i taggen"),
    (r"while scanning a directive", "i direktivet"),
    (r"while scanning for the next token", "här"),
    (r"while constructing a mapping", "i nycklarna"),
]
# Token names the parsers quote, in the words of the messages above.
_TOKEN_WORDS = {
    "'<block mapping start>'": "en ny nyckel",
    "'<block sequence start>'": "en ny lista",
    "'<block end>'": "slutet på ett block",
    "'<block entry>'": "en punkt i en lista ('-')",
    "'<scalar>'": "ett värde",
    "'<stream end>'": "filens slut",
    "'<document start>'": "början på ett nytt dokument ('---')",
    "'<document end>'": "slutet på dokumentet ('...')",
    "'<key>'": "en nyckel",
    "'<value>'": "ett ':'",
    "'<alias>'": "ett alias",
    "'<anchor>'": "ett ankare",
    "'<tag>'": "en tagg",
    "'<flow mapping end>'": "'}'",
    "'<flow sequence end>'": "']'",
    "'<flow mapping start>'": "'{'",
    "'<flow sequence start>'": "'['",
    "'<flow entry>'": "','",
}


def _planner_hint(message: str, text: str, line: int, column: int) -> str:
    """What to do about the syntax errors a new user makes most, in words a
    planner knows: a colon inside an unquoted title, a value starting with
    ``%``, a key indented further (or less) than the key above it. ``line``
    and ``column`` (0-based) are where the parser stopped. Both readers'
    wordings are matched: libyaml's and ruamel.yaml's."""
    lines = _LINE_BREAK.split(text)  # the parsers' line breaks: not str.splitlines's \f, \x1c, ...
    if not 0 <= line < len(lines):
        return ""
    here = lines[line]
    if "cannot start any token" in message and here[column : column + 1] in _NOT_PLAIN and column > 0:
        value = _COMMENT.sub("", here[column:]).rstrip()
        before = here[:column].lstrip(" -")
        return tr(
            "; put {value!r} in quotes: {fix}",
            "; sätt {value!r} inom citattecken: {fix}",
            value=value,
            fix=before + _quoted(value),
        )
    if "mapping values are not allowed" in message:
        key = _KEY.match(here)
        if key is not None and key.end(1) < column:  # a colon after the key's own: inside the value
            value = _COMMENT.sub("", here[key.end() :]).rstrip()
            fix = f"{key[1]}: {_quoted(value)}"
            if key[1] == "titel":
                return tr(
                    "; put the title in quotes: {fix}", "; sätt titeln inom citattecken: {fix}", fix=fix
                )
            return tr(
                "; put the value of {key!r} in quotes: {fix}",
                "; sätt värdet av {key!r} inom citattecken: {fix}",
                key=key[1],
                fix=fix,
            )
        above = _line_above(lines, line)
        # The line above is `key: text`, and this one was taken as more of that text.
        text_above = None if above is None else _KEY.match(lines[above])
        if (
            above is not None
            and text_above is not None
            and lines[above][text_above.end() :].strip()
            and _key_column(here) > _key_column(lines[above])
        ):
            return tr(
                "; line {line} is indented further than the key above it (line {above}): "
                "start it in the same column as that key, or, if it goes on with that key's text, "
                "put the text in quotes",
                "; rad {line} är mer indragen än nyckeln ovanför (rad {above}): "
                "börja den i samma kolumn som den nyckeln, eller, om raden fortsätter nyckelns text, "
                "sätt texten inom citattecken",
                line=line + 1,
                above=above + 1,
            )
    if any(words in message for words in _NOT_LINED_UP):
        above = _line_above(lines, line)
        if above is not None and _key_column(here) != _key_column(lines[above]):
            return tr(
                "; line {line} is not lined up with the key above it (line {above}): "
                "keys side by side start in the same column",
                "; rad {line} står inte rakt under nyckeln ovanför (rad {above}): "
                "nycklar bredvid varandra börjar i samma kolumn",
                line=line + 1,
                above=above + 1,
            )
    return ""


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A key the parser did not expect where it stands (ruamel.yaml's words, then libyaml's).
_NOT_LINED_UP = ("expected <block end>", "did not find expected '-'", "did not find expected key")
# Characters that cannot start an unquoted value: `enhet: %`, `ansvarig: @anna`.
_NOT_PLAIN = ("%", "@", "`")
# A block key at the start of a line, after any list dashes: `    - titel: ` (group 1: the key).
_KEY = re.compile(r"[ ]*(?:-[ ]+)*([^\s#'\"\[\]{},:-][^:#]*?)[ ]*:(?:[ ]+|$)")
_COMMENT = re.compile(r"[ ]+#.*$")


def _quoted(value: str) -> str:
    """``value`` in double quotes, as YAML reads it back."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _line_above(lines: list[str], line: int) -> int | None:
    """The nearest line above ``line`` that holds more than blanks and a comment."""
    for number in range(line - 1, -1, -1):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _key_column(line: str) -> int:
    """Where a line's key starts: after its indentation and any list dashes."""
    return len(line) - len(line.lstrip(" -"))


# The usual typo behind "expected ',' or ']'": a bracket left open, as in
# `ingångsvärde: {värde: 10, år: 2014`, which the parser only notices later.
_BRACKETS = {"while parsing a flow sequence": ("[", "]"), "while parsing a flow mapping": ("{", "}")}


def _unclosed_bracket(text: str) -> tuple[str, int] | None:
    """The innermost ``[`` or ``{`` of ``text`` never closed, and its line;
    counted roughly: quoted text and comments are skipped, line by line."""
    open_: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for bracket in _BRACKET_OR_SKIPPED.findall(line):
            if bracket in "[{":
                open_.append((bracket, number))
            elif bracket in "]}" and open_:
                open_.pop()
    return open_[-1] if open_ else None


# A bracket, or a quoted text or comment (matched so as to skip it whole).
_BRACKET_OR_SKIPPED = re.compile(r"""[\[\]{}]|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|(?:^|\s)#.*""")


def duplicate_key_message(text: str, first_line: int) -> str:
    return tr(
        "duplicate key {text!r} (first on line {line})",
        "nyckeln {text!r} står två gånger (först på rad {line})",
        text=text,
        line=first_line,
    )


def _read_apart(text: str) -> bool:
    """True when ``text`` has a character libyaml and ruamel.yaml read apart:
    tabs (errors whose wording and place only the careful path gives), NUL, the
    line breaks U+0085, U+2028 and U+2029 (libyaml counts lines at them,
    ruamel.yaml and editors do not), or a byte-order mark after the start."""
    return any(c in text for c in "\t\x00\x85\u2028\u2029") or text.find("\ufeff", 1) != -1


# A comment straight after a block scalar's `|` or `>`: libyaml allows it, the
# YAML specification (and ruamel.yaml) does not.
_HEADER_COMMENT = re.compile(r"[|>][-+0-9]{0,2}#")


_NO_KEY = object()


def _build(parser: Any, text: str, max_depth: int, marks: Marks | None) -> Any:
    """One document from the events, values typed as YAML 1.2 plain scalars."""
    next_event = parser.get_event
    next_event()  # StreamStartEvent
    start = next_event()
    if type(start) is not DocumentStartEvent or start.version is not None or start.tags:
        raise _GiveUp  # an empty stream, or a %YAML / %TAG directive
    typed: dict[str, Any] = {}  # plain scalar text → value; keys and years repeat
    root: Any = _NO_KEY
    open_: list[Any] = []  # the collections being filled, innermost last
    keys: list[Any] = []  # per open collection: the key waiting for its value
    key_marks: list[tuple[int, int]] = []  # with marks: where that key is
    key_texts: list[str] = []  # with marks: that key as written
    placed: list[str | int] = []  # with marks: the key or index of each open collection
    where = (0, 0)
    while True:
        event = next_event()
        kind = type(event)
        if marks is not None:
            where = (event.start_mark.line, event.start_mark.column)
        value: Any
        if kind is ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                raise _GiveUp
            value = event.value
            if event.implicit[0]:  # plain, untagged: typed by the resolver
                known = typed.get(value, _NO_KEY)
                if known is _NO_KEY:
                    known = typed[value] = _plain(value)
                value = known
            elif event.style in "|>":
                if _HEADER_COMMENT.match(text, event.start_mark.index):
                    raise _GiveUp
            else:  # quoted: `"titel":x`, a key with no space after its colon, is libyaml's alone
                end = event.end_mark.index
                if text[end : end + 1] == ":" and text[end + 1 : end + 2] not in ("", " ", "\n", "\r"):
                    raise _GiveUp
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None or len(open_) >= max_depth:
                raise _GiveUp
            value = {} if kind is MappingStartEvent else []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            open_.pop()
            keys.pop()
            if marks is not None:
                key_marks.pop()
                key_texts.pop()
                placed.pop()
            continue
        elif kind is DocumentEndEvent:
            break
        else:  # an alias, or anything unforeseen
            raise _GiveUp

        if not open_:
            root = value
            if marks is not None:
                marks.root = where
        else:
            parent = open_[-1]
            if type(parent) is list:
                parent.append(value)
                if marks is not None:
                    marks.of[id(parent)].append(where)
            elif keys[-1] is _NO_KEY:
                # A key: collections as keys and repeated keys are the careful
                # path's to report (libyaml would keep the last value).
                if type(value) is dict or type(value) is list:
                    raise _GiveUp
                if value in parent:
                    if marks is None:
                        raise _GiveUp
                    first = marks.of[id(parent)][value][0] + 1
                    raise _Repeated(where, event.value, (*placed[1:], event.value), first)
                keys[-1] = value
                if marks is not None:
                    key_marks[-1] = where
                    key_texts[-1] = event.value
                continue
            else:
                parent[keys[-1]] = value
                if marks is not None:
                    marks.of[id(parent)][keys[-1]] = (*key_marks[-1], *where)
                keys[-1] = _NO_KEY
        if type(value) is dict or type(value) is list:
            open_.append(value)
            keys.append(_NO_KEY)
            if marks is not None:
                marks.of[id(value)] = {} if type(value) is dict else []
                key_marks.append(where)
                key_texts.append("")
                if len(open_) > 1:
                    parent = open_[-2]
                    placed.append(len(parent) - 1 if type(parent) is list else key_texts[-2])
                else:
                    placed.append("")
    if type(next_event()) is not StreamEndEvent:
        raise _GiveUp  # more than one document
    return root


def first_problem(text: str, *, max_depth: int = 200) -> tuple[int, int, str, str] | None:
    """Why :func:`fast_load` steps aside from ``text``, when libyaml can tell:
    (1-based line, column, path, message) of a YAML syntax error or of the
    first repeated key; None for anything else (tabs, anchors, ...).

    For large files only: the careful path words syntax errors a little
    differently, and lists every repeated key, but takes seconds a megabyte.
    """
    parser = _parser(text)
    if parser is None:
        return None
    try:
        _build(parser, text, max_depth, Marks())
    except _Repeated as repeated:
        line, column = repeated.where
        message = duplicate_key_message(repeated.text, repeated.first_line)
        return line + 1, column + 1, format_loc(repeated.loc), message
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is None:
            return None
        return mark.line + 1, mark.column + 1, "", syntax_message(error, text)
    except (_GiveUp, RecursionError, ValueError):
        return None
    finally:
        parser.dispose()
    return None


# The YAML 1.2 implicit resolvers of ruamel.yaml (``ruamel.yaml.resolver``),
# copied so the fast path need not import ruamel.yaml; a test checks they are
# still ruamel.yaml's own.
RUAMEL_1_2_PATTERNS = {
    "int": r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    "float": r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    "merge": r"^(?:<<)$",
    "value": r"^(?:=)$",
    "yaml": r"^(?:!|&|\*)$",
}
_OTHER_NUMBER = re.compile(f"{RUAMEL_1_2_PATTERNS['int']}|{RUAMEL_1_2_PATTERNS['float']}", re.X)
_SPECIAL = re.compile("|".join(RUAMEL_1_2_PATTERNS[tag] for tag in ("merge", "value", "yaml")), re.X)
# The forms plans use, converted here exactly as ruamel.yaml converts them.
_DECIMAL_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,999})")
_DECIMAL_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,299})\.[0-9]{1,300}")
_WORDS: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}


def _plain(text: str) -> Any:
    """A plain scalar's value; _GiveUp for the forms only the careful path reads."""
    if text in _WORDS:
        return _WORDS[text]
    first = text[0]
    if first in "-+.0123456789":
        if _DECIMAL_INT.fullmatch(text):
            return int(text)
        if _DECIMAL_FLOAT.fullmatch(text):
            return float(text)
        if _OTHER_NUMBER.match(text):
            raise _GiveUp  # 0o17, 1_000, 1e5, .inf, 0138: rare, and ruamel.yaml's to read
        return text  # "1 164", "3,20 %", a date: text
    if first in "<=!&*" and _SPECIAL.match(text):
        raise _GiveUp
    return text
