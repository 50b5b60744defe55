"""The typer app and what the commands share; it imports no command module."""

from __future__ import annotations

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


def load(path: Path) -> malstyrning.Plan:
    try:
        return malstyrning.load_plan(path)
    except malstyrning.PlanError as error:
        report_problems(error)
        raise typer.Exit(EXIT_INVALID) from None


def report_problems(error: malstyrning.PlanError | malstyrning.DataFileError) -> None:
    for problem in error.problems:
        typer.echo(str(problem), err=True)


def fail(message: str, code: int = EXIT_INVALID) -> typer.Exit:
    """Print ``message`` on stderr; return the Exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)
