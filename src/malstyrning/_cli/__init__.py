"""The ``malstyrning`` command: a thin layer over the public API.

It parses arguments, calls :mod:`malstyrning`, and turns library errors into
messages and exit codes (in one place, :func:`._app.library_errors`): 0
success, 1 a check failed or an update was refused (lint --strict warnings,
an outcome that needs --replace, an output file that exists, a plan changed
on disk, Kolada unreachable), 2 invalid input (a plan or data file that
cannot be read or is not valid, an output file that cannot be written, or a
usage error).

:mod:`._app` holds the typer app and what the commands share; each command
module registers its commands on it when imported, here, in the order
``--help`` lists them. Nothing in :mod:`._app` imports a command module.
"""

from __future__ import annotations

import gc

from . import _assess, _check, _reports, _write  # noqa: F401  (each registers its commands on `app`)
from ._app import app

__all__ = ["app", "run"]


def run() -> None:
    """Entry point of the console script."""
    # A plan is read into a few hundred thousand objects that live until the
    # command ends, and the cyclic garbage collector walks all of them again and
    # again while the results are built (a fifth of `assess` on a large plan).
    # Collecting less often, as mypy does, costs a short-lived command nothing.
    gc.set_threshold(200_000, 30, 30)
    app()
