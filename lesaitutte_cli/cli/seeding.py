"""`seed`: how a store is bootstrapped from fixture files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lesaitutte_cli.cli.app import command, echo_json, json_option, pass_invocation, watch_progress
from lesaitutte_cli.cli.inputs import MEGABYTE, read_json
from lesaitutte_cli.domain.text import counted
from lesaitutte_cli.language import N_
from lesaitutte_cli.services import seeding as seeding_service

if TYPE_CHECKING:
    from lesaitutte_cli.services.session import Invocation

# what a fixture holds: its key, and how one and many of it are called
KINDS = {
    "categories": ("category", "categories"),
    "users": ("user", "users"),
    "settings": ("settings", "settings"),
    "exams": ("exam", "exams"),
    "rewards": ("reward", "rewards"),
    "questions": ("question", "questions"),
    "ledger": ("ledger entry", "ledger entries"),
    "redemptions": ("redemption", "redemptions"),
    "attempts": ("exam attempt", "exam attempts"),
    "certification_changes": ("certification change", "certification changes"),
}


@command(short_help=N_("Load fixture files into the store."))
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@json_option
@pass_invocation
def seed(invocation: Invocation, files: tuple[str, ...], as_json: bool) -> None:
    """Load categories, users, exam banks, rewards and questions from fixture files.

    A file written by export also brings settings, the ledger, redemptions, exam attempts and
    certification changes, and questions with their ids and whole history, stored as they
    were (and checked as check would) rather than played through the rules.

    All or nothing: a file with a bad field is refused with the field's path and nothing
    is written. Seeding is idempotent: the same file twice changes nothing. Anyone may seed
    a new or empty store (that is how one is bootstrapped, and the fixture's admins become
    its first admins); once the store has users, only an admin may. User names match whatever
    their case: a fixture's 'Zoe' and 'zoe' are one user, named as first written or stored.

    JSON: {store, changed} (changed: how many categories, users, settings, exams, rewards,
    questions, ledger entries, redemptions, attempts and certification changes were added or
    updated)

    \b
    Example:
        lesaitutte --db demo.json seed fixtures/demo.json
    """
    documents = [(path, read_json(path, limit=256 * MEGABYTE)) for path in files]
    watch_progress(invocation, as_json)
    changed = seeding_service.seed(invocation, documents)
    summary = ", ".join(counted(changed[kind], *nouns) for kind, nouns in KINDS.items() if changed.get(kind))
    where = invocation.store.location
    if as_json:
        echo_json({"store": where, "changed": {kind: changed.get(kind, 0) for kind in KINDS}})
        return
    click.echo(
        f"Seeded {where}: {summary} added or updated." if summary else f"Nothing new: {where} already holds it all."
    )
