"""Reading what users hand over in files, with one-line errors instead of tracebacks."""

import json
import re
import sys
from typing import Any

from lesaitutte_cli.errors import InvalidInput

MEGABYTE = 1024 * 1024


def read_text(path: str, limit: int = MEGABYTE) -> str:
    """The file's text (`-` is standard input), refused if missing, unreadable or over `limit` bytes."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        try:
            with open(path, "rb") as stream:
                data = stream.read(limit + 1)
        except IsADirectoryError:
            raise InvalidInput(f"{path} is a folder; give a file.") from None
        except OSError as error:
            raise InvalidInput(f"Cannot read {path}: {error.strerror}.") from None
    if len(data) > limit:
        raise InvalidInput(
            f"{'Standard input' if path == '-' else path} is larger than {limit // MEGABYTE} MB; give a smaller file."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(f"{path} is not UTF-8 text (byte {error.start}); save it as UTF-8.") from None


def read_json(path: str, limit: int = MEGABYTE) -> Any:
    text = read_text(path, limit)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise InvalidInput(f"{path} is nested too deeply to be read; a fixture is a few levels deep.") from None
    where = _lone_surrogate(document)
    if where is not None:
        raise InvalidInput(
            f"{path}: {where or 'the document'} holds a lone surrogate escape such as \\ud800, which is not "
            "Unicode text; write the character itself, or both halves of its pair."
        )
    return document


def _lone_surrogate(document: Any) -> str | None:
    """The path of the first key or string with half a UTF-16 pair, if any.

    JSON lets `\\ud800` through, but no store can write it back as UTF-8. Walked without
    recursion: a document may be as deep as the parser allows.
    """
    pending = [("", document)]
    while pending:
        where, value = pending.pop()
        if isinstance(value, str):
            if re.search("[\ud800-\udfff]", value):
                return where
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{where}.{key}" if where else key
                if re.search("[\ud800-\udfff]", key):
                    return inner
                pending.append((inner, item))
        elif isinstance(value, list):
            pending.extend((f"{where}[{index}]", item) for index, item in enumerate(value))
    return None
