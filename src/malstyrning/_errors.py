"""The exceptions raised by malstyrning.

Catch :class:`MalstyrningError` to handle every error the library raises::

    MalstyrningError
    ├── PlanError                  a plan file could not be used; .problems lists why
    │   ├── PlanFileError          the file cannot be read (missing, not UTF-8, ...)
    │   ├── PlanSyntaxError        the file is not valid YAML (or has duplicate keys)
    │   └── PlanValidationError    the YAML does not describe a valid plan
    ├── DataFileError              an input data file (CSV, saved Kolada JSON) has
    │                              problems; .problems lists them with line numbers
    ├── UpdateError                a change cannot be made (unknown indicator, ...);
    │   │                          nothing was written
    │   ├── OutcomeExistsError     a different outcome is already recorded
    │   ├── OutputExistsError      the file to write exists (also FileExistsError)
    │   └── OutputFileError        a file cannot be written: no such folder, no
    │                              permission, ... (also OSError)
    ├── ConcurrentEditError        another writer holds the plan's lock, or the plan
    │                              changed on disk while it was being updated
    ├── KoladaError                Kolada could not be reached or answered with an error
    ├── InvalidArgumentError       an argument cannot be used (also ValueError)
    │   └── ArgumentTypeError      an argument of the wrong kind (also TypeError)
    └── MissingExtraError          an optional extra is not installed (also
                                   ModuleNotFoundError)

Errors are data first: every :class:`PlanError` carries a list of located
:class:`Problem` objects; ``str(error)`` renders them one per line as
``file:line:column: path: message``. Errors a caller may act on carry what
happened as attributes (:attr:`OutcomeExistsError.old`,
:attr:`KoladaError.status`, ...), so that a program, or the command line, can
say what to do about it in its own words: messages from the library never
name a command-line option.

The classes that also derive from a built-in exception (``ValueError``,
``TypeError``, ``OSError``, ``FileExistsError``, ``ModuleNotFoundError``) are
raised where Python's conventions expect that built-in, so code written
against the built-in keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ArgumentTypeError",
    "ConcurrentEditError",
    "ConfigError",
    "DataFileError",
    "InvalidArgumentError",
    "KoladaError",
    "MalstyrningError",
    "MissingExtraError",
    "OutcomeExistsError",
    "OutputExistsError",
    "OutputFileError",
    "PlanError",
    "PlanFileError",
    "PlanSyntaxError",
    "PlanValidationError",
    "Problem",
    "UpdateError",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem in a plan file.

    ``line`` and ``column`` are 1-based; they are ``None`` when the problem has
    no position (for example a file that cannot be read). ``path`` is the key
    path inside the plan, such as ``målområden[0].mål[1].indikatorer[0].målvärde``,
    or ``""`` for the document as a whole.
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class MalstyrningError(Exception):
    """Base class of every error raised by malstyrning."""


class _ProblemsError(MalstyrningError):
    """An error that is a list of located problems; ``str()`` is one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[object, ...]:  # pickled with its problems, not its message
        return (type(self), (list(self.problems),))


class PlanError(_ProblemsError):
    """A plan file could not be used. ``problems`` lists every problem found."""


class PlanFileError(PlanError):
    """The plan file cannot be read: it is missing, a directory, or not UTF-8."""


class PlanSyntaxError(PlanError):
    """The plan file is not valid YAML, or a mapping repeats a key."""


class PlanValidationError(PlanError):
    """The YAML is well formed but does not describe a valid plan."""


class ConfigError(_ProblemsError):
    """A kommun repository's ``malstyrning.toml`` cannot be used: it cannot be read,
    is not TOML, or has an unknown key or a wrong value. ``problems`` lists every one."""


class DataFileError(_ProblemsError):
    """An input data file (CSV, a saved Kolada response) has problems.

    ``problems`` lists every one, located by line where possible; nothing was
    written.
    """


class UpdateError(MalstyrningError):
    """A change cannot be made to the plan (or a file be written); the message
    says why. Nothing was written."""


class OutcomeExistsError(UpdateError):
    """A different outcome is already recorded for the indicator and year, and
    replacing it was not asked for. Nothing was written.

    ``indicator`` and ``year`` name the outcome, ``series`` the ``jämförelse``
    series (``None`` for ``utfall``), and ``old`` is the value there, exactly
    as written in the file. ``message`` is what ``str()`` says, in the
    raiser's language (this module writes no words of its own); without it,
    ``str()`` is ``"<indicator> <year>: <old>"``.
    """

    def __init__(
        self, indicator: str, year: int, old: str, series: str | None = None, *, message: str | None = None
    ) -> None:
        super().__init__(f"{indicator} {year}: {old}" if message is None else message)
        self.indicator = indicator
        self.year = year
        self.old = old
        self.series = series

    def __reduce__(self) -> tuple[object, ...]:  # pickled with its arguments and its message
        return (_outcome_exists, (self.indicator, self.year, self.old, self.series, str(self)))


class OutputExistsError(UpdateError, FileExistsError):
    """The file to write exists and replacing it was not asked for. Nothing was written.

    ``filename`` is the file; ``str()`` is the file name followed by
    ``strerror``, e.g. ``"plan.yaml already exists; not overwritten"``.
    """

    def __str__(self) -> str:
        return f"{self.filename} {self.strerror}"


class OutputFileError(UpdateError, OSError):
    """A file cannot be written: its folder does not exist, there is no
    permission, the disk is full. Nothing was written.

    An :class:`OSError` with ``errno``, ``strerror`` (why) and ``filename``
    (the file); ``str()`` is ``"<filename>: <strerror>"``.
    """

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


class ConcurrentEditError(MalstyrningError):
    """Another writer kept the plan's lock too long, or the file changed on disk
    between reading and writing (an editor, a sync tool); nothing was written."""


class KoladaError(MalstyrningError):
    """Kolada could not be reached, timed out, or answered with an error.

    ``status`` is the HTTP status of an answer that was an error (404 for a
    wrong address), else ``None``. ``transient`` is true when the failure may
    pass by itself (no connection, a timeout, HTTP 429 or 5xx), after every
    retry was spent: trying again later, or a saved answer, may do.
    """

    def __init__(self, message: str, *, status: int | None = None, transient: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient


class InvalidArgumentError(MalstyrningError, ValueError):
    """An argument cannot be used: a year out of range, an unknown format or
    indicator id, arrays of the wrong shape, ...; the message says which."""


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong kind (text where numbers belong, a dict where
    :class:`Rules` belong); also a ``TypeError``."""


class MissingExtraError(MalstyrningError, ModuleNotFoundError):
    """What was asked for needs an optional extra that is not installed.

    ``extra`` is the extra to install (``"report"``, ``"batch"``: ``pip
    install 'malstyrning[report]'``) and ``name`` the module that is missing;
    the message says both.
    """

    def __init__(self, message: str, *, name: str | None, extra: str) -> None:
        super().__init__(message, name=name)
        self.extra = extra

    def __reduce__(self) -> tuple[object, ...]:  # pickled with its keyword arguments
        return (_missing_extra, (self.msg, self.name, self.extra))


def _outcome_exists(
    indicator: str, year: int, old: str, series: str | None, message: str
) -> OutcomeExistsError:
    return OutcomeExistsError(indicator, year, old, series, message=message)


def _missing_extra(message: str, name: str | None, extra: str) -> MissingExtraError:
    return MissingExtraError(message, name=name, extra=extra)
