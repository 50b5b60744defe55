"""malstyrning: goal governance (målstyrning) for Swedish municipalities.

Load a plan (verksamhetsplan) from YAML, assess its indicators and goals, and
render the result::

    import malstyrning

    plan = malstyrning.load_plan("plans/2018.yaml")
    result = malstyrning.assess(plan, year=2017)
    print(malstyrning.to_json(result))

The public API is listed once, in ``__init__.pyi`` beside this file: type
checkers read it, and this module reads it to import each name from its
module when the name is first used (PEP 562). So importing the package is
cheap, a tool that needs only the engine does not pay for the reports, and
nothing imports the terminal (rich) or CLI (typer) libraries until
:func:`print_assessment` or the command line needs them.

Every public object reports itself as ``malstyrning.X`` (``__module__``), as
httpx's do: a traceback shows ``malstyrning.PlanSyntaxError``, not the
private module it is defined in.
"""

from ._version import __version__ as __version__

_where: dict[str, str] = {}  # public name -> the module that defines it; read from the stub


def _api() -> dict[str, str]:
    if not _where:
        import ast  # noqa: PLC0415  (only on first use: it costs more than the rest of this module)
        from importlib import resources  # noqa: PLC0415

        stub = resources.files(__name__).joinpath("__init__.pyi").read_text(encoding="utf-8")
        for node in ast.parse(stub).body:
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module != "_version":
                for alias in node.names:
                    _where[alias.asname or alias.name] = f"{__name__}.{node.module}"
    return _where


def _publish(api: dict[str, str]) -> None:
    """Bind every public name whose module is loaded, and name this package as its home."""
    import sys  # noqa: PLC0415

    for name, module_name in api.items():
        module = sys.modules.get(module_name)
        if module is None or name in globals():
            continue
        value = getattr(module, name)
        if isinstance(value, type) or (callable(value) and hasattr(value, "__code__")):
            value.__module__ = __name__
        globals()[name] = value  # the next lookup does not come here


def __getattr__(name: str) -> object:
    if name == "__all__":
        names = globals()["__all__"] = __dir__()
        return names
    module_name = _api().get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    importlib.import_module(module_name)
    _publish(_where)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted([*_api(), "__version__"])
