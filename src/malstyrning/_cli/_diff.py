"""The diff command: what changed between two versions of plans, in governance terms."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

import malstyrning

from ._app import LangOption, app, fail, library_errors, speaks, tr


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
@speaks
def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help=(
                "OLD and NEW: two plan files, or two folders of plans (*.yaml, matched by their path "
                "in the folder). With --git: the plan files or folders to compare (default: .)."
            ),
            metavar="OLD NEW",
            show_default=False,
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git",
            metavar="REV",
            help="Compare each plan as it was at this git revision (git show) with the working tree.",
        ),
    ] = None,
    git_driver: Annotated[
        bool,
        typer.Option(
            "--git-driver",
            help="Run as git's diff driver (diff.NAME.command): take the seven arguments git gives.",
        ),
    ] = False,
    output: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit with code 1 when there are differences.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """List what changed between two versions of plans: goals, indicators, targets, outcomes."""
    given = list(paths or [])
    with library_errors():
        if git_driver:
            diffs = _driver(given, git)
        elif git is not None:
            diffs = _at_revision(git, given or [Path()])
        else:
            diffs = _two(given)
    if output is DiffFormat.json:
        typer.echo(malstyrning.diff_to_json(diffs))
    elif output is DiffFormat.md:
        typer.echo(malstyrning.diff_to_markdown(diffs, malstyrning.current_language()), nl=False)
    else:
        typer.echo(malstyrning.format_diff(diffs, malstyrning.current_language()), nl=False)
    if exit_code and any(found.changed for found in diffs):
        raise typer.Exit(1)


def _two(paths: list[Path]) -> list[malstyrning.PlanDiff]:
    if len(paths) != 2:
        raise fail(
            tr(
                "give two plan files or two folders (OLD NEW), or --git REV",
                "ange två planfiler eller två mappar (GAMMAL NY), eller --git REV",
            )
        )
    old, new = paths
    if old.is_dir() and new.is_dir():
        return list(
            malstyrning.diff_plan_sets(malstyrning.load_plan_folder(old), malstyrning.load_plan_folder(new))
        )
    if old.is_dir() or new.is_dir():
        raise fail(
            tr(
                "compare a file with a file, or a folder with a folder: {old}, {new}",
                "jämför en fil med en fil, eller en mapp med en mapp: {old}, {new}",
                old=old,
                new=new,
            )
        )
    found = malstyrning.diff_plans(
        malstyrning.load_plan(old), malstyrning.load_plan(new), name=f"{old} → {new}"
    )
    return [found]


def _at_revision(revision: str, paths: list[Path]) -> list[malstyrning.PlanDiff]:
    diffs: list[malstyrning.PlanDiff] = []
    for path in paths:
        if path.is_dir():
            old = malstyrning.load_plan_folder_at(revision, path)
            new = malstyrning.load_plan_folder(path)
            prefix = "" if str(path) == "." else f"{path.as_posix()}/"
            diffs += malstyrning.diff_plan_sets(
                {prefix + name: plan for name, plan in old.items()},
                {prefix + name: plan for name, plan in new.items()},
            )
        else:
            old_plan = malstyrning.load_plan_at(revision, path)
            diffs.append(malstyrning.diff_plans(old_plan, malstyrning.load_plan(path), name=str(path)))
    return diffs


def _driver(arguments: list[Path], git: str | None) -> list[malstyrning.PlanDiff]:
    # git runs: command path old-file old-hex old-mode new-file new-hex new-mode, and for a
    # renamed or copied file two more: the new path and a header ("similarity index ...").
    if len(arguments) not in (7, 9) or git is not None:
        raise fail(
            tr(
                "--git-driver takes the seven arguments git gives a diff driver "
                "(path old-file old-hex old-mode new-file new-hex new-mode), nine for a rename",
                "--git-driver tar de sju argument som git ger ett diff-program "
                "(sökväg gammal-fil gammal-hex gammal-läge ny-fil ny-hex nytt-läge), nio för ett nytt namn",
            )
        )
    name, old_file, new_file = arguments[0], arguments[1], arguments[4]
    if len(arguments) == 9:  # renamed: one plan under its old and its new name
        old_plan, new_plan = malstyrning.load_plan(old_file), malstyrning.load_plan(new_file)
        return [malstyrning.diff_plans(old_plan, new_plan, name=f"{name} → {arguments[7]}")]
    old = {} if str(old_file) == "/dev/null" else {str(name): malstyrning.load_plan(old_file)}
    new = {} if str(new_file) == "/dev/null" else {str(name): malstyrning.load_plan(new_file)}
    return list(malstyrning.diff_plan_sets(old, new))
