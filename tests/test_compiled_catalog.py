"""The compiled catalog read lazily gives what the standard library's reading of it gives."""

import gettext
from pathlib import Path

import pytest

from lesaitutte_cli.compiled_catalog import CompiledCatalog

MO = Path(__file__).resolve().parents[1] / "lesaitutte_cli/locale/it/LC_MESSAGES/lesaitutte.mo"


def test_every_text_of_the_italian_catalog_reads_as_gettext_reads_it():
    from babel.messages.pofile import read_po

    data = MO.read_bytes()
    ours, theirs = CompiledCatalog(data), gettext.GNUTranslations(open(MO, "rb"))  # noqa: SIM115
    catalog = read_po(open(MO.with_suffix(".po"), "rb"), locale="it")  # noqa: SIM115
    compared = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for count in (0, 1, 2, 1234):
                assert ours.ngettext(*message.id, count) == theirs.ngettext(*message.id, count)
        elif message.context:
            assert ours.pgettext(message.context, message.id) == theirs.pgettext(message.context, message.id)
        else:
            assert ours.gettext(message.id) == theirs.gettext(message.id)
        compared += 1
    assert compared > 700  # the whole catalog, not a handful
    assert ours.ngettext("{n} point", "{n} points", 1) != ours.ngettext("{n} point", "{n} points", 2)


def test_a_text_the_catalog_lacks_is_given_back_in_english():
    ours = CompiledCatalog(MO.read_bytes())
    assert ours.gettext("No such text, anywhere") == "No such text, anywhere"
    assert ours.pgettext("nowhere", "No such text") == "No such text"
    assert ours.ngettext("{n} zebra", "{n} zebras", 1) == "{n} zebra"
    assert ours.ngettext("{n} zebra", "{n} zebras", 3) == "{n} zebras"


@pytest.mark.parametrize("data", [b"", b"not a catalog at all", MO.read_bytes()[:30]])
def test_a_file_that_is_not_a_whole_catalog_is_refused_as_such(data):
    with pytest.raises(ValueError):
        CompiledCatalog(data)
