"""The public API: what is exported, what importing costs, how it is typed."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from enum import StrEnum

import pytest

import malstyrning
from conftest import PLANS, ROOT
from malstyrning._report._labels import label

EXPORTED = {
    "Activity", "ActivityStatus", "AreaResult", "AreaSection", "Assessment", "Assignment", "Change",
    "ConcurrentEditError", "DEFAULT_KOLADA_URL", "DEFAULT_NEAR", "DataFileError", "Direction",
    "EffectiveRules", "FocusArea", "Gender", "Goal", "GoalKind", "GoalResult", "GoalSection", "GoalStatus",
    "Guarantee", "Improvement", "Indicator", "IndicatorResult", "IndicatorRow", "IndicatorStatus",
    "JSON_SCHEMA_VERSION", "KOLADA_URL_ENV", "KoladaError", "KoladaRef", "Language", "LintFinding",
    "LintRule", "MalstyrningError", "Method", "MissingOutcome", "NO_YEAR", "Note", "Outcome", "OutcomeCell",
    "OutcomeUpdate", "Plan", "PlanError", "PlanFileError", "PlanSyntaxError", "PlanValidationError",
    "Problem", "REPORT_FORMATS", "Reason", "Report", "ReportFormat", "Risk", "RolloverResult", "Rules",
    "SeriesAssessment", "Severity", "Summary", "Trend", "TrendBasis", "UpdateError", "UpdateKind",
    "UpdateResult", "ValuePoint", "__version__", "apply_updates", "assess", "assess_indicator",
    "assess_series", "assessment_to_dict", "build_report", "effective_rules", "import_csv",
    "kolada_updates", "label", "latest_year", "lint_plan", "lint_text", "load_plan", "loads_plan",
    "new_plan_text", "number_text", "parse_comparisons", "parse_years", "plan_schema", "print_assessment",
    "read_outcomes_csv", "record_outcome", "render_indicator_chart", "render_report", "roll_up", "rollover",
    "to_json", "value_from_text", "write_file",
}  # fmt: skip


def test_exported_members() -> None:
    """`__all__` is exactly the documented API; changing it must be deliberate."""
    assert set(malstyrning.__all__) == EXPORTED
    assert sorted(dir(malstyrning)) == sorted(EXPORTED)
    for name in malstyrning.__all__:
        assert getattr(malstyrning, name) is not None


def test_lazy_names_match_the_typed_imports() -> None:
    """Every public name is found where the type checker is told it is, and
    resolves to that module's object."""
    import ast
    import importlib

    tree = ast.parse((ROOT / "src" / "malstyrning" / "__init__.py").read_text(encoding="utf-8"))
    guarded = next(node for node in tree.body if isinstance(node, ast.If))  # `if TYPE_CHECKING:`
    typed = {
        alias.name: node.module
        for node in guarded.body
        if isinstance(node, ast.ImportFrom) and node.level == 1  # from ._module import ...
        for alias in node.names
    }
    assert typed == malstyrning._WHERE
    assert set(typed) | {"__version__"} == EXPORTED
    for name, module in typed.items():
        assert getattr(malstyrning, name) is getattr(importlib.import_module(f"malstyrning.{module}"), name)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        malstyrning.nothing  # type: ignore[attr-defined]  # noqa: B018  (the point: no such name)


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
