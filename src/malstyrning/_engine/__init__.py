"""The assessment engine: pure functions from a plan to results, no I/O.

Its layout: ``_assessment.py`` holds the rules (exact, in Decimal),
``_batch.py`` the same rules over numpy arrays (``assess_series``),
``_results.py`` the result types and ``_fast.py`` the speed devices the rules
rely on. Exported here is what the other layers use: the rules and the
results. ``_batch.py`` is reached through the public API only, so assessing a
plan does not import it.
"""

from ._assessment import *
from ._diff import *
from ._due import *
from ._economy import *
from ._explain import *
from ._history import *
from ._items import *
from ._kommun import *
from ._on_track import *
from ._periods import *
from ._report_back import *
from ._results import *
