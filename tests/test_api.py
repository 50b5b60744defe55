"""The public API: what is exported, what importing costs, how it is typed."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
import subprocess
import sys
from enum import StrEnum

import pytest

import malstyrning
from conftest import PLANS, ROOT
from malstyrning._report._labels import label

API_DOCS = ROOT / "docs" / "api.md"
# `__all__` is made at run time from the stub; the stub itself declares none, so
# that type checkers resolve `from malstyrning import *` from its imports.
ALL: list[str] = malstyrning.__all__  # type: ignore[attr-defined]


def _stub_names() -> dict[str, str]:
    """The public names and their modules, as ``__init__.pyi`` lists them."""
    tree = ast.parse((ROOT / "src" / "malstyrning" / "__init__.pyi").read_text(encoding="utf-8"))
    return {
        alias.asname or alias.name: node.module or ""
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }


def test_all_is_the_stub() -> None:
    """`__all__` and `dir()` are exactly the names the stub re-exports, sorted."""
    names = sorted(_stub_names())
    assert names == ALL
    assert dir(malstyrning) == names
    assert len(names) > 80


def test_every_public_name_is_documented() -> None:
    """Each name in `__all__` is described in docs/api.md, and each name a heading
    of docs/api.md documents is public: the API and its docs change together."""
    docs = API_DOCS.read_text(encoding="utf-8")
    undocumented = [name for name in ALL if not re.search(rf"`{re.escape(name)}\b", docs)]
    assert undocumented == []
    headings = [line for line in docs.splitlines() if line.startswith("#")]
    named = {name for line in headings for name in re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", line)}
    assert named, "docs/api.md names no public object in its headings"
    assert named - set(ALL) == set()


@pytest.mark.parametrize("name", sorted(_stub_names()))
def test_public_name_resolves_to_its_module(name: str) -> None:
    """Every public name is the object the stub says it is (type checkers and
    the runtime agree), and a class or function reports itself as malstyrning's."""
    value = getattr(malstyrning, name)
    module = importlib.import_module(f"malstyrning.{_stub_names()[name]}")
    assert value is getattr(module, name)
    if isinstance(value, type) or inspect.isfunction(value):
        assert value.__module__ == "malstyrning"


def test_unknown_name_is_an_attribute_error() -> None:
    """A name that is not public raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        malstyrning.nothing  # type: ignore[attr-defined]  # noqa: B018  (the point: no such name)


def test_star_import_gives_the_public_api() -> None:
    """`from malstyrning import *` binds exactly `__all__`."""
    namespace: dict[str, object] = {}
    exec("from malstyrning import *", namespace)
    assert sorted(set(namespace) - {"__builtins__"}) == ALL


def test_a_traceback_names_the_public_error() -> None:
    """A user pasting a traceback shows `malstyrning.PlanSyntaxError`, not a private module."""
    code = "import malstyrning; malstyrning.loads_plan('a: [')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("malstyrning.PlanSyntaxError: <string>:1:")
    assert "malstyrning._" not in result.stderr.splitlines()[-1]


def test_import_is_cheap() -> None:
    """`import malstyrning` loads no submodule and none of the heavy libraries
    until a name is used; using the engine does not load the reports."""
    code = (
        "import sys, malstyrning\n"
        "heavy = ('pydantic', 'yaml', 'ruamel', 'jinja2', 'httpx', 'rich', 'typer')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith('malstyrning.')))\n"
        "malstyrning.assess(malstyrning.load_plan(sys.argv[1]))\n"
        "print(sorted(m for m in ('jinja2', 'httpx', 'rich', 'typer', 'ruamel.yaml') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(PLANS / "2018.yaml")], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    assert out == ["['malstyrning._version']", "[]"]


def test_import_does_not_load_cli_or_terminal_libraries() -> None:
    """`import malstyrning` loads neither typer nor rich."""
    code = "import sys, malstyrning; print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_print_assessment_loads_lazily(capsys: pytest.CaptureFixture[str]) -> None:
    """print_assessment is reachable from the package and prints the tree."""
    result = malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml"))
    malstyrning.print_assessment(result, lang="en")
    assert "Strategic goal" in capsys.readouterr().out


def test_py_typed_marker() -> None:
    """The package ships type information."""
    assert (ROOT / "src" / "malstyrning" / "py.typed").is_file()


def test_results_are_frozen() -> None:
    """Result objects cannot be changed after the fact."""
    result = malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.year = 1999  # type: ignore[misc]  # frozen: mypy refuses it, and so does the run
    plan = malstyrning.load_plan(PLANS / "2018.yaml")
    with pytest.raises(ValueError, match="frozen"):
        plan.year = 1999  # type: ignore[misc]  # frozen: mypy refuses it, and so does the run


def test_error_hierarchy() -> None:
    """One base class, specific subclasses."""
    for error in (malstyrning.PlanFileError, malstyrning.PlanSyntaxError, malstyrning.PlanValidationError):
        assert issubclass(error, malstyrning.PlanError)
    assert issubclass(malstyrning.PlanError, malstyrning.MalstyrningError)


@pytest.mark.parametrize(
    "enum",
    [
        malstyrning.IndicatorStatus,
        malstyrning.GoalStatus,
        malstyrning.Change,
        malstyrning.Improvement,
        malstyrning.GoalKind,
        malstyrning.Direction,
        malstyrning.Method,
        malstyrning.TrendBasis,
        malstyrning.ActivityStatus,
        malstyrning.Reason,
        malstyrning.Note,
    ],
)
def test_every_code_has_labels_in_both_languages(enum: type[StrEnum]) -> None:
    """No code is shown to people without words, in Swedish and in English."""
    for member in enum:
        assert label(member, "sv")
        assert label(member, "en")


def test_labels_of_shared_codes_differ_by_kind() -> None:
    """Code "unchanged" is a change (→ Oförändrad) and an improvement (Oförändrad): two labels."""
    assert label(malstyrning.Change.UNCHANGED) == "→ Oförändrad"
    assert label(malstyrning.Improvement.UNCHANGED) == "Oförändrad"
    assert label(malstyrning.IndicatorStatus.NOT_ASSESSED) == "Inget värde angivet"
    assert label(malstyrning.GoalStatus.NOT_ASSESSED) == "Ej bedömd"


def test_colours_follow_the_labels() -> None:
    """On a colour terminal: reached green, close yellow, far red, not assessed dim."""
    import io

    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=200)
    malstyrning.print_assessment(
        malstyrning.assess(malstyrning.load_plan(PLANS / "2017.yaml")), console=console
    )
    text = out.getvalue()
    assert "\x1b[32mVärde uppnått" in text
    assert "\x1b[33mNära värde" in text
    assert "\x1b[31mLångt ifrån värde" in text
    assert "\x1b[1;35m" in text  # the ≠ mark of a disagreeing stated judgement
