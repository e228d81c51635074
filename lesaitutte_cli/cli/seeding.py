"""`seed`: how a store is bootstrapped from fixture files."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lesaitutte_cli.cli.app import command, echo_json, json_option, pass_invocation, watch_progress
from lesaitutte_cli.cli.inputs import MEGABYTE, read_json
from lesaitutte_cli.language import N_, N_plural, _, ngettext, number
from lesaitutte_cli.services import seeding as seeding_service

if TYPE_CHECKING:
    from lesaitutte_cli.services.session import Invocation

# what a fixture holds: its key, and how one and many of it are called
KINDS = {
    "categories": N_plural("{n} category", "{n} categories"),
    "users": N_plural("{n} user", "{n} users"),
    "settings": N_plural("{n} settings", "{n} settings"),
    "exams": N_plural("{n} exam", "{n} exams"),
    "rewards": N_plural("{n} reward", "{n} rewards"),
    "questions": N_plural("{n} question", "{n} questions"),
    "ledger": N_plural("{n} ledger entry", "{n} ledger entries"),
    "redemptions": N_plural("{n} redemption", "{n} redemptions"),
    "attempts": N_plural("{n} exam attempt", "{n} exam attempts"),
    "certification_changes": N_plural("{n} certification change", "{n} certification changes"),
}


def counted_kinds(counts: dict[str, int]) -> str:
    """ "3 users, 1 exam": how many records of each kind, in the reader's words."""
    return ", ".join(ngettext(*KINDS[kind], count).format(n=number(count)) for kind, count in counts.items())


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
    summary = counted_kinds({kind: changed[kind] for kind in KINDS if changed.get(kind)})
    where = invocation.store.location
    if as_json:
        echo_json({"store": where, "changed": {kind: changed.get(kind, 0) for kind in KINDS}})
        return
    if summary:
        click.echo(_("Seeded {store}: {summary} added or updated.").format(store=where, summary=summary))
    else:
        click.echo(_("Nothing new: {store} already holds it all.").format(store=where))
