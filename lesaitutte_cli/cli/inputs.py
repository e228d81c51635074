"""Reading what users hand over in files, with one-line errors instead of tracebacks."""

import json
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
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
