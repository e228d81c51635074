"""A compiled message catalog (.mo) whose texts are decoded when they are looked up.

The standard library's GNUTranslations decodes every text of a catalog when it opens it: for our
~730 entries about 2 ms at every command shown in Italian, which was most of what the Italian
interface added to a command's start-up (a command shows a few texts). Here opening reads the
file and indexes its raw keys; a text is decoded when a message asks for it. The lookups are
gettext's: a key is the text itself, a plural's is its two English forms joined by NUL, a
context's is the context and the text joined by EOT.
"""

from __future__ import annotations

import struct
from gettext import c2py  # gettext's own reading of a catalog's Plural-Forms (click has imported gettext)
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

_LITTLE_ENDIAN, _BIG_ENDIAN = 0x950412DE, 0xDE120495


class CompiledCatalog:
    """The translations of one compiled catalog, encoded in UTF-8 as Babel writes them."""

    def __init__(self, data: bytes) -> None:
        """Raises ValueError when `data` is not a whole compiled catalog."""
        try:
            (magic,) = struct.unpack("<I", data[:4])
            if magic not in (_LITTLE_ENDIAN, _BIG_ENDIAN):
                raise ValueError("not a compiled message catalog")
            order = "<" if magic == _LITTLE_ENDIAN else ">"
            _, count, originals, translations = struct.unpack(f"{order}4I", data[4:20])
            keys = struct.unpack(f"{order}{2 * count}I", data[originals : originals + 8 * count])
            texts = struct.unpack(f"{order}{2 * count}I", data[translations : translations + 8 * count])
        except struct.error as error:  # cut short: a table runs past the end of the file
            raise ValueError(f"a damaged compiled message catalog ({error})") from None
        self._data = data
        self._texts = {
            data[keys[i + 1] : keys[i + 1] + keys[i]]: (texts[i + 1], texts[i + 1] + texts[i])
            for i in range(0, 2 * count, 2)
        }
        self._plural = _plural_rule(self._text(b"") or "")

    def gettext(self, message: str) -> str:
        return self._text(message.encode()) or message

    def pgettext(self, context: str, message: str) -> str:
        return self._text(f"{context}\x04{message}".encode()) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        forms = self._text(f"{singular}\x00{plural}".encode())
        if not forms:
            return singular if count == 1 else plural
        return forms.split("\x00")[self._plural(count)]

    def _text(self, key: bytes) -> str | None:
        found = self._texts.get(key)
        if found is None:
            return None
        start, end = found
        return self._data[start:end].decode()


def _plural_rule(header: str) -> Callable[[int], int]:
    """Which plural form a number takes, from the catalog header's Plural-Forms line."""
    for line in header.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "plural-forms":
            return c2py(value.split("plural=")[1].split(";")[0])
    return lambda count: int(count != 1)  # gettext's default, English's rule
