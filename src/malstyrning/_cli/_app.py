"""The typer app and what the commands share; it imports no command module.

Library errors become messages and exit codes in one place,
:func:`library_errors` (as pypa/build's ``_handle_build_error`` does), so the
commands hold no ``except`` blocks of their own. The codes are the ones
docs/cli.md lists: 1 when a change was refused or could not be made (the plan
is left as it was), 2 when the input is not usable.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import malstyrning
from malstyrning import __version__

app = typer.Typer(
    name="malstyrning",
    help="Goal governance (målstyrning) for Swedish municipalities: validate, assess and keep plans current.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_REFUSED = 1
EXIT_INVALID = 2

# The errors of a file write that say the path given cannot be used as it is
# (exit 2); any other (a full disk, an I/O error) is the system failing (exit 1).
_UNUSABLE_PATH = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EINVAL,
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENAMETOOLONG,
    errno.ELOOP,
    errno.EMLINK,
    errno.ENXIO,
}

Hint = Callable[[malstyrning.MalstyrningError], str | None]
"""What a command adds to a library error's message: its own options, say."""


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class Lang(StrEnum):
    sv = "sv"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"malstyrning {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Goal governance (målstyrning) for Swedish municipalities."""


def exit_code(error: malstyrning.MalstyrningError) -> int:
    """The exit code of a library error.

    1: a change was refused or could not be made (an outcome already there,
    a file that exists, the plan changed on disk, Kolada unreachable, an
    extra not installed, the disk full or another failure of the system
    while writing). 2: input that cannot be used (a plan or data file, an
    argument, a path to write that cannot be used as it is: its folder does
    not exist, a folder, a device, a write-protected file), and anything else.
    """
    if isinstance(error, malstyrning.OutputFileError):  # an UpdateError: which, says its errno
        return EXIT_INVALID if error.errno in _UNUSABLE_PATH else EXIT_REFUSED
    refused = (
        malstyrning.UpdateError,
        malstyrning.ConcurrentEditError,
        malstyrning.KoladaError,
        malstyrning.MissingExtraError,
    )
    return EXIT_REFUSED if isinstance(error, refused) else EXIT_INVALID


def show_error(
    error: malstyrning.MalstyrningError, *, plan: Path | None = None, hint: Hint | None = None
) -> int:
    """Print ``error`` on standard error as the command line says it; return its exit code.

    A plan or data file's problems are printed one per line. Any other error
    is one line: its message, then what ``hint`` adds; an error about the
    change to ``plan`` (refused, concurrent, Kolada) starts with the plan's
    name, unless it names a file of its own.
    """
    if isinstance(error, malstyrning.PlanError | malstyrning.DataFileError):
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        return EXIT_INVALID
    message = str(error) + ((hint(error) if hint else None) or "")
    about_the_plan = (malstyrning.UpdateError, malstyrning.ConcurrentEditError, malstyrning.KoladaError)
    names_its_file = isinstance(error, malstyrning.OutputFileError)  # "<file>: <why>"
    if plan is not None and isinstance(error, about_the_plan) and not names_its_file:
        message = f"{plan}: {message}"
    typer.echo(message, err=True)
    return exit_code(error)


@contextmanager
def library_errors(*, plan: Path | None = None, hint: Hint | None = None) -> Iterator[None]:
    """Turn a library error raised in the block into its message and exit code (see :func:`show_error`)."""
    try:
        yield
    except malstyrning.MalstyrningError as error:
        raise typer.Exit(show_error(error, plan=plan, hint=hint)) from None


def tr(en: str, sv: str, /, **fields: object) -> str:
    """``en`` or ``sv`` in the language of the run, with ``fields`` filled in: the
    library's ``tr``, for the command line's own words (it uses only the public API)."""
    template = en if malstyrning.current_language() == "en" else sv
    return template.format_map(fields) if fields else template


def force_hint(error: malstyrning.MalstyrningError) -> str | None:
    """What to add when an output file exists: the option that replaces it."""
    if isinstance(error, malstyrning.OutputExistsError):
        return tr("; use --force to replace it", "; använd --force för att ersätta den")
    return None


def fail(message: str, code: int = EXIT_INVALID) -> typer.Exit:
    """Print ``message`` (a usage error the CLI found itself) on stderr; return the Exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)
