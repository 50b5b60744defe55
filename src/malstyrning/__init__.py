"""malstyrning: goal governance (målstyrning) for Swedish municipalities.

Load a plan (verksamhetsplan) from YAML, assess its indicators and goals, and
render the result::

    import malstyrning

    plan = malstyrning.load_plan("plans/2018.yaml")
    result = malstyrning.assess(plan, year=2017)
    print(malstyrning.to_json(result))

Importing this package is cheap: each name is imported from its module when
it is first used (PEP 562), so a tool that needs only the engine does not pay
for the reports, and nothing imports the terminal (rich) or CLI (typer)
libraries until :func:`print_assessment` or the command line needs them.
"""

from __future__ import annotations

import importlib

from ._version import __version__

# Not `from typing import TYPE_CHECKING`: importing typing would cost more
# than the rest of this module (type checkers know this spelling too).
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from ._edit._init import new_plan_text
    from ._edit._outcomes import number_text
    from ._edit._record import UpdateResult, apply_updates, import_csv, record_outcome
    from ._edit._rollover import RolloverResult, rollover
    from ._edit._write import write_file
    from ._engine._assessment import (
        DEFAULT_NEAR,
        assess,
        assess_indicator,
        effective_rules,
        latest_year,
        roll_up,
    )
    from ._engine._batch import NO_YEAR, SeriesAssessment, assess_series
    from ._engine._results import (
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
    from ._errors import (
        ArgumentTypeError,
        ConcurrentEditError,
        DataFileError,
        InvalidArgumentError,
        KoladaError,
        MalstyrningError,
        MissingExtraError,
        OutcomeExistsError,
        OutputExistsError,
        OutputFileError,
        PlanError,
        PlanFileError,
        PlanSyntaxError,
        PlanValidationError,
        Problem,
        UpdateError,
    )
    from ._lint import LintFinding, LintRule, Severity, lint_plan, lint_text
    from ._load._io import load_plan, loads_plan
    from ._model._plan import (
        Activity,
        ActivityStatus,
        Assignment,
        Direction,
        FocusArea,
        Gender,
        Goal,
        GoalKind,
        GoalStatus,
        Guarantee,
        Indicator,
        KoladaRef,
        Method,
        Outcome,
        Plan,
        Risk,
        Rules,
        TrendBasis,
        ValuePoint,
    )
    from ._model._schema import plan_schema
    from ._report._build import AreaSection, GoalSection, IndicatorRow, OutcomeCell, Report, build_report
    from ._report._json import JSON_SCHEMA_VERSION, assessment_to_dict, to_json
    from ._report._labels import Language, label
    from ._report._render import REPORT_FORMATS, ReportFormat, print_assessment, render_report
    from ._report._show import render_indicator_chart
    from ._sources._csv import read_outcomes_csv, value_from_text
    from ._sources._kolada import DEFAULT_KOLADA_URL, KOLADA_URL_ENV, kolada_updates
    from ._sources._updates import OutcomeUpdate, UpdateKind

__all__ = [
    "DEFAULT_KOLADA_URL",
    "DEFAULT_NEAR",
    "JSON_SCHEMA_VERSION",
    "KOLADA_URL_ENV",
    "NO_YEAR",
    "REPORT_FORMATS",
    "Activity",
    "ActivityStatus",
    "AreaResult",
    "AreaSection",
    "ArgumentTypeError",
    "Assessment",
    "Assignment",
    "Change",
    "ConcurrentEditError",
    "DataFileError",
    "Direction",
    "EffectiveRules",
    "FocusArea",
    "Gender",
    "Goal",
    "GoalKind",
    "GoalResult",
    "GoalSection",
    "GoalStatus",
    "Guarantee",
    "Improvement",
    "Indicator",
    "IndicatorResult",
    "IndicatorRow",
    "IndicatorStatus",
    "InvalidArgumentError",
    "KoladaError",
    "KoladaRef",
    "Language",
    "LintFinding",
    "LintRule",
    "MalstyrningError",
    "Method",
    "MissingExtraError",
    "MissingOutcome",
    "Note",
    "Outcome",
    "OutcomeCell",
    "OutcomeExistsError",
    "OutcomeUpdate",
    "OutputExistsError",
    "OutputFileError",
    "Plan",
    "PlanError",
    "PlanFileError",
    "PlanSyntaxError",
    "PlanValidationError",
    "Problem",
    "Reason",
    "Report",
    "ReportFormat",
    "Risk",
    "RolloverResult",
    "Rules",
    "SeriesAssessment",
    "Severity",
    "Summary",
    "Trend",
    "TrendBasis",
    "UpdateError",
    "UpdateKind",
    "UpdateResult",
    "ValuePoint",
    "__version__",
    "apply_updates",
    "assess",
    "assess_indicator",
    "assess_series",
    "assessment_to_dict",
    "build_report",
    "effective_rules",
    "import_csv",
    "kolada_updates",
    "label",
    "latest_year",
    "lint_plan",
    "lint_text",
    "load_plan",
    "loads_plan",
    "new_plan_text",
    "number_text",
    "plan_schema",
    "print_assessment",
    "read_outcomes_csv",
    "record_outcome",
    "render_indicator_chart",
    "render_report",
    "roll_up",
    "rollover",
    "to_json",
    "value_from_text",
    "write_file",
]


# Where each name lives; a test checks this agrees with the imports above and `__all__`.
_MODULES = {
    "_engine._assessment": "DEFAULT_NEAR assess assess_indicator effective_rules latest_year roll_up",
    "_engine._batch": "NO_YEAR SeriesAssessment assess_series",
    "_sources._csv": "read_outcomes_csv value_from_text",
    "_errors": (
        "ArgumentTypeError ConcurrentEditError DataFileError InvalidArgumentError KoladaError "
        "MalstyrningError MissingExtraError OutcomeExistsError OutputExistsError OutputFileError "
        "PlanError PlanFileError PlanSyntaxError PlanValidationError Problem UpdateError"
    ),
    "_edit._init": "new_plan_text",
    "_load._io": "load_plan loads_plan",
    "_report._json": "JSON_SCHEMA_VERSION assessment_to_dict to_json",
    "_sources._kolada": "DEFAULT_KOLADA_URL KOLADA_URL_ENV kolada_updates",
    "_report._labels": "Language label",
    "_lint": "LintFinding LintRule Severity lint_plan lint_text",
    "_model._plan": (
        "Activity ActivityStatus Assignment Direction FocusArea Gender Goal GoalKind "
        "GoalStatus Guarantee Indicator KoladaRef Method Outcome Plan Risk Rules "
        "TrendBasis ValuePoint"
    ),
    "_edit._outcomes": "number_text",
    "_edit._record": "UpdateResult apply_updates import_csv record_outcome",
    "_report._render": "REPORT_FORMATS ReportFormat print_assessment render_report",
    "_report._build": "AreaSection GoalSection IndicatorRow OutcomeCell Report build_report",
    "_engine._results": (
        "AreaResult Assessment Change EffectiveRules GoalResult Improvement "
        "IndicatorResult IndicatorStatus MissingOutcome Note Reason Summary Trend"
    ),
    "_edit._rollover": "RolloverResult rollover",
    "_model._schema": "plan_schema",
    "_report._show": "render_indicator_chart",
    "_sources._updates": "OutcomeUpdate UpdateKind",
    "_edit._write": "write_file",
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names.split()}


if not TYPE_CHECKING:  # type checkers see the imports above; a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        module = _WHERE.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value  # the next lookup does not come here
        return value

    def __dir__() -> list[str]:
        return list(__all__)
