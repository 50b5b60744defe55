"""The explain command: why an indicator or a goal has its label."""

from __future__ import annotations

from typing import Annotated

import typer

import malstyrning

from ._app import (
    ChosenYearOption,
    FormatOption,
    LangOption,
    OutputFormat,
    PeriodOption,
    PlanArgument,
    ReportIdOption,
    app,
    explain_chosen,
    library_errors,
    load_configured,
    speaks,
)


@app.command()
@speaks
def explain(
    plan: PlanArgument,
    item: Annotated[
        str, typer.Argument(help="The id of an indicator or a goal.", metavar="ID", show_default=False)
    ],
    year: ChosenYearOption = None,
    period: PeriodOption = None,
    report: ReportIdOption = None,
    output: FormatOption = OutputFormat.text,
    lang: LangOption = None,
) -> None:
    """Show every step that gave an indicator or a goal its label, in words and numbers."""
    language = malstyrning.current_language()
    with library_errors():
        explanation = explain_chosen(load_configured(plan), item, year, period, report)
    if output is OutputFormat.json:
        typer.echo(malstyrning.explanation_to_json(explanation, language))
    else:
        typer.echo(malstyrning.format_explanation(explanation, language), nl=False)
