"""JSON for the store: the standard library's for everyday sizes, orjson for large ones.

`json` is already loaded by TinyDB, while importing orjson costs about 5 ms, as much as the
standard library takes to read or write a document of a megabyte. So orjson is imported
only for documents larger than that, and for reading whole logs.
"""

import json
from typing import Any

LARGE = 1 << 20


def loads(data: bytes) -> Any:
    if len(data) > LARGE:
        import orjson

        return orjson.loads(data)
    return json.loads(data)


def dumps(value: Any, large: bool = False) -> bytes:
    if large:
        import orjson

        return orjson.dumps(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def loads_lines(lines: list[bytes]) -> list[Any]:
    """Many records at once, as a whole log is read."""
    import orjson

    return [orjson.loads(line) for line in lines]
