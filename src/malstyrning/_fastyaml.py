"""The fast path for reading a plan: libyaml's C parser, no positions kept.

Reading a valid plan needs no line numbers, and libyaml parses several times
faster than the pure-Python round-trip loader. This loader reads YAML the way
the careful loader in :mod:`._io` does (YAML 1.2's core schema: ``yes`` is
text, dates stay text, no sexagesimal numbers) and gives up, returning None,
at anything it does not handle exactly alike: a duplicate key, a syntax
error, aliases that expand far beyond the document, nesting too deep. The
caller then takes the careful path, which finds and locates every problem.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from ruamel.yaml import YAML, ScalarNode
from ruamel.yaml import resolver as ruamel_resolver

__all__ = ["fast_load"]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RUAMEL = YAML(typ="rt").constructor


class _GiveUp(Exception):
    """Something the fast path does not handle exactly like the careful one."""


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """libyaml's parser with YAML 1.2's core schema and duplicate keys refused."""

    # Our own tables, not the YAML 1.1 ones inherited from SafeLoader.
    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}
    yaml_constructors: ClassVar[dict[Any, Any]] = dict(_Base.yaml_constructors)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        # ruamel.yaml's own conversion (underscores, 0o/0x/0b, YAML 1.2 decimals), so
        # both paths agree on every number.
        return int(_RUAMEL.construct_yaml_int(ScalarNode("tag:yaml.org,2002:int", node.value)))

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        return float(_RUAMEL.construct_yaml_float(ScalarNode("tag:yaml.org,2002:float", node.value)))

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # libyaml keeps the last of repeated keys; the plan format refuses them.
        keys = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                if key in keys:
                    raise _GiveUp
                keys.add(key)
            except TypeError:
                raise _GiveUp from None  # an unhashable key: the careful path reports it
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


# ruamel.yaml's YAML 1.2 resolver table, so both paths type every scalar alike.
for _versions, _tag, _pattern, _first in ruamel_resolver.implicit_resolvers:
    if (1, 2) in _versions and _tag != "tag:yaml.org,2002:timestamp":  # dates stay text
        _Loader.add_implicit_resolver(_tag, _pattern, _first)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def fast_load(text: str) -> Any | None:
    """The document in ``text``, or None when the careful path must read it."""
    if "\t" in text or "\x00" in text:
        return None  # tabs and NULs: errors whose positions only the careful path gives
    if _ANCHORS.search(text):
        # Anchors, aliases and merge keys: libyaml and ruamel.yaml differ at the
        # edges (an anchor merged into itself); plans rarely use them, so they
        # take the careful path. A false alarm ("Kultur & fritid") only costs time.
        return None
    loader = _Loader(text)
    try:
        document = loader.get_single_data()
    except Exception:  # anything odd: the careful path reports it, located
        return None
    finally:
        loader.dispose()
    if _expands_too_far(document, len(text)):
        return None
    return document


_ANCHORS = re.compile(r"[&*][^\s,\[\]{}]|<<")

# Every value takes at least a character of text; far more values than that
# can only come from aliases repeating each other.
_MAX_EXPANSION = 100_000


def _expands_too_far(document: Any, text_length: int) -> bool:
    """True when aliases make the document much larger than its text (a
    "billion laughs"), or a collection contains itself."""
    unique: dict[int, int] = {}
    visiting: set[int] = set()

    def size(value: Any) -> int:
        if not isinstance(value, (dict, list)):
            return 1
        key = id(value)
        if key in unique:
            return unique[key]
        if key in visiting:
            raise _GiveUp  # a collection that contains itself
        visiting.add(key)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        total = 1 + sum(size(child) for _, child in items)
        visiting.discard(key)
        unique[key] = total
        return total

    try:
        expanded = size(document)
    except (_GiveUp, RecursionError):
        return True
    return expanded > _MAX_EXPANSION + 10 * text_length
