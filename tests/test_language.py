"""The language the interface speaks: how it is chosen, and the catalogs that carry it."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lesaitutte_cli import language
from lesaitutte_cli.cli import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def environment_language():
    yield
    language.choose(None)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "it_IT.UTF-8"}, "it"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "it_IT@euro", "LANG": "en_GB.UTF-8"}, "it"),
        ({"LC_MESSAGES": "it_CH", "LANG": "en_US"}, "it"),
        ({"LANGUAGE": "fr:it:en", "LANG": "en_US"}, "it"),  # the first of the list with a catalog
        ({"LANGUAGE": "fr:C:it", "LANG": "it_IT"}, "en"),  # "C" ends the list, as in gettext
        ({"LANGUAGE": "", "LANG": "it_IT"}, "it"),  # an empty variable is not set
        ({"LESAITUTTE_LANG": "en", "LANG": "it_IT.UTF-8"}, "en"),
        ({"LESAITUTTE_LANG": "it", "LANG": "en_US.UTF-8"}, "it"),
        ({"LESAITUTTE_LANG": "klingon", "LANG": "it_IT.UTF-8"}, "en"),
    ],
)
def test_the_language_follows_the_environment_as_gettext_reads_it(environ, expected):
    assert language.from_environment(environ) == expected


def test_lang_overrides_the_environment_and_the_next_invocation_forgets_it():
    runner = CliRunner()
    italian = runner.invoke(cli, ["--lang", "it", "--help"], env={"LANG": "en_US.UTF-8", "LESAITUTTE_LANG": "en"})
    assert "Uso:" in italian.stdout and "Opzioni" in italian.stdout
    english = runner.invoke(cli, ["--help"], env={"LANG": "en_US.UTF-8", "LESAITUTTE_LANG": None, "LANGUAGE": None})
    assert "Usage:" in english.stdout and "Options" in english.stdout


def test_an_unknown_lang_is_bad_usage():
    result = CliRunner().invoke(cli, ["--lang", "fr", "--help"])
    assert result.exit_code == 2
    assert "--lang" in result.stderr


def test_english_reads_no_catalog():
    language.choose("en")
    assert language._("Options") == "Options"
    assert language.ngettext("point", "points", 2) == "points"
    assert language._catalog is None


def test_numbers_and_moments_in_each_language():
    from datetime import UTC, datetime

    from lesaitutte_cli.clock import local_text

    moment = datetime(2026, 11, 26, 13, 5, tzinfo=UTC)
    language.choose("it")
    assert language.number(1234567) == "1.234.567"
    assert local_text(moment) == moment.astimezone().strftime("%d/%m/%Y %H:%M")
    language.choose("en")
    assert language.number(1234) == "1,234"
    assert local_text(moment).startswith(moment.astimezone().strftime("%Y-%m-%d %H:%M:%S"))


def test_the_catalogs_are_in_step_with_the_code():
    """Every text the code marks is in each .po, and each compiled .mo is the .po as it is now."""
    result = subprocess.run(
        [sys.executable, "scripts/catalogs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_text_of_the_italian_catalog_is_translated():
    from babel.messages.pofile import read_po

    catalog = read_po((ROOT / "lesaitutte_cli/locale/it/LC_MESSAGES/lesaitutte.po").open("rb"), locale="it")
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (message.fuzzy or not all(message.string if isinstance(message.id, tuple) else [message.string]))
    ]
    assert untranslated == []


def test_translations_keep_the_placeholders_of_their_english_text():
    """A translation that drops or renames a {placeholder} would fail (or say less) when it is shown."""
    import string

    from babel.messages.pofile import read_po

    catalog = read_po((ROOT / "lesaitutte_cli/locale/it/LC_MESSAGES/lesaitutte.po").open("rb"), locale="it")

    def fields(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    wrong = []
    for message in catalog:
        if not message.id or "python-brace-format" not in message.flags:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        italian = message.string if isinstance(message.id, tuple) else (message.string,)
        allowed = set().union(*(fields(text) for text in english))
        if any(not fields(text) <= allowed for text in italian):
            wrong.append(message.id)
    assert wrong == []


def test_translated_help_keeps_the_blocks_click_must_not_rewrap():
    """A help's example follows click's \\b marker, which keeps its lines as written; a translation
    without it runs the example into one line (as `check`'s once did)."""
    from babel.messages.pofile import read_po

    catalog = read_po((ROOT / "lesaitutte_cli/locale/it/LC_MESSAGES/lesaitutte.po").open("rb"), locale="it")
    unwrapped = [
        message.id
        for message in catalog
        if isinstance(message.id, str) and message.id.count("\b") != message.string.count("\b")
    ]
    assert unwrapped == []


# Printed as they are in every language: a program's name and version, and settings' own names.
NOT_WORDS = ("lesaitutte ", "identity: ", "pair-points-per-day: ", "certification-months: ", "language: ")
SHOWING = {
    "echo",
    "UsageError",
    "BadParameter",
    "fail",
    "InvalidInput",
    "Refused",
    "StoreUnusable",
    "ClickException",
    "Phrase",
}


def _literal_words(node: ast.expr) -> str:
    """The text a message's expression writes out literally (not what it takes from `_` or from values)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) + _literal_words(node.right)
    return ""


def test_every_message_the_code_shows_is_marked_for_translation():
    """A message written as a plain or f-string, rather than through _, N_ or ngettext, stays English in Italian."""
    unmarked = []
    for path in sorted((ROOT / "lesaitutte_cli").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            unmarked += [  # an option's help written as a plain string
                f"{path.relative_to(ROOT)}:{node.lineno}: {keyword.value.value!r}"
                for keyword in node.keywords
                if keyword.arg == "help" and isinstance(keyword.value, ast.Constant)
            ]
            if not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            words = _literal_words(node.args[0])
            placeholders = re.compile(r"\{[^}]*\}")  # a Phrase of values alone joins texts, and has no words
            if name in SHOWING and re.search("[A-Za-z]{2}", placeholders.sub("", words)) and words not in NOT_WORDS:
                unmarked.append(f"{path.relative_to(ROOT)}:{node.lineno}: {words!r}")
    assert unmarked == []


def test_an_italian_locale_gives_italian_help_in_a_real_process():
    environment = {"PATH": os.environ["PATH"], "LANG": "it_IT.UTF-8", "HOME": os.environ.get("HOME", "/tmp")}
    result = subprocess.run(
        [sys.executable, "-m", "lesaitutte_cli", "--help"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Uso: lesaitutte [OPZIONI] COMANDO [ARGOMENTI]...")
    assert "Fai una domanda alla comunità in una categoria." in result.stdout
