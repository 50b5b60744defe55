"""Outcomes from Kolada, the national database of municipal key figures.

An indicator tagged ``kolada: {kpi: N00914, kön: T}`` gets its outcomes
(``utfall``) from Kolada's REST API v3 for the plan's municipality
(``kolada_kommun``, or the indicator's own ``kommun``); ``jämförelse`` series
can be filled from other municipalities the same way. The result is a list of
:class:`OutcomeUpdate` objects: nothing here writes to the plan.

Kolada answers ``/data/kpi/{ids}/municipality/{ids}/year/{years}`` with pages
shaped like::

    {"values": [{"kpi": "N00945", "municipality": "0180", "period": 2001,
                 "values": [{"gender": "T", "count": 1, "status": "", "value": 31.9}]}],
     "next_url": null}

A saved answer (one such page, a list of pages) can be read instead of the
network. httpx is imported only when Kolada is actually asked.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from time import monotonic
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .._errors import (
    ArgumentTypeError,
    DataFileError,
    InvalidArgumentError,
    KoladaError,
    Problem,
    UpdateError,
)
from .._i18n import current_language, no_such_file, os_reason, tr
from .._model import FIRST_YEAR, LAST_YEAR, checked_year, unencodable_character, year_from_text
from .._version import __version__
from ._updates import OutcomeUpdate, finite_number

if TYPE_CHECKING:
    import httpx

    from .._model import Plan

__all__ = [
    "DEFAULT_KOLADA_DEADLINE",
    "DEFAULT_KOLADA_URL",
    "KOLADA_URL_ENV",
    "MAX_ANSWER_BYTES",
    "MAX_IDS",
    "YEARS_BACK",
    "kolada_updates",
]

DEFAULT_KOLADA_URL = "https://api.kolada.se/v3"
"""Kolada's public REST API, version 3."""

KOLADA_URL_ENV = "MALSTYRNING_KOLADA_URL"
"""The environment variable that overrides :data:`DEFAULT_KOLADA_URL`."""

MAX_IDS = 25
"""Kolada accepts at most this many ids in one segment of a data URL."""

YEARS_BACK = 5
"""Without ``years``, Kolada is asked for the plan year and the five years before it."""

DEFAULT_KOLADA_DEADLINE = 60.0
"""Seconds an import from Kolada may take in all, every page and retry included."""

MAX_ANSWER_BYTES = 32 * 1024 * 1024
"""The largest answer read: one page from Kolada, or a saved answer (32 MiB)."""

_MAX_REDIRECTS = 10
_MAX_DIGITS = 30  # a JSON number with more digits is no value or year Kolada sends
_MAX_BACKOFF = 8.0  # seconds, the longest pause between two attempts
_TOO_MANY_REQUESTS = 429
_SERVER_ERROR = 500
_CLIENT_ERROR = 400
# What may mend a failure that trying again did not; a caller adds its own way
# to a saved answer (`saved=`; the command line's --kolada-file), see KoladaError.transient.


def _offline_hint() -> str:
    return tr("check the network connection", "kontrollera nätverksanslutningen")


def _later_hint() -> str:
    return tr("try again later", "försök igen senare")


_MUNICIPALITY = re.compile(r"[0-9]{4}")


@dataclass(frozen=True, slots=True)
class _Source:
    """Where one indicator's outcomes are in Kolada."""

    indicator: str
    kpi: str
    gender: str
    municipality: str


@dataclass(frozen=True, slots=True)
class _Entry:
    """One value in Kolada's answer: a number, or ``None`` with Kolada's status."""

    value: float | None
    status: str


_Key = tuple[str, str, int, str]  # kpi, municipality, period, gender
_Table = dict[_Key, _Entry]


@dataclass(frozen=True, slots=True)
class _Failure:
    """A failed request that trying again may mend: what happened, what the user can do,
    and the HTTP status when Kolada answered."""

    message: str
    hint: str
    status: int | None = None


class _ShapeError(Exception):
    """An answer that is valid JSON but not shaped like Kolada's; ``path`` says where."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


# --- the public functions ---------------------------------------------------------------------------


def kolada_updates(
    plan: Plan,
    *,
    years: Sequence[int] | None = None,
    comparisons: Mapping[str, str] | None = None,
    base_url: str | None = None,
    saved: str | os.PathLike[str] | None = None,
    timeout: float = 10.0,
    retries: int = 3,
    backoff: float = 0.5,
    client: httpx.Client | None = None,
    deadline: float = DEFAULT_KOLADA_DEADLINE,
) -> list[OutcomeUpdate]:
    """The outcomes Kolada has for the plan's Kolada-tagged indicators.

    Every indicator with ``kolada`` gets one update per year Kolada answers
    for its KPI, municipality (the indicator's ``kommun``, else the plan's
    ``kolada_kommun``) and gender (``kön``). A value Kolada gives as null
    becomes a missing outcome, ``saknas: "Kolada: <status>"`` (or ``"Kolada:
    inget värde"`` when Kolada gives no status), marked ``only_if_absent``: when
    the plan has an outcome for that year at the moment :func:`apply_updates`
    writes, it is left alone. Years Kolada does not answer for produce no update.

    ``years`` are the years to ask for; without it, the plan year and the
    :data:`YEARS_BACK` years before it (every year in the file for ``saved``).
    ``comparisons`` maps a ``jämförelse`` series name to a municipality id
    (``{"riket": "0000"}``); each indicator then also gets that
    municipality's values as updates of that series (null values are skipped:
    a comparison value cannot be missing).

    ``base_url`` is the API's address; without it the environment variable
    :data:`KOLADA_URL_ENV`, else :data:`DEFAULT_KOLADA_URL`. Requests group
    at most :data:`MAX_IDS` ids per URL segment and follow ``next_url``.
    Connection errors, timeouts and HTTP 429/5xx answers are retried
    ``retries`` times, pausing ``backoff`` seconds, doubled each time (at
    most 8 s); HTTP 4xx answers are not retried. Pass
    ``client`` to use your own :class:`httpx.Client` (its timeout applies; it
    is not closed). ``saved`` reads a saved answer (one page, or a list of
    pages) from a JSON file instead of the network.

    ``deadline`` bounds the whole fetch, every page, retry and pause
    included (seconds; :data:`DEFAULT_KOLADA_DEADLINE`); no single wait
    lasts beyond it. An answer, or a saved file, larger than
    :data:`MAX_ANSWER_BYTES` is refused, as are a ``next_url`` or a redirect
    to another host than ``base_url``'s, more pages than the rows asked for
    can fill, and a value or period that is no number a float can hold or
    no year (each named by where it is in the answer).

    Raises :class:`UpdateError` when a tagged indicator has no municipality,
    :class:`KoladaError` when Kolada cannot be reached or answers with an
    error or something unexpected (its ``transient`` and ``status`` say
    which: a saved answer may help when Kolada cannot be reached, a wrong
    ``base_url`` is answered 404), :class:`DataFileError` when the saved file
    cannot be used, and :class:`InvalidArgumentError` (a ``ValueError``) for a
    ``deadline`` that is not a positive, finite number of seconds, a
    malformed ``comparisons`` or a year in ``years`` outside
    :data:`FIRST_YEAR`–:data:`LAST_YEAR` (:class:`ArgumentTypeError` for a
    year that is not an ``int``, a deadline that is not a number).
    """
    if years is not None:
        if isinstance(years, (str, bytes)) or not isinstance(years, Iterable):
            raise ArgumentTypeError(
                tr(
                    "years must be a list of years, not {kind}",
                    "years ska vara en lista med år, inte {kind}",
                    kind=type(years).__name__,
                )
            )
        years = [checked_year(year, "years") for year in years]
    deadline = _checked_deadline(deadline)
    sources = _sources(plan)
    series = _check_comparisons(comparisons or {})
    wanted = sorted(set(years)) if years is not None else None
    if not sources or wanted == []:
        return []
    if saved is not None:
        table = _read_saved(saved)
    else:
        wanted = wanted or list(range(max(plan.year - YEARS_BACK, FIRST_YEAR), plan.year + 1))
        url = _base_url(base_url)
        paths = _request_paths(sources, list(series.values()), wanted)
        clock = _Clock(deadline)
        table = _fetch(
            url, paths, client=client, timeout=timeout, retries=retries, backoff=backoff, clock=clock
        )
    if wanted is None:
        wanted = sorted({period for _, _, period, _ in table})
    return _updates(sources, series, wanted, table)


def _checked_deadline(deadline: object) -> float:
    """``deadline`` as seconds: a positive, finite number, else the error naming the argument."""
    if isinstance(deadline, bool) or not isinstance(deadline, int | float):
        raise ArgumentTypeError(
            tr(
                "deadline must be a number of seconds, not {kind}",
                "deadline ska vara ett antal sekunder, inte {kind}",
                kind=type(deadline).__name__,
            )
        )
    try:
        seconds = float(deadline)
    except OverflowError:  # an int too large for a float: no finite deadline
        seconds = math.inf
    if not (math.isfinite(seconds) and seconds > 0):
        raise InvalidArgumentError(
            tr(
                "deadline must be a positive number of seconds, not {value!r}",
                "deadline ska vara ett positivt antal sekunder, men här står {value!r}",
                value=deadline,
            )
        )
    return seconds


# --- what to ask for -----------------------------------------------------------------------------------


def _sources(plan: Plan) -> list[_Source]:
    """One source per Kolada-tagged indicator; every one needs a municipality."""
    sources: list[_Source] = []
    homeless: list[str] = []
    for indicator in plan.indicators():
        if indicator.kolada is None:
            continue
        municipality = indicator.kolada.municipality or plan.kolada_municipality
        if municipality is None:
            homeless.append(indicator.id)
            continue
        kpi = indicator.kolada.kpi.strip().upper()
        sources.append(_Source(indicator.id, kpi, indicator.kolada.gender.value, municipality))
    if homeless:
        names = ", ".join(repr(name) for name in homeless)
        if len(homeless) == 1:
            message = tr(
                "indicator {names} has kolada but neither it nor the plan gives a municipality: "
                "add kolada_kommun to the plan, or kommun under the indicator's kolada",
                "indikatorn {names} har kolada men varken den eller planen anger en kommun: "
                "lägg till kolada_kommun i planen, eller kommun under indikatorns kolada",
                names=names,
            )
        else:
            message = tr(
                "indicators {names} have kolada but neither it nor the plan gives a municipality: "
                "add kolada_kommun to the plan, or kommun under the indicator's kolada",
                "indikatorerna {names} har kolada men varken de eller planen anger en kommun: "
                "lägg till kolada_kommun i planen, eller kommun under indikatorernas kolada",
                names=names,
            )
        raise UpdateError(message)
    return sources


def _check_comparisons(comparisons: Mapping[str, str]) -> dict[str, str]:
    """The comparisons with names stripped and ids checked."""
    checked: dict[str, str] = {}
    for name, code in comparisons.items():
        if not name.strip():
            raise InvalidArgumentError(tr("a jämförelse needs a name", "en jämförelse behöver ett namn"))
        if name.strip() in checked:
            raise InvalidArgumentError(
                tr(
                    "jämförelse {name!r} is given twice",
                    "jämförelsen {name!r} står två gånger",
                    name=name.strip(),
                )
            )
        checked[name.strip()] = _municipality_id(code, f"jämförelse {name.strip()!r}")
    return checked


def _municipality_id(code: str, what: str) -> str:
    if not _MUNICIPALITY.fullmatch(code.strip()):
        raise InvalidArgumentError(
            tr(
                '{what}: expected a four-digit municipality id such as "0000", got {code!r}',
                '{what}: ska vara ett kommun-id med fyra siffror, till exempel "0000", men här står {code!r}',
                what=what,
                code=code,
            )
        )
    return code.strip()


def _request_paths(sources: list[_Source], extra: list[str], years: list[int]) -> list[tuple[str, int]]:
    """The data paths to ask for, at most :data:`MAX_IDS` ids in any segment, each with
    the most pages its answer can need: one a row it can hold (kpi, municipality, year), and one more.

    KPIs are grouped by the municipalities they are needed for, so an
    indicator's own ``kommun`` does not make every other KPI be asked for it.
    """
    needs: dict[str, list[str]] = {}
    for source in sources:
        places = needs.setdefault(source.kpi, [])
        for municipality in (source.municipality, *extra):
            if municipality not in places:
                places.append(municipality)
    groups: dict[tuple[str, ...], list[str]] = {}
    for kpi, places in needs.items():
        groups.setdefault(tuple(sorted(places)), []).append(kpi)
    return [
        (
            f"data/kpi/{_segment(kpis)}/municipality/{_segment(places)}/year/{_segment(when)}",
            len(kpis) * len(places) * len(when) + 1,
        )
        for places_all, kpis_all in groups.items()
        for kpis in _chunks(kpis_all)
        for places in _chunks(list(places_all))
        for when in _chunks([str(year) for year in years])
    ]


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), MAX_IDS):
        yield items[start : start + MAX_IDS]


def _segment(ids: list[str]) -> str:
    return ",".join(quote(part, safe="") for part in ids)


def _base_url(base_url: str | None) -> str:
    """The API address: the argument, else the environment variable, else the default."""
    if base_url is not None:
        url, origin = base_url.strip(), tr("the Kolada URL", "Koladas adress")
    elif os.environ.get(KOLADA_URL_ENV, "").strip():
        url, origin = os.environ[KOLADA_URL_ENV].strip(), KOLADA_URL_ENV
    else:
        url, origin = DEFAULT_KOLADA_URL, tr("the Kolada URL", "Koladas adress")
    if not re.match(r"https?://[^/\s]+", url):
        raise KoladaError(
            tr(
                "{origin} must start with http:// or https://, got {url!r}",
                "{origin} ska börja med http:// eller https://, men här står {url!r}",
                origin=origin,
                url=url,
            )
        )
    return url.rstrip("/")


# --- asking Kolada ---------------------------------------------------------------------------------------


class _Clock:
    """The deadline of one fetch: how much of it is left, and the error when it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = monotonic() + max(seconds, 0.0)

    def left(self) -> float:
        """Seconds left; :class:`KoladaError` when none are."""
        left = self.end - monotonic()
        if left <= 0:
            raise self.passed()
        return left

    def passed(self) -> KoladaError:
        return KoladaError(
            tr(
                "Kolada did not finish answering within {seconds:g} s, the time allowed for an import; "
                "{hint}",
                "Kolada svarade inte färdigt inom {seconds:g} s, den tid en import får ta; {hint}",
                seconds=self.seconds,
                hint=_later_hint(),
            ),
            transient=True,
        )


def _fetch(
    base_url: str,
    paths: list[tuple[str, int]],
    *,
    client: httpx.Client | None,
    timeout: float,
    retries: int,
    backoff: float,
    clock: _Clock,
) -> _Table:
    """Every row Kolada answers for ``paths``, following ``next_url``."""
    import httpx  # noqa: PLC0415 -- only the Kolada commands need it; keeps `import malstyrning` light

    own = client is None
    session = client or httpx.Client(
        timeout=timeout,
        headers={"Accept": "application/json", "User-Agent": f"malstyrning/{__version__}"},
    )
    table: _Table = {}
    try:
        for path, most in paths:
            fetcher = _Fetcher(session, base_url, retries=retries, backoff=backoff, clock=clock)
            for url, page in fetcher.pages(f"{base_url}/{path}", most):
                try:
                    _add_page(table, page, "")
                except _ShapeError as error:
                    raise KoladaError(
                        tr(
                            "unexpected answer from Kolada at {url}: {error}",
                            "oväntat svar från Kolada på {url}: {error}",
                            url=url,
                            error=error,
                        )
                    ) from None
    finally:
        if own:
            session.close()
    return table


class _Fetcher:
    """Pages from Kolada on the host of ``base_url`` only, within ``clock``'s deadline."""

    def __init__(
        self, client: httpx.Client, base_url: str, *, retries: int, backoff: float, clock: _Clock
    ) -> None:
        self.client = client
        home = _origin(base_url)
        if home is None:
            raise KoladaError(
                tr(
                    "the Kolada URL is not a URL: {url}",
                    "Koladas adress är ingen webbadress: {url}",
                    url=base_url,
                )
            )
        self.home = home
        self.retries = retries
        self.backoff = backoff
        self.clock = clock

    def pages(self, url: str, most: int) -> Iterator[tuple[str, Any]]:
        """Each page of the answer at ``url`` and the pages its ``next_url`` chain leads to."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url is not None:
            if next_url in seen:
                raise KoladaError(
                    tr(
                        "Kolada's pages do not end: next_url leads back to {url}",
                        "Koladas sidor tar aldrig slut: next_url leder tillbaka till {url}",
                        url=next_url,
                    )
                )
            if len(seen) >= most:
                raise KoladaError(
                    tr(
                        "Kolada's answer to {url} goes on for more than {most} pages, more than "
                        "the rows asked for can fill",
                        "Koladas svar på {url} fortsätter över fler än {most} sidor, fler än de "
                        "efterfrågade raderna kan fylla",
                        url=url,
                        most=most,
                    )
                )
            seen.add(next_url)
            page = self.get_json(next_url)
            yield next_url, page
            next_url = self.next_url(page, next_url)

    def next_url(self, page: Any, url: str) -> str | None:
        """The page's ``next_url`` made absolute, or ``None`` on the last page."""
        link = page.get("next_url") if isinstance(page, dict) else None
        if link is None or link == "":
            return None
        if not isinstance(link, str):
            raise KoladaError(
                tr(
                    "unexpected answer from Kolada at {url}: next_url is not a URL: {link}",
                    "oväntat svar från Kolada på {url}: next_url är ingen webbadress: {link}",
                    url=url,
                    link=_kind(link),
                )
            )
        return self.on_home(url, link, "next_url")

    def on_home(self, url: str, link: str, what: str) -> str:
        """``link`` made absolute against ``url``; :class:`KoladaError` unless it is a
        well-formed http(s) URL on the host the user chose."""
        import httpx  # noqa: PLC0415 -- already loaded by _fetch

        try:
            target: httpx.URL | None = httpx.URL(url).join(link)
        except httpx.InvalidURL:
            target = None
        origin = None if target is None else _origin(str(target))
        if target is None or origin is None:
            raise KoladaError(
                tr(
                    "unexpected answer from Kolada at {url}: {what} is not a URL: {link}",
                    "oväntat svar från Kolada på {url}: {what} är ingen webbadress: {link}",
                    url=url,
                    what=what,
                    link=_kind(link),
                )
            )
        if not _same_site(origin, self.home):
            raise KoladaError(
                tr(
                    "Kolada's answer at {url} leads to another host ({what}: {link}); only {home} is asked",
                    "Koladas svar på {url} leder till en annan server ({what}: {link}); "
                    "bara {home} tillfrågas",
                    url=url,
                    what=what,
                    link=_kind(link),
                    home=self.home[1],
                )
            )
        return str(target)

    def get_json(self, url: str) -> Any:
        """GET ``url`` and decode its JSON, retrying what may pass; :class:`KoladaError` if it does not."""
        attempts = max(self.retries, 0) + 1
        failure = _Failure("", "")
        for attempt in range(attempts):
            if attempt:
                pause = min(max(self.backoff, 0.0) * 2 ** (attempt - 1), _MAX_BACKOFF)
                if pause >= self.clock.left():
                    raise self.clock.passed()
                time.sleep(pause)
            result = self.attempt(url)
            if not isinstance(result, _Failure):
                return _decode(result, url)
            failure = result
        if attempts == 1:
            tried = tr("tried once", "försökte en gång")
        else:
            tried = tr("tried {attempts} times", "försökte {attempts} gånger", attempts=attempts)
        raise KoladaError(
            f"{failure.message}; {tried}; {failure.hint}", status=failure.status, transient=True
        )

    def attempt(self, url: str) -> bytes | _Failure:
        """One request (redirects on the same host followed): the body, or why it failed
        when trying again may help.

        Failures that will not pass by retrying (HTTP 4xx, a bad URL, an answer too
        large) raise :class:`KoladaError` at once.
        """
        import httpx  # noqa: PLC0415 -- already loaded by _fetch

        asked = url
        for _ in range(_MAX_REDIRECTS + 1):
            try:
                with self.client.stream(
                    "GET", url, timeout=self.timeout(), follow_redirects=False
                ) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = self.on_home(url, response.headers["location"], tr("redirect", "omdirigering"))
                        continue
                    return self.body(response, url)
            except httpx.TimeoutException as error:
                self.clock.left()  # the deadline, not the request, ran out: say that
                message = tr(
                    "Kolada at {url} did not answer in time ({kind})",
                    "Kolada på {url} svarade inte i tid ({kind})",
                    url=url,
                    kind=_timeout_kind(error),
                )
                return _Failure(message, _later_hint())
            except (httpx.NetworkError, httpx.RemoteProtocolError) as error:
                message = tr(
                    "cannot reach Kolada at {url}: {error}",
                    "når inte Kolada på {url}: {error}",
                    url=url,
                    error=_describe(error),
                )
                return _Failure(message, _offline_hint())
            except (httpx.RequestError, httpx.InvalidURL) as error:
                raise KoladaError(
                    tr(
                        "cannot ask Kolada at {url}: {error}",
                        "kan inte fråga Kolada på {url}: {error}",
                        url=url,
                        error=_describe(error),
                    )
                ) from None
        raise KoladaError(
            tr(
                "Kolada's answer to {url} redirects more than {most} times",
                "Koladas svar på {url} omdirigerar fler än {most} gånger",
                url=asked,
                most=_MAX_REDIRECTS,
            )
        )

    def timeout(self) -> httpx.Timeout:
        """The client's timeouts, none beyond the deadline."""
        import httpx  # noqa: PLC0415 -- already loaded by _fetch

        left = self.clock.left()
        own = self.client.timeout

        def cap(seconds: float | None) -> float:
            return left if seconds is None else min(seconds, left)

        return httpx.Timeout(
            connect=cap(own.connect), read=cap(own.read), write=cap(own.write), pool=cap(own.pool)
        )

    def body(self, response: httpx.Response, url: str) -> bytes | _Failure:
        """The body of ``response``, read up to :data:`MAX_ANSWER_BYTES` and within the deadline."""
        status = response.status_code
        if status == _TOO_MANY_REQUESTS or status >= _SERVER_ERROR:
            return _Failure(_http_failure(response, url, self.start(response)), _later_hint(), status)
        if status >= _CLIENT_ERROR:
            raise KoladaError(_http_failure(response, url, self.start(response)), status=status)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
            raise _too_large(url)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # decoded: a compressed answer counts as it unpacks
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise _too_large(url)
            chunks.append(chunk)
            self.clock.left()
        return b"".join(chunks)

    def start(self, response: httpx.Response) -> str:
        """The start of an error answer's body, for the message."""
        data = b""
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) >= _ERROR_BODY or self.clock.end - monotonic() <= 0:
                break
        return data[:_ERROR_BODY].decode("utf-8", "replace")


_ERROR_BODY = 2000  # bytes of an error answer read for its message


def _too_large(url: str) -> KoladaError:
    return KoladaError(
        tr(
            "Kolada's answer from {url} is larger than {most} MiB; ask for fewer years or indicators",
            "Koladas svar från {url} är större än {most} MiB; be om färre år eller indikatorer",
            url=url,
            most=MAX_ANSWER_BYTES // 2**20,
        )
    )


def _origin(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of an http(s) URL, or None for anything else."""
    import httpx  # noqa: PLC0415 -- already loaded by _fetch

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return None
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        return None
    return parsed.scheme, parsed.host.lower(), parsed.port


_DEFAULT_PORT = {"http": 80, "https": 443}


def _same_site(origin: tuple[str, str, int | None], home: tuple[str, str, int | None]) -> bool:
    """Whether ``origin`` is the user's host: the same scheme and port, or http made https."""
    scheme, host, port = origin
    if host != home[1]:
        return False
    port = port or _DEFAULT_PORT[scheme]
    home_port = home[2] or _DEFAULT_PORT[home[0]]
    if scheme == home[0]:
        return port == home_port
    return (home[0], scheme) == ("http", "https") and port == _DEFAULT_PORT["https"] and home[2] is None


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__


def _timeout_kind(error: Exception) -> str:
    name = type(error).__name__
    if name == "ConnectTimeout":
        return tr("timed out connecting", "tiden tog slut vid anslutningen")
    if name == "ReadTimeout":
        return tr("timed out waiting for the answer", "tiden tog slut i väntan på svaret")
    return tr("timed out", "tiden tog slut")


def _http_failure(response: httpx.Response, url: str, body: str) -> str:
    """``Kolada answered HTTP 404 Not Found for URL: <start of the body>``."""
    message = tr(
        "Kolada answered HTTP {status} {reason} for {url}",
        "Kolada svarade HTTP {status} {reason} för {url}",
        status=response.status_code,
        reason=response.reason_phrase,
        url=url,
    ).rstrip()
    body = " ".join(body.split())[:200]
    if body:
        message += f": {body}"
    return message


def _decode(content: bytes, url: str) -> Any:
    try:
        return _json(content)
    except json.JSONDecodeError as error:
        raise KoladaError(
            tr(
                "Kolada's answer from {url} is not valid JSON: {error} (line {line}, column {column})",
                "Koladas svar från {url} är inte giltig JSON: {error} (rad {line}, kolumn {column})",
                url=url,
                error=_json_reason(error),
                line=error.lineno,
                column=error.colno,
            )
        ) from None
    except ValueError as error:
        raise KoladaError(
            tr(
                "Kolada's answer from {url} is not valid JSON: {error}",
                "Koladas svar från {url} är inte giltig JSON: {error}",
                url=url,
                error=error,
            )
        ) from None
    except RecursionError:
        raise KoladaError(
            tr(
                "Kolada's answer from {url} is nested too deeply to read",
                "Koladas svar från {url} har för många nivåer för att läsas",
                url=url,
            )
        ) from None


@dataclass(frozen=True, slots=True)
class _LongNumber:
    """A JSON number of more digits than any value or year: kept as its length, never converted."""

    digits: int


def _json(content: bytes | str) -> Any:
    """JSON, with integers longer than :data:`_MAX_DIGITS` digits kept as :class:`_LongNumber`
    (converting one of thousands of digits is an error, or very slow)."""

    def integer(text: str) -> int | _LongNumber:
        return int(text) if len(text) <= _MAX_DIGITS else _LongNumber(len(text.lstrip("-")))

    return json.loads(content, parse_int=integer)


# --- reading answers ---------------------------------------------------------------------------------


def _read_saved(saved: str | os.PathLike[str]) -> _Table:
    """The rows of a saved answer: one page, or a list of pages."""
    name = os.fspath(saved)
    document = _load_saved(name)
    table: _Table = {}
    try:
        if isinstance(document, list):
            for i, page in enumerate(document):
                _add_page(table, page, f"[{i}]")
        else:
            _add_page(table, document, "")
    except _ShapeError as error:
        raise DataFileError([Problem(name, None, None, error.path, error.message)]) from None
    return table


def _load_saved(name: str) -> Any:
    """The JSON in the file ``name``, or :class:`DataFileError` saying why not."""

    def problem(message: str, line: int | None = None, column: int | None = None) -> DataFileError:
        return DataFileError([Problem(name, line, column, "", message)])

    try:
        with open(name, "rb") as file:  # read with a cap: /dev/zero must not fill the memory
            raw = file.read(MAX_ANSWER_BYTES + 1)
    except FileNotFoundError:
        raise problem(no_such_file()) from None
    except IsADirectoryError:
        raise problem(
            tr("is a directory, not a saved Kolada answer", "är en mapp, inte ett sparat svar från Kolada")
        ) from None
    except OSError as error:
        raise problem(os_reason(error)) from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise problem(
            tr(
                "larger than {most} MiB; not a saved Kolada answer",
                "större än {most} MiB, så det är inget sparat svar från Kolada",
                most=MAX_ANSWER_BYTES // 2**20,
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise problem(tr("the file is not UTF-8 text", "filen är inte sparad som UTF-8")) from None
    try:
        return _json(text)
    except json.JSONDecodeError as error:
        message = tr("not valid JSON: {error}", "inte giltig JSON: {error}", error=_json_reason(error))
        raise problem(message, error.lineno, error.colno) from None
    except ValueError as error:
        raise problem(tr("not valid JSON: {error}", "inte giltig JSON: {error}", error=error)) from None
    except RecursionError:
        raise problem(
            tr("the JSON is nested too deeply to read", "JSON-texten har för många nivåer för att läsas")
        ) from None


def _json_reason(error: json.JSONDecodeError) -> str:
    """Why the JSON reader stopped (``error.msg``, Python's English words), in the current
    language; a phrase not known here is kept as it is."""
    if current_language() == "en":
        return error.msg
    for pattern, swedish in _SWEDISH_JSON_WORDS:
        if pattern.fullmatch(error.msg):
            return swedish
    return error.msg


# The phrases of Python's json module (json/decoder.py, and its C scanner), as it words them.
_SWEDISH_JSON_WORDS = [
    (re.compile(pattern), swedish)
    for pattern, swedish in [
        (r"Expecting value", "här ska stå ett värde"),
        (r"Expecting ',' delimiter", "här ska stå ','"),
        (r"Expecting ':' delimiter", "här ska stå ':'"),
        (
            r"Expecting property name enclosed in double quotes",
            "här ska stå ett namn inom dubbla citattecken",
        ),
        (r"Unterminated string starting at", "texten som börjar här slutar aldrig (ett '\"' saknas)"),
        (r"Invalid control character (.+ )?at", "ett styrtecken kan inte stå i en text"),
        (r"Extra data", "här står något efter JSON-värdet, som ska vara ett enda"),
        (r"Invalid \\escape(: .+)?", "okänt tecken efter '\\'"),
        (r"Invalid \\uXXXX escape", "efter '\\u' ska fyra hexadecimala siffror stå"),
        (r"Illegal trailing comma before end of object", "ett ',' kan inte stå sist före '}'"),
        (r"Illegal trailing comma before end of array", "ett ',' kan inte stå sist före ']'"),
    ]
]


def _add_page(table: _Table, page: Any, where: str) -> None:
    """Add the rows of one page to ``table``; :class:`_ShapeError` if it is not a Kolada page."""
    if not isinstance(page, dict) or not isinstance(page.get("values"), list):
        raise _ShapeError(
            where,
            tr(
                'expected a Kolada page {{"values": [...]}}, got {got}',
                'ska vara en sida från Kolada {{"values": [...]}}, men här står {got}',
                got=_kind(page),
            ),
        )
    for i, row in enumerate(page["values"]):
        _add_row(table, row, f"{where}.values[{i}]" if where else f"values[{i}]")


def _add_row(table: _Table, row: Any, where: str) -> None:
    if not isinstance(row, dict):
        raise _ShapeError(
            where,
            tr(
                "expected a row with kpi, municipality, period and values, got {got}",
                "ska vara en rad med kpi, municipality, period och values, men här står {got}",
                got=_kind(row),
            ),
        )
    kpi = _text_field(row, "kpi", where).upper()
    municipality = _text_field(row, "municipality", where)
    period = _period(row.get("period"), f"{where}.period")
    entries = row.get("values")
    if not isinstance(entries, list):
        raise _ShapeError(
            f"{where}.values",
            tr(
                "expected a list of values, got {got}",
                "ska vara en lista med värden, men här står {got}",
                got=_kind(entries),
            ),
        )
    for i, entry in enumerate(entries):
        gender, value = _entry(entry, f"{where}.values[{i}]")
        table[kpi, municipality, period, gender] = value


def _entry(entry: Any, where: str) -> tuple[str, _Entry]:
    """One gender's value: ``{"gender": "T", "status": "", "value": 31.9}``."""
    if not isinstance(entry, dict):
        raise _ShapeError(
            where,
            tr(
                "expected {{gender, status, value}}, got {got}",
                "ska vara {{gender, status, value}}, men här står {got}",
                got=_kind(entry),
            ),
        )
    gender = _text_field(entry, "gender", where).upper()
    if "value" not in entry:
        raise _ShapeError(where, tr("has no 'value'", "saknar 'value'"))
    value = entry["value"]
    if isinstance(value, _LongNumber) or (
        isinstance(value, (int, float))
        and not finite_number(value)
        and not (isinstance(value, float) and math.isnan(value))
    ):
        raise _ShapeError(
            f"{where}.value",
            tr("the number is too large ({what})", "talet är för stort ({what})", what=_kind(value)),
        )
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise _ShapeError(
            f"{where}.value",
            tr(
                "expected a number or null, got {got}",
                "ska vara ett tal eller null, men här står {got}",
                got=_kind(value),
            ),
        )
    if isinstance(value, float) and math.isnan(value):  # JSON's NaN (Infinity is "too large", above)
        raise _ShapeError(
            f"{where}.value",
            tr(
                "expected a finite number or null, got {got}",
                "ska vara ett ändligt tal eller null, men här står {got}",
                got=_kind(value),
            ),
        )
    status = entry.get("status")
    if status is not None and not isinstance(status, str):
        raise _ShapeError(
            f"{where}.status",
            tr("expected text, got {got}", "ska vara en text, men här står {got}", got=_kind(status)),
        )
    code = None if status is None or status.isascii() else unencodable_character(status)
    if code is not None:  # a "\udcff" escape: no plan can hold it
        raise _ShapeError(
            f"{where}.status",
            tr(
                "expected text, got the character {code}, which is not text (a lone surrogate)",
                "ska vara en text, men här står tecknet {code}, som inte är något tecken "
                "(en ensam surrogathalva)",
                code=code,
            ),
        )
    return gender, _Entry(None if value is None else float(value), (status or "").strip())


def _text_field(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _ShapeError(
            f"{where}.{key}",
            tr("expected text, got {got}", "ska vara en text, men här står {got}", got=_kind(value)),
        )
    return value.strip()


def _period(value: Any, where: str) -> int:
    year = year_from_text(value) if isinstance(value, str) else None
    if year is not None:
        return year
    if isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR:
        return value
    raise _ShapeError(
        where, tr("expected a year, got {got}", "ska vara ett år, men här står {got}", got=_kind(value))
    )


def _kind(value: Any) -> str:
    """A short description of a JSON value for messages."""
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return tr("an object", "ett objekt") if isinstance(value, dict) else tr("a list", "en lista")
    if isinstance(value, _LongNumber):
        return tr("a number of {digits} digits", "ett tal med {digits} siffror", digits=value.digits)
    if isinstance(value, int) and not isinstance(value, bool) and len(str(abs(value))) > 37:
        return tr("a number of {digits} digits", "ett tal med {digits} siffror", digits=len(str(abs(value))))
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


# --- the updates -------------------------------------------------------------------------------------


def _updates(
    sources: list[_Source], comparisons: dict[str, str], years: list[int], table: _Table
) -> list[OutcomeUpdate]:
    """Outcome updates for every source, then its comparison series, year by year."""
    updates: list[OutcomeUpdate] = []
    for source in sources:
        for year in years:
            entry = table.get((source.kpi, source.municipality, year, source.gender))
            if entry is not None:
                updates.append(_outcome(source.indicator, year, entry))
        for name, municipality in comparisons.items():
            for year in years:
                entry = table.get((source.kpi, municipality, year, source.gender))
                if entry is not None and entry.value is not None:
                    updates.append(OutcomeUpdate(source.indicator, year, value=entry.value, series=name))
    return updates


def _outcome(indicator: str, year: int, entry: _Entry) -> OutcomeUpdate:
    if entry.value is not None:
        return OutcomeUpdate(indicator, year, value=entry.value)
    reason = f"Kolada: {entry.status}" if entry.status else "Kolada: inget värde"
    # Kolada's "no value" never overwrites an outcome the plan already has (a
    # figure typed in by hand, or fetched earlier, is better than a gap); whether
    # it has one is decided when the update is written, under the plan's lock.
    return OutcomeUpdate(indicator, year, missing=reason, only_if_absent=True)
