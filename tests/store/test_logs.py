"""The logs read whole: one record at a time, the latest version of each, in key or file order."""

import pytest

from lesaitutte_cli.errors import UnreadableRecord
from lesaitutte_cli.store.file import logs as logs_module
from lesaitutte_cli.store.file.logs import PAGE, Logs
from tests.memory import MemoryLogFiles


def committed(tables, files):
    """The logs as the next transaction sees them, after this one committed."""
    return Logs(tables, files, lambda: None)


@pytest.fixture
def written():
    tables, files = {}, MemoryLogFiles()
    logs = committed(tables, files)
    for key in range(1, PAGE + 3):  # two pages
        logs.put("questions", key, {"id": key, "text": "x" * (key % 7)})
    logs.append("ledger", {"n": 1})
    logs.append("ledger", {"n": 2})
    logs.commit()
    logs = committed(tables, files)
    logs.put("questions", 2, {"id": 2, "text": "rated later"})  # a new version, written after all the others
    logs.commit()
    return tables, files


def test_a_keyed_log_is_read_in_key_order_with_each_record_s_latest_version(written):
    logs = committed(*written)
    records = list(logs.in_key_order("questions"))
    assert [record["id"] for record in records] == list(range(1, PAGE + 3))
    assert records[1]["text"] == "rated later"


def test_a_stream_holds_each_latest_version_once_in_the_order_written_and_no_page(written):
    logs = committed(*written)
    ids = [record["id"] for record in logs.stream("questions")]
    assert ids == [1, *range(3, PAGE + 3), 2]
    assert list(logs.stream("ledger")) == [{"n": 1}, {"n": 2}]


def test_records_of_this_transaction_are_read_with_the_committed_ones(written):
    logs = committed(*written)
    logs.put("questions", PAGE + 5, {"id": PAGE + 5, "text": "new"})  # on a page the document does not count yet
    logs.append("ledger", {"n": 3})
    assert [record["id"] for record in logs.in_key_order("questions")][-2:] == [PAGE + 2, PAGE + 5]
    assert [record["id"] for record in logs.stream("questions")][-1] == PAGE + 5
    assert [record["n"] for record in logs.stream("ledger")] == [1, 2, 3]


def test_a_long_record_is_read_alone(written, monkeypatch):
    monkeypatch.setattr(logs_module, "TAIL", 2)  # shorter than any record: the last of a page is read alone
    logs = committed(*written)
    assert [record["id"] for record in logs.in_key_order("questions")] == list(range(1, PAGE + 3))


def test_a_damaged_record_is_unreadable_not_a_crash(written):
    tables, files = written
    files._data["ledger"] = files._data["ledger"].replace(b'{"n":2}', b'{"n":2')
    with pytest.raises(UnreadableRecord):
        list(committed(tables, files).stream("ledger"))


def test_a_stream_for_a_name_decodes_only_the_lines_that_hold_it(written):
    tables, files = written
    logs = committed(tables, files)
    logs.append("ledger", {"user": "hannah"})
    logs.append("ledger", {"user": "anna"})
    logs.commit()
    logs = committed(tables, files)
    assert list(logs.stream("ledger", "anna")) == [{"user": "hannah"}, {"user": "anna"}]  # the caller picks
    assert [record["id"] for record in logs.stream("questions", "rated later")] == [2]
