"""Commands that read plans: assess and validate."""

from __future__ import annotations

import typer

import malstyrning

from ._app import (
    ChosenYearOption,
    FormatOption,
    LangOption,
    OutputFormat,
    PeriodOption,
    PlanArgument,
    PlansArgument,
    ReportIdOption,
    app,
    assess_chosen,
    assess_kommun_chosen,
    library_errors,
    load_configured,
    load_kommun_configured,
    own_escapes,
    plan_or_year,
    show_error,
    speaks,
)


@app.command()
@speaks
def assess(
    plan: PlanArgument,
    year: ChosenYearOption = None,
    period: PeriodOption = None,
    report: ReportIdOption = None,
    output: FormatOption = OutputFormat.text,
    lang: LangOption = None,
) -> None:
    """Assess every indicator and goal of PLAN (a file or a kommun's folder) and show the result."""
    with library_errors():
        plan = plan_or_year(plan)  # a year in a kommun repository: its folder
    if plan.is_dir():
        with library_errors():
            kommun = assess_kommun_chosen(load_kommun_configured(plan), year, period, report)
        if output is OutputFormat.json:
            typer.echo(malstyrning.kommun_to_json(kommun))
        else:
            with own_escapes():
                malstyrning.print_kommun(kommun, lang=malstyrning.current_language())
        return
    with library_errors():
        result = assess_chosen(load_configured(plan), year, period, report)
    if output is OutputFormat.json:
        typer.echo(malstyrning.to_json(result))
    else:
        with own_escapes():  # colours; the plan's text is made printable by print_assessment
            malstyrning.print_assessment(result, lang=malstyrning.current_language())


@app.command()
@speaks
def validate(
    plans: PlansArgument,
    lang: LangOption = None,
) -> None:
    """Check that each PLAN is a valid plan; print every problem found."""
    code = 0
    for given in plans:  # every plan, even after one that is not valid
        with library_errors():
            path = plan_or_year(given)  # a year in a kommun repository: its folder
        if path.is_dir():  # a kommun's folder: every plan in it, and the links between them
            try:
                kommun = load_kommun_configured(path)
            except malstyrning.PlanError as error:
                code = max(code, show_error(error))
                continue
            for found in kommun.plans:
                for warning in malstyrning.plan_warnings(found.path):
                    typer.echo(str(warning), err=True)
                typer.echo(f"{found.path}: ok")
            continue
        try:
            warnings = malstyrning.plan_warnings(path)
        except malstyrning.PlanError as error:
            code = max(code, show_error(error))
        else:
            for warning in warnings:  # valid, but a trap for the follow-up: said, not failed
                typer.echo(str(warning), err=True)
            typer.echo(f"{path}: ok")
    if code:
        raise typer.Exit(code)
