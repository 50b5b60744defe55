"""Entry points of the renderers that need optional-weight libraries.

They import those libraries when first called, so ``import malstyrning`` (and
``from malstyrning import *``) stays free of rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._labels import Language
from ._results import Assessment

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["print_assessment"]


def print_assessment(
    assessment: Assessment, *, lang: Language = "sv", console: Console | None = None
) -> None:
    """Print ``assessment`` as a tree with coloured labels and a summary count.

    Colours are used only on a terminal, and never when ``NO_COLOR`` is set.
    ``console`` is a :class:`rich.console.Console` to print to (default: stdout).
    """
    from ._terminal import print_tree  # noqa: PLC0415 (rich is loaded on first use)

    print_tree(assessment, lang=lang, console=console)
