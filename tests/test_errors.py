"""The library's errors: every one a MalstyrningError, and the built-in it stands for."""

from __future__ import annotations

import ast
import builtins
import errno
import os
import pickle
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import malstyrning
from conftest import PLANS, ROOT, plan_text

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

SOURCE = ROOT / "src" / "malstyrning"

# Built-in exceptions the library may raise itself, and why.
ALLOWED_BUILTIN_RAISES = {
    ("__init__.py", "AttributeError"): "a missing module attribute (PEP 562 __getattr__)",
    ("_load/__init__.py", "AttributeError"): "a missing module attribute (PEP 562 __getattr__)",
    ("_model/_schema.py", "RuntimeError"): "a bug guard over the model's own words, not a caller's error",
}


def _builtin_raises() -> set[tuple[str, str]]:
    """(module, exception) for every ``raise SomeBuiltinError`` outside the CLI."""
    exceptions = {name for name, value in vars(builtins).items() if isinstance(value, type)}
    exceptions = {name for name in exceptions if issubclass(getattr(builtins, name), BaseException)}
    found = set()
    for path in SOURCE.rglob("*.py"):
        module = path.relative_to(SOURCE).as_posix()
        if module.startswith("_cli/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(raised, ast.Name) and raised.id in exceptions:
                    found.add((module, raised.id))
    return found


def test_the_library_raises_no_builtin_exception_of_its_own() -> None:
    """Outside the CLI, no module raises a built-in exception, except the few listed with a reason."""
    assert _builtin_raises() <= set(ALLOWED_BUILTIN_RAISES)


def test_every_exported_exception_is_a_malstyrning_error() -> None:
    """Each exception class in the public API derives from MalstyrningError."""
    classes = [getattr(malstyrning, name) for name in dir(malstyrning)]
    errors = [cls for cls in classes if isinstance(cls, type) and issubclass(cls, BaseException)]
    assert {malstyrning.PlanError, malstyrning.OutputFileError} <= set(errors)
    assert [cls for cls in errors if not issubclass(cls, malstyrning.MalstyrningError)] == []


def _report_2017() -> malstyrning.Report:
    plan = malstyrning.load_plan(PLANS / "2017.yaml")
    return malstyrning.build_report(plan, malstyrning.assess(plan))


def _rollover_onto_existing(tmp_path: Path) -> Any:
    shutil.copyfile(PLANS / "2018.yaml", tmp_path / "2018.yaml")
    (tmp_path / "2019.yaml").write_text("x", encoding="utf-8")
    return malstyrning.rollover(tmp_path / "2018.yaml", to=2019)


def _record_into_shared_outcomes(tmp_path: Path) -> Any:
    # b's utfall is a's, through an alias: a write would change a's outcomes too.
    path = tmp_path / "2018.yaml"
    path.write_text(
        plan_text(
            """\
            verksamhetsmått:
              - {id: a, titel: A, utfall: &u {2017: 1}}
              - {id: b, titel: B, utfall: *u}
            """
        ),
        encoding="utf-8",
    )
    return malstyrning.record_outcome(path, "b", 2018, 2)


# (what is called, the error class, the built-in it must also be, part of the message)
CASES: dict[str, tuple[Callable[[Path], Any], type[Exception], type[BaseException], str]] = {
    "new_plan_text year": (
        lambda _: malstyrning.new_plan_text(year=1800),
        malstyrning.InvalidArgumentError,
        ValueError,
        "year must be a year between 1900 and 2200, got 1800",
    ),
    "new_plan_text name": (
        lambda _: malstyrning.new_plan_text(organisation=" "),
        malstyrning.InvalidArgumentError,
        ValueError,
        "empty",
    ),
    "value_from_text": (
        lambda _: malstyrning.value_from_text("tvåhundra"),
        malstyrning.InvalidArgumentError,
        ValueError,
        "expected a number",
    ),
    "OutcomeUpdate": (
        lambda _: malstyrning.OutcomeUpdate("sommarjobb", 2018),
        malstyrning.InvalidArgumentError,
        ValueError,
        "either a value or a missing reason",
    ),
    "kolada_updates comparisons": (
        lambda _: malstyrning.kolada_updates(
            malstyrning.load_plan(PLANS / "2018.yaml"), comparisons={"riket": "00"}
        ),
        malstyrning.InvalidArgumentError,
        ValueError,
        "four-digit",
    ),
    "build_report years": (
        lambda _: malstyrning.build_report(
            malstyrning.load_plan(PLANS / "2017.yaml"),
            malstyrning.assess(malstyrning.load_plan(PLANS / "2017.yaml")),
            years=0,
        ),
        malstyrning.InvalidArgumentError,
        ValueError,
        "years must be between 1 and 301 years, got 0",
    ),
    "render_report format": (
        lambda _: malstyrning.render_report(_report_2017(), "odt"),  # type: ignore[arg-type]
        malstyrning.InvalidArgumentError,
        ValueError,
        "unknown report format 'odt'",
    ),
    "render_indicator_chart id": (
        lambda _: malstyrning.render_indicator_chart(_report_2017(), "sommarjob"),
        malstyrning.InvalidArgumentError,
        ValueError,
        "did you mean 'sommarjobb'",
    ),
    "write_file exists": (
        lambda tmp: malstyrning.write_file(PLANS / "2018.yaml", b"", overwrite=False),
        malstyrning.OutputExistsError,
        FileExistsError,
        "2018.yaml already exists; not overwritten",
    ),
    "write_file folder": (
        lambda tmp: malstyrning.write_file(tmp / "nowhere" / "r.md", b""),
        malstyrning.OutputFileError,
        OSError,
        f"{os.path.join('nowhere', 'r.md')}: no such folder: ",
    ),
    "rollover folder": (
        lambda tmp: malstyrning.rollover(PLANS / "2018.yaml", to=2019, output=tmp / "nowhere" / "2019.yaml"),
        malstyrning.OutputFileError,
        OSError,
        "no such folder",
    ),
    "rollover exists": (_rollover_onto_existing, malstyrning.OutputExistsError, FileExistsError, "exists"),
    "record shared": (_record_into_shared_outcomes, malstyrning.UpdateError, Exception, "alias on line 7"),
}


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("case", CASES)
def test_errors_are_malstyrning_errors_and_their_builtin(case: str, tmp_path: Path) -> None:
    """Each known failure raises its specific class, a MalstyrningError that is also the old built-in."""
    call, expected, builtin, message = CASES[case]
    with pytest.raises(expected) as caught:
        call(tmp_path)
    assert isinstance(caught.value, malstyrning.MalstyrningError)
    assert isinstance(caught.value, builtin)
    assert message in str(caught.value)


@pytest.mark.parametrize("error", [malstyrning.OutputExistsError, malstyrning.OutputFileError])
def test_output_errors_are_update_errors(error: type[Exception]) -> None:
    """A file that is not written is a change not made, as a rollover's always were (UpdateError)."""
    assert issubclass(error, malstyrning.UpdateError)


@pytest.mark.parametrize(
    "write",
    [
        lambda path: malstyrning.record_outcome(path, "sommarjobb", 2018, 190),
        lambda path: malstyrning.write_file(path, b"x"),
    ],
    ids=["record_outcome", "write_file"],
)
def test_a_file_that_cannot_be_written_is_an_output_file_error(
    write: Callable[[Path], Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write the system refuses (no permission, disk full) raises OutputFileError, not a bare OSError."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)

    def refuse(*args: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", args[0])

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(malstyrning.OutputFileError) as caught:
        write(path)
    assert caught.value.errno == errno.EACCES
    assert str(caught.value) == f"{path}: Permission denied"
    assert sorted(os.listdir(tmp_path)) == ["2018.yaml"]


@pytest.mark.parametrize(
    ("module", "call"),
    [
        ("pygal", lambda: malstyrning.render_report(_report_2017(), "html")),
        ("docx", lambda: malstyrning.render_report(_report_2017(), "docx")),
        ("cairosvg", lambda: malstyrning.render_report(_report_2017(), "docx")),
        ("openpyxl", lambda: malstyrning.render_report(_report_2017(), "xlsx")),
        ("weasyprint", lambda: malstyrning.render_report(_report_2017(), "pdf")),
        ("plotext", lambda: malstyrning.render_indicator_chart(_report_2017(), "sommarjobb")),
    ],
)
def test_a_missing_extra_names_it(
    module: str, call: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an optional library, MissingExtraError (a ModuleNotFoundError) names the module and extra."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(malstyrning.MissingExtraError) as caught:
        call()
    assert isinstance(caught.value, ModuleNotFoundError)
    assert (caught.value.name, caught.value.extra) == (module, "report")
    assert "pip install 'malstyrning[report]'" in str(caught.value)


def _cli_options() -> set[str]:
    """Every option the command line takes (``--replace``, ``-o``, ...), read from the app itself."""
    import typer

    from malstyrning._cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    options = {opt for param in group.params for opt in (*param.opts, *param.secondary_opts)}
    for command in group.commands.values():
        for param in command.params:
            options.update(opt for opt in (*param.opts, *param.secondary_opts) if opt.startswith("-"))
    return options


def _library_strings() -> list[tuple[str, int, str]]:
    """(module, line, text) of every string literal outside the CLI that is not a docstring."""
    found = []
    for path in SOURCE.rglob("*.py"):
        module = path.relative_to(SOURCE).as_posix()
        if module.startswith("_cli/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found += [
            (module, node.lineno, node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        ]
    return found


def test_no_library_message_names_a_command_line_option() -> None:
    """Outside the CLI no string names an option of the command (--replace, --force, -o, ...)."""
    options = _cli_options()
    assert {"--replace", "--force", "--kolada-file", "--kolada-url", "-o"} <= options
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(options))) + r")(?![\w-])")
    named = [(module, line, text) for module, line, text in _library_strings() if pattern.search(text)]
    assert named == []


@pytest.mark.parametrize(
    "error",
    [
        malstyrning.OutcomeExistsError("sommarjobb", 2018, "190", "riket"),
        malstyrning.OutputExistsError(errno.EEXIST, "exists", "2019.yaml"),
        malstyrning.OutputFileError(errno.ENOENT, "no such folder: x", "x/2019.yaml"),
        malstyrning.KoladaError("unreachable", status=503, transient=True),
        malstyrning.MissingExtraError("needs the 'report' extra", name="pygal", extra="report"),
        malstyrning.InvalidArgumentError("bad"),
        malstyrning.PlanFileError([malstyrning.Problem("p.yaml", None, None, "", "no such file")]),
    ],
    ids=type,
)
def test_errors_survive_pickling(error: Exception) -> None:
    """An error sent between processes (multiprocessing) keeps its class, message and attributes."""
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert {k: v for k, v in vars(again).items() if k != "__traceback__"} == vars(error)
