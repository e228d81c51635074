"""What every use case shares: who acts, the one transaction, and the rules kept by the clock.

Every use case starts the same way, in `acting`: take the store, read the clock once,
expire the claims that ran out (the two-hour window is enforced at every invocation of
every command, before anything else), refund the bounties left unanswered for a week and
lapse the certificates whose time is up, then check who is acting and the role it needs.

A use case is one transaction, so it can be run again whole: `retried` does that when the
store undid the transaction because a concurrent one got in the way (`errors.Collided`: a
deadlock or a serialization failure on a database), after a short random pause, a few times.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from lesaitutte_cli import clock
from lesaitutte_cli.domain.model import BOUNTY_WINDOW, TRUST
from lesaitutte_cli.domain.roles import require_own_identity, require_role
from lesaitutte_cli.errors import Collided, NotRegistered, Refused, StoreUnusable, UnknownCategory, UnknownQuestion
from lesaitutte_cli.language import N_

if TYPE_CHECKING:
    import random
    from collections.abc import Callable, Iterable, Iterator
    from datetime import datetime

    from lesaitutte_cli.domain.model import CertificationChange, Question, User
    from lesaitutte_cli.store.engine import Store, Transaction


P = ParamSpec("P")
T = TypeVar("T")

ATTEMPTS = 8
FIRST_PAUSE = 0.02  # seconds: the longest pause after the first collision; it doubles with each
LONGEST_PAUSE = 0.5  # seconds: so that eight attempts give up within about two seconds


def retried(use_case: Callable[P, T]) -> Callable[P, T]:
    """The use case, run again from the start while its transaction collides with another's.

    Only for a use case that is one transaction and does nothing outside it that cannot be
    done twice (a pause, then another try, must leave no trace of the failed one).
    """

    @functools.wraps(use_case)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(1, ATTEMPTS):
            try:
                return use_case(*args, **kwargs)
            except Collided:
                pause_after_collision(attempt)
        try:
            return use_case(*args, **kwargs)
        except Collided as collided:
            raise StoreUnusable(
                N_(
                    "{collided} That happened {times} times in a row, so the store is very busy now: "
                    "nothing was changed; try again in a moment."
                ),
                collided=collided,
                times=ATTEMPTS,
            ) from None

    return run


def pause_after_collision(attempt: int) -> None:
    """Wait a random while, longer after each collision, so that the commands that collided
    do not meet again at the same moment."""
    import random  # imported here: only a collision pauses
    import time

    time.sleep(random.uniform(0, min(LONGEST_PAUSE, FIRST_PAUSE * 2 ** (attempt - 1))))


def _unobserved(items: Iterable, length: int, label: str) -> Iterable:
    return items


# Invocation and Act are plain classes rather than dataclasses or named tuples: every command
# defines them, and a plain class costs a fiftieth of the start-up time.


class Invocation:
    """Who is acting, on which store, with which clock."""

    __slots__ = ("store", "actor", "actor_named", "login", "now", "rng", "progress", "committed")

    def __init__(
        self,
        store: Store,
        actor: str,
        login: Callable[[], str | None] = lambda: None,
        now: Callable[[], datetime] = clock.now,
        rng: random.Random | None = None,
        actor_named: bool = True,
    ) -> None:
        self.store = store
        self.actor = actor
        # False when nobody was named (no --user): then a store that trusts only logins acts
        # as the login it recognises, not as the name the environment reports.
        self.actor_named = actor_named
        # The operating system's account for the person at the keyboard (which they cannot
        # fake), asked only when a store's identity policy needs it.
        self.login = login
        self.now = now
        self.rng = rng  # how exams draw their questions; None: the system's randomness
        # Long work passes its items through this, with their number and a label: the command
        # line shows a progress bar there when a person watches.
        self.progress: Callable[[Iterable, int, str], Iterable] = _unobserved
        # Whether the command's transaction changed the store: an error after that point
        # (output that cannot be written) must not claim that nothing was changed.
        self.committed = False

    def draw(self) -> random.Random:
        if self.rng is not None:
            return self.rng
        import random  # imported here: only exams draw at random

        return random.SystemRandom()


class Act:
    """What a use case acts with: the transaction, the acting user, and the moment."""

    __slots__ = ("tx", "user", "now")

    def __init__(self, tx: Transaction, user: User, now: datetime) -> None:
        self.tx = tx
        self.user = user
        self.now = now


@contextmanager
def transaction(invocation: Invocation, expire_first: bool = True) -> Iterator[tuple[Transaction, datetime]]:
    with invocation.store.transaction() as tx:
        now = invocation.now()
        if expire_first and settle_overdue(tx, now):
            # Expiries, refunds and lapses are due whatever the command goes on to do, even if a rule refuses it.
            tx.keep_so_far()
        yield tx, now
        changed = tx.has_changes()
        if changed:
            # Moving settled history out of the live document rides on commands that write anyway.
            tx.archive_settled(now)
    invocation.committed = invocation.committed or changed


@contextmanager
def acting(invocation: Invocation, role: str, action: str, expire_first: bool = True) -> Iterator[Act]:
    """The one place where every use case checks who is acting and the role it needs."""
    with transaction(invocation, expire_first) as (tx, now):
        require_identity(tx, invocation)
        user = tx.user(invocation.actor)
        if user is None:
            raise NotRegistered(invocation.actor)
        require_role(user, role, action)
        yield Act(tx, user, now)


def require_identity(tx: Transaction, invocation: Invocation) -> None:
    policy = tx.identity_policy()
    if policy == TRUST:
        return
    login = invocation.login()
    if not invocation.actor_named and login is not None:
        invocation.actor = login
    login_user = tx.user(login) if login else None
    require_own_identity(policy, invocation.actor, login, login_user)


def settle_overdue(tx: Transaction, now: datetime) -> bool:
    """Expire the claims, refund the bounties and lapse the certificates whose time ran out by `now`; whether any did."""
    expired = expire_overdue_claims(tx, now)
    refunded = refund_overdue_bounties(tx, now)
    lapsed = lapse_certificates(tx, now)
    return bool(expired or refunded or lapsed)


def lapse_certificates(tx: Transaction, now: datetime) -> list[CertificationChange]:
    """Take away the certifications past their time; a claim held in that category runs its course."""
    settings = tx.settings()
    if not settings.certification_months:
        return []
    from lesaitutte_cli.domain.certificates import lapse_certifications  # imported here: most stores never expire

    lapses = []
    for user in tx.certified_users():
        lapsed, changes = lapse_certifications(user, settings, now)
        if changes:
            tx.save_user(lapsed)
            for change in changes:
                tx.add_certification_change(change)
            lapses += changes
    return lapses


def refund_overdue_bounties(tx: Transaction, now: datetime) -> list[Question]:
    overdue = tx.held_bounties(now - BOUNTY_WINDOW)
    if not overdue:
        return []
    from lesaitutte_cli.domain.bounties import refund_overdue_bounty  # imported here: rarely anything is due

    refunded = []
    for question in overdue:
        refund = refund_overdue_bounty(question, now)
        if refund is not None:
            tx.save_question(refund[0])
            tx.add_ledger_entry(refund[1])
            refunded.append(refund[0])
    return refunded


def expire_overdue_claims(tx: Transaction, now: datetime) -> list[Question]:
    overdue = tx.overdue_claims(now)
    if not overdue:
        return []
    from lesaitutte_cli.domain import questions as rules  # imported here: most commands find nothing overdue

    expired = []
    for question in overdue:
        reopened = rules.expire_overdue_claim(question, now)
        if reopened is not None:
            tx.save_question(reopened)
            expired.append(reopened)
    return expired


def find_question(tx: Transaction, question_id: int) -> Question:
    question: Question | None = tx.question(question_id)
    if question is None:
        raise UnknownQuestion(question_id)
    return question


def require_category(tx: Transaction, category: str) -> None:
    if tx.category(category) is None:
        raise UnknownCategory(category, [known.id for known in tx.categories()])


def require_user(tx: Transaction, name: str) -> User:
    user = tx.user(name)
    if user is None:
        raise Refused(N_("There is no user '{name}'. They can join with: lesaitutte --user {name} register"), name=name)
    return user
