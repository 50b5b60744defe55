"""Reading plan files: size and encoding limits, the fast and the careful reader, error locations.

``load_plan`` reads a valid plan with libyaml (``_fastyaml``); anything else
goes to the careful reader (``_careful``), built on ruamel.yaml, which keeps
the position of every key and value. The careful reader's names are imported
on first use, so reading a valid plan never imports ruamel.yaml.
"""

from ._config import *
from ._folder import *
from ._git import *
from ._io import *
from ._kommun import *
from ._site import *

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._careful import *


def __getattr__(name: str) -> object:
    if not name.startswith("_"):  # not for the import system's own questions (`_careful`, `__path__`)
        import importlib  # noqa: PLC0415

        careful = importlib.import_module(f"{__name__}._careful")
        if name in careful.__all__:
            return getattr(careful, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
