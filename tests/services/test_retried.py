"""A use case whose transaction collided with another command's runs again, a bounded number of times."""

import pytest

from lesaitutte_cli.errors import Collided, Refused, StoreUnusable
from lesaitutte_cli.services import session
from lesaitutte_cli.services.session import ATTEMPTS, FIRST_PAUSE, LONGEST_PAUSE, retried


@pytest.fixture
def pauses(monkeypatch):
    taken: list[int] = []
    monkeypatch.setattr(session, "pause_after_collision", taken.append)
    return taken


def colliding(times: int, runs: list[str]):
    @retried
    def use_case(name: str, greeting: str = "hello") -> str:
        """A use case."""
        runs.append(name)
        if len(runs) <= times:
            raise Collided("The database undid this command's work because another command got in the way.")
        return f"{greeting} {name}"

    return use_case


def test_a_use_case_that_collides_runs_again_with_the_same_arguments_until_it_gets_through(pauses):
    runs: list[str] = []
    assert colliding(2, runs)("anna", greeting="hi") == "hi anna"
    assert runs == ["anna"] * 3
    assert pauses == [1, 2]  # a pause before each new run, knowing how many collided before


def test_a_use_case_that_never_collides_runs_once_without_pausing(pauses):
    runs: list[str] = []
    assert colliding(0, runs)("anna") == "hello anna"
    assert runs == ["anna"]
    assert pauses == []


def test_collisions_that_keep_coming_end_as_an_unusable_store_saying_so(pauses):
    runs: list[str] = []
    with pytest.raises(StoreUnusable) as raised:
        colliding(99, runs)("anna")
    assert not isinstance(raised.value, Collided)  # a new error, not the last collision again
    assert len(runs) == ATTEMPTS
    assert pauses == list(range(1, ATTEMPTS))
    assert str(raised.value) == (
        "The database undid this command's work because another command got in the way. "
        f"That happened {ATTEMPTS} times in a row, so the store is very busy now: "
        "nothing was changed; try again in a moment."
    )


def test_any_other_error_is_not_run_again(pauses):
    runs = []

    @retried
    def refused() -> None:
        runs.append(1)
        raise Refused("no")

    with pytest.raises(Refused):
        refused()
    assert runs == [1]
    assert pauses == []


def test_the_pauses_are_random_and_grow_up_to_a_bound(monkeypatch):
    import random
    import time

    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    monkeypatch.setattr(random, "uniform", lambda low, high: high)  # the longest each may be
    for attempt in range(1, ATTEMPTS):
        session.pause_after_collision(attempt)
    assert slept == [min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** (attempt - 1)) for attempt in range(1, ATTEMPTS)]
    assert slept[0] == FIRST_PAUSE and slept[-1] == LONGEST_PAUSE
    assert sum(slept) < 2.5  # a person waits a couple of seconds at most before being told


def test_the_wrapped_use_case_keeps_its_name_and_help():
    use_case = colliding(0, [])
    assert use_case.__name__ == "use_case"
    assert use_case.__doc__ == "A use case."
