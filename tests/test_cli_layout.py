"""How the command line is put together: no import cycle, only the public API."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT

CLI = ROOT / "src" / "malstyrning" / "_cli"


def _sibling_imports() -> dict[str, set[str]]:
    """For each module of the CLI package, the modules of the package it imports."""
    modules = {path.stem for path in CLI.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for path in CLI.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level == 1:  # from ._app import ..., from . import _check
                    module = f"malstyrning._cli.{module}".rstrip(".")
                if module == "malstyrning._cli":  # from malstyrning._cli import _check
                    found.update(alias.name for alias in node.names)
                elif module.startswith("malstyrning._cli."):
                    found.add(module.removeprefix("malstyrning._cli."))
        graph[path.stem] = found & modules
    return graph


def test_the_app_module_imports_no_command() -> None:
    """`_app` (the typer app and shared helpers) imports no command module of the CLI
    package, only `_words` (the command line's Swedish), which imports none."""
    graph = _sibling_imports()
    assert graph["_app"] <= {"_words"}
    assert graph["_words"] == set()


def test_every_command_module_is_named_and_every_command_listed() -> None:
    """`COMMANDS` names a module for each command the app has, in `--help` order,
    and each command module of the package registers at least one of them."""
    import typer.core
    import typer.main

    from malstyrning._cli import COMMANDS, app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert list(group.commands) == list(COMMANDS)
    for name, command in group.commands.items():  # `run` imports the module COMMANDS names
        assert command.callback is not None
        assert command.callback.__module__ == f"malstyrning._cli.{COMMANDS[name]}"
    modules = {path.stem for path in CLI.glob("_*.py")} - {"__init__", "_app", "_words"}
    assert set(COMMANDS.values()) == modules


def test_a_command_imports_only_its_own_module() -> None:
    """`malstyrning assess` does not import the other commands' modules (start-up time)."""
    code = (
        "import sys\n"
        "sys.argv = ['malstyrning', 'assess', sys.argv[1]]\n"
        "from malstyrning._cli import run\n"
        "try:\n"
        "    run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('malstyrning._cli.')), file=sys.stderr)\n"
    )
    plan = str(ROOT / "plans" / "2018.yaml")
    result = subprocess.run([sys.executable, "-c", code, plan], capture_output=True, text=True, check=True)
    expected = ["malstyrning._cli._app", "malstyrning._cli._assess", "malstyrning._cli._words"]
    assert result.stderr.strip() == str(expected)


def test_the_console_script_entry_point() -> None:
    """pyproject's script is `malstyrning._cli:run`, and `python -m malstyrning` runs the same."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'malstyrning = "malstyrning._cli:run"' in text
    out = subprocess.run(
        [sys.executable, "-m", "malstyrning", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("malstyrning ")


def test_the_cli_uses_only_the_public_api() -> None:
    """No CLI module imports or names a private module of malstyrning (`malstyrning._x`)."""
    used = set()
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                used.add(node.module)
            elif isinstance(node, ast.Import):
                used.update(alias.name for alias in node.names)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "malstyrning"
            ):
                used.add(f"malstyrning.{node.attr}")
    private = sorted(
        name
        for name in used
        if name.startswith("malstyrning._") and not name.startswith(("malstyrning._cli", "malstyrning.__"))
    )
    assert private == []


def test_init_names_the_library_default_schema() -> None:
    """`init --schema` defaults to new_plan_text's own default, so the two cannot drift apart."""
    import inspect

    import malstyrning
    from malstyrning._cli import app

    default = inspect.signature(malstyrning.new_plan_text).parameters["schema"].default
    command = next(c for c in app.registered_commands if c.callback and c.callback.__name__ == "init")
    assert command.callback is not None
    assert inspect.signature(command.callback).parameters["schema_ref"].default == default
