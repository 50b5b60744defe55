"""The plans a follow-up site (``malstyrning site``) is made from: one plan file,
one year's folder of a kommun, or a kommun's plans root of year folders."""

from __future__ import annotations

import os
from pathlib import Path

from .._errors import PlanFileError, Problem
from .._i18n import tr
from .._model import Kommun, KommunConfig, PlanFile, normal_id
from ._config import with_config
from ._folder import plan_files
from ._io import load_plan
from ._kommun import load_kommun

__all__ = ["load_site_plans"]


def load_site_plans(
    path: str | os.PathLike[str], *, config: KommunConfig | None = None
) -> tuple[Kommun, ...]:
    """The plans at ``path`` as one :class:`Kommun` per year, oldest first.

    ``path`` is a plan file (a kommun of one plan), a folder of one year's plans
    (as :func:`load_kommun` reads it), or a folder of year folders (``plans/``
    with ``2017/``, ``2018/``: each read as one kommun; the latest is the
    site's present, the earlier ones give the series). Raises
    :class:`PlanFileError` when it is none of these, and what
    :func:`load_plan` and :func:`load_kommun` raise.
    """
    given = Path(path)
    if given.is_file():
        plan = with_config(load_plan(given), config)
        one = PlanFile(plan.id or normal_id(given.stem), os.fspath(given), plan)
        name = (config.municipality if config else None) or plan.municipality
        return (Kommun(os.fspath(given.parent), (one,), name),)
    if not given.is_dir():
        raise PlanFileError([Problem(os.fspath(given), None, None, "", _no_such())])
    try:
        years = sorted(
            (
                child
                for child in given.iterdir()
                if child.is_dir() and child.name.isdigit() and len(child.name) == 4
            ),
            key=lambda child: child.name,
        )
        direct = plan_files(given, below=False)
    except OSError as error:
        raise PlanFileError(
            [Problem(os.fspath(given), None, None, "", error.strerror or str(error))]
        ) from None
    if direct or not years:
        return (load_kommun(given, config=config),)
    return tuple(load_kommun(year, config=config) for year in years)


def _no_such() -> str:
    return tr(
        "no such file or folder: give a plan file, a year's folder of plans or a folder of year folders",
        "filen eller mappen finns inte: ange en planfil, en mapp med "
        "ett års planer eller en mapp med årsmappar",
    )
