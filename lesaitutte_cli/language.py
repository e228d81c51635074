"""The language the interface speaks: English, the language of the code's own texts, or Italian.

Chosen by `--lang`, else `LESAITUTTE_LANG`, else the environment as gettext reads it (the first
of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set); a language without a catalog is English.
In English nothing is read: the texts are the code's own. In Italian the compiled catalog
shipped in the package is read once, at the first text shown.

`_` and `ngettext` translate where a text is shown. A text defined at import time (a click help,
a table of messages) is marked with `N_` where it is written and passed through `_` where it is
shown, so that it follows the language of the invocation rather than of the import.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from gettext import NullTranslations

    from lesaitutte_cli.compiled_catalog import CompiledCatalog

ENGLISH = "en"
ITALIAN = "it"
LANGUAGES = (ENGLISH, ITALIAN)
DOMAIN = "lesaitutte"
LOCALE_FOLDER = os.path.join(os.path.dirname(__file__), "locale")

_chosen: str | None = None
_catalog: CompiledCatalog | NullTranslations | None = None


def choose(language: str | None) -> None:
    """Speak `language` from now on; None goes back to what the environment says."""
    global _chosen, _catalog
    _chosen, _catalog = language, None


def current() -> str:
    global _chosen
    if _chosen is None:
        _chosen = from_environment(os.environ)
    return _chosen


def from_environment(environ: Mapping[str, str]) -> str:
    """The language the environment asks for: LESAITUTTE_LANG, else the variables gettext reads."""
    own = environ.get("LESAITUTTE_LANG")
    if own:
        return _known(own) or ENGLISH
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            # As gettext does: the first variable set decides, its list read in order, "C" ending it.
            for entry in value.split(":"):
                if entry in ("C", "POSIX"):
                    return ENGLISH
                language = _known(entry)
                if language:
                    return language
            return ENGLISH
    return ENGLISH


def _known(locale_name: str) -> str | None:
    """`it_IT.UTF-8`, `it@euro`, `IT` -> "it"; None for a language without a catalog."""
    language = locale_name.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return language if language in LANGUAGES else None


def _translations() -> CompiledCatalog | NullTranslations:
    global _catalog
    if _catalog is None:
        from lesaitutte_cli.compiled_catalog import CompiledCatalog  # imported here: English never reads a catalog

        # Opened by its known path: gettext.translation would first import `locale` to expand the
        # language's name, which costs more than reading the whole catalog.
        path = os.path.join(LOCALE_FOLDER, current(), "LC_MESSAGES", f"{DOMAIN}.mo")
        try:
            with open(path, "rb") as mo:
                _catalog = CompiledCatalog(mo.read())
        except (OSError, ValueError):  # a package installed without (sound) catalogs still speaks, in English
            from gettext import NullTranslations

            _catalog = NullTranslations()
    return _catalog


def _(message: str) -> str:
    if current() == ENGLISH or not message:  # "" would be the catalog's header
        return message
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    if current() == ENGLISH:
        return singular if count == 1 else plural
    return _translations().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a text for the catalog where it is written; `_` translates it where it is shown."""
    return message


def pgettext(context: str, message: str) -> str:
    """A word whose translation depends on where it is used: "asked" as an event, say, not a column."""
    if current() == ENGLISH:
        return message
    return _translations().pgettext(context, message)


def NP_(context: str, message: str) -> str:
    """Marks a word for the catalog in a context; `pgettext` translates it where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a text with a number in it, to be shown through `ngettext` where the number is known."""
    return singular, plural


class Count(int):
    """A quantity that a message shows as the reader's language writes numbers (`number`).

    Formatted on its own (an error's `str()`, for a log), it is grouped as in English: 10,000."""

    def __format__(self, spec: str) -> str:
        return format(int(self), spec or ",")


class Word(str):
    """A machine value (a question's status, say) that a message shows in the reader's words.

    Its English word must be marked with `N_` where the value is defined, or with `NP_` in a
    `context` given here when the same English word reads differently elsewhere."""

    context: str | None

    def __new__(cls, word: str, /, context: str | None = None) -> Self:
        made = super().__new__(cls, word)
        made.context = context
        return made

    def translated(self) -> str:
        return _(self) if self.context is None else pgettext(self.context, self)


class Phrase(str):
    """Part of a message built apart (a problem found at a path, the record that is damaged):
    a template marked with `N_` (or `N_plural`, its number given as `n`) and its values, shown
    in the reader's words like the message.

    As a str it is the English text, for a log, a test or a message shown in English."""

    template: str | tuple[str, str]
    values: dict[str, Any]

    def __new__(cls, template: str | tuple[str, str], /, **values: Any) -> Self:
        english = english_template(template, values)
        phrase = super().__new__(cls, english.format(**values) if values else english)
        phrase.template, phrase.values = template, values
        return phrase


def english_template(template: str | tuple[str, str], values: Mapping[str, Any]) -> str:
    """The English of a template, marked with `N_` or with `N_plural` (its number in `values["n"]`)."""
    if isinstance(template, str):
        return template
    return template[0] if values["n"] == 1 else template[1]


def translated_template(template: str | tuple[str, str], values: Mapping[str, Any]) -> str:
    """A template, marked with `N_` or with `N_plural`, in the reader's language."""
    if isinstance(template, str):
        return _(template)
    return ngettext(*template, values["n"])


def lines(parts: Iterable[str]) -> Phrase:
    """Texts shown one a line, each in the reader's words if it is a Phrase."""
    values = {f"line{index}": part for index, part in enumerate(parts)}
    return Phrase("\n".join(f"{{{name}}}" for name in values), **values)


def speak_through_click() -> None:
    """Click's own texts (the help's headings, its usage errors) in the chosen language too.

    Click calls the `_` and `ngettext` it imported from gettext, which look for a catalog of
    click's on disk at every call; they are pointed here instead, where English reads nothing.
    """
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    modules = (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    )
    for module in modules:
        for name, function in (("_", _), ("ngettext", ngettext)):
            if hasattr(module, name):
                setattr(module, name, function)


def number(count: int) -> str:
    """A whole number with its thousands grouped as the language writes them: 1,234 or 1.234."""
    grouped = f"{count:,}"
    return grouped.replace(",", ".") if current() == ITALIAN else grouped


def date_format() -> str:
    """strftime's format for a day: 2026-11-26, or 26/11/2026 in Italian."""
    return "%d/%m/%Y" if current() == ITALIAN else "%Y-%m-%d"


def date_and_time_format() -> str:
    """strftime's format for a local moment: 2026-11-26 14:05:00 CET, or 26/11/2026 14:05 in Italian."""
    return "%d/%m/%Y %H:%M" if current() == ITALIAN else "%Y-%m-%d %H:%M:%S %Z"
