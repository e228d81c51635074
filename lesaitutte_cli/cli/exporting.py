"""`export`: a whole store as one fixture document, to move a community to another store."""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING

import click

from lesaitutte_cli.cli.app import command, echo_json, json_option, pass_invocation, watch_progress
from lesaitutte_cli.cli.seeding import counted_kinds
from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.language import N_, _
from lesaitutte_cli.services.exporting import export_store

if TYPE_CHECKING:
    from collections.abc import Callable

    from lesaitutte_cli.services.session import Invocation


@command(short_help=N_("Write the whole store as a fixture file, to move it (admins)."))
@click.argument("file", metavar="[FILE]", required=False, default="-")
@click.option("--force", is_flag=True, help=N_("Replace FILE if it exists."))
@json_option
@pass_invocation
def export(invocation: Invocation, file: str, force: bool, as_json: bool) -> None:
    """Write the whole store, history included, as one fixture document that seed reads.

    Everything goes: categories, users with their roles and certifications, settings, exam
    banks, rewards with their stock, every question with its whole history, the ledger,
    redemptions with their vouchers, exam attempts and certification changes. Seeding the
    file into a new, empty store gives the same community, question ids included (admins).

    FILE is written whole or not at all, readable by you only, and an existing FILE is
    refused unless --force is given. Without FILE, or with -, the document goes to standard
    output.

    JSON: {store, file, exported} (exported: how many records of each kind)

    \b
    Example:
        lesaitutte --user ada export community.json
        lesaitutte --db new.json --user ada seed community.json
    """
    if file == "-" and as_json:
        raise click.UsageError(_("--json prints its summary on standard output: give the export a FILE."))
    watch_progress(invocation, as_json)
    if file == "-":
        export_store(invocation, lambda piece: click.echo(piece, nl=False))
        return
    counts = _write_whole(file, force, lambda write: export_store(invocation, write))
    if as_json:
        echo_json({"store": invocation.store.location, "file": file, "exported": counts})
        return
    click.echo(
        _("Exported {store} to {file}: {summary}.").format(
            store=invocation.store.location, file=file, summary=counted_kinds(counts)
        )
    )


def _write_whole(path: str, force: bool, produce: Callable[[Callable[[str], None]], dict[str, int]]) -> dict[str, int]:
    """Write what `produce` passes on to a file beside `path`, then put it in place at once:
    a failure half way leaves no half document where a document is expected."""
    if not path or os.path.isdir(path):
        raise InvalidInput(
            N_("'{path}' is not a file's name; give the export one, or - for standard output."), path=path
        )
    if os.path.lexists(path) and not force:
        raise _exists(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        with open(descriptor, "w", encoding="utf-8") as out:

            def write(piece: str) -> None:
                try:
                    out.write(piece)
                except OSError as error:
                    raise _unwritable(path, error) from None

            counts = produce(write)
            try:
                out.flush()
                os.fsync(out.fileno())
            except OSError as error:
                raise _unwritable(path, error) from None
        try:
            if force:
                os.replace(temporary, path)
            else:
                os.link(temporary, path)  # unlike a rename, fails if FILE appeared meanwhile
            _sync_folder(folder)
        except FileExistsError:
            raise _exists(path) from None
        except OSError as error:
            raise _unwritable(path, error) from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    return counts


def _sync_folder(folder: str) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _exists(path: str) -> InvalidInput:
    return InvalidInput(N_("{path} already exists: give --force to replace it, or another FILE."), path=path)


def _unwritable(path: str, error: OSError) -> InvalidInput:
    return InvalidInput(
        N_("Cannot write {path} ({reason}); nothing was written there. Try another FILE."),
        path=path,
        reason=error.strerror or error,
    )
