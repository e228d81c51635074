"""`@record`: how every record class of the model is declared.

A record is a dataclass compared by value and shown with its fields, as `@dataclass` makes it,
but its `__eq__` and `__repr__` are written once here instead of generated per class:
dataclasses compiles both from source text for every class at every start of every command,
which measured ~4 ms of a command's ~12 ms of own start-up for the model's fifteen records.
"""

import dataclasses
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform()
def record(cls: type[T]) -> type[T]:
    made = dataclasses.dataclass(eq=False, repr=False)(cls)
    # __hash__ None, as @dataclass leaves a class compared by value: records are not keys.
    for name, method in (("__eq__", _equal), ("__repr__", _shown), ("__hash__", None)):
        setattr(made, name, method)
    return made


def _equal(self: Any, other: Any) -> bool:
    return other.__class__ is self.__class__ and all(
        bool(getattr(self, field.name) == getattr(other, field.name)) for field in dataclasses.fields(self)
    )


def _shown(self: Any) -> str:
    fields = ", ".join(f"{field.name}={getattr(self, field.name)!r}" for field in dataclasses.fields(self))
    return f"{type(self).__qualname__}({fields})"
