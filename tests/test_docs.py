"""The documentation keeps up with the code: every key, every name, every command."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import AliasChoices, BaseModel
from pydantic.fields import FieldInfo

import docs_examples
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
        keys.add(_key(name, field))
        for inner in _models_in(field.annotation):
            keys |= aliases(inner, seen)
    return keys


def _key(name: str, field: FieldInfo) -> str:
    """The YAML key a field is read from: its alias, or the key it shares with another field
    (an indicator's `period_outcomes` are the period keys of its `utfall`)."""
    if field.alias:
        return field.alias
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        alias = next((choice for choice in alias.choices if isinstance(choice, str)), None)
    return alias if isinstance(alias, str) else name


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


# --- every example of every page, run as a reader would (tests/docs_examples.py) ------------

EXAMPLE_PAGES = [name for name in docs_examples.PAGES if docs_examples.read_page(name).examples]


def _check_page(page_name: str, tmp_path: Path, *, subprocess: bool = False) -> None:
    page = docs_examples.read_page(page_name)
    results = docs_examples.run_page(page, tmp_path / "repo", subprocess=subprocess)
    if os.environ.get(docs_examples.UPDATE_DOCS) and not subprocess:
        changed = docs_examples.rewrite(page, results)
        failed = [str(m) for m in docs_examples.mismatches(results) if m.outcome.error]
        change = "changed: review the diff" if changed else "unchanged"
        pytest.fail(
            f"{docs_examples.UPDATE_DOCS} is set: rewrote the examples' output in {page_name} ({change});"
            f" run again without it" + "".join(f"\n\nnot rewritten, it failed:\n{f}" for f in failed)
        )
    wrong = docs_examples.mismatches(results)
    assert not wrong, f"{page_name}: {len(wrong)} example(s) differ from what they print:\n\n" + "\n\n".join(
        map(str, wrong)
    )


@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_every_example_prints_exactly_what_the_page_shows(page: str, tmp_path: Path) -> None:
    """Each page's examples, run in order in one fresh copy of plans/, tests/data/ and schema/ at the
    page's stated width, print exactly the output shown (whole, standard error included) and the
    exit code shown; no traceback. Commands run in-process here; the slow test below runs them as
    real processes.

    With MALSTYRNING_UPDATE_DOCS=1 the shown outputs are rewritten from the runs, and the test
    fails saying so, as MALSTYRNING_UPDATE_GOLDEN does for the golden files.
    """
    _check_page(page, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_every_command_example_prints_the_same_in_a_real_process(page: str, tmp_path: Path) -> None:
    """The same, each command run as the `malstyrning` console script runs, with both streams in one
    pipe, as a terminal shows them: the in-process runs of the fast test are what a planner sees."""
    _check_page(page, tmp_path, subprocess=True)


def test_the_pages_with_examples_are_the_ones_expected() -> None:
    """The parser finds the examples: the pages that have them, and how many commands the main ones run."""
    assert {"README.md", "docs/cli.md", "docs/api.md", "docs/kolada.md", "docs/assessment.md"} <= set(
        EXAMPLE_PAGES
    )
    commands = [e for e in docs_examples.read_page("docs/cli.md").examples if e.kind == "command"]
    assert len(commands) >= 25
    assert any(e.code is not None for e in commands)


@pytest.mark.parametrize("page", docs_examples.PAGES)
def test_every_example_is_run_or_marked_not_run(page: str) -> None:
    """A page with command examples states their width once; a `$` line that is not a malstyrning command
    (pip, curl) and a pipeline other than into head, tail, grep or jq stand only in a block marked
    `<!-- not run: reason -->`; every python block followed by its output is run."""
    parsed = docs_examples.read_page(page)
    if any(example.kind in {"command", "shell"} for example in parsed.examples):
        assert parsed.width is not None, f"{page}: say once at what width the examples are shown"
        stated = docs_examples.WIDTH.findall("\n".join(parsed.lines))
        assert len(stated) == 1, f"{page}: the width is stated {len(stated)} times"
    for example in parsed.examples:
        if example.kind != "command":
            continue
        words, _, pipeline = example.text.partition(" | ")
        assert words.startswith("malstyrning "), f"{page}:{example.line}: {example.text} is not run"
        assert ">" not in words, f"{page}:{example.line}: a redirection is not run: {example.text}"
        if pipeline:
            assert pipeline.split()[0] in {"head", "tail", "grep", "jq"}, f"{page}:{example.line}"
    for block in parsed.blocks:
        if block.marker and block.marker[0] == "not run":
            assert block.marker[1].strip(), f"{page}:{block.start + 1}: say why the block is not run"


@pytest.mark.parametrize("page", docs_examples.PAGES)
def test_no_trailing_spaces_in_the_docs(page: str) -> None:
    """No line of a page ends in a space or tab: no example shows output the tool should not print."""
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    trailing = [number for number, line in enumerate(lines, 1) if line != line.rstrip()]
    assert not trailing, f"{page}: trailing whitespace on lines {trailing}"
