"""The knowledge archive, the service report and what a user did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain import report as figures
from lesaitutte_cli.domain.history import user_history
from lesaitutte_cli.domain.model import MEMBER, TRAINER
from lesaitutte_cli.domain.roles import require_role
from lesaitutte_cli.services.finding import find_answers, find_similar
from lesaitutte_cli.services.session import acting, require_category, require_user

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.history import Happening
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.services.session import Invocation


def search(invocation: Invocation, query: str, category: str | None = None, limit: int | None = None) -> list[Hit]:
    with acting(invocation, MEMBER, "Searching the archive") as act:
        if category is not None:
            require_category(act.tx, category)
        return find_answers(act.tx, query, category, limit)


def similar_questions(invocation: Invocation, text: str) -> list[Hit]:
    """Answered questions close to a question not asked yet."""
    with acting(invocation, MEMBER, "Asking") as act:
        return find_similar(act.tx, text)


def service_report(
    invocation: Invocation, since: datetime | None = None, until: datetime | None = None, category: str | None = None
) -> figures.Report:
    with acting(invocation, TRAINER, "Reading the service report") as act:
        if category is not None:
            require_category(act.tx, category)
        changes = [
            change
            for change in act.tx.certification_changes()
            if (since is None or change.at >= since)
            and (until is None or change.at < until)
            and (category is None or change.category == category)
        ]
        return figures.service_report(
            figures.in_period(act.tx.questions(), since, until, category), changes, invocation.progress
        )


def history(invocation: Invocation, name: str | None = None) -> list[Happening]:
    """What a user did; anyone's for trainers and admins, one's own for everyone."""
    with acting(invocation, MEMBER, "Reading a history") as act:
        name = require_user(act.tx, name).name if name else act.user.name
        if name != act.user.name:
            require_role(act.user, TRAINER, "Reading someone else's history")
        return user_history(
            name, act.tx.questions(), act.tx.attempts(), act.tx.ledger(), act.tx.certification_changes()
        )
