"""Outcome updates from outside the plan: CSV files and Kolada."""

from ._csv import *
from ._kolada import *
from ._updates import *
