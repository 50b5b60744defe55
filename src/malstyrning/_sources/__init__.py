"""Outcome updates from outside the plan: CSV files and Kolada.

Exported here is what the other layers use: updates (``_updates``) and the
CSV reader (``_csv``). Kolada (``_kolada``) is reached through the public API
only, so the commands that do not fetch from Kolada do not import it.
"""

from ._csv import *
from ._updates import *
