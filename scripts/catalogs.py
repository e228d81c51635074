"""Keep the translation catalogs in step with the code (Babel, a development tool only).

python scripts/catalogs.py          # extract the texts, merge them into each .po, compile each .mo
python scripts/catalogs.py --check  # exit 1 if a .po or .mo is behind the code (the tests run this)

The texts are what the code passes to `_`, `N_` and `ngettext`, the help of every click command
(its docstring, cleaned as click shows it), and the few texts of click's own that people see.
Babel rather than the standard library: the library reads a compiled catalog but cannot read,
merge or compile a .po, and GNU gettext's tools are not there on every machine the tests run on.
"""

from __future__ import annotations

import ast
import inspect
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lesaitutte_cli"
LOCALES = PACKAGE / "locale"
DOMAIN = "lesaitutte"
TRANSLATED = ("it",)
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "N_plural": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}
# Click's own texts that people meet: help headings and the usage errors of a mistyped command.
CLICK_TEXTS = {
    "Usage:",
    "Options",
    "Commands",
    "Aborted!",
    "Error: {message}",
    "Try '{command} {option}' for help.",
    "Invalid value for {param_hint}: {message}",
    "Missing argument",
    "Missing option",
    "Missing parameter",
    "Missing {param_type}",
    "No such option {name!r}.",
    "No such command {name!r}.",
    "Got unexpected extra argument ({args})",
    "Did you mean {possibility}?",
    "{value!r} is not {choice}.",
    "{value!r} is not a valid {number_type}.",
    "{value} is not in the range {range}.",
    "Option {name!r} requires an argument.",
    "Option {name!r} does not take a value.",
    "default: {default}",
    "env var: {var}",
    "{name} {filename!r} does not exist.",
    "{name} {filename!r} is a directory.",
    "{name} {filename!r} is not readable.",
    "file",
    "path",
}
# Passed through `_` by click but not marked there, so not found by extraction: the "[required]" of an option's help.
CLICK_UNMARKED = ("required",)
CLICK_MODULES = ("core.py", "exceptions.py", "types.py", "parser.py", "formatting.py")


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def template() -> Catalog:
    """Every text the interface shows, in English."""
    catalog = Catalog(project="lesaitutte-cli", fuzzy=False)
    for filename, _lineno, message, comments, context in extract_from_dir(
        PACKAGE, [("**.py", "python")], keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        catalog.add(message, locations=[(f"lesaitutte_cli/{filename}", None)], auto_comments=comments, context=context)
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for text in command_helps(path):
            catalog.add(text, locations=[(str(path.relative_to(ROOT)), None)])
    for message in [*click_texts(), *CLICK_UNMARKED]:
        catalog.add(message, locations=[("click", None)])
    return catalog


def command_helps(path: Path) -> list[str]:
    """The docstrings of a module's click commands, as click shows them."""
    helps = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.FunctionDef) and any(_makes_command(d) for d in node.decorator_list):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                helps.append(inspect.cleandoc(docstring))
    return helps


def _makes_command(decorator: ast.expr) -> bool:
    called = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
    return name in ("command", "group")


def click_texts() -> list[str | tuple[str, str]]:
    found: list[str | tuple[str, str]] = []
    for module in CLICK_MODULES:
        path = Path(click.__file__).parent / module
        for _lineno, message, _comments, _context in extract_from_file(
            "python", path, keywords={"_": None, "ngettext": (1, 2)}
        ):
            singular = message[0] if isinstance(message, tuple) else message
            if singular in CLICK_TEXTS and message not in found:
                found.append(message)
    missing = CLICK_TEXTS - {m[0] if isinstance(m, tuple) else m for m in found}
    if missing:
        raise SystemExit(f"click no longer has these texts; update CLICK_TEXTS: {sorted(missing)}")
    return found


def merged(language: str, english: Catalog) -> Catalog:
    path = po_path(language)
    catalog = read_po(path.open("rb"), locale=language) if path.exists() else Catalog(locale=language)
    catalog.update(english, no_fuzzy_matching=True)
    catalog.obsolete.clear()  # a text the code no longer shows has nothing left to say
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=120, include_lineno=False, omit_header=False, sort_output=True)
    return _without_dates(out.getvalue())


def _without_dates(po: bytes) -> bytes:
    # The header's creation and revision dates would change the file at every run.
    return b"".join(
        line
        for line in po.splitlines(keepends=True)
        if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date'))
    )


def mo_bytes(catalog: Catalog) -> bytes:
    # The compiled header always carries dates; fixed, so that the same .po compiles to the same bytes.
    catalog.creation_date = catalog.revision_date = datetime(2026, 1, 1, tzinfo=UTC)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> int:
    check = "--check" in sys.argv[1:]
    english = template()
    stale = []
    for language in TRANSLATED:
        catalog = merged(language, english)
        po, mo = po_path(language), po_path(language).with_suffix(".mo")
        compiled = mo_bytes(read_po(io.BytesIO(po_bytes(catalog)), locale=language))
        for path, content in ((po, po_bytes(catalog)), (mo, compiled)):
            if path.exists() and path.read_bytes() == content:
                continue
            if check:
                stale.append(str(path.relative_to(ROOT)))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
    if stale:
        print(f"out of date: {', '.join(stale)}; run python scripts/catalogs.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
