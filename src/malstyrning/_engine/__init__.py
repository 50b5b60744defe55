"""The assessment engine: pure functions from a plan to results, no I/O.

Its layout: ``_assessment.py`` holds the rules (exact, in Decimal),
``_batch.py`` the same rules over numpy arrays (``assess_series``),
``_results.py`` the result types and ``_fast.py`` the speed devices the rules
rely on. The names below are the engine's, for the rest of the package.
(``_batch.py`` is left out: it is imported only when ``assess_series`` is used.)
"""

from ._assessment import (
    DEFAULT_NEAR,
    DEFAULT_RULES,
    MergedRules,
    assess,
    assess_indicator,
    effective_rules,
    latest_year,
    merge_rules,
    roll_up,
)

__all__ = [
    "DEFAULT_NEAR",
    "DEFAULT_RULES",
    "MergedRules",
    "assess",
    "assess_indicator",
    "effective_rules",
    "latest_year",
    "merge_rules",
    "roll_up",
]
