"""The due command: what the next report back must cover, and what is late."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

import malstyrning

from ._app import (
    FormatOption,
    LangOption,
    OutputFormat,
    PlanArgument,
    app,
    library_errors,
    load_configured,
    parse_date,
    speaks,
)


@app.command()
@speaks
def due(
    plan: PlanArgument,
    on: Annotated[
        dt.date | None,
        typer.Option(
            "--on",
            parser=parse_date,
            metavar="DATE",
            help="The day to look from (YYYY-MM-DD). Default: today.",
            show_default=False,
        ),
    ] = None,
    output: FormatOption = OutputFormat.text,
    lang: LangOption = None,
) -> None:
    """List what the next report back must cover, what is past its due date, what was moved."""
    with library_errors():
        found = malstyrning.due(load_configured(plan), on=on or dt.date.today())
    if output is OutputFormat.json:
        typer.echo(malstyrning.due_to_json(found))
    else:
        typer.echo(malstyrning.format_due(found, malstyrning.current_language()), nl=False)
