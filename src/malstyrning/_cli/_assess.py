"""Commands that read plans: assess and validate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import EXIT_INVALID, Lang, OutputFormat, app, load, report_problems


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
    loaded = load(plan)
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
            report_problems(error)
        else:
            typer.echo(f"{path}: ok")
    if failed:
        raise typer.Exit(EXIT_INVALID)
