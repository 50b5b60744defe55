"""The engine's speed devices, in one place, so that ``_assessment.py`` reads as rules.

The engine assesses an indicator in about 6 µs (``benchmarks/README.md`` has the
figures). Each device below buys a measured part of that; none of them changes
a result.

1. **The exact decimal context** (:data:`EXACT`, :func:`in_exact_context`). Every
   entry point of the engine (``assess``, ``assess_indicator``, ``roll_up``)
   computes in a fresh copy of one fixed context and gives the caller's back
   afterwards, by hand: ``getcontext``, ``setcontext`` and a ``finally``. On
   the project's machine that costs 0.36 µs a call through this one function,
   against 0.43 µs for :func:`decimal.localcontext` and 0.46–0.53 µs for a
   context manager or a decorator written in Python (an indicator takes about
   6 µs).

2. **Enum members as module constants** (``REACHED``, ``INCREASE``, ...). On
   Python 3.11 an ``Enum.MEMBER`` lookup goes through the enum's class: about
   45 ns on the project's machine, against 4 ns for a module constant, and an
   indicator makes ten or more. The constants are the members themselves
   (``REACHED is IndicatorStatus.REACHED``).

3. **Result constructors built with exec** (:func:`maker`, and
   :func:`make_indicator_result`, :func:`make_trend`, :func:`make_goal_result`
   made with it). A frozen dataclass's ``__init__`` sets each field through
   ``object.__setattr__`` and matches every keyword; for the eighteen fields of
   an :class:`IndicatorResult` that was a quarter of the engine's time. These
   set the slots directly, positionally, three times as fast; the objects are
   the same (``tests/test_rollup.py`` compares them with ones ``__init__``
   makes, and checks that the engine passes the fields in order).

4. **One tuple per combination of notes** (:func:`shared_notes`). Results that
   carry equal notes share one tuple: there are few combinations, and every
   object the results hold is one more for the garbage collector to walk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    setcontext,
)
from typing import Any, TypeVar, TypeVarTuple

from .._model import Direction, Method, TrendBasis
from ._results import (
    Change,
    GoalResult,
    Improvement,
    IndicatorResult,
    IndicatorStatus,
    Note,
    Trend,
)

__all__ = [
    "CLOSE",
    "DECREASE",
    "DECREASED",
    "DIRECTION_INFERRED",
    "EXACT",
    "FAR",
    "FROM_BASELINE",
    "FROM_PREVIOUS",
    "FULFILMENT",
    "IMPROVED",
    "INCREASE",
    "INCREASED",
    "MAINTAIN",
    "MAINTAIN_INFERRED",
    "NOT_ASSESSED",
    "NOT_BETTER_OR_WORSE",
    "NO_CHANGE",
    "NO_IMPROVEMENT",
    "PROGRESS",
    "REACHED",
    "WORSENED",
    "in_exact_context",
    "make_goal_result",
    "make_indicator_result",
    "make_trend",
    "maker",
    "shared_notes",
]

_R = TypeVar("_R")
_Ts = TypeVarTuple("_Ts")
_T = TypeVar("_T")

# -- 1. The exact decimal context ----------------------------------------------

EXACT = Context(
    prec=1000,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""The context the engine computes in.

Its 1000 digits make sums, differences, products and ``abs()`` of any floats'
decimals exact, so every comparison is decided on exact values (Python's
default 28 digits would round ``1e20 - (-1e-20)``, say), and no setting of the
caller's own decimal context can change a result. Every field is given:
``Context()`` would copy the rest from :data:`decimal.DefaultContext`, which a
program may have changed.
"""

_exact_copy = EXACT.copy


def in_exact_context(function: Callable[[*_Ts], _R], /, *args: *_Ts) -> _R:
    """``function(*args)``, computed in a fresh copy of :data:`EXACT`.

    The caller's context is made current again afterwards, also on an error.
    A copy, because a context is mutable (its flags change as it is used, and
    code that runs mid-call, such as a finaliser, could change its precision),
    so no call shares one with another call or thread.
    """
    caller = getcontext()
    setcontext(_exact_copy())
    try:
        return function(*args)
    finally:
        setcontext(caller)


# -- 2. Enum members as module constants ----------------------------------------

REACHED, CLOSE, FAR = IndicatorStatus.REACHED, IndicatorStatus.CLOSE, IndicatorStatus.FAR
NOT_ASSESSED = IndicatorStatus.NOT_ASSESSED
INCREASE, DECREASE, MAINTAIN = Direction.INCREASE, Direction.DECREASE, Direction.MAINTAIN
PROGRESS, FULFILMENT = Method.PROGRESS, Method.FULFILMENT
FROM_BASELINE, FROM_PREVIOUS = TrendBasis.BASELINE, TrendBasis.PREVIOUS
INCREASED, DECREASED, NO_CHANGE = Change.INCREASED, Change.DECREASED, Change.UNCHANGED
IMPROVED, WORSENED = Improvement.IMPROVED, Improvement.WORSENED
NOT_BETTER_OR_WORSE, NO_IMPROVEMENT = Improvement.UNCHANGED, Improvement.NONE
DIRECTION_INFERRED, MAINTAIN_INFERRED = Note.DIRECTION_INFERRED, Note.MAINTAIN_INFERRED


# -- 3. Result constructors built with exec -------------------------------------


def maker(cls: type[_T]) -> Callable[..., _T]:
    """A constructor for the frozen, slotted dataclass ``cls`` that takes every
    field, positionally in declaration order, and sets each slot directly.

    Callers name each argument in a comment (``tests/test_rollup.py`` checks
    that the engine's comments are the fields, in order).
    """
    names = [field.name for field in fields(cls)]  # type: ignore[arg-type]
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    scope.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    source = f"def make({', '.join(names)}, /):\n    self = _new(_cls)\n{body}    return self\n"
    exec(source, scope)  # our own field names, as dataclasses itself does
    make: Callable[..., _T] = scope["make"]
    make.__qualname__ = f"maker({cls.__name__})"
    return make


make_trend = maker(Trend)
make_indicator_result = maker(IndicatorResult)
make_goal_result = maker(GoalResult)


# -- 4. One tuple per combination of notes --------------------------------------

_NOTES: dict[tuple[Note, ...], tuple[Note, ...]] = {}


def shared_notes(notes: list[Note]) -> tuple[Note, ...]:
    """``tuple(notes)``, the same tuple object for every equal list of notes."""
    shared = tuple(notes)
    return _NOTES.setdefault(shared, shared)
