"""Turning the domain's records into plain JSON values and back.

The conversion follows each dataclass's type hints, so a new field needs no code here:
datetimes become ISO 8601 text, sets become sorted lists, tuples of records become lists
of objects. Each class's converters are worked out once, on first use.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar

from lesaitutte_cli.clock import from_iso, to_iso

if typing.TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


def to_record(item: Any) -> dict[str, Any]:
    return {name: write(getattr(item, name)) for name, write in _writers(type(item)).items()}


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    readers = _readers(cls)
    return cls(**{name: readers[name](value) for name, value in record.items() if name in readers})


@functools.cache
def _writers(cls: type) -> dict[str, Callable[[Any], Any]]:
    return {name: _writer(hint) for name, hint in typing.get_type_hints(cls).items()}


def _writer(hint: Any) -> Callable[[Any], Any]:
    """A function from the value the hint describes to a JSON value (None stays None)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _writer(hint)
    if _is_datetime(hint):
        return lambda value: None if value is None else to_iso(value)
    if origin is frozenset:
        return lambda value: None if value is None else sorted(value)
    if origin is tuple:
        item = _writer(typing.get_args(hint)[0])
        return lambda value: None if value is None else [item(part) for part in value]
    if dataclasses.is_dataclass(hint):
        return lambda value: None if value is None else to_record(value)
    return lambda value: value


@functools.cache
def _readers(cls: type) -> dict[str, Callable[[Any], Any]]:
    return {name: _reader(hint) for name, hint in typing.get_type_hints(cls).items()}


def _reader(hint: Any) -> Callable[[Any], Any]:
    """A function from a JSON value to the value the hint asks for (None stays None)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _reader(hint)
    if _is_datetime(hint):
        return lambda value: None if value is None else from_iso(value)
    if origin is frozenset:
        return lambda value: None if value is None else frozenset(value)
    if origin is tuple:
        item = _reader(typing.get_args(hint)[0])
        return lambda value: None if value is None else tuple(map(item, value))
    if dataclasses.is_dataclass(hint):
        return lambda value: None if value is None else from_record(hint, value)
    return lambda value: value


def _is_datetime(hint: Any) -> bool:
    # By name rather than identity: freezegun swaps this module's `datetime` for a subclass.
    return getattr(hint, "__module__", None) == "datetime" and getattr(hint, "__name__", None) == "datetime"
