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
from lesaitutte_cli.language import N_, Phrase, Word

T = TypeVar("T")

# The stored tables and the record classes as a person names them: their own names are the code's.
KIND_SHOWN = {
    "_meta": N_("the store's counters"),
    "settings": N_("settings"),
    "users": N_("users"),
    "categories": N_("categories"),
    "questions": N_("questions"),
    "ledger": N_("ledger"),
    "rewards": N_("rewards"),
    "redemptions": N_("redemptions"),
    "exams": N_("exam banks"),
    "attempts": N_("exam attempts"),
    "certifications": N_("certification changes"),
    "the archive": N_("the archive"),
    "the search index": N_("the search index"),
    "User": N_("user"),
    "Grant": N_("certification"),
    "Settings": N_("settings"),
    "Category": N_("category"),
    "Question": N_("question"),
    "Event": N_("question event"),
    "ExpiredClaim": N_("expired claim"),
    "LedgerEntry": N_("ledger entry"),
    "Reward": N_("reward"),
    "Redemption": N_("redemption"),
    "ExamBank": N_("exam bank"),
    "ExamQuestion": N_("exam question"),
    "ExamAttempt": N_("exam attempt"),
    "ChosenAnswer": N_("chosen answer"),
    "CertificationChange": N_("certification change"),
}


def kind_shown(name: str) -> Word:
    """A table or record class in the reader's words (one this table does not know, as named)."""
    return Word(KIND_SHOWN.get(name, name))


def to_record(item: Any) -> dict[str, Any]:
    # The records are plain dataclasses whose __init__ sets the fields in order: a copy of their
    # dict is the record, but for the few fields stored in another form (times, sets, records).
    record = dict(item.__dict__)
    for name, write in _writers(type(item)):
        record[name] = write(record[name])
    return record


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    fields = _fields(cls)
    try:
        return cls(**{name: fields[name][1](value) for name, value in record.items() if name in fields})
    except (TypeError, ValueError, AttributeError) as error:
        which = record.get("id", getattr(record, "doc_id", "?")) if isinstance(record, dict) else "?"
        raise UnreadableRecord(
            Phrase(N_("the {kind} with id {id}"), kind=kind_shown(cls.__name__), id=which), _reason(cls, record, error)
        ) from None


def _reason(cls: type, record: Any, error: Exception) -> str:
    """Why a record cannot be read: a field missing, or what `reason_of` the error says."""
    if isinstance(record, dict):
        required = (
            field.name
            for field in dataclasses.fields(cls)
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        )
        missing = next((name for name in required if name not in record), None)
        if missing is not None:
            return Phrase(N_("no field {field}"), field=missing)
    return reason_of(error)


def reason_of(error: Exception) -> str:
    """An error's message, in the reader's words where it is one of ours (a Phrase)."""
    return error.args[0] if error.args and isinstance(error.args[0], Phrase) else str(error)


Convert = Callable[[Any], Any]


_FIELDS: dict[type, dict[str, tuple[Convert, Convert]]] = {}


def _fields(cls: type) -> dict[str, tuple[Convert, Convert]]:
    """Per field of a record class: how to write its value as JSON, and how to read it back."""
    if cls not in _FIELDS:
        _FIELDS[cls] = {name: _converters(hint) for name, hint in typing.get_type_hints(cls).items()}
    return _FIELDS[cls]


_WRITERS: dict[type, list[tuple[str, Convert]]] = {}


def _writers(cls: type) -> list[tuple[str, Convert]]:
    """The fields of a record class that are not stored as they are, and how each is written."""
    if cls not in _WRITERS:
        _WRITERS[cls] = [(name, write) for name, (write, _) in _fields(cls).items() if write is not _same]
    return _WRITERS[cls]


def _converters(hint: Any, optional: bool = False) -> tuple[Convert, Convert]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _converters(hint, optional=True)
    if _is_datetime(hint):
        return _write_optional(to_iso, optional), _read_as(str, optional, from_iso)
    if origin is frozenset:
        return _write_optional(sorted, optional), _read_as(list, optional, _read_each(str, frozenset))
    if origin is tuple:
        write, read = _converters(typing.get_args(hint)[0])
        return _write_optional(lambda value: [write(item) for item in value], optional), _read_as(
            list, optional, lambda value: tuple(map(read, value))
        )
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _write_optional(to_record, optional), _read_as(dict, optional, functools.partial(from_record, hint))
    if hint in (str, int, bool):
        return _same, _read_as(hint, optional)
    if hint is float:
        return _same, _read_as((int, float), optional)
    return _same, _same


def _read_as(kind: type | tuple[type, ...], optional: bool, read: Convert | None = None) -> Convert:
    """A reader of values of the JSON type `kind` only (or null, if `optional`), converted by `read`."""

    def checked(value: Any) -> Any:
        if isinstance(value, kind):
            return value if read is None else read(value)
        if value is None and optional:
            return None
        raise TypeError(
            Phrase(
                N_("expected {expected}, found {found} {value}"),
                expected=_json_name(kind),
                found=_json_name(type(value)),
                value=f"{value!r:.40}",
            )
        )

    return checked


def _read_each(kind: type, collect: Callable[[Any], Any]) -> Convert:
    item = _read_as(kind, False)
    return lambda value: collect(map(item, value))


def _json_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: N_("text"),
        int: N_("a whole number"),
        bool: N_("true or false"),
        list: N_("a list"),
        dict: N_("an object"),
        float: N_("a number"),
        type(None): "null",
    }
    if isinstance(kind, tuple):
        return Word(N_("a number"))
    return Word(names[kind]) if kind in names else kind.__name__


def _write_optional(write: Convert, optional: bool) -> Convert:
    """`write`, letting None through unchanged where the field may be empty."""
    return (lambda value: None if value is None else write(value)) if optional else write


def _same(value: Any) -> Any:
    return value


def _is_datetime(hint: Any) -> bool:
    # By name rather than identity: freezegun swaps this module's `datetime` for a subclass.
    return getattr(hint, "__module__", None) == "datetime" and getattr(hint, "__name__", None) == "datetime"
