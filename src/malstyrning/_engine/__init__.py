"""The assessment engine: pure functions from a plan to results, no I/O."""

from ._assessment import *
from ._batch import *
from ._results import *
