"""One language per run: the choice of language for messages."""

from __future__ import annotations

import ast
import errno
import pickle
import re
import shutil
import string
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, ROOT
from malstyrning import _i18n
from malstyrning._cli import app
from malstyrning._i18n import tr

DATA = ROOT / "tests" / "data"


def test_swedish_by_default() -> None:
    assert malstyrning.current_language() == "sv"
    assert tr("a {x}", "ett {x}", x=1) == "ett 1"


def test_the_environment_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALSTYRNING_LANG", "en")
    assert tr("a {x}", "ett {x}", x=1) == "a 1"
    monkeypatch.setenv("MALSTYRNING_LANG", "fr")  # not a language we speak: the default
    assert malstyrning.current_language() == "sv"


@pytest.mark.parametrize(
    ("value", "language"),
    [
        ("en_US.UTF-8", "en"),
        ("en-GB", "en"),
        ("EN", "en"),
        (" en ", "en"),
        ("en@euro", "en"),
        ("sv_SE.UTF-8", "sv"),
        ("sv-FI", "sv"),
        ("english", "sv"),  # not a locale: the default
        ("eng", "sv"),
        ("", "sv"),
    ],
)
def test_the_environment_may_name_a_locale(
    monkeypatch: pytest.MonkeyPatch, value: str, language: str
) -> None:
    """MALSTYRNING_LANG=en_US.UTF-8 gave Swedish, silently: a locale counts by its language."""
    monkeypatch.setenv("MALSTYRNING_LANG", value)
    assert malstyrning.current_language() == language


def test_use_language_wins_over_the_environment_and_is_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALSTYRNING_LANG", "sv")
    with malstyrning.use_language("en"):
        assert tr("yes", "ja") == "yes"
        with malstyrning.use_language("sv"):
            assert tr("yes", "ja") == "ja"
        assert tr("yes", "ja") == "yes"
    assert tr("yes", "ja") == "ja"


def test_a_thread_keeps_its_own_language() -> None:
    seen: list[str] = []
    with malstyrning.use_language("en"):
        thread = threading.Thread(target=lambda: seen.append(malstyrning.current_language()))
        thread.start()
        thread.join()
    assert seen == ["sv"]


def test_an_unknown_language_is_refused() -> None:
    with (
        pytest.raises(malstyrning.InvalidArgumentError, match="'sv' eller 'en'"),
        malstyrning.use_language("fr"),  # type: ignore[arg-type]
    ):
        pass


# --- every message in both languages ---------------------------------------------------------------------

SOURCE = Path(malstyrning.__file__).parent


def _tr_calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr":
                found.append((f"{path.relative_to(SOURCE)}:{node.lineno}", node))
    return found


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    """Each ``tr(en, sv, **fields)`` has two non-empty literal texts naming the same {fields}
    (the keyword fields given, when there are any)."""
    calls = _tr_calls()
    assert len(calls) > 200  # the check sees the messages (an import rename would hide them)
    wrong = []
    for where, call in calls:
        texts = call.args[:2]
        if len(call.args) != 2 or not all(
            isinstance(t, ast.Constant) and isinstance(t.value, str) and t.value.strip() for t in texts
        ):
            wrong.append(f"{where}: not two non-empty literal texts")
            continue
        en, sv = (t.value for t in texts)  # type: ignore[attr-defined]
        keywords = {k.arg for k in call.keywords}
        if keywords:  # formatted: the fields must be the ones given, in both
            if not (_fields(en) == _fields(sv) == keywords):
                wrong.append(f"{where}: fields {_fields(en)} / {_fields(sv)} / given {keywords}")
        elif sorted(c for c in en if c in "{}") != sorted(c for c in sv if c in "{}"):
            wrong.append(f"{where}: braces differ")  # returned as written: a template for someone else
    assert wrong == []


ERRORS = {name for name in dir(malstyrning) if name.endswith("Error")}


def _literal_messages(tree: ast.AST, where: str) -> list[str]:
    """Library errors made with a literal text (or f-string) instead of ``tr(...)``: one language only."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ERRORS:
            texts = [*node.args, *(k.value for k in node.keywords if k.arg == "message")]
            for text in texts:
                # Words written here, not placeholders joined with punctuation ("{a}; {b}").
                parts = text.values if isinstance(text, ast.JoinedStr) else [text]
                words = "".join(
                    p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)
                )
                is_text = re.search(r"[^\W\d_]{2,}", words) is not None
                if is_text:
                    found.append(f"{where}:{node.lineno}: {node.func.id}({ast.unparse(text)[:60]})")
    return found


def test_no_error_is_raised_in_one_language_only() -> None:
    """Every library error's message goes through ``tr``: a literal would be English in a Swedish run."""
    wrong = []
    for path in sorted(SOURCE.rglob("*.py")):
        where = str(path.relative_to(SOURCE))
        wrong += _literal_messages(ast.parse(path.read_text(encoding="utf-8"), where), where)
    assert wrong == []


def test_the_check_finds_an_error_in_one_language() -> None:
    tree = ast.parse('raise UpdateError(f"no indicator {x}")\nraise UpdateError(tr("a b", "c d"))\n')
    assert len(_literal_messages(tree, "x.py")) == 1


def test_the_check_finds_a_message_without_its_translation() -> None:
    tree = ast.parse('tr("the {x} key", "nyckeln {y}", x=1)\ntr("only English", "")\n')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    en, sv = (a.value for a in calls[0].args)  # type: ignore[attr-defined]
    assert _fields(en) != _fields(sv)
    assert not calls[1].args[1].value.strip()  # type: ignore[attr-defined]


# --- one language per run: Swedish by default, English when asked ------------------------------------

HOSTILE = Path(__file__).parent / "hostile"
# Words that give an English message away; after the position prefix and quoted text are removed.
ENGLISH = re.compile(
    r"\b(the|must|should|unknown|expected|cannot|not a|found|missing|invalid|got|no|such|give|use|"
    r"already|wrote|would|is|are|has|have|and|with|of|to|for|line|first|did you mean)\b",
    re.IGNORECASE,
)
# Words that give a Swedish message away (none is a key of the plan format).
SWEDISH = re.compile(
    r"\b(ska|inte|finns|står|ingen|inget|menade|filen|redan|skrev|kan|eller|här|men|mappen|"
    r"ange|nya|och|är|har|för|rad|tecknet|nyckeln|värdet|talet|varningar|varning)\b",
    re.IGNORECASE,
)
PREFIX = re.compile(r"^\S+?(:\d+(:\d+)?)?: ")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")


def _words(line: str) -> str:
    """A line without its file:line:column: prefix, key path, quoted text, options and URLs."""
    line = PREFIX.sub("", line, count=1)
    line = QUOTED.sub("", line)
    return re.sub(r"(?<!\S)(--?[\w-]+|\S*/\S*|\S+\.(yaml|csv|json|md)|[A-Z_]{4,}\S*)|\[[\w-]+\]", "", line)


def _english_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if ENGLISH.search(_words(line))]


def _swedish_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if SWEDISH.search(_words(line))]


def test_the_guard_sees_english() -> None:
    assert _english_lines("p.yaml:3:4: år: expected a year, got 'x'")
    assert _english_lines("p.yaml: no such file")
    assert not _english_lines("p.yaml:3:4: år: ska vara ett år, men här står 'the missing'")
    assert _swedish_lines("p.yaml:3:4: år: ska vara ett år, men här står 'the missing'")
    assert not _swedish_lines("p.yaml:4:1: år: duplicate key 'år' (first on line 3)")


def _hostile_files() -> list[Path]:
    return sorted(p for p in HOSTILE.iterdir() if p.name != "expected.yaml")


def test_every_hostile_file_is_refused_in_swedish_by_default() -> None:
    """No problem of the hostile corpus is left in English."""
    english: list[str] = []
    for path in _hostile_files():
        with pytest.raises(malstyrning.PlanError) as caught:
            malstyrning.load_plan(path)
        english += _english_lines(str(caught.value))
    assert english == []


def test_every_hostile_file_is_refused_in_english_when_asked() -> None:
    with malstyrning.use_language("en"):
        for path in _hostile_files():
            with pytest.raises(malstyrning.PlanError) as caught:
                malstyrning.load_plan(path)
            assert _swedish_lines(str(caught.value)) == [], path.name


runner = CliRunner()


def _plan_copy(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(PLANS / "2018.yaml", plan)
    return plan


# Commands that are refused (or only report), each with the exit code it gives.
SCENARIOS: dict[str, tuple[list[str], int]] = {
    "unknown indicator": (["record", "{plan}", "okänd", "2018", "5"], 1),
    "outcome exists": (["record", "{plan}", "sommarjobb", "2017", "5"], 1),
    "both a value and saknas": (["record", "{plan}", "sommarjobb", "2017", "5", "--saknas", "x"], 2),
    "a value that is no number": (["record", "{plan}", "sommarjobb", "2017", "fem"], 2),
    "missing plan": (["assess", "{tmp}/nope.yaml"], 2),
    "missing plans to validate": (["validate", "{tmp}/nope.yaml"], 2),
    "a broken plan": (["validate", "{broken}"], 2),
    "a bad CSV": (["import", "{plan}", "{fel}"], 2),
    "a CSV that is not there": (["import", "{plan}", "{tmp}/nope.csv"], 2),
    "no source for import": (["import", "{plan}"], 2),
    "bad --years": (["import", "{plan}", "--kolada-file", "{tmp}/x.json", "--years", "2017-2015"], 2),
    "bad --jämförelse": (["import", "{plan}", "--kolada-file", "{tmp}/x.json", "--jämförelse", "riket"], 2),
    "rollover onto an existing file": (["rollover", "{plan}", "--to", "2019", "-o", "{broken}"], 1),
    "rollover onto its plan": (["rollover", "{plan}", "--to", "2019", "-o", "{plan}", "--force"], 2),
    "rollover backwards": (["rollover", "{plan}", "--to", "2017"], 1),
    "init onto an existing file": (["init", "{plan}"], 1),
    "a report into a missing folder": (["report", "{plan}", "-o", "{tmp}/no/r.md"], 2),
    "a Word report to the terminal": (["report", "{plan}", "-f", "docx"], 2),
    "an unknown report format": (["report", "{plan}", "-f", "odt"], 2),
    "a PDF report to the terminal": (["report", "{plan}", "-f", "pdf"], 2),
    "an unknown indicator to show": (["show", "{plan}", "sommarjob"], 2),
    "lint findings": (["lint", "{plan}"], 0),
}


def _run(scenario: str, tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> Any:
    args, code = SCENARIOS[scenario]
    plan = _plan_copy(tmp_path)
    where = {
        "plan": str(plan),
        "tmp": str(tmp_path),
        "broken": str(DATA / "broken.yaml"),
        "fel": str(DATA / "fel.csv"),
    }
    result = runner.invoke(
        app,
        [arg.format(**where) for arg in args] + list(extra),
        env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", **(env or {})},
    )
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_a_command_speaks_swedish_by_default(scenario: str, tmp_path: Path) -> None:
    result = _run(scenario, tmp_path)
    assert result.output.strip()
    assert _english_lines(result.output) == []


@pytest.mark.parametrize("scenario", list(SCENARIOS))
@pytest.mark.parametrize("how", ["--lang", "MALSTYRNING_LANG"])
def test_a_command_speaks_english_when_asked(scenario: str, how: str, tmp_path: Path) -> None:
    if how == "--lang":
        result = _run(scenario, tmp_path, "--lang", "en")
    else:
        result = _run(scenario, tmp_path, env={"MALSTYRNING_LANG": "en"})
    assert _swedish_lines(result.output) == []


def test_lang_wins_over_the_environment(tmp_path: Path) -> None:
    result = _run("unknown indicator", tmp_path, "--lang", "sv", env={"MALSTYRNING_LANG": "en"})
    assert "ingen indikator har id 'okänd'" in result.output


def test_the_import_table_speaks_one_language(tmp_path: Path) -> None:
    plan = _plan_copy(tmp_path)
    for lang, words in (
        ("sv", ["indikator", "före", "efter", "nytt", "nya: "]),
        ("en", ["indicator", "before", "new"]),
    ):
        result = runner.invoke(
            app,
            ["import", str(plan), str(DATA / "utfall.csv"), "--dry-run", "--lang", lang],
            env={"COLUMNS": "200"},
        )
        assert result.exit_code == 0, result.output
        for word in words:
            assert word in result.output, (lang, word)
    assert (
        "ändring"
        not in runner.invoke(
            app, ["import", str(plan), str(DATA / "utfall.csv"), "--dry-run", "--lang", "en"]
        ).output
    )


def test_every_command_has_lang() -> None:
    from malstyrning._cli import COMMANDS

    for command in COMMANDS:
        result = runner.invoke(
            app, [command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
        )
        assert "--lang" in result.output, command


def test_an_outcome_that_exists_is_said_in_the_language_of_the_run(tmp_path: Path) -> None:
    plan = _plan_copy(tmp_path)
    with pytest.raises(malstyrning.OutcomeExistsError) as caught:
        malstyrning.record_outcome(plan, "sommarjobb", 2017, 5)
    assert str(caught.value) == "sommarjobb 2017 har redan utfallet 158"
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value)
    assert again.old == "158"
    with malstyrning.use_language("en"), pytest.raises(malstyrning.OutcomeExistsError) as caught:
        malstyrning.record_outcome(plan, "sommarjobb", 2017, 5)
    assert str(caught.value) == "sommarjobb 2017 already has the outcome 158"


def test_the_systems_words_are_translated(tmp_path: Path) -> None:
    target = tmp_path / "no" / "x.md"
    error = OSError(errno.EACCES, "Permission denied", str(target))
    assert _i18n.os_reason(error) == "Behörighet saknas"
    with malstyrning.use_language("en"):
        assert _i18n.os_reason(error) == "Permission denied"
    assert (
        _i18n.os_reason(OSError(errno.EPIPE, "Broken pipe")) == "Broken pipe"
    )  # not known: as the system says
