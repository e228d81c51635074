"""Turning the domain's records into plain JSON values and back.

The conversion follows each dataclass's type hints, so a new field needs no code here:
datetimes become ISO 8601 text, sets become sorted lists, tuples of records become lists
of objects.
"""

import dataclasses
import functools
import types
import typing
from datetime import datetime
from typing import Any, TypeVar

from lesaitutte_cli.clock import from_iso, to_iso

T = TypeVar("T")


def to_record(item: Any) -> dict[str, Any]:
    return {field.name: _to_json(getattr(item, field.name)) for field in dataclasses.fields(item)}


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    hints = _hints(cls)
    return cls(**{name: _from_json(hints[name], value) for name, value in record.items() if name in hints})


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (tuple, list)):
        return [_to_json(item) for item in value]
    if dataclasses.is_dataclass(value):
        return to_record(value)
    return value


def _from_json(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _from_json(hint, value)
    if _is_datetime(hint):
        return from_iso(value)
    if origin is frozenset:
        return frozenset(value)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(_from_json(item_hint, item) for item in value)
    if dataclasses.is_dataclass(hint):
        return from_record(hint, value)
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _is_datetime(hint: Any) -> bool:
    # By name rather than identity: freezegun swaps this module's `datetime` for a subclass.
    return getattr(hint, "__module__", None) == "datetime" and getattr(hint, "__name__", None) == "datetime"
