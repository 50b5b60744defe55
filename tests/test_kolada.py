"""Outcomes from Kolada: what is asked for, how answers map to updates, and what goes wrong.

Every test talks to :class:`FakeKolada`, a real HTTP server on 127.0.0.1, or
to an httpx mock transport; an autouse fixture refuses any other connection,
so no test can reach the internet. Another one records the pauses between
retries instead of sleeping them, so the back-off costs no time and is checked.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

import malstyrning
from kolada_server import FakeKolada, Row, kolada_row
from malstyrning._errors import DataFileError, KoladaError, UpdateError
from malstyrning._sources import _kolada
from malstyrning._sources._kolada import DEFAULT_KOLADA_URL, KOLADA_URL_ENV, kolada_updates
from malstyrning._sources._updates import OutcomeUpdate

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every connection that is not to this machine."""
    connect = socket.create_connection

    def local_only(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] not in LOOPBACK:
            raise AssertionError(f"a test tried to reach {address[0]}")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)
    monkeypatch.delenv(KOLADA_URL_ENV, raising=False)


@pytest.fixture(autouse=True)
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses (seconds) the Kolada client asks for between attempts, recorded instead of slept."""
    asked: list[float] = []
    # The client's only use of the time module is time.sleep between retries.
    monkeypatch.setattr(_kolada, "time", SimpleNamespace(sleep=asked.append))
    return asked


ROWS = [
    kolada_row("N00914", "0138", 2015, T=4.3, K=3.9, M=4.7),
    kolada_row("N00914", "0138", 2016, T=4.1, K=3.6, M=4.6),
    kolada_row("N00914", "0138", 2017, T=None, K=None, M=None, status="Bortfall"),
    kolada_row("N00914", "0180", 2016, T=5.5, K=5.0, M=6.0),
    kolada_row("N00914", "0000", 2015, T=6.1, K=5.8, M=6.4),
    kolada_row("N00914", "0000", 2016, T=6.0, K=5.7, M=6.3),
    kolada_row("N00914", "0000", 2017, T=None),
    kolada_row("U00402", "0138", 2016, T=None),
    kolada_row("U00402", "0138", 2017, T=71.0),
]


@pytest.fixture
def kolada() -> Iterator[FakeKolada]:
    """A fake Kolada holding ROWS, two rows a page."""
    with FakeKolada(ROWS, page_size=2) as server:
        yield server


def plan(indicators: str, *, municipality: str | None = "0138") -> malstyrning.Plan:
    """A plan whose verksamhetsmått are ``indicators`` (YAML list items, dedented)."""
    head = "plan: Verksamhetsplan 2018\norganisation: Testnämnden\når: 2018\n"
    if municipality is not None:
        head += f'kolada_kommun: "{municipality}"\n'
    body = textwrap.indent(textwrap.dedent(indicators).strip(), "  ")
    return malstyrning.loads_plan(f"{head}verksamhetsmått:\n{body}\n")


SICK_LEAVE = """
- id: sjuk
  titel: Sjukfrånvaro
  kolada: {kpi: N00914}
"""


def fetch(kolada: FakeKolada, the_plan: malstyrning.Plan, **options: Any) -> list[OutcomeUpdate]:
    """kolada_updates against the fake server (the pauses between retries are not slept)."""
    options.setdefault("years", [2015, 2016, 2017])
    return kolada_updates(the_plan, base_url=kolada.url, **options)


def values(updates: list[OutcomeUpdate]) -> dict[tuple[str, str | None, int], float | str | None]:
    """``{(indicator, series, year): value or missing reason}``."""
    return {(u.indicator, u.series, u.year): u.value if u.missing is None else u.missing for u in updates}


# --- mapping Kolada's answer to updates ---------------------------------------------------------------


def test_total_values_become_outcomes(kolada: FakeKolada) -> None:
    """An indicator tagged with a KPI gets Kolada's total (T) value for each year, as floats."""
    updates = fetch(kolada, plan(SICK_LEAVE))
    assert values(updates) == {
        ("sjuk", None, 2015): 4.3,
        ("sjuk", None, 2016): 4.1,
        ("sjuk", None, 2017): "Kolada: Bortfall",
    }
    assert all(isinstance(u.value, float) for u in updates if u.missing is None)


def test_gender_selects_the_value(kolada: FakeKolada) -> None:
    """`kön: K` takes the women's value and `kön: M` the men's, from the same rows."""
    updates = fetch(
        kolada,
        plan("""
            - {id: kvinnor, titel: Kvinnor, kolada: {kpi: N00914, kön: K}}
            - {id: män, titel: Män, kolada: {kpi: N00914, kön: M}}
        """),
        years=[2015, 2016],
    )
    assert values(updates) == {
        ("kvinnor", None, 2015): 3.9,
        ("kvinnor", None, 2016): 3.6,
        ("män", None, 2015): 4.7,
        ("män", None, 2016): 4.6,
    }


def test_null_value_becomes_missing_with_kolada_status(kolada: FakeKolada) -> None:
    """A null value is a missing outcome whose reason is Kolada's status, or "inget värde" without one."""
    updates = fetch(kolada, plan("[{id: nöjd, titel: Nöjdhet, kolada: U00402}]"))
    assert values(updates) == {("nöjd", None, 2016): "Kolada: inget värde", ("nöjd", None, 2017): 71.0}
    missing = next(u for u in updates if u.year == 2016)
    assert missing.value is None


def test_years_kolada_does_not_have_give_no_update(kolada: FakeKolada) -> None:
    """Asking for years Kolada has no rows for produces nothing for them."""
    assert fetch(kolada, plan(SICK_LEAVE), years=[2010, 2011]) == []
    assert [u.year for u in fetch(kolada, plan(SICK_LEAVE), years=[2014, 2016])] == [2016]


def test_comparisons_fill_series(kolada: FakeKolada) -> None:
    """`comparisons` adds each municipality's values as a jämförelse series; nulls there are skipped."""
    updates = fetch(kolada, plan(SICK_LEAVE), comparisons={"riket": "0000", "Stockholm": "0180"})
    series = {key: value for key, value in values(updates).items() if key[1] is not None}
    assert series == {
        ("sjuk", "riket", 2015): 6.1,
        ("sjuk", "riket", 2016): 6.0,
        ("sjuk", "Stockholm", 2016): 5.5,
    }
    assert ("sjuk", None, 2016) in values(updates)


def test_indicator_municipality_overrides_the_plan(kolada: FakeKolada) -> None:
    """An indicator's own `kommun` wins over `kolada_kommun`, and only its KPI is asked for there."""
    updates = fetch(
        kolada,
        plan("""
            - {id: sthlm, titel: Stockholm, kolada: {kpi: N00914, kommun: "0180"}}
            - {id: nöjd, titel: Nöjdhet, kolada: U00402}
        """),
    )
    assert values(updates) == {
        ("sthlm", None, 2016): 5.5,
        ("nöjd", None, 2016): "Kolada: inget värde",
        ("nöjd", None, 2017): 71.0,
    }
    asked = {(tuple(kpis), tuple(places)) for kpis, places, _ in kolada.data_requests()}
    assert asked == {(("N00914",), ("0180",)), (("U00402",), ("0138",))}


def test_indicator_municipality_is_enough_without_plan_municipality(kolada: FakeKolada) -> None:
    """A plan without `kolada_kommun` works when every tagged indicator names its `kommun`."""
    the_plan = plan('[{id: s, titel: S, kolada: {kpi: N00914, kommun: "0180"}}]', municipality=None)
    assert values(fetch(kolada, the_plan)) == {("s", None, 2016): 5.5}


def test_missing_municipality_is_an_update_error(kolada: FakeKolada) -> None:
    """Without `kolada_kommun` or `kommun` the indicators are named, and Kolada is not asked."""
    the_plan = plan(
        """
        - {id: a, titel: A, kolada: N00914}
        - {id: b, titel: B, kolada: U00402}
        - {id: c, titel: C}
        """,
        municipality=None,
    )
    with pytest.raises(UpdateError, match=r"indicators 'a', 'b' have kolada .*kolada_kommun"):
        fetch(kolada, the_plan)
    assert kolada.requests == []


def test_untagged_plan_asks_nothing(kolada: FakeKolada) -> None:
    """A plan with no `kolada` indicator gives no updates and makes no request; so do empty years."""
    assert fetch(kolada, plan("[{id: x, titel: X}]")) == []
    assert fetch(kolada, plan(SICK_LEAVE), years=[]) == []
    assert kolada.requests == []


# --- what is asked for ---------------------------------------------------------------------------------


def test_pages_are_followed_to_the_end(kolada: FakeKolada) -> None:
    """`next_url` is followed until it is null; rows from every page are used."""
    kolada.page_size = 1
    updates = fetch(kolada, plan(SICK_LEAVE), comparisons={"riket": "0000"})
    assert len(updates) == 5
    assert len(kolada.requests) == 6  # 3 rows for 0138 + 3 for 0000, one a page
    assert all("page=" in path for path in kolada.requests[1:])


def test_at_most_25_ids_per_segment() -> None:
    """30 KPIs and 26 comparison municipalities are asked for in segments of at most 25 ids."""
    kpis = [f"N{n:05d}" for n in range(30)]
    places = [f"{n:04d}" for n in range(1, 27)]
    rows = [kolada_row(kpi, "0138", 2017, T=float(i)) for i, kpi in enumerate(kpis)]
    rows += [kolada_row(kpis[0], place, 2017, T=1.0) for place in places]
    indicators = "\n".join(f"- {{id: i{n}, titel: I{n}, kolada: {kpi}}}" for n, kpi in enumerate(kpis))
    with FakeKolada(rows, page_size=1000) as server:
        updates = fetch(server, plan(indicators), years=[2017], comparisons={f"k{p}": p for p in places})
        segments = list(server.data_requests())
    assert len([u for u in updates if u.series is None]) == 30
    assert len([u for u in updates if u.series is not None]) == 26
    assert all(len(ids) <= 25 for segment in segments for ids in segment)
    assert sorted(len(kpis_asked) for kpis_asked, _, _ in segments) == [5, 5, 25, 25]
    assert {kpi for kpis_asked, _, _ in segments for kpi in kpis_asked} == set(kpis)


def test_years_default_to_the_plan_year_and_five_before(kolada: FakeKolada) -> None:
    """Without `years`, Kolada is asked for the plan year and the five years before it."""
    kolada.page_size = 100
    updates = fetch(kolada, plan(SICK_LEAVE), years=None)
    (_, _, years), *others = kolada.data_requests()
    assert others == []
    assert years == ["2013", "2014", "2015", "2016", "2017", "2018"]
    assert len([u for u in updates if u.series is None]) == 3


def test_environment_variable_sets_the_url(kolada: FakeKolada, monkeypatch: pytest.MonkeyPatch) -> None:
    """MALSTYRNING_KOLADA_URL is used when no URL is given; an explicit URL wins over it."""
    monkeypatch.setenv(KOLADA_URL_ENV, kolada.url)
    assert kolada_updates(plan(SICK_LEAVE), years=[2016]) == [OutcomeUpdate("sjuk", 2016, value=4.1)]
    assert len(kolada.requests) == 1
    monkeypatch.setenv(KOLADA_URL_ENV, "http://127.0.0.1:9/nowhere")
    assert len(fetch(kolada, plan(SICK_LEAVE), years=[2016])) == 1


def test_default_url_is_koladas_public_api() -> None:
    """Without URL or environment variable the public v3 API is asked (here through a mock transport)."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"values": [kolada_row("N00914", "0138", 2016, T=4.1)]})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        updates = kolada_updates(plan(SICK_LEAVE), years=[2016], client=client)
        assert not client.is_closed  # a client passed in is the caller's to close
    assert updates == [OutcomeUpdate("sjuk", 2016, value=4.1)]
    assert seen == [f"{DEFAULT_KOLADA_URL}/data/kpi/N00914/municipality/0138/year/2016"]


def test_a_url_that_is_not_http_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Kolada URL must be http(s); the message names where a bad one came from."""
    with pytest.raises(KoladaError, match="must start with http"):
        kolada_updates(plan(SICK_LEAVE), base_url="api.kolada.se/v3")
    monkeypatch.setenv(KOLADA_URL_ENV, "ftp://example.org")
    with pytest.raises(KoladaError, match=KOLADA_URL_ENV):
        kolada_updates(plan(SICK_LEAVE))


# --- when Kolada misbehaves ----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["500", "503", "429", "drop"])
def test_passing_failures_are_retried(kolada: FakeKolada, pauses: list[float], fault: str) -> None:
    """A 5xx or 429 answer or a dropped connection is retried 0,5 s, then 1 s later; the next answer used."""
    kolada.faults = [fault, fault]
    updates = fetch(kolada, plan(SICK_LEAVE), years=[2016], retries=2)
    assert updates == [OutcomeUpdate("sjuk", 2016, value=4.1)]
    assert len(kolada.requests) == 3
    assert pauses == [0.5, 1.0]


def test_lasting_server_error_is_a_kolada_error(kolada: FakeKolada, pauses: list[float]) -> None:
    """A server error that does not pass gives up after the retries, naming status, URL and tries."""
    kolada.permanent_fault = "500"
    with pytest.raises(KoladaError) as caught:
        fetch(kolada, plan(SICK_LEAVE), retries=2)
    message = str(caught.value)
    assert "HTTP 500" in message
    assert f"{kolada.url}/data/kpi/N00914/municipality/0138/year/2015,2016,2017" in message
    assert "tried 3 times" in message
    assert (caught.value.status, caught.value.transient) == (500, True)
    assert len(kolada.requests) == 3
    assert pauses == [0.5, 1.0], "no pause after the last attempt"


@pytest.mark.parametrize(
    ("backoff", "expected"),
    [(1.0, [1.0, 2.0, 4.0, 8.0, 8.0]), (3.0, [3.0, 6.0, 8.0, 8.0, 8.0]), (0.0, [0.0] * 5), (-1.0, [0.0] * 5)],
)
def test_pauses_double_up_to_eight_seconds(
    kolada: FakeKolada, pauses: list[float], backoff: float, expected: list[float]
) -> None:
    """The pause before each retry is `backoff` seconds, doubled each time, at most 8 s; never negative."""
    kolada.permanent_fault = "503"
    with pytest.raises(KoladaError, match="tried 6 times"):
        fetch(kolada, plan(SICK_LEAVE), retries=5, backoff=backoff)
    assert pauses == expected


def test_not_found_is_not_retried(kolada: FakeKolada, pauses: list[float]) -> None:
    """HTTP 404 (a wrong URL) fails at once, without a pause, with its status for the caller."""
    with pytest.raises(KoladaError, match=r"HTTP 404 Not Found for ") as caught:
        kolada_updates(plan(SICK_LEAVE), base_url=f"{kolada.origin}/v2", retries=3)
    assert (caught.value.status, caught.value.transient) == (404, False)
    assert len(kolada.requests) == 1
    assert pauses == []


def test_too_many_ids_answer_is_an_error(kolada: FakeKolada) -> None:
    """A 400 answer (Kolada refusing a request) is reported with its body."""
    kolada.faults = ["400"]
    with pytest.raises(KoladaError, match=r"HTTP 400 Bad Request .*injected HTTP 400"):
        fetch(kolada, plan(SICK_LEAVE))


def test_invalid_json_is_a_kolada_error(kolada: FakeKolada) -> None:
    """An answer that is not JSON says so."""
    kolada.faults = ["bad-json"]
    with pytest.raises(KoladaError, match="is not valid JSON"):
        fetch(kolada, plan(SICK_LEAVE))


def test_unexpected_shape_is_a_kolada_error(kolada: FakeKolada) -> None:
    """JSON that is not a Kolada page is reported with what was wrong."""
    kolada.faults = ["bad-shape"]
    with pytest.raises(KoladaError, match=r"unexpected answer from Kolada .*expected a Kolada page"):
        fetch(kolada, plan(SICK_LEAVE))


def test_endless_pages_are_stopped(kolada: FakeKolada) -> None:
    """A `next_url` that leads back to a page already read ends with an error, not a hang."""
    kolada.faults = ["loop"]
    with pytest.raises(KoladaError, match="pages do not end"):
        fetch(kolada, plan(SICK_LEAVE))
    assert len(kolada.requests) == 1


def test_slow_answer_times_out(kolada: FakeKolada, pauses: list[float]) -> None:
    """An answer slower than `timeout` is retried, then reported as a timeout."""
    kolada.permanent_fault = "slow"
    with pytest.raises(KoladaError, match=r"did not answer in time .*tried 2 times"):
        fetch(kolada, plan(SICK_LEAVE), timeout=0.2, retries=1)
    assert len(kolada.requests) == 2
    assert pauses == [0.5]


def test_slow_answer_then_success(kolada: FakeKolada, pauses: list[float]) -> None:
    """One slow answer does not fail the import when the retry is answered."""
    kolada.faults = ["slow"]
    updates = fetch(kolada, plan(SICK_LEAVE), years=[2016], timeout=0.2, retries=1)
    assert updates == [OutcomeUpdate("sjuk", 2016, value=4.1)]
    assert pauses == [0.5]


def test_unreachable_kolada_says_so(pauses: list[float]) -> None:
    """With nothing listening, the error says Kolada cannot be reached and may be tried later (transient)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v3"
    with pytest.raises(KoladaError) as caught:
        kolada_updates(plan(SICK_LEAVE), years=[2016], base_url=url, retries=1)
    message = str(caught.value)
    assert message.startswith(f"cannot reach Kolada at {url}/data/kpi/N00914")
    assert message.endswith("; tried 2 times; check the network connection")
    assert (caught.value.status, caught.value.transient) == (None, True)
    assert pauses == [0.5]


# --- saved answers ---------------------------------------------------------------------------------------


def save(tmp_path: Path, document: Any, name: str = "kolada.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def page(rows: list[Row], next_url: str | None = None) -> dict[str, Any]:
    return {"values": rows, "count": len(rows), "next_url": next_url}


def test_saved_page_is_imported_without_network(tmp_path: Path) -> None:
    """A saved page gives the same updates as Kolada would; without `years`, every year in it."""
    path = save(tmp_path, page(ROWS[:3]))
    updates = kolada_updates(plan(SICK_LEAVE), saved=path, base_url="http://127.0.0.1:9/nowhere")
    assert values(updates) == {
        ("sjuk", None, 2015): 4.3,
        ("sjuk", None, 2016): 4.1,
        ("sjuk", None, 2017): "Kolada: Bortfall",
    }


def test_saved_list_of_pages_with_years_and_comparisons(tmp_path: Path) -> None:
    """A list of pages is read as one answer; `years` and `comparisons` apply as for the network."""
    path = save(tmp_path, [page(ROWS[:4], "https://api.kolada.se/v3/next"), page(ROWS[4:])])
    updates = kolada_updates(plan(SICK_LEAVE), saved=str(path), years=[2016], comparisons={"riket": "0000"})
    assert values(updates) == {("sjuk", None, 2016): 4.1, ("sjuk", "riket", 2016): 6.0}


def test_saved_file_in_the_servers_own_words(kolada: FakeKolada, tmp_path: Path) -> None:
    """A page as the (fake) API sends it, saved to a file, imports like the live answer."""
    kolada.page_size = 100
    body = httpx.get(f"{kolada.url}/data/kpi/N00914/municipality/0138/year/2015,2016,2017").text
    path = save(tmp_path, body)
    assert kolada_updates(plan(SICK_LEAVE), saved=path) == fetch(kolada, plan(SICK_LEAVE))


def test_malformed_saved_file_names_the_line(tmp_path: Path) -> None:
    """A saved file that is not JSON is a DataFileError located by line and column."""
    path = save(tmp_path, '{"values": [\n  {"kpi": "N00914",\n   "period": 2016,,}\n]}')
    with pytest.raises(DataFileError) as caught:
        kolada_updates(plan(SICK_LEAVE), saved=path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(path), 3, 19)
    assert "not valid JSON" in problem.message
    assert str(problem).startswith(f"{path}:3:19: not valid JSON")


@pytest.mark.parametrize(
    ("text", "where", "swedish"),
    [
        ('{"values": [] "x": 1}', (1, 15), "här ska stå ','"),
        ('{"values": [1, ]}', (1, 16), "här ska stå ett värde"),
        ('{"values" []}', (1, 11), "här ska stå ':'"),
        ("{values: []}", (1, 2), "här ska stå ett namn inom dubbla citattecken"),
        ('{"values": [], "x": "abc}', (1, 21), "texten som börjar här slutar aldrig (ett '\"' saknas)"),
        ('{"values": [], "x": "a\tb"}', (1, 23), "ett styrtecken kan inte stå i en text"),
        ('{"values": []} {}', (1, 16), "här står något efter JSON-värdet, som ska vara ett enda"),
        ('{"values": [], "x": "\\q"}', (1, 22), "okänt tecken efter '\\'"),
        ('{"values": [], "x": "\\u12"}', (1, 23), "efter '\\u' ska fyra hexadecimala siffror stå"),
    ],
)
def test_malformed_saved_file_in_swedish(
    tmp_path: Path, text: str, where: tuple[int, int], swedish: str
) -> None:
    """Python's JSON reader's words come in the run's language: Swedish by default."""
    path = save(tmp_path, text)
    with malstyrning.use_language("sv"), pytest.raises(DataFileError) as caught:
        kolada_updates(plan(SICK_LEAVE), saved=path)
    (problem,) = caught.value.problems
    assert ((problem.line, problem.column), problem.message) == (where, f"inte giltig JSON: {swedish}")


def test_kolada_answer_that_is_not_json_in_swedish() -> None:
    """An answer from Kolada that is not JSON is said in Swedish too, with its line and column."""
    from malstyrning._sources._kolada import _decode

    with malstyrning.use_language("sv"), pytest.raises(malstyrning.KoladaError) as caught:
        _decode(b"<html>", "https://kolada")
    assert str(caught.value) == (
        "Koladas svar från https://kolada är inte giltig JSON: här ska stå ett värde (rad 1, kolumn 1)"
    )


@pytest.mark.parametrize(
    ("document", "where", "message"),
    [
        ({"rows": []}, "", "expected a Kolada page"),
        ([page([]), 3], "[1]", "expected a Kolada page"),
        (
            page([{"kpi": "N00914", "municipality": "0138", "period": "x", "values": []}]),
            "values[0].period",
            "year",
        ),
        (
            page([{**ROWS[0], "values": [{"gender": "T", "value": "4,3"}]}]),
            "values[0].values[0].value",
            "number",
        ),
        (page([{**ROWS[0], "values": [{"gender": "T"}]}]), "values[0].values[0]", "no 'value'"),
        (page([{**ROWS[0], "kpi": None}]), "values[0].kpi", "expected text"),
        (  # json.dumps writes NaN, and json.loads reads it
            page([{**ROWS[0], "values": [{"gender": "T", "value": float("nan")}]}]),
            "values[0].values[0].value",
            "expected a finite number or null, got NaN",
        ),
        (
            page([{**ROWS[0], "values": [{"gender": "T", "status": "\udcff", "value": None}]}]),
            "values[0].values[0].status",
            "expected text, got the character U+DCFF, which is not text (a lone surrogate)",
        ),
    ],
)
def test_wrongly_shaped_saved_file(tmp_path: Path, document: Any, where: str, message: str) -> None:
    """Valid JSON that is not a Kolada answer is a DataFileError naming the place inside it."""
    path = save(tmp_path, document)
    with pytest.raises(DataFileError) as caught:
        kolada_updates(plan(SICK_LEAVE), saved=path)
    (problem,) = caught.value.problems
    assert problem.path == where
    assert message in problem.message


def test_saved_file_that_cannot_be_read(tmp_path: Path) -> None:
    """A missing or non-UTF-8 saved file is a DataFileError, not a crash."""
    with pytest.raises(DataFileError, match="no such file"):
        kolada_updates(plan(SICK_LEAVE), saved=tmp_path / "missing.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"values": [], "x": "Tyresö"}'.encode("latin-1"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        kolada_updates(plan(SICK_LEAVE), saved=latin)


def test_bad_comparison_argument_is_refused(kolada: FakeKolada) -> None:
    """kolada_updates checks `comparisons` itself, before asking Kolada."""
    with pytest.raises(malstyrning.InvalidArgumentError, match="four-digit"):
        fetch(kolada, plan(SICK_LEAVE), comparisons={"riket": "0"})
    assert kolada.requests == []


def test_importing_the_module_does_not_load_httpx() -> None:
    """httpx is imported only when Kolada is asked, so `import malstyrning` stays light."""
    code = "import sys, malstyrning, malstyrning._sources._kolada; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"


def test_kolada_gap_never_overwrites_a_known_outcome(tmp_path: Path) -> None:
    """A null from Kolada for a year the plan already has is left out; other gaps become saknas."""
    path = tmp_path / "plan.yaml"
    path.write_text(
        "plan: P\norganisation: O\når: 2018\nverksamhetsmått:\n  - {id: a, titel: A, utfall: {2017: 5}}\n",
        encoding="utf-8",
    )
    updates = [
        OutcomeUpdate("a", 2017, missing="Kolada: Bortfall", only_if_absent=True),
        OutcomeUpdate("a", 2018, missing="Kolada: Bortfall", only_if_absent=True),
    ]
    results = malstyrning.apply_updates(path, updates)
    assert [(r.update.year, r.kind) for r in results] == [(2018, malstyrning.UpdateKind.NEW)]
    outcomes = malstyrning.load_plan(path).indicators()[0].outcomes
    assert (outcomes[2017].value, outcomes[2018].missing) == (5, "Kolada: Bortfall")
    # A value from Kolada is not marked: it replaces what is there, as any import does.
    (changed,) = malstyrning.apply_updates(path, [OutcomeUpdate("a", 2017, value=6)])
    assert changed.kind is malstyrning.UpdateKind.CHANGED


def test_kolada_gaps_are_marked_only_if_absent(kolada: FakeKolada) -> None:
    """kolada_updates marks each null (and only those) to be written only where the plan has no outcome."""
    updates = fetch(kolada, plan(SICK_LEAVE))
    assert {(u.year, u.only_if_absent) for u in updates} == {(2015, False), (2016, False), (2017, True)}


# --- the command line, end to end --------------------------------------------------------------------


def test_cli_import_kolada_writes_outcomes_and_comparisons(kolada: FakeKolada, tmp_path: Path) -> None:
    """`import PLAN --kolada --years ... --jämförelse riket=0000 --kolada-url URL` writes both series."""
    from typer.testing import CliRunner

    from malstyrning._cli import app

    path = tmp_path / "plan.yaml"
    path.write_text(
        "# Sjukfrånvaro från Kolada\nplan: Verksamhetsplan 2018\norganisation: Testnämnden\når: 2018\n"
        'kolada_kommun: "0138"\nverksamhetsmått:\n  - id: sjuk  # N00914\n    titel: Sjukfrånvaro\n'
        "    kolada: {kpi: N00914}\n",
        encoding="utf-8",
    )
    args = ["import", str(path), "--kolada", "--years", "2015-2017", "--kolada-url", kolada.url]
    result = CliRunner().invoke(app, [*args, "--jämförelse", "riket=0000"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "5 new, 0 changed, 0 unchanged; wrote 5 outcome(s)" in result.output
    indicator = malstyrning.load_plan(path).measures[0]
    assert indicator.outcomes[2016].value == 4.1
    assert indicator.outcomes[2017].missing == "Kolada: Bortfall"
    assert indicator.comparisons == {"riket": {2015: 6.1, 2016: 6.0}}
    assert path.read_text(encoding="utf-8").startswith("# Sjukfrånvaro från Kolada\n")
    assert "  - id: sjuk  # N00914\n" in path.read_text(encoding="utf-8")


def test_cli_import_kolada_wrong_url_points_at_the_option(kolada: FakeKolada, tmp_path: Path) -> None:
    """A 404 from a wrong --kolada-url: exit 1, and the command names its option and the variable."""
    from typer.testing import CliRunner

    from malstyrning._cli import app

    path = tmp_path / "plan.yaml"
    text = "plan: P\norganisation: O\når: 2018\nkolada_kommun: '0138'\n"
    text += "verksamhetsmått:\n  - {id: a, titel: A, kolada: N00914}\n"
    path.write_text(text, encoding="utf-8")
    arguments = ["import", str(path), "--kolada", "--years", "2017", "--kolada-url", f"{kolada.origin}/v2"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: Kolada answered HTTP 404 Not Found for {kolada.origin}/v2/")
    assert result.stderr.endswith(" (check the Kolada URL: --kolada-url or MALSTYRNING_KOLADA_URL)\n")
    assert path.read_text(encoding="utf-8") == text


def test_cli_import_kolada_unreachable_exits_1(tmp_path: Path, pauses: list[float]) -> None:
    """Nothing listening: three retries (0,5, 1, 2 s apart), a clear message, exit 1, the plan untouched."""
    from typer.testing import CliRunner

    from malstyrning._cli import app

    path = tmp_path / "plan.yaml"
    text = "plan: P\norganisation: O\når: 2018\nkolada_kommun: '0138'\n"
    text += "verksamhetsmått:\n  - {id: a, titel: A, kolada: N1}\n"
    path.write_text(text, encoding="utf-8")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(
        app,
        ["import", str(path), "--kolada", "--years", "2017", "--kolada-url", f"http://127.0.0.1:{port}/v3"],
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: cannot reach Kolada")
    assert result.stderr.endswith(
        "; check the network connection, or import a saved answer with --kolada-file\n"
    )
    assert "tried 4 times" in result.stderr
    assert path.read_text(encoding="utf-8") == text
    assert pauses == [0.5, 1.0, 2.0]
