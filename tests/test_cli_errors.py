"""How the command line says a library error: one mapping to messages and exit codes."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning import Problem
from malstyrning._cli import app
from malstyrning._cli._app import library_errors

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

PLAN = Path("plan.yaml")
runner = CliRunner()

# Every public error, an instance, and what `library_errors(plan=PLAN)` makes of it:
# the exit code docs/cli.md gives, and the standard error.
CASES: dict[type[malstyrning.MalstyrningError], tuple[malstyrning.MalstyrningError, int, str]] = {
    malstyrning.MalstyrningError: (malstyrning.MalstyrningError("something"), 2, "something\n"),
    malstyrning.PlanError: (
        malstyrning.PlanError(
            [Problem("p.yaml", 3, 5, "år", "expected a year"), Problem("p.yaml", 4, 1, "", "x")]
        ),
        2,
        "p.yaml:3:5: år: expected a year\np.yaml:4:1: x\n",
    ),
    malstyrning.PlanFileError: (
        malstyrning.PlanFileError([Problem("p.yaml", None, None, "", "no such file")]),
        2,
        "p.yaml: no such file\n",
    ),
    malstyrning.PlanSyntaxError: (
        malstyrning.PlanSyntaxError([Problem("p.yaml", 1, 2, "", "bad")]),
        2,
        "p.yaml:1:2: bad\n",
    ),
    malstyrning.PlanValidationError: (
        malstyrning.PlanValidationError([Problem("p.yaml", 1, 2, "plan", "bad")]),
        2,
        "p.yaml:1:2: plan: bad\n",
    ),
    malstyrning.DataFileError: (
        malstyrning.DataFileError([Problem("u.csv", 2, None, "", "no indikator")]),
        2,
        "u.csv:2: no indikator\n",
    ),
    malstyrning.ConfigError: (
        malstyrning.ConfigError([Problem("malstyrning.toml", 2, 1, "plan", "unknown key 'plan'")]),
        2,
        "malstyrning.toml:2:1: plan: unknown key 'plan'\n",
    ),
    malstyrning.UpdateError: (
        malstyrning.UpdateError("no indicator with id 'x'"),
        1,
        "plan.yaml: no indicator with id 'x'\n",
    ),
    malstyrning.OutcomeExistsError: (
        malstyrning.OutcomeExistsError(
            "sommarjobb", 2018, "190", message="sommarjobb 2018 already has the outcome 190"
        ),
        1,
        "plan.yaml: sommarjobb 2018 already has the outcome 190\n",
    ),
    malstyrning.OutputExistsError: (
        malstyrning.OutputExistsError(errno.EEXIST, "already exists; not overwritten", "2019.yaml"),
        1,
        "2019.yaml already exists; not overwritten\n",  # it names its file: not the plan's
    ),
    malstyrning.OutputFileError: (
        malstyrning.OutputFileError(errno.ENOENT, "no such folder: no", "no/2019.yaml"),
        2,
        "no/2019.yaml: no such folder: no\n",
    ),
    malstyrning.ConcurrentEditError: (
        malstyrning.ConcurrentEditError("another malstyrning is writing plan.yaml"),
        1,
        "plan.yaml: another malstyrning is writing plan.yaml\n",
    ),
    malstyrning.KoladaError: (
        malstyrning.KoladaError("cannot reach Kolada"),
        1,
        "plan.yaml: cannot reach Kolada\n",
    ),
    malstyrning.InvalidArgumentError: (
        malstyrning.InvalidArgumentError("expected a year between 1900 and 2200, got 1800"),
        2,
        "expected a year between 1900 and 2200, got 1800\n",
    ),
    malstyrning.ArgumentTypeError: (
        malstyrning.ArgumentTypeError("year must be an int"),
        2,
        "year must be an int\n",
    ),
    malstyrning.MissingExtraError: (
        malstyrning.MissingExtraError("needs the 'report' extra", name="pygal", extra="report"),
        1,
        "needs the 'report' extra\n",
    ),
}


def test_every_public_error_has_a_case() -> None:
    """Each exception class of the public API is mapped below: a new one needs its exit code decided."""
    exported = [getattr(malstyrning, name) for name in dir(malstyrning)]
    errors = {cls for cls in exported if isinstance(cls, type) and issubclass(cls, BaseException)}
    assert errors == set(CASES)


@pytest.mark.parametrize("kind", CASES, ids=lambda kind: kind.__name__)
def test_library_errors_maps_each_error_to_its_exit_code_and_message(
    kind: type[malstyrning.MalstyrningError], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each error class exits with the code docs/cli.md gives it, its message on stderr, no traceback."""
    error, code, stderr = CASES[kind]
    assert type(error) is kind
    with pytest.raises(typer.Exit) as caught, library_errors(plan=PLAN):
        raise error
    assert caught.value.exit_code == code
    assert capsys.readouterr() == ("", stderr)


def test_the_hint_is_added_to_the_message(capsys: pytest.CaptureFixture[str]) -> None:
    """What a command's hint returns follows the library's message; None adds nothing."""

    def hint(error: malstyrning.MalstyrningError) -> str | None:
        return "; use --replace" if isinstance(error, malstyrning.UpdateError) else None

    with pytest.raises(typer.Exit), library_errors(plan=PLAN, hint=hint):
        raise malstyrning.UpdateError("already there")
    with pytest.raises(typer.Exit), library_errors(hint=hint):
        raise malstyrning.KoladaError("unreachable")
    assert capsys.readouterr().err == "plan.yaml: already there; use --replace\nunreachable\n"


def test_other_exceptions_are_not_hidden() -> None:
    """An exception that is not the library's (a bug) passes through, so it shows its traceback."""
    with pytest.raises(KeyError), library_errors():
        raise KeyError("bug")


# --- the commands, end to end ---------------------------------------------------------------------


def test_output_in_a_missing_folder_exits_2_in_every_command(tmp_path: Path) -> None:
    """`report -o`, `rollover -o`, `init` and `schema -o` into a folder that does not exist: exit 2."""
    shutil.copyfile(PLANS / "2018.yaml", tmp_path / "2018.yaml")
    missing = tmp_path / "nowhere"
    commands = {
        "report": ["report", str(tmp_path / "2018.yaml"), "-o", str(missing / "r.md")],
        "rollover": ["rollover", str(tmp_path / "2018.yaml"), "--to", "2019", "-o", str(missing / "n.yaml")],
        "init": ["init", str(missing / "n.yaml")],
        "schema": ["schema", "-o", str(missing / "s.json")],
    }
    for name, arguments in commands.items():
        result = runner.invoke(app, arguments)
        assert (name, result.exit_code) == (name, 2), result.output
        assert result.stderr.startswith(str(missing)), result.stderr
    assert not missing.exists()
    assert sorted(os.listdir(tmp_path)) == ["2018.yaml"]


@pytest.mark.usefixtures("english")
def test_output_that_exists_exits_1(tmp_path: Path) -> None:
    """`init` and `rollover` onto an existing file are refused: exit 1, the file named, the way out given."""
    plan, new = tmp_path / "2018.yaml", tmp_path / "2019.yaml"
    shutil.copyfile(PLANS / "2018.yaml", plan)
    new.write_text("x", encoding="utf-8")
    init = runner.invoke(app, ["init", str(new)])
    assert (init.exit_code, init.stderr) == (
        1,
        f"{new} already exists; not overwritten; use --force to replace it\n",
    )
    rollover = runner.invoke(app, ["rollover", str(plan), "--to", "2019"])
    assert (rollover.exit_code, rollover.stderr) == (
        1,
        f"{new} already exists; not overwritten; use --force to replace it\n",
    )
    for force in ([], ["--force"]):  # the plan itself is never replaced: no in-place rollover
        in_place = runner.invoke(app, ["rollover", str(plan), "--to", "2019", "-o", str(plan), *force])
        assert (in_place.exit_code, in_place.stderr) == (
            2,
            f"{plan}: is the file being read, and is never overwritten; choose another file; "
            "nothing was written\n",
        )


@pytest.mark.parametrize(
    "arguments",
    [
        ["record", "{plan}", "sommarjobb", "2018", "190"],
        ["import", "{plan}", str(Path(__file__).parent / "data" / "utfall.csv")],
        ["rollover", "{plan}", "--to", "2019", "-o", "{out}"],
    ],
    ids=["record", "import", "rollover"],
)
def test_a_plan_that_cannot_be_written_exits_2_without_a_traceback(
    arguments: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the system refuses the write (a read-only folder), the command says so and exits 2."""
    plan = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", plan)
    before = plan.read_bytes()

    def refuse(*args: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", args[0])

    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "2019.yaml"
    written = out if "{out}" in arguments else plan
    result = runner.invoke(app, [argument.format(plan=plan, out=out) for argument in arguments])
    assert (result.exit_code, result.stderr) == (2, f"{written}: Permission denied\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert plan.read_bytes() == before


def test_refusals_of_files_say_it_one_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In Swedish (the default): a missing plan or CSV file is `filen finns inte`;
    an output that is a folder or the plan ends `; inget sparades` like every other refusal; an
    output that exists says so once, naming the file, not the plan."""
    monkeypatch.delenv("MALSTYRNING_LANG")
    plan = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", plan)
    missing = tmp_path / "saknas"
    for arguments in (["validate", str(missing)], ["import", str(plan), str(missing)]):
        result = runner.invoke(app, arguments)
        assert (result.exit_code, result.stderr) == (2, f"{missing}: filen finns inte\n")
    folder = tmp_path / "mapp"
    folder.mkdir()
    for arguments in (
        ["rollover", str(plan), "--to", "2019", "-o", str(folder)],
        ["report", str(plan), "-o", str(folder), "-f", "md"],
    ):
        result = runner.invoke(app, arguments)
        assert (result.exit_code, result.stderr) == (
            2,
            f"{folder}: är en mapp, inte en fil; inget sparades\n",
        )
    result = runner.invoke(app, ["report", str(plan), "-o", str(plan), "-f", "md"])
    assert (
        result.stderr
        == f"{plan}: är filen som läses, och den skrivs aldrig över; välj en annan fil; inget sparades\n"
    )
    new = tmp_path / "2019.yaml"
    new.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["rollover", str(plan), "--to", "2019"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"{new} finns redan; skrevs inte över; använd --force för att ersätta den\n",
    )
