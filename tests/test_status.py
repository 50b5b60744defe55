"""`status`: a dated status report appended to an uppdrag or an activity, the only change."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, plan_text
from malstyrning import ActivityStatus
from malstyrning._cli import app
from malstyrning._edit import _write
from malstyrning._edit._nodes import Edit, apply_edits

DAY = dt.date(2022, 9, 15)


def copy_of_handlingsplan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes((PLANS / "2020-handlingsplan.yaml").read_bytes())
    return path


def insertion(before: str, after: str, where: str, added: str) -> None:
    """``after`` is ``before`` with ``added`` right after ``where`` (which is there once), nothing else."""
    assert before.count(where) == 1
    assert after == before.replace(where, where + added)


def item(path: Path, ident: str) -> malstyrning.Activity | malstyrning.Assignment:
    return next(i for i in malstyrning.load_plan(path).items() if i.id == ident)


def test_handlingsplan_gets_exactly_the_new_lines(tmp_path: Path) -> None:
    path = copy_of_handlingsplan(tmp_path)
    before = path.read_text(encoding="utf-8")
    result = malstyrning.record_status(
        path, "crm-verktyg", "pågående", date=DAY, text="Fler använder det: 12"
    )
    after = path.read_text(encoding="utf-8")
    added = (
        "\n              - datum: 2022-09-15"
        "\n                status: pågående"
        '\n                text: "Fler använder det: 12"'
    )
    insertion(before, after, "näringslivskontakter ska använda det.", added)  # after the folded text
    assert "# the report is from March 2022; its day is not given" in after
    assert result.item == "crm-verktyg"
    assert result.word == "pågående"
    assert after.splitlines()[result.line - 1] == "              - datum: 2022-09-15"
    found = item(path, "crm-verktyg")
    assert found.current_status() is ActivityStatus.ONGOING
    assert found.reports[-1].text == "Fler använder det: 12"
    assert len(found.reports) == 2


def test_framflyttad_writes_till_and_skal(tmp_path: Path) -> None:
    path = copy_of_handlingsplan(tmp_path)
    before = path.read_text(encoding="utf-8")
    malstyrning.record_status(
        path,
        "kombinationsutbildningar",
        "flyttad",
        date=dt.date(2022, 1, 15),
        moved_to="2022-03",
        reason="Bilagan dröjer",
    )
    added = (
        "\n              - datum: 2022-01-15"
        "\n                status: framflyttad"
        "\n                till: 2022-03"
        "\n                skäl: Bilagan dröjer"
    )
    insertion(
        before,
        path.read_text(encoding="utf-8"),
        "text: Återrapporteras i en egen bilaga till denna rapport.",
        added,
    )
    found = item(path, "kombinationsutbildningar")
    assert found.current_status(dt.date(2022, 2, 1)) is ActivityStatus.POSTPONED
    assert found.reports[-1].moved_to == "2022-03"


STYLES = plan_text(
    """\
    uppdrag:
      - id: block-utan   # no reports yet
        titel: Blockform
        ansvarig: Kansliet
      - {id: flow-utan, titel: Flödesform}
      - id: block-med
        titel: Med rapporter
        rapporter:
        - {datum: 2022-01-10, status: ej påbörjad}   # flow entries
      - id: flow-lista
        titel: Flödeslista
        rapporter: [{datum: 2022-01-10, status: ej påbörjad}]
      - id: tom-lista
        titel: Tom lista
        rapporter: []
      - {id: flow-med, titel: F, rapporter: [{datum: 2022-01-10, status: försenad}]}
      - id: tom-nyckel
        titel: Tom nyckel
        rapporter:
    # the end
    """
)

EXPECTED = {
    "block-utan": (
        "    ansvarig: Kansliet",
        "\n    rapporter:\n      - datum: 2022-09-15\n        status: genomförd\n        text: Klart",
    ),
    "flow-utan": (
        "  - {id: flow-utan, titel: Flödesform",
        ", rapporter: [{datum: 2022-09-15, status: genomförd, text: Klart}]",
    ),
    "block-med": (
        "- {datum: 2022-01-10, status: ej påbörjad}   # flow entries",
        "\n    - {datum: 2022-09-15, status: genomförd, text: Klart}",
    ),
    "flow-lista": (
        "    rapporter: [{datum: 2022-01-10, status: ej påbörjad}",
        ", {datum: 2022-09-15, status: genomförd, text: Klart}",
    ),
    "tom-lista": (
        "titel: Tom lista\n    rapporter: [",
        "{datum: 2022-09-15, status: genomförd, text: Klart}",
    ),
    "flow-med": (
        "  - {id: flow-med, titel: F, rapporter: [{datum: 2022-01-10, status: försenad}",
        ", {datum: 2022-09-15, status: genomförd, text: Klart}",
    ),
    "tom-nyckel": (
        "titel: Tom nyckel\n    rapporter:",
        "\n      - datum: 2022-09-15\n        status: genomförd\n        text: Klart",
    ),
}


@pytest.mark.parametrize("ident", list(EXPECTED))
def test_each_style_is_kept(ident: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(STYLES, encoding="utf-8")
    malstyrning.record_status(path, ident, "klar", date=DAY, text="Klart")
    after = path.read_text(encoding="utf-8")
    where, added = EXPECTED[ident]
    insertion(STYLES, after, where, added)
    assert "# no reports yet" in after
    assert "# the end" in after
    assert item(path, ident).current_status() is ActivityStatus.DONE
    others = {i.id: i for i in malstyrning.load_plan(path).items() if i.id != ident}
    assert others == {
        i.id: i for i in malstyrning.load_plan(original_styles(tmp_path)).items() if i.id != ident
    }


def original_styles(tmp_path: Path) -> Path:
    path = tmp_path / "original.yaml"
    path.write_text(STYLES, encoding="utf-8")
    return path


def test_crlf_lines_stay_crlf(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(STYLES.replace("\n", "\r\n").encode("utf-8"))
    malstyrning.record_status(path, "block-utan", "pågående", date=DAY)
    data = path.read_bytes()
    assert (
        b"\r\n    rapporter:\r\n      - datum: 2022-09-15\r\n        status: p\xc3\xa5g\xc3\xa5ende\r\n"
        in data
    )
    assert data.count(b"\n") == data.count(b"\r\n")


def test_datum_defaults_to_today(tmp_path: Path) -> None:
    path = copy_of_handlingsplan(tmp_path)
    result = malstyrning.record_status(path, "crm-verktyg", "försenad")
    assert result.report.date == dt.date.today()
    assert item(path, "crm-verktyg").reports[-1].date == dt.date.today()


def unchanged(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []  # no temporary left


@pytest.mark.parametrize(
    ("ident", "status", "extra", "message"),
    [
        (
            "crm-verktg",
            "pågående",
            {},
            r"no uppdrag or activity has id 'crm-verktg'; did you mean 'crm-verktyg'\?",
        ),
        ("crm-verktyg", "klr", {}, r"status 'klr' is not one of .*; did you mean 'klar'\?"),
        ("crm-verktyg", "framflyttad", {}, r"framflyttad needs the report back it moves to"),
        (
            "crm-verktyg",
            "pågående",
            {"moved_to": "2022-03"},
            r"till and skäl belong to the status framflyttad",
        ),
        ("crm-verktyg", "pågående", {"date": "2022-09-15"}, r"date must be a date, got '2022-09-15'"),
    ],
)
def test_refusals_write_nothing(
    ident: str, status: str, extra: dict[str, object], message: str, tmp_path: Path, english: None
) -> None:
    path = copy_of_handlingsplan(tmp_path)
    before = path.read_bytes()
    with pytest.raises(malstyrning.InvalidArgumentError, match=message):
        malstyrning.record_status(path, ident, status, **{"date": DAY, **extra})  # type: ignore[arg-type]
    unchanged(path, before)


SHARED = plan_text(
    """\
    uppdrag:
      - id: a
        titel: A
        rapporter: &r
          - {datum: 2022-01-10, status: pågående}
      - id: b
        titel: B
        rapporter: *r
      - &base
        id: c
        titel: C
        ansvarig: Kansliet
        rapporter: [{datum: 2022-01-10, status: pågående}]
      - <<: *base
        id: d
        titel: D
    """
)


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("a", r"line 12: rapporter of 'a' is shared .* alias on line 12 \(anchor on line 8\)"),
        ("b", r"line 12: rapporter of 'b' is shared .* alias on line 12"),
        ("c", r"line 18: rapporter of 'c' is also taken by the mapping on line 18 through the merge key"),
        ("d", r"line 18: rapporter of 'd' is taken from line 17 through the merge key '<<' on line 18"),
    ],
)
def test_aliases_and_merge_keys_are_refused_with_their_line(
    ident: str, message: str, tmp_path: Path, english: None
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(SHARED, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(malstyrning.UpdateError, match=message):
        malstyrning.record_status(path, ident, "genomförd", date=DAY)
    unchanged(path, before)


def test_a_wrong_edit_never_reaches_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    """The result is read back and compared with the plan it should be: an edit that also
    changed something else (here a title) is refused, and nothing is written."""

    def also_a_title(text: str, edits: list[Edit]) -> str:
        return apply_edits(text, edits).replace("titel: Utveckla ett Customer", "titel: Utveckla en Customer")

    monkeypatch.setattr("malstyrning._edit._status.apply_edits", also_a_title)
    path = copy_of_handlingsplan(tmp_path)
    before = path.read_bytes()
    with pytest.raises(malstyrning.UpdateError, match=r"line 96: the change would also change another part"):
        malstyrning.record_status(path, "crm-verktyg", "pågående", date=DAY)
    unchanged(path, before)


def test_the_plan_is_locked_from_reading_to_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer waits: the lock's sidecar is there when the plan is read and when it is written."""
    path = copy_of_handlingsplan(tmp_path)
    seen: list[str] = []

    def reading(plan: Path) -> _write.Snapshot:
        seen.append(f"read {_write.lock_path(plan).exists()}")
        return _write.read_snapshot(plan)

    def writing(snapshot: _write.Snapshot, text: str) -> None:
        seen.append(f"write {_write.lock_path(snapshot.path).exists()}")
        _write.write_atomic(snapshot, text)

    monkeypatch.setattr("malstyrning._edit._status.read_snapshot", reading)
    monkeypatch.setattr("malstyrning._edit._status.write_atomic", writing)
    malstyrning.record_status(path, "crm-verktyg", "pågående", date=DAY)
    assert seen == ["read True", "write True"]
    assert not _write.lock_path(path).exists()


def test_cli(tmp_path: Path) -> None:
    path = copy_of_handlingsplan(tmp_path)
    runner = CliRunner()
    moved = runner.invoke(
        app,
        ["status", str(path), "crm-verktyg", "framflyttad", "--datum", "2022-01-10", "--till", "2022-03"],
    )
    assert moved.exit_code == 0, moved.output
    assert moved.stdout == f"{path}: crm-verktyg: framflyttad 2022-01-10 → 2022-03\n"
    ok = runner.invoke(app, ["status", str(path), "crm-verktyg", "ej påbörjad", "--text", "Vänta"])
    assert ok.exit_code == 0, ok.output  # the date: today
    assert ok.stdout == f"{path}: crm-verktyg: ej påbörjad {dt.date.today().isoformat()}\n"
    assert item(path, "crm-verktyg").current_status() is ActivityStatus.NOT_STARTED
    before = path.read_bytes()
    unknown = runner.invoke(app, ["status", str(path), "crm-verktg", "pågående"])
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        f"{path}: inget uppdrag och ingen aktivitet har id 'crm-verktg'; menade du 'crm-verktyg'?\n"
    )
    bad = runner.invoke(app, ["status", str(path), "crm-verktyg", "pågåend"])
    assert bad.exit_code == 2
    assert "menade du 'pågående'?" in bad.stderr
    no_till = runner.invoke(app, ["status", str(path), "crm-verktyg", "framflyttad"])
    assert no_till.exit_code == 2
    assert "framflyttad behöver" in no_till.stderr
    bad_date = runner.invoke(app, ["status", str(path), "crm-verktyg", "pågående", "--datum", "2022-13-01"])
    assert bad_date.exit_code == 2
    assert "'2022-13-01'" in bad_date.stderr
    shared = tmp_path / "shared.yaml"
    shared.write_text(SHARED, encoding="utf-8")
    refused = runner.invoke(app, ["status", str(shared), "b", "pågående"])
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"{shared}: rad 12: rapporter för 'b' delas")
    unchanged(path, before)
    assert os.path.exists(path)
