"""A record damaged on disk or by hand is refused with exit 3 and a message, never a traceback."""

import json

import pytest

from tests.cli.test_check import busy  # noqa: F401 (a fixture)
from tests.cli.test_side_files import archived, files_of, log  # noqa: F401 (archived is a fixture)

pytestmark = pytest.mark.file_engine_only("damages records in the store file's JSON")


def change_document(run, change) -> None:
    document = json.loads(run.raw())
    change(document)
    run.db.write_text(json.dumps(document))


def first(document, table):
    return next(iter(document[table].values()))


WRONG_TYPES = {
    "an amount that is text": lambda d: first(d, "ledger").update(amount="abc"),
    "a question with no id": lambda d: first(d, "questions").pop("id"),
    "question text null": lambda d: first(d, "questions").update(text=None),
    "a status that is a number": lambda d: first(d, "questions").update(status=3),
    "history that is not a list": lambda d: first(d, "questions").update(history="yesterday"),
    "a reward that is not an object": lambda d: d["rewards"].update({"1": "tshirt"}),
    "a deadline that is no time": lambda d: first(d, "questions").update(claim_deadline="soon"),
    # Met by every command, which refunds the bounties held too long before anything else.
    "an open bounty offered at no time": lambda d: first(d, "questions").update(
        status="open", claimed_by=None, claim_deadline=None, bounty=5, bounty_since=5
    ),
    "a certified user with no certification list": lambda d: first(d, "users").update(certifications=None),
}
COMMANDS = {
    "questions": (("questions", "--status", "all"), "anna"),
    "me": (("me",), "marco"),
    "leaderboard": (("leaderboard",), "anna"),
    "rewards": (("rewards",), "anna"),
    "ask": (("ask", "Still there?", "--category", "phones"), "anna"),
    "check": (("check",), "ada"),
}


@pytest.mark.parametrize("damage", WRONG_TYPES)
def test_a_document_with_wrong_types_is_refused_untouched_by_each_command_that_meets_it(busy, damage):  # noqa: F811
    # A command that never reads the damaged record may still work: records are checked as they
    # are read, not all of them by every command.
    change_document(busy, WRONG_TYPES[damage])
    refused = []
    for name, (args, user) in COMMANDS.items():
        before = files_of(busy)
        result = busy(*args, user=user)
        assert "Traceback" not in result.output and "unexpected" not in result.stderr, name
        if result.exit_code == 3:
            refused.append(name)
            assert str(busy.db) in result.stderr, name
            assert files_of(busy) == before, name
        else:
            assert result.exit_code == 0, f"{name}: {result.output}"
    assert "check" in refused
    assert len(refused) >= 2


def test_a_damaged_amount_names_the_store_and_the_record(busy):  # noqa: F811
    change_document(busy, lambda d: first(d, "ledger").update(amount="abc"))
    result = busy("me", user="marco")
    assert result.exit_code == 3
    assert f"The store {busy.db} is damaged" in result.stderr and "ledger" in result.stderr
    assert "restore the store and its logs together from one backup" in result.stderr


def test_check_names_a_record_of_the_wrong_type(busy):  # noqa: F811
    change_document(busy, lambda d: first(d, "questions").update(text=None))
    result = busy("check", user="ada")
    assert result.exit_code == 3
    assert "questions record 1 cannot be read (expected text, found null" in result.stderr


@pytest.mark.parametrize(
    "garbage",
    [b"\x00\xff garbage \x01", b"[1, 2, 3]", b'"text"'],
    ids=["bytes", "a list", "a string"],
)
@pytest.mark.parametrize("name", ["questions", "index", "ledger"])
def test_garbage_inside_a_side_log_is_refused_by_readers_and_check_untouched(archived, name, garbage):  # noqa: F811
    path = log(archived, name)
    data = open(path, "rb").read()
    lines = data.split(b"\n")
    # Each record of the log, replaced by garbage of the same length, so that every offset still holds.
    damaged = b"\n".join([lines[0], *(garbage.ljust(len(line))[: len(line)] for line in lines[1:-1]), lines[-1]])
    assert len(damaged) == len(data)
    with open(path, "r+b") as stream:
        stream.write(damaged)
    before = files_of(archived)
    readers = {
        "questions": (("show", "1"), "anna"),
        "index": (("search", "IMEI"), "anna"),
        "ledger": (("check",), "ada"),
    }
    for args, user in (readers[name], (("check",), "ada")):
        result = archived(*args, user=user)
        assert result.exit_code == 3, result.output
        assert "Traceback" not in result.output and "unexpected" not in result.stderr
        assert path in result.stderr
    assert files_of(archived) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["_logs"]["1"]["ledger"].update(length="abc"),
        lambda d: d["_logs"]["1"]["questions"].update(pages=["x"]),
        lambda d: d["_logs"]["1"].update(index=[]),
        lambda d: d["_meta"].update({"1": "schema"}),
    ],
    ids=["a log length that is text", "a page that is text", "a log that is a list", "a schema that is text"],
)
def test_damaged_bookkeeping_of_the_logs_is_refused_untouched(archived, change):  # noqa: F811
    change_document(archived, change)
    before = files_of(archived)
    for args, user in (
        (("questions",), "anna"),
        (("ask", "Still?", "--category", "phones"), "anna"),
        (("check",), "ada"),
    ):
        result = archived(*args, user=user)
        assert result.exit_code == 3, result.output
        assert f"The store {archived.db} is damaged" in result.stderr
    assert files_of(archived) == before
