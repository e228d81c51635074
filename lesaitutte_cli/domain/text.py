"""What makes text typed by a person acceptable to store."""

import re

from lesaitutte_cli.errors import InvalidInput


def require_text(text: str, what: str, limit: int) -> str:
    """The text with surrounding blank space removed; refused if empty or longer than `limit`."""
    text = text.strip()
    if not text:
        raise InvalidInput(f"{what.capitalize()} cannot be empty; write some text.")
    if len(text) > limit:
        raise InvalidInput(
            f"{what.capitalize()} may be at most {limit:,} characters; this one has {len(text):,}. Shorten it."
        )
    return text


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A number with its noun in the right number: "1 point", "2 points", "3 categories"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


NAME_RULE = "1 to 32 letters, digits, dots, dashes or underscores, starting with a letter or digit"
_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}"  # as text: `re` compiles it on first use


def is_valid_name(name: str) -> bool:
    return re.fullmatch(_NAME, name) is not None


def require_name(name: str) -> str:
    if not is_valid_name(name):
        raise InvalidInput(f"'{name}' cannot be a user name: use {NAME_RULE}.")
    return name


ID_RULE = "letters, digits, dots, dashes or underscores"
_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}"


def is_valid_identifier(text: str) -> bool:
    return re.fullmatch(_ID, text) is not None


def require_identifier(text: str, what: str) -> str:
    if not is_valid_identifier(text):
        raise InvalidInput(f"'{text}' cannot be {what}: use 1 to 40 {ID_RULE}.")
    return text
