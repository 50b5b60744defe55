"""The assessment engine: pure functions from a plan to results, no I/O.

Exported here is what the other layers use: the rules (``_assessment``) and
the results (``_results``). ``assess_series`` (``_batch``, numpy) is reached
through the public API only, so assessing a plan does not import it.
"""

from ._assessment import *
from ._results import *
