"""Waiting for work, with the clock and the store's changes handed in: no test sleeps."""

from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.errors import Refused
from lesaitutte_cli.services import questions as questions_service
from lesaitutte_cli.services import seeding as seeding_service
from lesaitutte_cli.services import waiting as waiting_service
from lesaitutte_cli.services.session import Invocation
from tests.memory import memory_store

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
FIXTURE = {
    "users": [
        {"name": "anna"},
        {"name": "carla"},
        {"name": "marco", "certifications": ["phones"]},
        {"name": "paola", "certifications": ["phones"]},
    ]
}


class Stop(Exception):
    """Ends a watch that would otherwise go on until Ctrl-C."""


class Community:
    def __init__(self):
        self.store = memory_store()
        self.now = T0
        seeding_service.seed(self.as_user("anna"), [("fixture", FIXTURE)])

    def as_user(self, name):
        return Invocation(store=self.store, actor=name, now=lambda: self.now)

    def ask(self, text, category="phones", asker="anna"):
        return questions_service.ask(self.as_user(asker), text, category)[0]


class ScriptedChanges:
    """The store's changes as a script: each wait runs the next step; the timeouts asked are kept."""

    def __init__(self, *steps):
        self.steps = list(steps)
        self.timeouts = []

    def mark(self):
        return len(self.timeouts)

    def wait(self, mark, timeout=None):
        self.timeouts.append(timeout)
        if not self.steps:
            raise Stop
        self.steps.pop(0)()
        return True


@pytest.fixture
def run():
    return Community()


def test_a_waiting_expert_claims_the_first_question_that_arrives(run):
    changes = ScriptedChanges(lambda: run.ask("Is 5G on?", category="internet"), lambda: run.ask("Why no signal?"))
    claimed = waiting_service.claim_next_waiting(run.as_user("marco"), None, changes)
    assert (claimed.id, claimed.text, claimed.claimed_by) == (2, "Why no signal?", "marco")
    assert changes.timeouts == [None, None]  # no time limit, no claim to run out: wait for a change only


def test_a_question_already_open_is_claimed_without_waiting(run):
    run.ask("Why no signal?")
    changes = ScriptedChanges()
    assert waiting_service.claim_next_waiting(run.as_user("marco"), 10, changes).id == 1
    assert changes.timeouts == []


def test_the_wait_ends_at_its_time_limit_with_exit_1(run):
    def later():
        run.now += timedelta(seconds=10)

    changes = ScriptedChanges(later)
    with pytest.raises(Refused, match="No question you may claim arrived within 10 seconds"):
        waiting_service.claim_next_waiting(run.as_user("marco"), 10, changes)
    assert changes.timeouts == [10.0]


def test_a_claim_running_out_while_an_expert_waits_hands_them_the_question(run):
    run.ask("Why no signal?")
    questions_service.claim(run.as_user("paola"), 1)

    def two_hours_later():
        run.now += timedelta(hours=2)  # nothing changes in the store: only the clock moves

    changes = ScriptedChanges(two_hours_later)
    claimed = waiting_service.claim_next_waiting(run.as_user("marco"), None, changes)
    assert (claimed.id, claimed.claimed_by) == (1, "marco")
    assert changes.timeouts == [7200.0]  # woken when paola's claim runs out
    assert [event.kind for event in claimed.history] == ["asked", "claimed", "expired", "claimed"]


def test_a_member_holding_a_claim_or_without_certification_does_not_wait(run):
    run.ask("Why no signal?")
    questions_service.claim(run.as_user("paola"), 1)
    with pytest.raises(Refused, match="You already hold question 1"):
        waiting_service.claim_next_waiting(run.as_user("paola"), None, ScriptedChanges())
    with pytest.raises(Refused, match="needs the expert role"):
        waiting_service.claim_next_waiting(run.as_user("carla"), None, ScriptedChanges())


def test_watch_shows_the_open_questions_then_each_new_one_once(run):
    run.ask("First?")
    run.ask("Not mine?", category="internet")
    shown = []
    changes = ScriptedChanges(
        lambda: run.ask("Second?"),
        lambda: questions_service.claim(run.as_user("paola"), 1),
        lambda: questions_service.release(run.as_user("paola"), 1),
    )
    with pytest.raises(Stop):
        waiting_service.watch(run.as_user("marco"), None, lambda question: shown.append(question.id), changes)
    assert shown == [1, 3, 1]  # 1 again: released, it is open again


def test_watch_a_category_wakes_when_a_claim_in_it_runs_out(run):
    run.ask("First?")
    questions_service.claim(run.as_user("paola"), 1)
    shown = []

    def two_hours_later():
        run.now += timedelta(hours=2)

    changes = ScriptedChanges(two_hours_later)
    with pytest.raises(Stop):
        waiting_service.watch(run.as_user("carla"), "phones", lambda question: shown.append(question.id), changes)
    assert changes.timeouts == [7200.0, None]
    assert shown == [1]


def test_watch_without_certification_or_category_says_what_to_do(run):
    with pytest.raises(Refused, match="lesaitutte watch --category CATEGORY"):
        waiting_service.watch(run.as_user("carla"), None, print, ScriptedChanges())
