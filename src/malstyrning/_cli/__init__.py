"""The ``malstyrning`` command: a thin layer over the public API.

It parses arguments, calls :mod:`malstyrning`, and turns library errors into
messages and exit codes: 0 success, 1 a check failed or an update was refused
(lint --strict warnings, an outcome that needs --replace, a plan changed on
disk, Kolada unreachable), 2 invalid input (a plan or data file that cannot be
read or is not valid, or a usage error).

:mod:`._app` holds the typer app and what the commands share; each command
module registers its commands on it when imported. Nothing in :mod:`._app`
imports a command module.

Start-up is most of what a command costs, so :func:`run` imports only the
module of the command it runs (typer builds every registered command before
it parses a single argument); ``--help``, a misspelt command and the ``app``
of this package have them all, in the order ``--help`` lists them.
"""

from __future__ import annotations

import gc
import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    app: typer.Typer  # made on first use, by __getattr__

__all__ = ["app", "run"]

# The module that registers each command, in the order `--help` lists them.
COMMANDS = {
    "assess": "_assess",
    "validate": "_assess",
    "lint": "_check",
    "schema": "_check",
    "init": "_check",
    "report": "_reports",
    "show": "_reports",
    "explain": "_explain",
    "history": "_history",
    "due": "_due",
    "diff": "_diff",
    "site": "_site",
    "record": "_write",
    "status": "_write",
    "import": "_write",
    "rollover": "_write",
}
_EVERY_MODULE = list(dict.fromkeys(COMMANDS.values()))


def _register(modules: list[str]) -> typer.Typer:
    from ._app import app as _app  # noqa: PLC0415  (after run() has set the collector's threshold)

    for module in modules:
        importlib.import_module(f"{__name__}.{module}")
    order = list(COMMANDS)
    # typer's own rule for a command's name: the function's, with - for _.
    _app.registered_commands.sort(
        key=lambda info: order.index(info.name or getattr(info.callback, "__name__", "").replace("_", "-"))
    )
    return _app


def __getattr__(name: str) -> object:
    if name == "app":  # the whole command line, for tests and tools that inspect it
        return _register(_EVERY_MODULE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run() -> None:
    """Entry point of the console script."""
    # A plan is read into a few hundred thousand objects that live until the
    # command ends, and the cyclic garbage collector walks all of them again and
    # again while the results are built (a fifth of `assess` on a large plan).
    # Collecting less often, as mypy does, costs a short-lived command nothing.
    # Set first: importing typer, rich and pydantic makes objects enough for
    # several collections, each walking every object made so far.
    gc.set_threshold(200_000, 30, 30)
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in COMMANDS:
        modules = [COMMANDS[command]]
    elif command == "--version":
        modules = []
    else:  # --help, a misspelt command: the app with every command
        modules = _EVERY_MODULE
    _register(modules)()
