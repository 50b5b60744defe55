"""The language of messages: Swedish (the default) or English, one per run.

Every message the library writes for a person (an error, a warning, a line
of a command's output) is written in both languages where it is made::

    tr("unknown key {key!r}", "okänd nyckel {key!r}", key=key)

so that no message can lack its translation, and the two stay side by side
for review. The language is :func:`current_language`: the innermost
:func:`use_language` block, else the ``MALSTYRNING_LANG`` environment
variable (``sv`` or ``en``, or a locale such as ``en_US.UTF-8``; any other
value means Swedish), else Swedish. The command line's ``--lang``
is a :func:`use_language` around the whole command.

Labels (bedömning, trend) take their language as an argument instead, as
they did before messages had one; :func:`current_language` is their default
on the command line.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal, get_args

from ._errors import InvalidArgumentError

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "Language",
    "current_language",
    "no_such_file",
    "os_reason",
    "tr",
    "use_language",
]

Language = Literal["sv", "en"]
"""A language for labels and messages: ``"sv"`` (default) or ``"en"``."""

LANGUAGES: tuple[Language, ...] = get_args(Language)

ENVIRONMENT_VARIABLE = "MALSTYRNING_LANG"

# A context variable, not a global: threads and asyncio tasks each keep their
# own, so one request's --lang never leaks into another's.
_chosen: ContextVar[Language | None] = ContextVar("malstyrning_language", default=None)


def _language(value: object, what: str) -> Language:
    if value in LANGUAGES:
        return value
    raise InvalidArgumentError(
        tr(
            "{what} must be 'sv' or 'en', not {value!r}",
            "{what} ska vara 'sv' eller 'en', inte {value!r}",
            what=what,
            value=value,
        )
    )


def current_language() -> Language:
    """The language messages are written in now (see the module's docstring)."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    # The environment is read each time, so a test or a caller may change it.
    return _language_of(os.environ.get(ENVIRONMENT_VARIABLE, ""))


def _language_of(value: str) -> Language:
    """The language a ``MALSTYRNING_LANG`` value names: ``en``, or a locale of
    English (``en_US.UTF-8``, ``en-GB``, ``en@euro``), is English; anything
    else (``sv``, ``sv_SE.UTF-8``, an unknown or empty value) is Swedish."""
    language = re.split(r"[_.@-]", value.strip().lower(), maxsplit=1)[0]
    return "en" if language == "en" else "sv"


@contextmanager
def use_language(lang: Language) -> Iterator[None]:
    """Write messages in ``lang`` (``"sv"`` or ``"en"``) inside the ``with`` block.

    >>> with use_language("en"):
    ...     current_language()
    'en'

    Raises :class:`InvalidArgumentError` for any other value.
    """
    token = _chosen.set(_language(lang, "lang"))
    try:
        yield
    finally:
        _chosen.reset(token)


def tr(en: str, sv: str, /, **fields: object) -> str:
    """``en`` or ``sv``, in the current language, with ``fields`` filled in (``str.format``)."""
    template = en if current_language() == "en" else sv
    return template.format_map(fields) if fields else template


def no_such_file() -> str:
    """Why a file to be read (a plan, a CSV file, a saved Kolada answer) cannot be: it is not there."""
    return tr("no such file", "filen finns inte")


def os_reason(error: OSError) -> str:
    """Why the system refused a file, in the current language: ``error.strerror``
    for the common ``errno`` values, else the system's own words."""
    number = error.errno
    if number == errno.ENOENT:
        return tr("No such file or directory", "Filen eller mappen finns inte")
    if number in (errno.EACCES, errno.EPERM):
        return tr("Permission denied", "Behörighet saknas")
    if number == errno.EISDIR:
        return tr("Is a directory", "Är en mapp")
    if number == errno.ENOTDIR:
        return tr("Not a directory", "Är inte en mapp")
    if number == errno.ENOSPC:
        return tr("No space left on device", "Disken är full")
    if number == errno.EDQUOT:
        return tr("Disk quota exceeded", "Diskkvoten är slut")
    if number == errno.EROFS:
        return tr("Read-only file system", "Filsystemet är skrivskyddat")
    if number == errno.EEXIST:
        return tr("File exists", "Filen finns redan")
    if number == errno.ENAMETOOLONG:
        return tr("File name too long", "Filnamnet är för långt")
    if number == errno.ELOOP:
        return tr("Too many levels of symbolic links", "För många symboliska länkar i rad")
    if number == errno.EIO:
        return tr("Input/output error", "Fel vid läsning eller skrivning")
    if number == errno.EBUSY:
        return tr("Device or resource busy", "Upptagen av något annat")
    return error.strerror or str(error)
