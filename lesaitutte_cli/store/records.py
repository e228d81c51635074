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
from collections.abc import Callable
from typing import Any, TypeVar

from lesaitutte_cli.clock import from_iso, to_iso

T = TypeVar("T")


def to_record(item: Any) -> dict[str, Any]:
    return {name: write(getattr(item, name)) for name, (write, _) in _fields(type(item)).items()}


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    fields = _fields(cls)
    return cls(**{name: fields[name][1](value) for name, value in record.items() if name in fields})


Convert = Callable[[Any], Any]


@functools.cache
def _fields(cls: type) -> dict[str, tuple[Convert, Convert]]:
    """Per field of a record class: how to write its value as JSON, and how to read it back."""
    return {name: _optional(*_converters(hint)) for name, hint in typing.get_type_hints(cls).items()}


def _converters(hint: Any) -> tuple[Convert, Convert]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _converters(hint)
    if _is_datetime(hint):
        return to_iso, from_iso
    if origin is frozenset:
        return sorted, frozenset
    if origin is tuple:
        write, read = _converters(typing.get_args(hint)[0])
        return (lambda value: [write(item) for item in value]), (lambda value: tuple(map(read, value)))
    if dataclasses.is_dataclass(hint):
        return to_record, functools.partial(from_record, hint)
    return _same, _same


def _optional(write: Convert, read: Convert) -> tuple[Convert, Convert]:
    """The converters, letting None through unchanged."""
    if write is _same:
        return _same, _same
    return (lambda value: None if value is None else write(value)), (
        lambda value: None if value is None else read(value)
    )


def _same(value: Any) -> Any:
    return value


def _is_datetime(hint: Any) -> bool:
    # By name rather than identity: freezegun swaps this module's `datetime` for a subclass.
    return getattr(hint, "__module__", None) == "datetime" and getattr(hint, "__name__", None) == "datetime"
