"""Noticing that a store changed by looking at it now and then (the engine Protocol's `Changes`).

A waiting command takes a mark of the store before it looks inside, and when it found nothing
to do, waits until the store no longer matches the mark: it never waits inside a transaction,
so it never holds the lock while it waits.

An engine gives it a cheap look at the store's state (the file engine: the file's inode,
modification time and size). It looks a few times a second and reads nothing else in
between, which costs a sleeping process almost nothing; however busy the store, a waiting
process looks at most once an interval. Another engine may deliver the same two methods its
own way (a database would LISTEN for a notification sent by the transaction that asks a
question).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

POLL_INTERVAL = 0.2  # seconds between two looks: a new question reaches a waiting expert well within a second


class PolledChanges:
    """Marks of a store's state, and waiting until the state differs from one, by looking now and then."""

    def __init__(
        self,
        state: Callable[[], object],
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._state = state
        self._sleep = sleep
        self._monotonic = monotonic

    def mark(self) -> object:
        return self._state()

    def wait(self, mark: object, timeout: float | None = None) -> bool:
        """Wait until the store differs from `mark`, at most `timeout` seconds; whether it did."""
        deadline = None if timeout is None else self._monotonic() + timeout
        while True:
            left = None if deadline is None else deadline - self._monotonic()
            if left is not None and left <= 0:
                return False
            # Sleep before looking, even when the store already changed: on a busy store a
            # waiting process then reads it at most once an interval, not after every command.
            self._sleep(POLL_INTERVAL if left is None else min(POLL_INTERVAL, left))
            if self._state() != mark:
                return True
