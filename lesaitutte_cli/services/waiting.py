"""Waiting for work: claim the first question that arrives, and watch questions arrive.

Each look at the store is one transaction like any command's, so the claims past their
deadline are expired first; between two looks nothing is held, and the waiting happens on
the store's changes (`Store.changes`), never under its lock. A look also tells when the next
claim in view runs out: a question that the clock reopens changes nothing in the store, so
the wait ends then too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain.model import CLAIMED, MEMBER, OPEN
from lesaitutte_cli.errors import NothingToClaim, Refused
from lesaitutte_cli.language import N_, N_plural
from lesaitutte_cli.services.questions import claim_next
from lesaitutte_cli.services.session import acting, require_category, retried

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from lesaitutte_cli.domain.model import Question
    from lesaitutte_cli.services.session import Invocation
    from lesaitutte_cli.store.engine import Changes


def claim_next_waiting(invocation: Invocation, seconds: float | None, changes: Changes | None = None) -> Question:
    """Claim as `claim --next` does; when nothing is there, wait for a question (at most `seconds`)."""
    changes = changes or invocation.store.changes
    until = None if seconds is None else invocation.now() + timedelta(seconds=seconds)
    while True:
        mark = changes.mark()  # before looking, so that a question asked meanwhile changes the store after it
        try:
            return claim_next(invocation)
        except NothingToClaim as nothing:
            now = invocation.now()
            if until is not None and now >= until:
                assert seconds is not None  # there is an `until` only when seconds were given
                raise Refused(
                    N_plural(
                        "No question you may claim arrived within {shown} second. Wait again with: lesaitutte claim --next --wait",
                        "No question you may claim arrived within {shown} seconds. Wait again with: lesaitutte claim --next --wait",
                    ),
                    n=int(seconds) if seconds == int(seconds) else 0,  # the plural's count: a fraction reads as plural
                    shown=f"{seconds:g}",
                ) from None
            changes.wait(mark, _seconds_until(_earliest(until, nothing.reopens_at), now))


class Lookout(NamedTuple):
    open: list[Question]  # the open questions in view, oldest first
    reopens_at: datetime | None  # when the first claim in view runs out


@retried
def look_out(invocation: Invocation, category: str | None) -> Lookout:
    """The open questions in one category, or else in the categories the user is certified in."""
    with acting(invocation, MEMBER, N_("Watching for questions")) as act:
        if category is not None:
            require_category(act.tx, category)
            categories = frozenset({category})
        elif act.user.certifications:
            categories = act.user.certifications
        else:
            raise Refused(
                N_(
                    "You are certified in no category, so there is nothing of yours to watch. "
                    "Watch one with: lesaitutte watch --category CATEGORY"
                )
            )
        deadlines = [
            question.claim_deadline
            for question in act.tx.questions((CLAIMED,), categories)
            if question.claim_deadline is not None
        ]
        return Lookout(list(act.tx.questions((OPEN,), categories)), min(deadlines, default=None))


def watch(
    invocation: Invocation, category: str | None, show: Callable[[Question], None], changes: Changes | None = None
) -> None:
    """Show each question as it becomes open in view (those open at the start first), until interrupted.

    A question shown once is shown again only if it was claimed and then became open again.
    """
    changes = changes or invocation.store.changes
    shown: set[int] = set()
    while True:
        mark = changes.mark()
        lookout = look_out(invocation, category)
        for question in lookout.open:
            if question.id not in shown:
                show(question)
        shown = {question.id for question in lookout.open}
        changes.wait(mark, _seconds_until(lookout.reopens_at, invocation.now()))


def _earliest(*moments: datetime | None) -> datetime | None:
    return min((moment for moment in moments if moment is not None), default=None)


def _seconds_until(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else max(0.0, (moment - now).total_seconds())
