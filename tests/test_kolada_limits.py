"""Issue 11, Kolada: one deadline, a size limit, paging on the chosen host only, numbers checked.

Every test talks to the fake Kolada on 127.0.0.1 or to an httpx mock transport;
the fixtures of test_kolada.py refuse any other connection and record the
pauses between retries instead of sleeping them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

import malstyrning
from kolada_server import FakeKolada, kolada_row
from malstyrning._cli import app
from malstyrning._errors import DataFileError, KoladaError
from malstyrning._sources import _kolada
from malstyrning._sources._kolada import kolada_updates
from test_kolada import SICK_LEAVE, _no_internet, kolada, pauses, plan  # noqa: F401 -- the fixtures, shared

pytestmark = pytest.mark.usefixtures("english")

URL = "https://api.kolada.se/v3"


def mock(
    answer: Callable[[httpx.Request], httpx.Response], **options: Any
) -> list[malstyrning.OutcomeUpdate]:
    """kolada_updates for SICK_LEAVE in 2016 through a mock transport that answers with ``answer``."""
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        return kolada_updates(plan(SICK_LEAVE), years=[2016], base_url=URL, client=client, **options)


def page(*rows: dict[str, Any], next_url: Any = None) -> httpx.Response:
    return httpx.Response(200, json={"values": list(rows), "next_url": next_url})


# --- the deadline --------------------------------------------------------------------------------------


def test_one_deadline_for_the_whole_fetch(kolada: FakeKolada, pauses: list[float]) -> None:  # noqa: F811 -- fixtures
    """A slow Kolada, retried, took timeout × attempts; now the deadline ends it, and says so."""
    kolada.permanent_fault = "slow"
    with pytest.raises(KoladaError, match=r"did not finish answering within 0\.3 s") as caught:
        kolada_updates(
            plan(SICK_LEAVE), years=[2016], base_url=kolada.url, timeout=10, retries=3, deadline=0.3
        )
    assert caught.value.transient
    assert len(kolada.requests) == 1  # no retry can start after the deadline


def test_a_pause_beyond_the_deadline_is_not_taken(kolada: FakeKolada, pauses: list[float]) -> None:  # noqa: F811 -- fixtures
    kolada.permanent_fault = "503"
    with pytest.raises(KoladaError, match="within 5 s"):
        kolada_updates(
            plan(SICK_LEAVE), years=[2016], base_url=kolada.url, retries=5, backoff=8.0, deadline=5
        )
    assert pauses == []


def test_the_cli_takes_a_deadline(kolada: FakeKolada, tmp_path: Path) -> None:  # noqa: F811 -- fixtures
    kolada.permanent_fault = "slow"
    target = tmp_path / "plan.yaml"
    target.write_text(
        "plan: P\norganisation: O\når: 2018\nkolada_kommun: '0138'\nverksamhetsmått:\n"
        "  - id: sjuk\n    titel: Sjukfrånvaro\n    kolada: {kpi: N00914}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["import", str(target), "--kolada", "--kolada-url", kolada.url, "--kolada-deadline", "0.2"]
    )
    assert result.exit_code == 1, result.output
    assert "within 0.2 s" in result.stderr


@pytest.mark.parametrize("deadline", [-1, 0, -0.5, float("nan"), float("inf"), 10**400])
def test_a_deadline_that_is_no_positive_finite_number_is_refused(deadline: object) -> None:
    """It was taken, and the import then said Kolada had not answered "within -1 s"."""
    with pytest.raises(malstyrning.InvalidArgumentError, match="deadline must be a positive number"):
        kolada_updates(plan(SICK_LEAVE), years=[2016], saved="unread.json", deadline=deadline)  # type: ignore[arg-type]


@pytest.mark.parametrize("deadline", [True, "5", None])
def test_a_deadline_that_is_no_number_is_refused(deadline: object) -> None:
    with pytest.raises(malstyrning.ArgumentTypeError, match="deadline must be a number of seconds"):
        kolada_updates(plan(SICK_LEAVE), years=[2016], saved="unread.json", deadline=deadline)  # type: ignore[arg-type]


@pytest.mark.parametrize("deadline", ["-1", "0", "nan", "inf", "-inf"])
def test_the_cli_refuses_a_deadline_that_is_no_positive_finite_number(deadline: str, tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_text("plan: P\norganisation: O\når: 2018\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(target), "--kolada", f"--kolada-deadline={deadline}"])
    assert result.exit_code == 2, result.output
    assert "--kolada-deadline: expected a positive number of seconds" in result.stderr


# --- sizes -----------------------------------------------------------------------------------------------


def test_an_answer_larger_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_kolada, "MAX_ANSWER_BYTES", 200)
    row = kolada_row("N00914", "0138", 2016, T=4.1)
    with pytest.raises(KoladaError, match="larger than"):
        mock(lambda request: page(row, row, row))
    streamed = httpx.Response(200, content=iter([b'{"values": [', b" " * 150, b" " * 150, b"]}"]))
    with pytest.raises(KoladaError, match="larger than"):
        mock(lambda request: streamed)


def test_a_saved_file_is_read_with_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--kolada-file /dev/zero` read until the memory ran out; now it stops after the limit."""
    monkeypatch.setattr(_kolada, "MAX_ANSWER_BYTES", 1000)
    with pytest.raises(DataFileError, match="larger than"):
        kolada_updates(plan(SICK_LEAVE), saved="/dev/zero")


# --- paging and redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("http://[::1", "next_url is not a URL"),
        ("https://elsewhere.example/v3/data?page=2", "leads to another host"),
        ("http://api.kolada.se/v3/data?page=2", "leads to another host"),  # https made http
        ("https://api.kolada.se:8443/v3/data?page=2", "leads to another host"),
        ("ftp://api.kolada.se/v3", "next_url is not a URL"),
    ],
)
def test_next_url_stays_on_the_chosen_host(link: str, message: str) -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return page(kolada_row("N00914", "0138", 2016, T=4.1), next_url=link)

    with pytest.raises(KoladaError, match=message):
        mock(answer)
    assert len(seen) == 1


def test_next_url_on_the_same_host_is_followed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if "page=2" in str(request.url):
            return page(kolada_row("N00914", "0138", 2016, T=4.1))
        return page(next_url="/v3/data/kpi/N00914/municipality/0138/year/2016?page=2")

    assert [u.value for u in mock(answer)] == [4.1]


def test_redirects_stay_on_the_chosen_host() -> None:
    """A redirect is followed on the same host (http to https too), never to another."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "api.kolada.se" and "moved" not in str(request.url):
            return httpx.Response(301, headers={"location": "/v3/moved"})
        if request.url.host == "api.kolada.se":
            return httpx.Response(302, headers={"location": "https://evil.example/v3/data"})
        return page(kolada_row("N00914", "0138", 2016, T=99.0))

    with pytest.raises(KoladaError, match=r"leads to another host \(redirect"):
        mock(answer)
    assert seen == [f"{URL}/data/kpi/N00914/municipality/0138/year/2016", f"{URL}/moved"]


def test_no_more_pages_than_the_rows_asked_for() -> None:
    """Empty pages with ever new next_urls went on for 10,000 pages; now one a row asked for, and one."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return page(next_url=f"{URL}/data?page={len(seen) + 1}")

    with pytest.raises(KoladaError, match="more than 2 pages"):
        mock(answer)
    assert len(seen) == 2  # one KPI, one municipality, one year: one row, one more page


# --- numbers and periods ---------------------------------------------------------------------------------


def huge(value: str = "4.1", period: str = "2016") -> bytes:
    row = '{"kpi": "N00914", "municipality": "0138", "period": %s, "values": [{"gender": "T", "value": %s}]}'
    return ('{"values": [' + row % (period, value) + "]}").encode()


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        (
            huge(value="1" * 400),
            "values[0].values[0].value",
            "the number is too large (a number of 400 digits)",
        ),
        (huge(value="1" * 30), "values[0].values[0].value", None),  # 30 digits: a float holds it
        (huge(value="1e400"), "values[0].values[0].value", "the number is too large (Infinity)"),
        (huge(period="9" * 5000), "values[0].period", "expected a year, got a number of 5000 digits"),
        (huge(period='"' + "9" * 5000 + '"'), "values[0].period", "expected a year"),
        (huge(period='"²⁰¹⁶"'), "values[0].period", "expected a year"),
    ],
)
def test_numbers_and_periods_are_checked_where_they_are(
    tmp_path: Path, body: bytes, where: str, message: str | None
) -> None:
    """A 400-digit value and a 5,000-digit period gave tracebacks; now a located message, online and saved."""
    if message is None:
        assert [u.value for u in mock(lambda request: httpx.Response(200, content=body))] == [float("1" * 30)]
        return
    with pytest.raises(KoladaError) as online:
        mock(lambda request: httpx.Response(200, content=body))
    assert f"{where}: {message}" in str(online.value)
    saved = tmp_path / "saved.json"
    saved.write_bytes(body)
    with pytest.raises(DataFileError) as offline:
        kolada_updates(plan(SICK_LEAVE), saved=saved)
    assert str(offline.value).startswith(f"{saved}: {where}: {message}")


def test_a_saved_file_with_an_integer_beyond_pythons_limit() -> None:
    """json.loads refuses integers of more than 4,300 digits with a ValueError: no traceback."""
    text = json.dumps({"values": [], "count": 1}).replace("1}", "1" * 5000 + "}")
    assert _kolada._json(text)["count"] == _kolada._LongNumber(5000)


def test_a_kolada_url_that_cannot_be_parsed_is_refused() -> None:
    with pytest.raises(KoladaError, match="not a URL"):
        kolada_updates(plan(SICK_LEAVE), years=[2016], base_url="http://[::1")
