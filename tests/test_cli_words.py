"""The command line's own words (--help, usage errors) in the language of the run."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
import typer.core
import typer.main
from typer.testing import CliRunner

from malstyrning._cli import app
from malstyrning._cli._words import HELP_SV, METAVARS_SV, click_message, metavar_words


def _help_texts() -> set[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    texts: set[str] = set()
    commands: list[Any] = [group, *group.commands.values()]
    for command in commands:
        texts.add(inspect.cleandoc(command.help or ""))
        for param in command.params:
            texts.add(inspect.cleandoc(getattr(param, "help", None) or ""))
    return texts - {""}


def test_every_help_text_has_its_swedish() -> None:
    """A new option's help needs its Swedish line in _cli/_words.py; a removed one, its line removed."""
    texts = _help_texts() | {"Show this message and exit."}  # click's --help
    assert sorted(texts - HELP_SV.keys()) == []
    assert sorted(HELP_SV.keys() - texts) == []


def _metavars() -> set[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    found: set[str] = set()
    commands: list[Any] = [group, *group.commands.values()]
    for command in commands:
        for param in command.get_params(command.context_class(command)):
            found.update(metavar_words(param.__dict__.get("english_metavar") or param.metavar or ""))
    return found


def test_every_metavar_has_its_swedish() -> None:
    """A new metavar needs its Swedish in METAVARS_SV (it was VALUE, INDICATOR, YEAR in a Swedish run)."""
    found = _metavars()
    assert {"PLAN", "INDICATOR", "YEAR", "VALUE", "SAVED.json", "SECONDS", "PATH"} <= found
    assert sorted(found - METAVARS_SV.keys()) == []
    assert sorted(METAVARS_SV.keys() - found) == []


@pytest.mark.parametrize(
    ("args", "swedish", "english"),
    [
        (
            ["record"],
            "record [FLAGGOR] PLAN INDIKATOR ÅR [VÄRDE]",
            "record [OPTIONS] PLAN INDICATOR YEAR [VALUE]",
        ),
        (["import"], "--kolada-file SPARAD.json", "--kolada-file SAVED.json"),
        (["import"], "--kolada-deadline SEKUNDER", "--kolada-deadline SECONDS"),
        (["init"], "init [FLAGGOR] [SÖKVÄG]", "init [OPTIONS] [PATH]"),
        (["report"], "-o, --output FIL ", "-o, --output FILE "),
        (["assess"], "-y, --year ÅR ", "-y, --year YEAR "),
    ],
)
def test_metavars_speak_the_language_of_the_run(args: list[str], swedish: str, english: str) -> None:
    """The help said VALUE, INDICATOR, SAVED.json in a Swedish run."""
    assert swedish in _run(*args, "--help").stdout
    shown = _run("--lang", "en", *args, "--help").stdout
    assert english in shown
    assert swedish not in shown
    assert swedish in _run(*args, "--help").stdout  # and back: the English one was kept


def test_a_usage_error_names_the_swedish_metavar() -> None:
    """It said "argumentet 'INDICATOR' saknas" and "ogiltigt värde för 'YEAR'"."""
    assert _run("record", "p.yaml").stderr.splitlines()[-1] == "Fel: argumentet 'INDIKATOR' saknas."
    assert (
        _run("record", "p.yaml", "a", "x")
        .stderr.splitlines()[-1]
        .startswith("Fel: ogiltigt värde för 'ÅR': ")
    )
    assert _run("record", "p.yaml", "--lang", "en").stderr.splitlines()[-1] == (
        "Error: Missing argument 'INDICATOR'."
    )


# Words that give English help or an English usage error away (after metavars are removed).
ENGLISH = re.compile(
    r"\b(Usage|Options|Arguments|Commands|Error|Try|Show|the|required|default|Missing|Invalid|"
    r"No such|unexpected|is not|requires)\b"
)
METAVARS = re.compile(r"\b[A-Z][A-Z.\-\[\]]+\b|'[^']*'|\$\w+|--?[\w-]+|\w+\.(yaml|csv|json)")


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "80", **(env or {})})


COMMANDS = [
    "",
    "assess",
    "validate",
    "lint",
    "schema",
    "init",
    "report",
    "show",
    "record",
    "import",
    "rollover",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_swedish_by_default_and_english_when_asked(command: str) -> None:
    words = [command] if command else []
    swedish = _run(*words, "--help")
    assert swedish.exit_code == 0
    assert swedish.stdout.startswith("Användning: malstyrning")
    leftovers = [line for line in swedish.stdout.splitlines() if ENGLISH.search(METAVARS.sub("", line))]
    assert leftovers == []
    for english in (
        _run("--lang", "en", *words, "--help"),
        _run(*words, "--help", env={"MALSTYRNING_LANG": "en"}),
    ):
        assert english.stdout.startswith("Usage: malstyrning")
        assert "Show this message and exit." in english.stdout
    assert all(line == line.rstrip() for line in swedish.stdout.splitlines())  # no padding at the ends


MISTAKES = {
    "missing argument": ["assess"],
    "unknown option": ["assess", "plans/2018.yaml", "--yer", "2018"],
    "not a number": ["assess", "plans/2018.yaml", "--year", "abc"],
    "not a choice": ["assess", "plans/2018.yaml", "--format", "xml"],
    "unknown command": ["asess"],
    "option without its value": ["record", "p.yaml", "a", "2018", "1", "--kommentar"],
    "one argument too many": ["validate", "--strict"],
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_usage_error_is_said_in_swedish_by_default(mistake: str) -> None:
    result = _run(*MISTAKES[mistake])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("Fel: ")
    assert [line for line in lines if ENGLISH.search(METAVARS.sub("", line))] == []


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_usage_error_is_said_in_english_when_asked(mistake: str) -> None:
    for result in (
        _run("--lang", "en", *MISTAKES[mistake]),
        _run(*MISTAKES[mistake], env={"MALSTYRNING_LANG": "en"}),
    ):
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1].startswith("Error: ")


@pytest.mark.parametrize("env", [{}, {"MALSTYRNING_LANG": "en"}])
def test_the_program_alone_prints_its_help_and_nothing_else(env: dict[str, str]) -> None:
    """It printed the usage, then "Fel: Användning: ..." and the whole help again."""
    result = _run(env=env)
    assert result.exit_code == 2  # click's code for no_args_is_help
    assert result.stderr == _run("--help", env=env).stdout
    assert "Fel:" not in result.stderr
    assert "Error:" not in result.stderr


def test_a_missing_command_is_said_in_the_language_of_the_run() -> None:
    """`malstyrning --lang sv` said "Fel: Missing command."."""
    assert _run("--lang", "sv").stderr.splitlines()[-1] == "Fel: kommando saknas."
    assert _run("--lang", "en").stderr.splitlines()[-1] == "Error: Missing command."


def test_lang_on_the_program_and_on_the_command() -> None:
    """`--lang en` may come before the command or after it; the last one given counts."""
    assert _run("--lang", "en", "assess").stderr.startswith("Usage: ")
    assert _run("assess", "--lang", "en").stderr.startswith("Usage: ")
    assert _run("--lang", "en", "assess", "--lang", "sv").stderr.startswith("Användning: ")


def test_click_messages_are_translated_whole_and_unknown_ones_kept() -> None:
    assert click_message("Missing argument 'PLAN'.") == "argumentet 'PLAN' saknas."
    assert (
        click_message("Invalid value for '--year' / '-y': Input should be a valid integer, unable to parse")
        == "ogiltigt värde för '--year' / '-y': ska vara ett heltal"
    )
    assert click_message("Something click has never said.") == "Something click has never said."
