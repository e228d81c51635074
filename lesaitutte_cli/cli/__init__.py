"""The `lesaitutte` command: click commands only, each parsing, calling one service and rendering.

Commands are imported only when they run: `lesaitutte claim` never loads the code of the
exams or the report, and `lesaitutte --help` loads none of them.
"""

import gc
import os

import click

from lesaitutte_cli import __version__
from lesaitutte_cli.cli import completers
from lesaitutte_cli.cli.app import CommunityGroup, default_store_path, lock_timeout, login_name
from lesaitutte_cli.language import LANGUAGES, N_, _, choose, speak_through_click

speak_through_click()

# name: (module in lesaitutte_cli.cli, short help). The short help is repeated here so that
# the list of commands needs no imports; tests keep it equal to the commands and their own help.
COMMANDS = {
    "answer": ("questions", N_("Answer the question you claimed, before your two hours run out.")),
    "ask": ("questions", N_("Ask the community a question in a category.")),
    "bounty": ("bounties", N_("Put points on an open question of yours.")),
    "certify": ("exams", N_("Certify a member in a category (trainers).")),
    "check": ("admin", N_("Verify the store: every record readable, every rule holding.")),
    "claim": ("questions", N_("Claim a question: yours to answer for two hours.")),
    "completion": ("completion", N_("Print a shell completion script: bash, zsh or fish.")),
    "exam": ("exams", N_("Exam banks and results (trainers).")),
    "export": ("exporting", N_("Write the whole store as a fixture file, to move it (admins).")),
    "history": ("archive", N_("Everything a user did, in time order.")),
    "leaderboard": ("points", N_("Rank the experts by the points their answers earned.")),
    "me": ("membership", N_("Your roles, points, certifications and claim.")),
    "points": ("admin", N_("Adjust points by hand, with a reason (admins).")),
    "questions": ("questions", N_("List questions (open and claimed by default).")),
    "rate": ("questions", N_("Rate the answer to your question up or down.")),
    "redeem": ("points", N_("Spend points on a reward and get its voucher code.")),
    "redemptions": ("points", N_("List your redemptions and their vouchers.")),
    "register": ("membership", N_("Join the community as a member under your --user name.")),
    "release": ("questions", N_("Give back a question you claimed.")),
    "report": ("archive", N_("The service in figures: speed and problems solved (trainers).")),
    "revoke": ("exams", N_("Take away an expert's certification in a category (trainers).")),
    "reward": ("admin", N_("Manage the rewards catalogue (admins).")),
    "rewards": ("points", N_("List the rewards points can buy, cheapest first.")),
    "search": ("archive", N_("Search the answered questions before asking your own.")),
    "seed": ("seeding", N_("Load fixture files into the store.")),
    "settings": ("admin", N_("Show or change how this store's community runs (admins).")),
    "show": ("questions", N_("Show a question, its answer and its history.")),
    "take-exam": ("exams", N_("Sit a category's certification exam.")),
    "user": ("admin", N_("Add users and change their roles (admins).")),
    "watch": ("waiting", N_("Show questions as they arrive in your categories, until Ctrl-C.")),
    "withdraw": ("questions", N_("Withdraw a question you asked that has not been answered yet.")),
}


def choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        choose(value)


def show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"lesaitutte {__version__}")
        ctx.exit()


@click.group(cls=CommunityGroup, registry=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="LESAITUTTE_DB",
    metavar="STORE",
    help=N_(
        "The store: a file, or a postgresql:// URL (env LESAITUTTE_DB). Default: ~/.local/share/lesaitutte/store.json."
    ),
)
@click.option(
    "--user",
    envvar="LESAITUTTE_USER",
    metavar="NAME",
    shell_complete=completers.complete_users,
    help=N_("Who is acting (env LESAITUTTE_USER). Default: your login name."),
)
# Eager, so that the help and the errors of the rest of the command line are in its language.
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    is_eager=True,
    expose_value=False,
    callback=choose_language,
    help=N_("The language to speak: it or en (env LESAITUTTE_LANG). Default: your locale's, else English."),
)
# Not click.version_option: it looks its help text up through gettext at every start.
@click.option(
    "--version",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=show_version,
    help=N_("Show the version and exit."),
)
@click.pass_context
def cli(ctx: click.Context, db: str | None, user: str | None) -> None:
    """A peer-support community for a mobile carrier's customers.

    Members ask questions; certified experts race to claim them, answer within two hours,
    and earn a point for every answer its asker rates up.

    \b
    Example:
        lesaitutte --db demo.json seed fixtures/demo.json
        lesaitutte --db demo.json --user anna ask "How do I see my IMEI?" --category phones
        lesaitutte --db demo.json --user marco claim --next
    """
    from lesaitutte_cli.services.session import Invocation
    from lesaitutte_cli.store import open_store

    if db is not None and os.path.isdir(db):  # checked here: click.Path costs every command a locale lookup
        raise click.BadParameter(_("'{db}' is a directory; give the store's file.").format(db=db), param_hint="'--db'")

    store = open_store(db or default_store_path(), lock_timeout(), create_folder=db is None)
    actor = user or login_name()
    if actor is None:
        raise click.UsageError(_("Cannot tell who you are: pass --user NAME or set LESAITUTTE_USER."))
    ctx.obj = Invocation(store=store, actor=actor, login=store.login_name, actor_named=user is not None)


def main() -> None:
    # Everything loaded so far (click, tinydb, this group) lives as long as the process: frozen,
    # the cyclic collector stops walking it again at every pass while a command loads and runs.
    # Measured: 'me' on a fresh store 1.28x -> 1.15x the floor (CPU time, 60 paired runs).
    gc.freeze()
    cli(prog_name="lesaitutte")
