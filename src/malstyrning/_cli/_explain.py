"""The explain command: why an indicator or a goal has its label."""

from __future__ import annotations

from typing import Annotated

import typer

import malstyrning

from ._app import (
    AssessedYearOption,
    FormatOption,
    LangOption,
    OutputFormat,
    PlanArgument,
    app,
    checked_year,
    library_errors,
    speaks,
)


@app.command()
@speaks
def explain(
    plan: PlanArgument,
    item: Annotated[
        str, typer.Argument(help="The id of an indicator or a goal.", metavar="ID", show_default=False)
    ],
    year: AssessedYearOption = None,
    output: FormatOption = OutputFormat.text,
    lang: LangOption = None,
) -> None:
    """Show every step that gave an indicator or a goal its label, in words and numbers."""
    if year is not None:
        year = checked_year(year, "--year")
    language = malstyrning.current_language()
    with library_errors():
        explanation = malstyrning.explain(malstyrning.load_plan(plan), item, year=year)
    if output is OutputFormat.json:
        typer.echo(malstyrning.explanation_to_json(explanation, language))
    else:
        typer.echo(malstyrning.format_explanation(explanation, language), nl=False)
