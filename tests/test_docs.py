"""The documentation keeps up with the code: every key, every name, every command."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import malstyrning
from conftest import ROOT
from malstyrning._cli import app

DOCS = ROOT / "docs"


def aliases(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every YAML key of ``model`` and of the models it contains."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(field.alias or name)
        for inner in _models_in(field.annotation):
            keys |= aliases(inner, seen)
    return keys


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def test_every_plan_key_is_documented() -> None:
    """docs/plan-format.md names every key of the plan format, in backticks."""
    text = (DOCS / "plan-format.md").read_text(encoding="utf-8")
    missing = sorted(key for key in aliases(malstyrning.Plan) if f"`{key}`" not in text)
    assert not missing, f"undocumented keys: {missing}"


def test_every_command_and_option_is_documented() -> None:
    """docs/cli.md describes every command and each of its options."""
    import typer.main
    from typer.core import TyperGroup

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    for name, command in group.commands.items():
        assert f"malstyrning {name}" in text, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in text, f"{name} {option}"


def test_readme_commands_match_ci() -> None:
    """The README's test command is .ci/run's (plus --run-slow, as the README says); it names the main job."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && pytest\n" in readme
    assert "pip install --quiet -e '.[test]' && pytest --run-slow\n" in ci
    assert "`pytest --run-slow`" in readme
    assert "pip install . && malstyrning assess plans/2018.yaml" in readme


PLAN_EXAMPLE = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("page", ["plan-format.md", "assessment.md"])
def test_complete_plan_examples_in_docs_validate(page: str) -> None:
    """Each page has whole-plan YAML examples (with `plan:` and `år:`), and each of them is valid."""
    blocks = PLAN_EXAMPLE.findall((DOCS / page).read_text(encoding="utf-8"))
    plans = [
        block
        for block in blocks
        if re.search(r"^plan:", block, re.MULTILINE) and re.search(r"^år:", block, re.MULTILINE)
    ]
    assert plans, f"no complete plan among the {len(blocks)} YAML examples of docs/{page}"
    for block in plans:
        malstyrning.loads_plan(block, filename=f"{page} example")


def _examples(text: str) -> list[tuple[int, str, list[str], int | None]]:
    """(block, command, documented output lines, documented exit code) for each `$ malstyrning` line."""
    found = []
    lines = text.splitlines()
    block = 0
    for i, line in enumerate(lines):
        if line.startswith("```"):
            block += 1
        if not line.startswith("$ malstyrning ") or "|" in line or ">" in line or "--kolada " in line:
            continue  # pipelines are illustrations; no test goes to the internet
        output: list[str] = []
        code: int | None = None
        for j in range(i + 1, len(lines)):
            if lines[j].startswith("```"):
                break
            if lines[j] == "$ echo $?":
                code = int(lines[j + 1])
                break
            if lines[j].startswith("$ "):
                break
            output.append(lines[j])
        found.append((block, line[2:], output, code))
    return found


# Output lines that are exact facts (not trimmed or wrapped): "file: ok" and "file:line:col: ...".
_EXACT = re.compile(r"^\S+\.(yaml|csv)(: ok|:\d+:\d+: .*|:\d+: .*|: no such file|: filen finns inte)$")


@pytest.mark.parametrize("page", ["README.md", "docs/cli.md", "docs/plan-format.md"])
def test_command_examples_print_what_the_docs_say(page: str, tmp_path: Path) -> None:
    """Each documented `$ malstyrning ...` runs with the documented exit code and messages.

    Each code block runs in a fresh copy of plans/ and tests/data/ (the commands
    of one block in order): examples that write (record, import, rollover)
    change the copy, never the repository.
    """
    examples = _examples((ROOT / page).read_text(encoding="utf-8"))
    runnable = [example for example in examples if "plans/" in example[1] or "tests/data/" in example[1]]
    assert runnable, f"no runnable `$ malstyrning` example found in {page}"
    compared = 0
    current = -1
    for block, command, output, code in runnable:
        if block != current:
            current = block
            shutil.rmtree(tmp_path / "repo", ignore_errors=True)
            shutil.copytree(ROOT / "plans", tmp_path / "repo" / "plans")
            shutil.copytree(ROOT / "tests" / "data", tmp_path / "repo" / "tests" / "data")
        result = subprocess.run(
            [sys.executable, "-m", "malstyrning", *shlex.split(command)[1:]],
            cwd=tmp_path / "repo",
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
        )
        assert "Traceback" not in result.stderr, command
        if code is not None:
            assert result.returncode == code, (command, result.stderr)
        actual = (result.stdout + result.stderr).splitlines()
        for line in output:
            if _EXACT.match(line):
                assert line in actual, (command, line)
                compared += 1
    assert compared, f"no documented output line of {page} was compared"
