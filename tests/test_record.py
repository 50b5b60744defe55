"""Writing outcomes: only the changed bytes change, round trips restore the file, writes are safe."""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import malstyrning
from conftest import PLANS, ROOT
from malstyrning import UpdateKind

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

DATA = ROOT / "tests" / "data"
FILES = [*sorted(PLANS.glob("*.yaml")), DATA / "unusual.yaml"]


@pytest.fixture(params=FILES, ids=lambda p: p.name)
def plan_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of a real or unusual plan to write into."""
    source: Path = request.param
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines between two texts."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def restore(path: Path, indicator: str, year: int, outcome: malstyrning.Outcome, old: str) -> None:
    """Record ``outcome`` back, as the planner would from the printed old value."""
    plain = outcome.comment is None and outcome.value is not None
    malstyrning.record_outcome(
        path,
        indicator,
        year,
        outcome.value,
        missing=outcome.missing,
        comment=outcome.comment,
        value_text=old if plain else None,
        replace=True,
    )


def test_new_outcome_adds_exactly_one_line(plan_copy: Path) -> None:
    """A new year's outcome is one added line; every other byte stays."""
    before = plan_copy.read_text(encoding="utf-8")
    for indicator in malstyrning.load_plan(plan_copy).indicators():
        text = plan_copy.read_text(encoding="utf-8")
        result = malstyrning.record_outcome(plan_copy, indicator.id, 2030, 42)
        assert result.kind is UpdateKind.NEW
        removed, added = changed_lines(text, plan_copy.read_text(encoding="utf-8"))
        assert removed == [] or all("{" in line for line in removed), (indicator.id, removed)
        assert len(added) <= 2, (indicator.id, added)  # the line, or `utfall:` and the line
        assert malstyrning.load_plan(plan_copy).indicators()
    assert before != plan_copy.read_text(encoding="utf-8")


@pytest.mark.slow  # every outcome of a real plan written twice: CI runs it; the default run has the others
def test_replace_and_restore_every_outcome_round_trips(plan_copy: Path) -> None:
    """Replacing any outcome and recording the old one back restores the exact bytes."""
    original = plan_copy.read_bytes()
    plan = malstyrning.load_plan(plan_copy)
    count = 0
    for indicator in plan.indicators():
        for year, outcome in indicator.outcomes.items():
            first = malstyrning.record_outcome(plan_copy, indicator.id, year, 12345, replace=True)
            assert first.kind is UpdateKind.CHANGED
            assert first.old is not None
            restore(plan_copy, indicator.id, year, outcome, first.old)
            assert plan_copy.read_bytes() == original, (indicator.id, year)
            count += 1
    assert count > 0


def test_existing_outcome_needs_replace(tmp_path: Path) -> None:
    """A different value for a year that has one is refused without replace; the file is untouched."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    before = path.read_bytes()
    with pytest.raises(malstyrning.OutcomeExistsError) as caught:
        malstyrning.record_outcome(path, "sommarjobb", 2017, 160)
    assert isinstance(caught.value, malstyrning.UpdateError)
    assert str(caught.value) == "sommarjobb 2017 already has the outcome 158"
    assert (caught.value.indicator, caught.value.year, caught.value.old, caught.value.series) == (
        "sommarjobb",
        2017,
        "158",
        None,
    )
    assert path.read_bytes() == before
    same = malstyrning.record_outcome(path, "sommarjobb", 2017, 158)
    assert same.kind is UpdateKind.UNCHANGED
    assert path.read_bytes() == before


def test_unknown_indicator_suggests_close_ids(tmp_path: Path) -> None:
    """A misspelt id names the closest ids."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    with pytest.raises(malstyrning.UpdateError, match="did you mean 'sommarjobb'"):
        malstyrning.record_outcome(path, "sommarjob", 2018, 1)


def test_missing_value_with_reason_and_comment(tmp_path: Path) -> None:
    """`saknas` with a reason, and a value with a comment, are written as flow mappings."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    malstyrning.record_outcome(path, "unga-neet", 2018, missing="Enkät sker vartannat år")
    malstyrning.record_outcome(path, "sommarjobb", 2018, 190, comment="Preliminärt: juni")
    text = path.read_text(encoding="utf-8")
    assert "2018: {saknas: Enkät sker vartannat år}" in text
    assert '2018: {värde: 190, kommentar: "Preliminärt: juni"}' in text
    outcome = malstyrning.load_plan(path).indicators()[0].outcomes[2018]
    assert outcome.missing == "Enkät sker vartannat år"


def test_value_digits_kept_as_typed(tmp_path: Path) -> None:
    """Swedish input is written as a YAML number with the same digits: "6,80 %" → 6.80."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    value, digits = malstyrning.value_from_text("6,80 %")
    malstyrning.record_outcome(path, "sjukfranvaro-total", 2018, value, value_text=digits)
    assert "2018: 6.80" in path.read_text(encoding="utf-8")
    assert malstyrning.value_from_text("1 164") == (1164.0, "1164")
    assert malstyrning.value_from_text("-1 684") == (-1684.0, "-1684")


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    """A Windows file (CRLF, BOM) stays one; only the new line is added, with CRLF."""
    path = tmp_path / "win.yaml"
    original = b"\xef\xbb\xbf" + (PLANS / "2018.yaml").read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(original)
    malstyrning.record_outcome(path, "sommarjobb", 2018, 190)
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")
    removed, added = changed_lines(original.decode("utf-8-sig"), after.decode("utf-8-sig"))
    assert (removed, [line.strip() for line in added]) == ([], ["2018: 190"])


def test_concurrent_change_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the file changes on disk while an update is prepared, nothing is written."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    from malstyrning._edit import _record

    real_verify = _record._verify

    def someone_else_saves(*args: Any) -> None:
        real_verify(*args)
        path.write_text(path.read_text(encoding="utf-8") + "# edited by someone else\n", encoding="utf-8")

    monkeypatch.setattr(_record, "_verify", someone_else_saves)
    with pytest.raises(malstyrning.ConcurrentEditError, match="changed on disk"):
        malstyrning.record_outcome(path, "sommarjobb", 2018, 190)
    assert path.read_text(encoding="utf-8").endswith("# edited by someone else\n")
    assert "2018: 190" not in path.read_text(encoding="utf-8")
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_failed_write_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while renaming leaves the original file and no temporary file."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    before = path.read_bytes()

    def broken_replace(*args: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        malstyrning.record_outcome(path, "sommarjobb", 2018, 190)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["2018.yaml"]


def test_file_mode_is_kept(tmp_path: Path) -> None:
    """The rewritten file keeps its permissions."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    path.chmod(0o640)
    malstyrning.record_outcome(path, "sommarjobb", 2018, 190)
    assert path.stat().st_mode & 0o777 == 0o640


def test_comparison_series(tmp_path: Path) -> None:
    """A jämförelse value goes into its series, created when needed."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    update = malstyrning.OutcomeUpdate("arbetslosa-andel", 2018, value=7.1, series="riket")
    malstyrning.apply_updates(path, [update])
    new = malstyrning.OutcomeUpdate("arbetslosa-andel", 2018, value=3.0, series="Haninge")
    malstyrning.apply_updates(path, [new])
    indicator = next(i for i in malstyrning.load_plan(path).measures if i.id == "arbetslosa-andel")
    assert indicator.comparisons["riket"] == {2017: 7.5, 2018: 7.1}
    assert indicator.comparisons["Haninge"] == {2018: 3.0}


def test_cli_record(tmp_path: Path) -> None:
    """`record` writes; without --replace it refuses (exit 1); bad values exit 2."""
    from typer.testing import CliRunner

    from malstyrning._cli import app

    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    runner = CliRunner()
    ok = runner.invoke(app, ["record", str(path), "sommarjobb", "2018", "190"])
    assert (ok.exit_code, ok.output.strip()) == (0, f"{path}: sommarjobb 2018: 190")
    refused = runner.invoke(app, ["record", str(path), "sommarjobb", "2018", "195"])
    assert refused.exit_code == 1
    assert "already has the outcome 190; use --replace" in refused.stderr
    replaced = runner.invoke(app, ["record", str(path), "sommarjobb", "2018", "195", "--replace"])
    assert replaced.output.strip() == f"{path}: sommarjobb 2018: 190 → 195 (replaced)"
    missing = runner.invoke(app, ["record", str(path), "unga-neet", "2018", "--saknas", "Ingen statistik"])
    assert missing.exit_code == 0
    bad = runner.invoke(app, ["record", str(path), "sommarjobb", "2019", "tvåhundra"])
    assert bad.exit_code == 2
    assert "VALUE: expected a number, got 'tvåhundra'" in bad.stderr
    unknown = runner.invoke(app, ["record", str(path), "sommarjob", "2019", "1"])
    assert unknown.exit_code == 1
    assert "did you mean 'sommarjobb'" in unknown.stderr
    both = runner.invoke(app, ["record", str(path), "sommarjobb", "2019", "1", "--saknas", "x"])
    assert both.exit_code == 2


def test_text_that_utf8_cannot_hold_is_refused(tmp_path: Path) -> None:
    """A lone surrogate (undecodable command-line bytes) is refused, naming the field; nothing is written."""
    from typer.testing import CliRunner

    from malstyrning._cli import app

    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    before = path.read_bytes()
    for field in ("comment", "missing", "indicator"):
        arguments: dict[str, Any] = {"indicator": "sommarjobb", "year": 2018, "value": 190}
        if field == "missing":
            arguments["value"] = None
        arguments[field] = "x\udcff\udcfe"
        with pytest.raises(malstyrning.InvalidArgumentError, match=rf"^{field} must be text.*U\+DCFF"):
            malstyrning.record_outcome(path, **arguments)
    command = ["record", str(path), "sommarjobb", "2018", "190", "--kommentar", "\udcff"]
    refused = CliRunner().invoke(app, command)
    assert refused.exit_code == 2, refused.output
    assert "comment must be text, but holds the character U+DCFF" in refused.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"indicator": 5, "value": 1}, "indicator must be an indicator id (a str), not int 5"),
        ({"value": True}, "value must be a number (an int or a float), not bool True"),
        ({"value": "1"}, "value must be a number (an int or a float), not str '1'"),
        ({"value": 1, "comment": 3}, "comment must be text (a str), not int 3"),
        ({"missing": ["x"]}, "missing must be text (a str), not list"),
    ],
)
def test_record_outcome_refuses_wrong_kinds(tmp_path: Path, arguments: dict[str, Any], message: str) -> None:
    """Wrong kinds of arguments are an ArgumentTypeError naming the argument, not a bare traceback."""
    path = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", path)
    call: dict[str, Any] = {"indicator": "sommarjobb", "year": 2018, **arguments}
    with pytest.raises(malstyrning.ArgumentTypeError, match="^" + re.escape(message)):
        malstyrning.record_outcome(path, **call)
