"""Reading plan files: YAML in, a validated :class:`Plan` out, or located problems.

A valid plan is read by the fast path: libyaml, no positions kept. Anything
else goes to the careful path (:mod:`._careful`), which reads with ruamel.yaml,
keeps the position of every key, value and list item, and reports every
problem with the file, line and column it comes from.
"""

from __future__ import annotations

import codecs
import os
import re
from typing import BinaryIO

from pydantic import ValidationError

from .._errors import PlanFileError, PlanSyntaxError, Problem
from .._i18n import no_such_file, os_reason, tr
from .._model import Plan, plan_problems
from ._fastyaml import Marks, fast_load, first_problem
from ._shared import MAX_DEPTH, shown

__all__ = ["load_plan", "loads_plan"]


MAX_BYTES_ENV = "MALSTYRNING_MAX_BYTES"
DEFAULT_MAX_BYTES = 10 * 2**20
"""Plans larger than this are refused unread (real plans are around 20 KB)."""

_LARGE = 2**20  # characters: above this, syntax errors and repeated keys are located by libyaml


def load_plan(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> Plan:
    """Read and validate the plan in the YAML file at ``path``.

    Raises :class:`PlanFileError` when the file cannot be read or is larger
    than ``max_bytes`` (default: the environment variable
    ``MALSTYRNING_MAX_BYTES``, else 10 MiB), :class:`PlanSyntaxError` when it
    is not valid YAML, and :class:`PlanValidationError` when it is not a valid
    plan. Each carries every problem found, with its line and column.
    """
    name = os.fspath(path)
    limit = _max_bytes(max_bytes, name)
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > limit:  # refuse before reading a byte
                raise _too_large(name, size, limit)
            raw = _read_at_most(file, limit + 1)  # devices and pipes have no size
    except FileNotFoundError:
        raise PlanFileError([Problem(name, None, None, "", no_such_file())]) from None
    except IsADirectoryError:
        message = tr("is a directory, not a plan file", "är en mapp, inte en planfil")
        raise PlanFileError([Problem(name, None, None, "", message)]) from None
    except OSError as error:
        raise PlanFileError([Problem(name, None, None, "", os_reason(error))]) from None
    if len(raw) > limit:
        raise _too_large(name, None, limit)
    encoding = _wide_encoding(raw)
    if encoding:
        message = tr(
            "the file is {encoding} text; save it as UTF-8",
            "filen är sparad som {encoding}; spara den som UTF-8",
            encoding=encoding,
        )
        raise PlanFileError([Problem(name, None, None, "", message)])
    try:
        text = raw.decode("utf-8-sig")  # Windows editors add a BOM
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PlanFileError(
            [
                Problem(
                    name,
                    line,
                    None,
                    "",
                    tr(
                        "the file is not UTF-8 text; save it as UTF-8",
                        "filen är inte sparad som UTF-8; spara den som UTF-8",
                    ),
                )
            ]
        ) from None
    return loads_plan(text, filename=name, max_bytes=limit)


def loads_plan(text: str, *, filename: str = "<string>", max_bytes: int | None = None) -> Plan:
    """Validate the plan in the YAML string ``text``; ``filename`` names it in errors.

    Text longer than ``max_bytes`` in UTF-8 (default as for :func:`load_plan`)
    is refused with :class:`PlanFileError`.
    """
    limit = _max_bytes(max_bytes, filename)
    if len(text) > limit // 4:  # at most 4 bytes a character: measure only when it may matter
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limit:
            raise _too_large(filename, size, limit)
    if "\r" in text:
        _refuse_lone_carriage_return(text, filename)
    plan = _fast(text, filename)
    if plan is not None:
        return plan
    # The careful path: ruamel.yaml keeps every position, to locate each problem.
    from ._careful import careful_load  # noqa: PLC0415  (only when needed: ruamel.yaml is slow to import)

    return careful_load(text, filename)


def _fast(text: str, filename: str) -> Plan | None:
    """The plan, read by libyaml without positions; None when the careful path
    must read it (YAML that libyaml and ruamel.yaml might read differently, or
    that has problems only the careful path can locate).

    A plan that reads as YAML but is not valid is read again by libyaml, this
    time noting positions, and its problems are raised, located: far faster
    than the careful path, and in a fraction of its memory, for a large plan.
    """
    if _bracket_depth(text) > MAX_DEPTH:
        # libyaml slows down on deep `[{[{...` as ruamel.yaml does (a second
        # for 5,000 levels); the careful path refuses it after MAX_DEPTH.
        return None
    document = fast_load(text, max_depth=MAX_DEPTH)
    if document is None and len(text) > _LARGE:
        # The careful path takes seconds a megabyte: for a large file, report
        # libyaml's own finding, a syntax error or a repeated key, if it has one.
        found = first_problem(text, max_depth=MAX_DEPTH)
        if found:
            raise PlanSyntaxError([Problem(filename, *found)])
    if not isinstance(document, dict) or not document:
        return None
    error: ValidationError | None = None
    semantic: list[tuple[tuple[str | int, ...], str]] = []
    try:
        plan = Plan.model_validate(document, context={"ids_checked_by_caller": True})
    except RecursionError:
        return None
    except ValidationError as invalid:
        error = invalid
    else:
        semantic = plan_problems(plan)
        if not semantic:
            return plan
    from ._careful import invalid_plan  # noqa: PLC0415

    marks = Marks()
    again = fast_load(text, max_depth=MAX_DEPTH, marks=marks)
    raise invalid_plan(filename, again, error, semantic, marks) from None


def _refuse_lone_carriage_return(text: str, filename: str) -> None:
    """Refuse a line that ends in a carriage return alone (CR, old Mac line ends).

    YAML reads a lone CR as a line end, but git, diff and grep see a file of
    such lines as one line, and a write would have to keep a third kind of
    line end: every command refuses it alike, here, where every plan is read.
    """
    match = _LONE_CR.search(text)
    if match is None:
        return
    line = len(_LINE_END.findall(text, 0, match.start())) + 1  # as YAML and editors count lines
    message = tr(
        "the line ends in a lone carriage return (CR, as on Macs before 2001); "
        "save the file with LF or CRLF line ends",
        "raden slutar med bara vagnretur (CR, som på Mac-datorer före 2001); "
        "spara filen med radslut LF eller CRLF",
    )
    raise PlanFileError([Problem(filename, line, None, "", message)])


_LONE_CR = re.compile(r"\r(?!\n)")
_LINE_END = re.compile(r"\r\n|\r|\n")


def _bracket_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in ``text``, counted roughly (brackets in
    quotes and comments count too: a false alarm only costs time)."""
    if "[" not in text and "{" not in text:
        return 0
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match[0] in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


_BRACKETS = re.compile(r"[\[\]{}]")


def _read_at_most(file: BinaryIO, count: int) -> bytes:
    chunks: list[bytes] = []
    while count > 0:
        chunk = file.read(min(count, 2**20))
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _max_bytes(max_bytes: int | None, filename: str) -> int:
    if max_bytes is not None:
        return max_bytes
    setting = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not setting:
        return DEFAULT_MAX_BYTES
    try:
        return int(setting)
    except ValueError:
        message = tr(
            "{name} must be a whole number of bytes, got {got}",
            "{name} ska vara ett heltal (antal byte), men här står {got}",
            name=MAX_BYTES_ENV,
            got=shown(setting),
        )
        raise PlanFileError([Problem(filename, None, None, "", message)]) from None


def _too_large(filename: str, size: int | None, limit: int) -> PlanFileError:
    limit_shown = _megabytes(limit)
    if size is None:  # a device or a pipe: no size to give
        what = tr(
            "the file is larger than the limit of {limit}",
            "filen är större än gränsen {limit}",
            limit=limit_shown,
        )
    else:
        shown = _megabytes(size)
        if shown == limit_shown:  # "10 MB, more than the limit of 10 MB" says nothing: give bytes
            shown, limit_shown = _bytes(size), _bytes(limit)
        what = tr(
            "the file is {size}, more than the limit of {limit}",
            "filen är {size}, mer än gränsen {limit}",
            size=shown,
            limit=limit_shown,
        )
    message = tr(
        "{what} (set {name} to raise it)",
        "{what} (sätt {name} för att höja gränsen)",
        what=what,
        name=MAX_BYTES_ENV,
    )
    return PlanFileError([Problem(filename, None, None, "", message)])


def _bytes(size: int) -> str:
    return tr("{size} bytes", "{size} byte", size=size)


def _megabytes(size: int) -> str:
    if size < 2**20:
        return _bytes(size)
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"


_WIDE_ENCODINGS = (
    # Byte-order marks first (UTF-32 LE starts like UTF-16 LE), then the YAML
    # specification's rule for a file without one: its first character is ASCII.
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _wide_encoding(raw: bytes) -> str | None:
    """``"UTF-16"`` or ``"UTF-32"`` when ``raw`` is text in that encoding, else None."""
    for bom, name in _WIDE_ENCODINGS:
        if raw.startswith(bom):
            return name
    # Without a byte-order mark: the first character of a plan is ASCII, so
    # its other bytes are zeros.
    zeros = b"\0\0\0"
    if len(raw) >= 4 and 0 < max(raw[:4]) < 0x80 and zeros in (raw[:3], raw[1:4]):
        return "UTF-32"
    if len(raw) >= 2 and 0 < max(raw[:2]) < 0x80 and raw[:2].count(0) == 1:
        return "UTF-16"
    return None
