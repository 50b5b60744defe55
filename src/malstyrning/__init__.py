"""malstyrning: goal governance (målstyrning) for Swedish municipalities.

Load a plan (verksamhetsplan) from YAML, assess its indicators and goals, and
render the result::

    import malstyrning

    plan = malstyrning.load_plan("plans/2018.yaml")
    result = malstyrning.assess(plan, year=2017)
    print(malstyrning.to_json(result))

Importing this package does not import the terminal (rich) or CLI (typer)
libraries; :func:`print_assessment` imports rich when it is first called.
"""

from __future__ import annotations

from ._assessment import DEFAULT_NEAR, assess, assess_indicator, effective_rules, latest_year, roll_up
from ._errors import (
    MalstyrningError,
    PlanError,
    PlanFileError,
    PlanSyntaxError,
    PlanValidationError,
    Problem,
)
from ._io import load_plan, loads_plan
from ._json import JSON_SCHEMA_VERSION, assessment_to_dict, to_json
from ._labels import Language, label
from ._model import (
    Activity,
    ActivityStatus,
    Assignment,
    Direction,
    FocusArea,
    Goal,
    GoalKind,
    GoalStatus,
    Guarantee,
    Indicator,
    Method,
    Outcome,
    Plan,
    Risk,
    Rules,
    TrendBasis,
    ValuePoint,
)
from ._render import print_assessment
from ._results import (
    AreaResult,
    Assessment,
    Change,
    EffectiveRules,
    GoalResult,
    Improvement,
    IndicatorResult,
    IndicatorStatus,
    MissingOutcome,
    Note,
    Reason,
    Summary,
    Trend,
)
from ._version import __version__

__all__ = [
    "DEFAULT_NEAR",
    "JSON_SCHEMA_VERSION",
    "Activity",
    "ActivityStatus",
    "AreaResult",
    "Assessment",
    "Assignment",
    "Change",
    "Direction",
    "EffectiveRules",
    "FocusArea",
    "Goal",
    "GoalKind",
    "GoalResult",
    "GoalStatus",
    "Guarantee",
    "Improvement",
    "Indicator",
    "IndicatorResult",
    "IndicatorStatus",
    "Language",
    "MalstyrningError",
    "Method",
    "MissingOutcome",
    "Note",
    "Outcome",
    "Plan",
    "PlanError",
    "PlanFileError",
    "PlanSyntaxError",
    "PlanValidationError",
    "Problem",
    "Reason",
    "Risk",
    "Rules",
    "Summary",
    "Trend",
    "TrendBasis",
    "ValuePoint",
    "__version__",
    "assess",
    "assess_indicator",
    "assessment_to_dict",
    "effective_rules",
    "label",
    "latest_year",
    "load_plan",
    "loads_plan",
    "print_assessment",
    "roll_up",
    "to_json",
]


def __dir__() -> list[str]:
    return list(__all__)
