"""Turning the domain's records into plain JSON values and back.

The conversion follows each dataclass's type hints, so a new field needs no code here:
datetimes become ISO 8601 text, sets become sorted lists, tuples of records become lists
of objects. Each class's converters are worked out once, on first use.

Reading checks each value's JSON type on the way, at no more cost than copying it: a
record edited by hand or damaged on disk (an amount "abc", text null, no id) is refused as
an UnreadableRecord, not handed to the rules to fail somewhere inside them.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from lesaitutte_cli.clock import from_iso, to_iso
from lesaitutte_cli.errors import UnreadableRecord

T = TypeVar("T")


def to_record(item: Any) -> dict[str, Any]:
    return {name: write(getattr(item, name)) for name, (write, _) in _fields(type(item)).items()}


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    fields = _fields(cls)
    try:
        return cls(**{name: fields[name][1](value) for name, value in record.items() if name in fields})
    except (TypeError, ValueError, AttributeError) as error:
        which = record.get("id", getattr(record, "doc_id", "?")) if isinstance(record, dict) else "?"
        raise UnreadableRecord(f"a {cls.__name__.lower()} record (id {which})", str(error)) from None


Convert = Callable[[Any], Any]


@functools.cache
def _fields(cls: type) -> dict[str, tuple[Convert, Convert]]:
    """Per field of a record class: how to write its value as JSON, and how to read it back."""
    return {name: _converters(hint) for name, hint in typing.get_type_hints(cls).items()}


def _converters(hint: Any) -> tuple[Convert, Convert]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _optional(*_converters(hint))
    if _is_datetime(hint):
        return to_iso, _read_as(str, from_iso)
    if origin is frozenset:
        return sorted, _read_as(list, lambda value: frozenset(map(_read_as(str, _same), value)))
    if origin is tuple:
        write, read = _converters(typing.get_args(hint)[0])
        return (lambda value: [write(item) for item in value]), _read_as(list, lambda value: tuple(map(read, value)))
    if dataclasses.is_dataclass(hint):
        return to_record, _read_as(dict, functools.partial(from_record, hint))
    if hint in (str, int, bool):
        return _same, _read_as(hint, _same)
    if hint is float:
        return _same, _read_as((int, float), _same)
    return _same, _same


def _read_as(kind: type | tuple[type, ...], read: Convert) -> Convert:
    """`read`, for a value of the JSON type `kind` only."""

    def checked(value: Any) -> Any:
        if not isinstance(value, kind):
            raise TypeError(f"expected {_json_name(kind)}, found {_json_name(type(value))} {value!r:.40}")
        return read(value)

    return checked


def _json_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}
    if isinstance(kind, tuple):
        return "a number"
    return names.get(kind, "a number" if kind is float else "null" if kind is type(None) else kind.__name__)


def _optional(write: Convert, read: Convert) -> tuple[Convert, Convert]:
    """The converters, letting None through unchanged."""
    return (lambda value: None if value is None else write(value)), (
        lambda value: None if value is None else read(value)
    )


def _same(value: Any) -> Any:
    return value


def _is_datetime(hint: Any) -> bool:
    # By name rather than identity: freezegun swaps this module's `datetime` for a subclass.
    return getattr(hint, "__module__", None) == "datetime" and getattr(hint, "__name__", None) == "datetime"
