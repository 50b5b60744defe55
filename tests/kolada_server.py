"""A stand-in for Kolada's REST API v3 on 127.0.0.1, for the Kolada tests.

:class:`FakeKolada` serves ``/v3/data/kpi/{ids}/municipality/{ids}/year/{years}``
from an in-memory list of Kolada-shaped rows, in pages of ``page_size`` rows
linked by ``next_url``. It refuses a segment of more than 25 ids (HTTP 400),
as Kolada does, records every request, and can be told to misbehave:

- ``faults``: one fault per request, first to last, then normal answers;
- ``permanent_fault``: a fault for every request.

A fault is an HTTP status (``"500"``, ``"429"``, ``"404"``), ``"bad-json"``
(text that is not JSON), ``"bad-shape"`` (JSON that is not a Kolada page),
``"loop"`` (a page whose ``next_url`` is itself), ``"drop"`` (close the
connection without answering) or ``"slow"`` (answer only after
``slow_seconds``, or when the server stops). Every wait is bounded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

MAX_IDS = 25

Row = dict[str, Any]


def kolada_row(kpi: str, municipality: str, period: int, *, status: str = "", **values: float | None) -> Row:
    """A row as Kolada sends it: ``kolada_row("N00914", "0138", 2016, T=31.9, K=None)``.

    ``status`` is given to every null value (Kolada's reason it is missing).
    """
    return {
        "kpi": kpi,
        "municipality": municipality,
        "period": period,
        "values": [
            {
                "gender": gender,
                "count": 0 if value is None else 1,
                "status": status if value is None else "",
                "value": value,
            }
            for gender, value in values.items()
        ],
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    kolada: FakeKolada

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is expected, not an error to print."""


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are written apart; do not wait 40 ms between

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the tests read ``FakeKolada.requests`` instead."""

    def do_GET(self) -> None:
        """Answer one request, or misbehave as the next fault says."""
        kolada = self.server.kolada
        fault = kolada.record(self.path)
        if fault == "drop":
            self.close_connection = True
            return
        if fault == "slow":
            kolada.release.wait(kolada.slow_seconds)
        if fault is not None and fault.isdigit():
            self._send(int(fault), {"error": f"injected HTTP {fault}"})
        elif fault == "bad-json":
            self._send(200, b"<html>Kolada is resting</html>")
        elif fault == "bad-shape":
            self._send(200, {"values": "none today"})
        else:
            self._answer(kolada, loop=fault == "loop")

    def _answer(self, kolada: FakeKolada, *, loop: bool) -> None:
        parts = urlsplit(self.path)
        segments = _data_segments(parts.path)
        if segments is None:
            self._send(404, {"error": f"no such resource: {parts.path}"})
            return
        if any(len(ids) > MAX_IDS for ids in segments):
            self._send(400, {"error": f"at most {MAX_IDS} ids per segment"})
            return
        kpis, municipalities, years = segments
        rows = [
            row
            for row in kolada.rows
            if row["kpi"] in kpis and row["municipality"] in municipalities and str(row["period"]) in years
        ]
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        start = (page - 1) * kolada.page_size
        chunk = rows[start : start + kolada.page_size]
        next_url = None
        if loop:
            next_url = f"{kolada.origin}{self.path}"
        elif start + kolada.page_size < len(rows):
            next_url = f"{kolada.origin}{parts.path}?page={page + 1}&per_page={kolada.page_size}"
        self._send(200, {"values": chunk, "count": len(chunk), "next_url": next_url})

    def _send(self, status: int, body: Any) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up waiting
            self.close_connection = True


def _data_segments(path: str) -> tuple[list[str], list[str], list[str]] | None:
    """``(kpis, municipalities, years)`` of a data path, or ``None`` for any other path."""
    parts = path.strip("/").split("/")
    if len(parts) != 8 or parts[:3] != ["v3", "data", "kpi"] or parts[4:7:2] != ["municipality", "year"]:
        return None
    kpis, municipalities, years = (unquote(parts[i]).split(",") for i in (3, 5, 7))
    return kpis, municipalities, years


class FakeKolada:
    """Kolada's data API on 127.0.0.1: start it with ``with FakeKolada(rows) as kolada:``."""

    def __init__(self, rows: list[Row] | None = None, *, page_size: int = 2) -> None:
        self.rows: list[Row] = list(rows or [])
        self.page_size = page_size
        self.requests: list[str] = []
        self.faults: list[str] = []
        self.permanent_fault: str | None = None
        self.slow_seconds = 5.0
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.kolada = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def url(self) -> str:
        """The API's base URL, as ``--kolada-url`` takes it."""
        return f"{self.origin}/v3"

    def record(self, path: str) -> str | None:
        """Note a request; return the fault to act out for it, if any."""
        with self._lock:
            self.requests.append(path)
            if self.faults:
                return self.faults.pop(0)
            return self.permanent_fault

    def data_requests(self) -> Iterator[tuple[list[str], list[str], list[str]]]:
        """``(kpis, municipalities, years)`` of each data request, in order."""
        for path in self.requests:
            segments = _data_segments(urlsplit(path).path)
            if segments is not None:
                yield segments

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Wake any slow answer, stop serving and close the socket."""
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeKolada:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
