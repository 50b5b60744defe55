"""The plan's types and Swedish words, number parsing, and the JSON Schema generated from them.

What other layers use is exported here; the JSON Schema (``_schema``) is not,
so that reading a plan does not import pydantic's JSON Schema generator.
"""

from ._kommun import *
from ._numbers import *
from ._periods import *
from ._plan import *
