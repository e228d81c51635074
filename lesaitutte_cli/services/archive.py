"""The knowledge archive, the service report and what a user did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain.model import MEMBER, TRAINER
from lesaitutte_cli.domain.roles import require_role
from lesaitutte_cli.language import N_
from lesaitutte_cli.services.session import acting, require_category, require_user, retried

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from datetime import datetime

    from lesaitutte_cli.domain.history import Happening
    from lesaitutte_cli.domain.report import Report
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.services.session import Invocation


@retried
def search(
    invocation: Invocation,
    query: str,
    show: Callable[[Iterator[Hit]], None],
    category: str | None = None,
    limit: int | None = None,
) -> None:
    """Hand `show` the hits, best first, as the engine finds them: inside the command's
    transaction, so that they are written out as they come rather than all held at once (to a
    spool: a reader as slow as a person must not hold the transaction open)."""
    with acting(invocation, MEMBER, N_("Searching the archive")) as act:
        if category is not None:
            require_category(act.tx, category)
        show(act.tx.search(query, category, limit))


@retried
def similar_questions(invocation: Invocation, text: str) -> list[Hit]:
    """Answered questions close to a question not asked yet."""
    from lesaitutte_cli.domain.search import SIMILAR  # imported here: only asking searches

    with acting(invocation, MEMBER, N_("Asking")) as act:
        return act.tx.similar(text, SIMILAR)


@retried
def service_report(
    invocation: Invocation, since: datetime | None = None, until: datetime | None = None, category: str | None = None
) -> Report:
    with acting(invocation, TRAINER, N_("Reading the service report")) as act:
        if category is not None:
            require_category(act.tx, category)
        return act.tx.report(since, until, category, invocation.progress)


@retried
def history(invocation: Invocation, name: str | None = None) -> list[Happening]:
    """What a user did; anyone's for trainers and admins, one's own for everyone."""
    with acting(invocation, MEMBER, N_("Reading a history")) as act:
        name = require_user(act.tx, name).name if name else act.user.name
        if name != act.user.name:
            require_role(act.user, TRAINER, N_("Reading someone else's history"))
        return act.tx.history(name)
