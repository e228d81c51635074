"""Reading what users hand over in files, with one-line errors instead of tracebacks."""

import json
import re
import sys
from typing import Any

from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.language import N_, Word

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
            raise InvalidInput(N_("{path} is a folder; give a file."), path=path) from None
        except OSError as error:
            raise InvalidInput(N_("Cannot read {path}: {reason}."), path=path, reason=error.strerror) from None
    if len(data) > limit:
        if path == "-":
            raise InvalidInput(N_("Standard input is larger than {mb} MB; give a smaller file."), mb=limit // MEGABYTE)
        raise InvalidInput(N_("{path} is larger than {mb} MB; give a smaller file."), path=path, mb=limit // MEGABYTE)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            N_("{path} is not UTF-8 text (byte {byte}); save it as UTF-8."), path=path, byte=error.start
        ) from None


def read_json(path: str, limit: int = MEGABYTE) -> Any:
    text = read_text(path, limit)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            N_("{path} is not valid JSON: {reason} at line {line}, column {column}."),
            path=path,
            reason=error.msg,
            line=error.lineno,
            column=error.colno,
        ) from None
    except RecursionError:
        raise InvalidInput(
            N_("{path} is nested too deeply to be read; a fixture is a few levels deep."), path=path
        ) from None
    # A lone surrogate comes only from an escape, \uD800 to \uDFFF: without one, there is nothing to walk.
    escaped = re.search(r"\\u[dD][89a-fA-F]", text) is not None
    where = _lone_surrogate(document) if escaped else None
    if where is not None:
        raise InvalidInput(
            N_(
                "{path}: {where} holds a lone surrogate escape such as \\ud800, which is not "
                "Unicode text; write the character itself, or both halves of its pair."
            ),
            path=path,
            where=where or Word(N_("the document")),
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
