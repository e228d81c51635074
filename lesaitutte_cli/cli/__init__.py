"""The `lesaitutte` command: click commands only, each parsing, calling one service and rendering."""

from pathlib import Path

import click

from lesaitutte_cli import __version__
from lesaitutte_cli.cli import admin, archive, exams, membership, points, questions, seeding
from lesaitutte_cli.cli.app import CommunityGroup, default_store_path, lock_timeout, login_name
from lesaitutte_cli.services import Invocation
from lesaitutte_cli.store import file_store


@click.group(cls=CommunityGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="LESAITUTTE_DB",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The store file (env LESAITUTTE_DB). Default: ~/.local/share/lesaitutte/store.json.",
)
@click.option(
    "--user",
    envvar="LESAITUTTE_USER",
    metavar="NAME",
    help="Who is acting (env LESAITUTTE_USER). Default: your login name.",
)
@click.version_option(__version__, prog_name="lesaitutte")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, user: str | None) -> None:
    """A peer-support community for a mobile carrier's customers.

    Members ask questions; certified experts race to claim them, answer within two hours,
    and earn a point for every answer its asker rates up.

    \b
    Example:
        lesaitutte --db demo.json seed fixtures/demo.json
        lesaitutte --db demo.json --user anna ask "How do I see my IMEI?" --category phones
        lesaitutte --db demo.json --user marco claim --next
    """
    store = file_store(db or default_store_path(), lock_timeout(), create_folder=db is None)
    login = login_name()
    if user is None and login is None:
        raise click.UsageError("Cannot tell who you are: pass --user NAME or set LESAITUTTE_USER.")
    ctx.obj = Invocation(store=store, actor=user or login, login=login)


for module in (membership, questions, archive, exams, points, admin, seeding):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli(prog_name="lesaitutte")
