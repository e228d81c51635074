"""Noticing a store's changes: the file engine looks at the file, a few times a second, and reads nothing."""

from lesaitutte_cli.store.changes import POLL_INTERVAL, PolledChanges
from lesaitutte_cli.store.file import file_store


class FakeTime:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds

    def monotonic(self):
        return self.now


def test_waiting_polls_at_the_interval_until_the_state_changes():
    fake = FakeTime()
    changes = PolledChanges(lambda: "new" if fake.now >= 1.0 else "old", fake.sleep, fake.monotonic)
    assert changes.wait("old") is True
    assert fake.sleeps == [POLL_INTERVAL] * round(1.0 / POLL_INTERVAL)


def test_waiting_gives_up_at_the_timeout_without_overshooting_it():
    fake = FakeTime()
    changes = PolledChanges(lambda: "same", fake.sleep, fake.monotonic)
    assert changes.wait("same", timeout=0.5) is False
    assert sum(fake.sleeps) == 0.5


def test_a_busy_store_is_looked_at_no_more_than_once_an_interval():
    fake = FakeTime()
    changes = PolledChanges(lambda: fake.now, fake.sleep, fake.monotonic)  # a store changing all the time
    assert changes.wait(fake.now, timeout=10) is True
    assert fake.sleeps == [POLL_INTERVAL]


def test_a_timeout_of_zero_returns_without_looking():
    fake = FakeTime()
    changes = PolledChanges(lambda: "new", fake.sleep, fake.monotonic)
    assert changes.wait("old", timeout=0) is False
    assert fake.sleeps == []


def test_a_file_store_changes_with_each_commit_and_not_with_a_read(tmp_path):
    store = file_store(tmp_path / "s.json")
    with store.transaction() as tx:
        tx.save_settings(tx.settings())
    mark = store.changes.mark()
    with store.transaction() as tx:
        tx.users()
    assert store.changes.mark() == mark
    with store.transaction() as tx:
        tx.next_question_id()
    assert store.changes.mark() != mark
