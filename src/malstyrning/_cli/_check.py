"""Commands that check and scaffold plans: lint, schema, init."""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import (
    EXIT_INVALID,
    ForceOption,
    LangOption,
    PlansArgument,
    app,
    checked_year,
    force_hint,
    library_errors,
    output_file,
    parse_year,
    show_error,
    speaks,
    tr,
)

EXIT_FINDINGS = 1
# What a new plan names as its schema unless told otherwise: new_plan_text's own default.
_SCHEMA_REF: str = inspect.signature(malstyrning.new_plan_text).parameters["schema"].default


@app.command()
@speaks
def lint(
    plans: PlansArgument,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit with code 1 when there is a warning (info does not count).")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Check each valid PLAN for weak spots; print each with its line, column and severity."""
    findings: list[malstyrning.LintFinding] = []
    invalid = 0
    for path in plans:  # every plan, even after one that is not valid
        try:
            found = malstyrning.lint_plan(path)
        except malstyrning.PlanError as error:
            invalid += 1
            show_error(error)
            continue
        findings.extend(found)
        for finding in found:
            typer.echo(str(finding))
    typer.echo(_count(findings, len(plans) - invalid, invalid))
    if invalid:
        raise typer.Exit(EXIT_INVALID)
    if strict and any(f.severity is malstyrning.Severity.WARNING for f in findings):
        raise typer.Exit(EXIT_FINDINGS)


def _count(findings: list[malstyrning.LintFinding], linted: int, invalid: int) -> str:
    warnings = sum(f.severity is malstyrning.Severity.WARNING for f in findings)
    info = len(findings) - warnings
    text = tr("1 warning", "1 varning") if warnings == 1 else tr("{n} warnings", "{n} varningar", n=warnings)
    if linted == 1:
        text += tr(", {info} info in 1 plan", ", {info} info i 1 plan", info=info)
    else:
        text += tr(", {info} info in {n} plans", ", {info} info i {n} planer", info=info, n=linted)
    if invalid == 1:
        text += tr("; 1 invalid plan not linted", "; 1 ogiltig plan granskades inte")
    elif invalid:
        text += tr("; {n} invalid plans not linted", "; {n} ogiltiga planer granskades inte", n=invalid)
    return text


@app.command()
@speaks
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the schema to this file instead of standard output (- : standard output).",
            metavar="FILE",
        ),
    ] = None,
    lang: LangOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of the plan format, for editors (completion, help, validation)."""
    text = json.dumps(malstyrning.plan_schema(), indent=2, ensure_ascii=False) + "\n"
    output = output_file(output)
    if output is None:
        typer.echo(text, nl=False)
        return
    with library_errors(hint=force_hint):
        malstyrning.write_file(output, text.encode("utf-8"), overwrite=force)
    typer.echo(tr("wrote {path}", "skrev {path}", path=output))


@app.command()
@speaks
def init(
    path: Annotated[
        str, typer.Argument(help="The new plan file, or - for standard output.", metavar="PATH")
    ] = "plan.yaml",
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", parser=parse_year, help="The plan's year. Default: this year."),
    ] = None,
    organisation: Annotated[
        str,
        typer.Option("--organisation", metavar="NAME", help="The committee or department (organisation)."),
    ] = "Nämndens eller verksamhetens namn",
    kommun: Annotated[
        str | None,
        typer.Option(
            "--kommun",
            metavar="NAME",
            help="The municipality (kommun). With a folder as PATH: a new kommun repository there.",
        ),
    ] = None,
    schema_ref: Annotated[
        str,
        typer.Option(
            "--schema",
            metavar="PATH-OR-URL",
            help="Path or URL of plan.schema.json, named on the plan's first line for editors.",
        ),
    ] = _SCHEMA_REF,
    lang: LangOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a new, commented plan to fill in (PATH, default plan.yaml); replaces a file only with --force."""
    if year is not None:
        year = checked_year(year, "--year")
    folder = Path(path)
    if kommun is not None and path != "-" and (path.endswith(("/", os.sep)) or folder.is_dir()):
        # A folder (PATH/ or an existing one): a kommun repository to start from.
        with library_errors(hint=force_hint):
            files = malstyrning.new_kommun_files(kommun, year=year, organisation=organisation)
            # The plans name the schema for editors: write it beside them, as `schema -o` would.
            files["schema/plan.schema.json"] = (
                json.dumps(malstyrning.plan_schema(), indent=2, ensure_ascii=False) + "\n"
            )
            for name, content in files.items():
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                malstyrning.write_file(target, content.encode("utf-8"), overwrite=force)
        for name in files:
            typer.echo(tr("wrote {path}", "skrev {path}", path=folder / name))
        return
    with library_errors(hint=force_hint):
        text = malstyrning.new_plan_text(
            organisation=organisation, year=year, municipality=kommun, schema=schema_ref
        )
        if path == "-":
            typer.echo(text, nl=False)
            return
        malstyrning.write_file(path, text.encode("utf-8"), overwrite=force)
    typer.echo(tr("wrote {path}", "skrev {path}", path=path))
