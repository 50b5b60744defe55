"""The ``malstyrning`` command: a thin layer over the public API.

It parses arguments, calls :mod:`malstyrning`, and turns library errors into
messages and exit codes: 0 success, 1 a check failed or an update was refused
(lint --strict warnings, an outcome that needs --replace, a plan changed on
disk, Kolada unreachable), 2 invalid input (a plan or data file that cannot be
read or is not valid, or a usage error).
"""

from __future__ import annotations

import gc
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

app = typer.Typer(
    name="malstyrning",
    help="Goal governance (målstyrning) for Swedish municipalities: validate, assess and keep plans current.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_INVALID = 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class Lang(StrEnum):
    sv = "sv"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"malstyrning {malstyrning.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Goal governance (målstyrning) for Swedish municipalities."""


@app.command()
def assess(
    plan: Annotated[Path, typer.Argument(help="The plan file (YAML).", metavar="PLAN", show_default=False)],
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Year to assess. Default: the latest year with an outcome."),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of labels.")] = Lang.sv,
) -> None:
    """Assess every indicator and goal of PLAN and show the result."""
    loaded = _load(plan)
    result = malstyrning.assess(loaded, year=year)
    if output is OutputFormat.json:
        typer.echo(malstyrning.to_json(result))
    else:
        malstyrning.print_assessment(result, lang=lang.value)


@app.command()
def validate(
    plans: Annotated[
        list[Path], typer.Argument(help="Plan files (YAML).", metavar="PLAN...", show_default=False)
    ],
) -> None:
    """Check that each PLAN is a valid plan; print every problem found."""
    failed = False
    for path in plans:
        try:
            malstyrning.load_plan(path)
        except malstyrning.PlanError as error:
            failed = True
            _report(error)
        else:
            typer.echo(f"{path}: ok")
    if failed:
        raise typer.Exit(EXIT_INVALID)


def _load(path: Path) -> malstyrning.Plan:
    try:
        return malstyrning.load_plan(path)
    except malstyrning.PlanError as error:
        _report(error)
        raise typer.Exit(EXIT_INVALID) from None


def _report(error: malstyrning.PlanError | malstyrning.DataFileError) -> None:
    for problem in error.problems:
        typer.echo(str(problem), err=True)


def fail(message: str, code: int = EXIT_INVALID) -> typer.Exit:
    """Print ``message`` on stderr; return the Exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def run() -> None:
    """Entry point of the console script."""
    # A plan is read into a few hundred thousand objects that live until the
    # command ends, and the cyclic garbage collector walks all of them again and
    # again while the results are built (a fifth of `assess` on a large plan).
    # Collecting less often, as mypy does, costs a short-lived command nothing.
    gc.set_threshold(200_000, 30, 30)
    app()


# Commands kept in their own modules register themselves on `app` when imported.
from malstyrning._cli import _check, _reports, _write  # noqa: E402, F401
