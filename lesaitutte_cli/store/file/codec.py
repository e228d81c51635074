"""JSON for the store: the standard library's for everyday sizes, orjson for large ones.

`json` is already loaded by TinyDB, while importing orjson costs about 5 ms, as much as the
standard library takes to read or write a document of a megabyte. So orjson is imported
only for documents larger than that, and for reading whole logs.
"""

import gc
import json
from typing import Any

from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.language import N_

LARGE = 1 << 20
# orjson reads an integer past 64 bits as a float, silently, so none is ever written.
SMALLEST, LARGEST = -(1 << 63), (1 << 63) - 1
_DIGITS_AS_ZEROS = bytes(ord("0") if chr(byte) in "0123456789" else ord(" ") for byte in range(256))
_NINETEEN_DIGITS = b"0" * 19
_froze = False  # whether `loads` froze a document that `thaw` has not given back yet


def loads(data: bytes) -> Any:
    global _froze
    if len(data) > LARGE:
        import orjson

        # A large document is hundreds of thousands of dicts, lists and strings, none in a cycle:
        # left on, the cyclic collector would walk them hundreds of times while they are made,
        # and again at every later collection. Frozen, no collection walks them; reference
        # counting still frees them (`thaw` gives back to the collector whatever outlives them).
        collecting = gc.isenabled()
        gc.disable()
        try:
            value = orjson.loads(data)
        finally:
            if collecting:
                gc.enable()
        gc.freeze()
        _froze = True
        return value
    return json.loads(data)


def thaw() -> None:
    """Let the collector look again at whatever `loads` froze and is still alive."""
    # Only after a large document: unfreezing gives back everything frozen, including what the
    # process froze as it started (cli.main), and a collector with all of it to walk again costs
    # every command ~8 ms at exit (measured: 'me' on a fresh store 1.25x -> 1.13x the floor).
    global _froze
    if _froze:
        gc.unfreeze()
        _froze = False


def dumps(value: Any, large: bool = False) -> bytes:
    if large:
        import orjson

        try:
            # Strict, orjson refuses any integer past 53 bits as it writes, at no cost: only
            # then is the value walked for one past 64 bits, which is refused, before the rest
            # are written as they are.
            return orjson.dumps(value, option=orjson.OPT_STRICT_INTEGER)
        except TypeError:
            refuse_huge_integers(value)
        return orjson.dumps(value)
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    # Every 64-bit integer has fewer than 20 digits: only a run of 19 or more (in a number,
    # or in some text) is worth the walk that finds a number that does not fit. Digits made
    # zeros and the rest spaces, a plain substring search finds such a run ten times faster
    # than a regular expression.
    if _NINETEEN_DIGITS in data.translate(_DIGITS_AS_ZEROS):
        refuse_huge_integers(value)
    return data


def refuse_huge_integers(value: Any) -> None:
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, int) and not SMALLEST <= item <= LARGEST:
            raise InvalidInput(
                N_(
                    "The number {number} is too large to store: whole numbers must lie between {smallest} and "
                    "{largest}. Nothing was changed; use a smaller number."
                ),
                number=item,
                smallest=SMALLEST,
                largest=LARGEST,
            )
        if isinstance(item, dict):
            waiting.extend(item.values())
        elif isinstance(item, (list, tuple)):
            waiting.extend(item)


def loads_lines(lines: list[bytes]) -> list[Any]:
    """Many records at once, as a whole log is read."""
    import orjson

    return [orjson.loads(line) for line in lines]
