"""Exporting: a whole store, history included, as one fixture document that `seed` reads back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lesaitutte_cli.domain import exports
from lesaitutte_cli.domain.model import ADMIN
from lesaitutte_cli.language import N_
from lesaitutte_cli.services.session import acting, retried

if TYPE_CHECKING:
    from collections.abc import Callable

    from lesaitutte_cli.services.session import Invocation


@retried
def export_store(invocation: Invocation, write: Callable[[str], None]) -> dict[str, int]:
    """Pass the document to `write` piece by piece, from one transaction (so one moment of the
    store); how many records of each kind it holds."""
    with acting(invocation, ADMIN, N_("Exporting the store")) as act:
        tx = act.tx
        # Read through the engine's own methods only: on a database each is a query.
        sections: dict[str, tuple[list[Any], Callable[[Any], dict[str, Any]]]] = {
            "categories": (tx.categories(), exports.category_entry),
            "users": (tx.users(), exports.user_entry),
            "exams": (tx.exam_banks(), exports.exam_entry),
            "rewards": (tx.rewards(), exports.reward_entry),
            "questions": (list(tx.questions()), exports.question_entry),
            "ledger": (list(tx.ledger()), exports.ledger_entry),
            "redemptions": (tx.redemptions(), exports.redemption_entry),
            "attempts": (tx.attempts(), exports.attempt_entry),
            "certification_changes": (tx.certification_changes(), exports.certification_change_entry),
        }
        shaped = (
            (key, map(shape, invocation.progress(records, len(records), f"Exporting {key}")))
            for key, (records, shape) in sections.items()
        )
        for piece in exports.fixture_text(tx.settings(), shaped):
            write(piece)
        return {key: len(records) for key, (records, _) in sections.items()}
