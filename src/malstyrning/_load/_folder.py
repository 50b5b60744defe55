"""Reading a folder of plans: every plan file under it, each validated as :func:`load_plan` does.

A kommun keeps its plans in one folder, one file per plan: by year
(``plans/2017.yaml``) or by year and nämnd (``plans/2018/arbete-och-integration.yaml``).
:func:`load_plans` reads them all; what the plans mean together (a series
across years, a roll-up across nämnder) is the engine's.
"""

from __future__ import annotations

import os
from pathlib import Path

from .._errors import PlanError, PlanFileError, Problem
from .._i18n import no_such_file, tr
from .._model import Plan
from ._io import load_plan

__all__ = ["PLAN_SUFFIX", "load_plans", "plan_files"]

PLAN_SUFFIX = ".yaml"
"""What a plan file's name ends with; other files in the folder are left alone."""


def plan_files(folder: str | os.PathLike[str], *, below: bool = True) -> list[str]:
    """The plan files (``*.yaml``) in ``folder`` and, with ``below``, its subfolders
    (hidden ones, such as ``.git``, left out), as paths relative to it (``/``
    between parts), sorted. Raises :class:`PlanFileError` when ``folder`` is none."""
    root = Path(folder)
    if not root.is_dir():
        why = (
            no_such_file()
            if not root.exists()
            else tr("is not a folder of plans", "är inte en mapp med planer")
        )
        raise PlanFileError([Problem(os.fspath(folder), None, None, "", why)])
    found: list[str] = []
    for here, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith(".")) if below else []
        for name in files:
            if name.endswith(PLAN_SUFFIX) and not name.startswith("."):
                found.append(Path(here, name).relative_to(root).as_posix())
    return sorted(found)


def load_plans(folder: str | os.PathLike[str], *, max_bytes: int | None = None) -> list[tuple[Path, Plan]]:
    """Every plan file under ``folder``, read and validated: ``(path, plan)`` pairs.

    The files are those whose names end in ``.yaml``, in ``folder`` and every
    folder below it (hidden ones, such as ``.git``, left out), in the order of
    their paths; each ``path`` is ``folder`` joined with the file's place in it.
    Each is read as :func:`load_plan` reads one (``max_bytes`` per file).

    Raises :class:`PlanFileError` when ``folder`` is not a folder or holds no
    plan file, and :class:`PlanError` with the problems of every file that
    cannot be read or is not a valid plan (each with its file, line and column),
    of the class of the first such file's error.
    """
    root = Path(folder)
    name = os.fspath(folder)
    paths = [root / relative for relative in plan_files(folder)]
    if not paths:
        message = tr(
            "the folder holds no plan file (*{suffix})",
            "mappen har ingen planfil (*{suffix})",
            suffix=PLAN_SUFFIX,
        )
        raise PlanFileError([Problem(name, None, None, "", message)])
    found: list[tuple[Path, Plan]] = []
    errors: list[PlanError] = []
    for path in paths:
        try:
            found.append((path, load_plan(path, max_bytes=max_bytes)))
        except PlanError as error:
            errors.append(error)
    if errors:
        raise type(errors[0])([problem for error in errors for problem in error.problems])
    return found
