"""What makes text typed by a person acceptable to store."""

import functools
import re

from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.language import N_, Count, Word

# Characters that change what a terminal shows or how it orders text without showing as
# themselves: Unicode's control characters (but tab and line feed), its format characters
# (bidirectional embeddings, overrides, isolates and marks, zero-width spaces and joiners, tags...)
# and the line and paragraph separators. As text for a character class: `re` compiles it on
# first use, not at every command's start.
INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)


@functools.cache  # compiled on first use, then once: a seed checks every text of many thousands of questions
def _visible() -> re.Pattern[str]:
    return re.compile(f"[^\\s{INVISIBLE}]")


def has_visible_character(text: str) -> bool:
    return _visible().search(text) is not None


def require_text(text: str, what: str, limit: int) -> str:
    """The text with surrounding blank space removed; refused if nothing in it shows or longer than `limit`."""
    text = text.strip()
    if not has_visible_character(text):
        raise InvalidInput(
            N_(
                "{what} cannot be empty or only invisible characters (spaces, control or "
                "zero-width characters); write some text."
            ),
            what=Word(what),
        )
    if len(text) > limit:
        raise InvalidInput(
            N_("{what} may be at most {limit} characters; this one has {length}. Shorten it."),
            what=Word(what),
            limit=Count(limit),
            length=Count(len(text)),
        )
    return text


NAME_RULE = N_("1 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit")
_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}"  # as text: `re` compiles it on first use


def is_valid_name(name: str) -> bool:
    return re.fullmatch(_NAME, name) is not None


def require_name(name: str) -> str:
    if not is_valid_name(name):
        raise InvalidInput(N_("'{name}' cannot be a user name: use {rule}."), name=name, rule=Word(NAME_RULE))
    return name


ID_RULE = N_("letters, digits, dots, dashes or underscores")
_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}"


def is_valid_identifier(text: str) -> bool:
    return re.fullmatch(_ID, text) is not None


def require_identifier(text: str, what: str) -> str:
    if not is_valid_identifier(text):
        raise InvalidInput(
            N_("'{text}' cannot be {what}: use 1 to 40 {rule}."), text=text, what=Word(what), rule=Word(ID_RULE)
        )
    return text
