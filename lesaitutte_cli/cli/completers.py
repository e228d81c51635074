"""What arguments and options complete to, read from the store while a person presses Tab.

The completers run before any command: they read the store (never write it), give up
quietly on anything unexpected, and never print an error.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    import click

    from lesaitutte_cli.store.engine import Transaction

COMPLETION_LOCK_TIMEOUT = 0.2  # a busy store is not worth a stuck Tab key


def _from_store(ctx: click.Context, incomplete: str, read: Callable[[Transaction], list[str]]) -> list[str]:
    from lesaitutte_cli.cli.app import default_store_path
    from lesaitutte_cli.store import open_store

    path = ctx.find_root().params.get("db") or default_store_path()
    if not os.path.isfile(path):
        return []  # completing must not create a store
    try:
        with open_store(path, COMPLETION_LOCK_TIMEOUT).transaction() as tx:
            values = read(tx)
    except Exception:  # a completer that fails would print a traceback into the person's prompt
        return []
    return [value for value in values if value.casefold().startswith(incomplete.casefold())]


def complete_categories(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return _from_store(ctx, incomplete, lambda tx: [category.id for category in tx.categories()])


def complete_open_questions(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from lesaitutte_cli.domain.model import OPEN

    return _from_store(ctx, incomplete, lambda tx: [str(question.id) for question in tx.questions((OPEN,))])


def complete_rewards(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return _from_store(ctx, incomplete, lambda tx: [reward.id for reward in tx.rewards() if not reward.retired])


def complete_users(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return _from_store(ctx, incomplete, lambda tx: [user.name for user in tx.users()])
