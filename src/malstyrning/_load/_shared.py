"""What both readers share: the limits on nesting and aliases, and how a value
reads in a message. Its own module so the careful reader need not import the
fast one's module (which imports the careful reader when it is needed)."""

from __future__ import annotations

import re

from .._i18n import tr

__all__ = ["MAX_ALIAS_VALUES", "MAX_DEPTH", "shown"]

MAX_DEPTH = 200
"""Deepest nesting of lists and mappings read (real plans are less than 20 deep)."""

MAX_ALIAS_VALUES = 100_000
"""Most values that aliases (``*name``) may add to a plan when expanded."""


def shown(value: object) -> str:
    """``value`` as a message quotes it: short, and without ruamel.yaml's wrappers."""
    if value is None:
        return tr("nothing", "ingenting")
    if isinstance(value, dict):
        return tr("a mapping", "nycklar med värden")
    if isinstance(value, list):
        return tr("a list", "en lista")
    text = repr(value)
    text = re.sub(r"^(Scalar\w+|CommentedMap|CommentedSeq)\((.*)\)$", r"\2", text)
    return text if len(text) <= 40 else text[:37] + "..."
