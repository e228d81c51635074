"""Dates typed with words ("1 Dec 2026", "1 dicembre 2026", "lunedì"), in English or Italian.

Both languages are read whatever language is chosen: a date typed in Italian is still a date.
A module of its own so that dateutil is imported only when such a date is typed.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from dateutil import parser

# Italian writes month names in lower case; a weekday's last vowel takes a grave accent, which
# keyboards without it leave out or give as an acute one.
_UNACCENTED = str.maketrans("àáèéìíòóùú", "aaeeiioouu")
ITALIAN_MONTHS = [
    ("gen", "gennaio"),
    ("feb", "febbraio"),
    ("mar", "marzo"),
    ("apr", "aprile"),
    ("mag", "maggio"),
    ("giu", "giugno"),
    ("lug", "luglio"),
    ("ago", "agosto"),
    ("set", "sett", "settembre"),
    ("ott", "ottobre"),
    ("nov", "novembre"),
    ("dic", "dicembre"),
]
# "mar" is left to March: read as Tuesday, it would turn "1 mar 2026" into a weekday.
ITALIAN_WEEKDAYS = [
    ("lun", "lunedi"),
    ("martedi",),
    ("mer", "mercoledi"),
    ("gio", "giovedi"),
    ("ven", "venerdi"),
    ("sab", "sabato"),
    ("dom", "domenica"),
]


def _joined(english: Sequence[tuple[str, ...]], italian: Sequence[tuple[str, ...]]) -> Any:
    """Each month's or weekday's names in both languages. Any: dateutil reads any number of names
    for one, its type stubs allow two or three."""
    return [names + more for names, more in zip(english, italian, strict=True)]


class EnglishOrItalian(parser.parserinfo):
    MONTHS = _joined(parser.parserinfo.MONTHS, ITALIAN_MONTHS)
    WEEKDAYS = _joined(parser.parserinfo.WEEKDAYS, ITALIAN_WEEKDAYS)
    JUMP = [*parser.parserinfo.JUMP, "il", "alle", "ore"]  # "il 1 dicembre 2026 alle ore 14:05"

    def weekday(self, name: str) -> int | None:
        return super().weekday(name.translate(_UNACCENTED))

    def month(self, name: str) -> int | None:
        return super().month(name.translate(_UNACCENTED))


_WORDS = EnglishOrItalian(dayfirst=True)


def parse(value: str, default: datetime) -> datetime:
    """The moment typed, day first; what was not typed comes from `default`. ValueError if none."""
    return parser.parse(value, parserinfo=_WORDS, default=default)
