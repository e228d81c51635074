"""What every command shares: the root group's error handling, the invocation, common options."""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from lesaitutte_cli.cli import completers
from lesaitutte_cli.domain.limits import MAX_ID
from lesaitutte_cli.errors import InvalidInput, LesaitutteError, Refused, StoreUnusable
from lesaitutte_cli.language import N_, _, choose

if TYPE_CHECKING:
    from lesaitutte_cli.services.session import Invocation

EXIT_CODES = {Refused: 1, InvalidInput: 2, StoreUnusable: 3}
INTERNAL_ERROR = 70
OUTPUT_FAILED = 74  # sysexits' EX_IOERR: the output could not be written
INTERRUPTED_EXIT = 130  # the shell's convention for a program ended by Ctrl-C
CLOSED_PIPE = 141  # what a shell reports for a process ended by SIGPIPE, as `yes | head -1` is
COMMAND_PATH = "lesaitutte.command_path"
DEFAULT_LOCK_TIMEOUT = 5.0
T = TypeVar("T")
JSON_ERRORS = "lesaitutte.json_errors"  # in the context's meta, shared by every command of one invocation


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class TranslatedHelp(click.HelpFormatter):
    """Help written in English in the code, shown in the invocation's language.

    The texts are translated as they are written out, not where they are defined: the
    language is known only once the root group has read --lang.
    """

    def write_text(self, text: str) -> None:
        super().write_text(_(text))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _option_help(text)) for term, text in rows], col_max, col_spacing)


def _option_help(text: str) -> str:
    """An option's help translated, with what click adds after it ("  [default: age]") kept."""
    own, bracket, added = text.partition("  [")
    return _(own) + bracket + added


class HelpContext(click.Context):
    formatter_class = TranslatedHelp


# The placeholders click writes in usage lines, in the reader's words as Italian tools write
# theirs (GNU ls: "Uso: ls [OPZIONE]... [FILE]..."); a parameter's own metavar (QID, USER) is
# left as named, since the helps refer to it by that name.
USAGE_PLACEHOLDERS = {N_("[OPTIONS]"), N_("COMMAND [ARGS]...")}


class QuietHelp(click.Command):
    """Commands whose help is shown in the invocation's language, and whose --help option is
    built with its text given (click builds it at every start of every command)."""

    context_class = HelpContext

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_(piece) if piece in USAGE_PLACEHOLDERS else piece for piece in super().collect_usage_pieces(ctx)]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        return click.Option(
            names,
            is_flag=True,
            is_eager=True,
            expose_value=False,
            callback=_show_help,
            help=N_("Show this message and exit."),
        )


def refuse_undecodable(ctx: click.Context) -> None:
    """Refuse text arguments that were not UTF-8: Python hands them over with lone surrogates.

    A file's name may hold any bytes the file system allows, so FILE parameters are left alone.
    """
    for param in ctx.command.params:
        values = ctx.params.get(param.name)
        if getattr(param, "metavar", None) in ("FILE", "FILE...", "[FILE]") or values is None:
            continue
        for value in values if isinstance(values, tuple) else (values,):
            if isinstance(value, str) and re.search("[\ud800-\udfff]", value):
                raise click.BadParameter(
                    _("not valid UTF-8 text; set your terminal or script to UTF-8 and type it again."),
                    ctx=ctx,
                    param=param,
                )


class Command(QuietHelp, click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        refuse_undecodable(ctx)
        return rest

    def invoke(self, ctx: click.Context) -> Any:
        # Remembered for the root group, which words an output failure after a commit with it.
        ctx.meta[COMMAND_PATH] = ctx.command_path
        return super().invoke(ctx)


class Group(QuietHelp, click.Group):
    command_class = Command
    group_class = type  # subgroups are Groups too

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The subcommands, each with the first paragraph of its help in the reader's language:
        click would cut its short help from the English help, which the catalog holds whole."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                shown = _(command.short_help) if command.short_help else _(inspect.cleandoc(command.help or ""))
                rows.append((name, shown.split("\n\n", 1)[0]))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


command = functools.partial(click.command, cls=Command)
group = functools.partial(click.group, cls=Group)


class CommunityGroup(QuietHelp, click.Group):
    """The root group: each command imported from its module only when it runs, and errors meant
    for users turned into a message and an exit code.

    `registry` maps a command's name to its module in lesaitutte_cli.cli and its short help, so
    that the list of commands in --help imports none of them.
    """

    def __init__(self, *args: Any, registry: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registry = registry

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.registry)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.registry:
            return None
        module = importlib.import_module(f"lesaitutte_cli.cli.{self.registry[cmd_name][0]}")
        command: click.Command = getattr(module, cmd_name.replace("-", "_"))
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short_help) for name, (_module, short_help) in sorted(self.registry.items())]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        choose(None)  # the environment's language, until --lang says otherwise; tests invoke many times
        # Read from the raw arguments so that even an error in parsing them can be reported as JSON.
        options = args[: args.index("--")] if "--" in args else args
        ctx.meta[JSON_ERRORS] = "--json" in options
        try:
            rest = super().parse_args(ctx, args)
            refuse_undecodable(ctx)
        except click.ClickException as error:
            fail_usage(error)
        return rest

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LesaitutteError as error:
            from lesaitutte_cli.output import error_text

            code = next(code for kind, code in EXIT_CODES.items() if isinstance(error, kind))
            fail(error_text(error), code, error.json_details())
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.ClickException as error:
            fail_usage(error)
        except OSError as error:
            text = unprinted(error)
            if text is None:
                internal_error(ctx, error)
            output_failed(ctx, error, text)
        except Exception as error:
            internal_error(ctx, error)


def internal_error(ctx: click.Context, error: Exception) -> NoReturn:
    if os.environ.get("LESAITUTTE_DEBUG"):
        raise error
    invocation = ctx.find_root().obj
    where = invocation.store.location if invocation is not None else _("its usual place")
    if invocation is not None and invocation.committed:
        changed = _("Its change was saved in the store at {store}.").format(store=where)
    else:
        changed = _("Nothing was changed in the store at {store}.").format(store=where)
    debug = _("Run again with LESAITUTTE_DEBUG=1 to see where it happened, and report it.")
    unexpected = _("unexpected {kind}: {error}.").format(kind=type(error).__name__, error=error)
    fail(f"{unexpected} {changed} {debug}", INTERNAL_ERROR)


def unprinted(error: Exception) -> str | None:
    """What `click.echo` was printing when it raised the error; None if the error came from elsewhere
    (then the command failed, not its output)."""
    frame = error.__traceback__
    if frame is None:
        return None
    while frame.tb_next is not None:
        frame = frame.tb_next
    if frame.tb_frame.f_code is not click.echo.__code__:
        return None
    return str(frame.tb_frame.f_locals.get("message") or "")


def output_failed(ctx: click.Context, error: OSError, text: str) -> NoReturn:
    import errno

    # Whatever is still buffered would fail again when Python flushes at exit, with a traceback.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if error.errno == errno.EPIPE:
        raise click.exceptions.Exit(CLOSED_PIPE)  # the reader had enough: quiet, as in every Unix tool
    invocation = ctx.find_root().obj
    reason = error.strerror or str(error)
    if invocation is not None and invocation.committed and text and "\n" not in text.strip():
        # The confirmation says what was done, a voucher included: shown where it can still be read.
        fail(
            _(
                "The change was saved in the store at {store}, but its confirmation could not be printed ({reason}). "
                "It said: {text}"
            ).format(store=invocation.store.location, reason=reason, text=text.strip()),
            OUTPUT_FAILED,
        )
    if invocation is not None and invocation.committed:
        fail(
            _(
                "'{command}' was done and saved in the store at {store}, but its output could not be written "
                "({reason}). Do not run it again: see what it did with lesaitutte history, a voucher with "
                "lesaitutte redemptions."
            ).format(
                command=ctx.meta.get(COMMAND_PATH, ctx.command_path), store=invocation.store.location, reason=reason
            ),
            OUTPUT_FAILED,
        )
    fail(
        _("Cannot write the output ({reason}); nothing was changed in the store.").format(reason=reason), OUTPUT_FAILED
    )


def fail(message: str, code: int, json_details: dict[str, Any] | None = None) -> NoReturn:
    from lesaitutte_cli.output import to_json, visible

    context = click.get_current_context(silent=True)
    if context is not None and context.meta.get(JSON_ERRORS):
        click.echo(to_json({"error": {"code": code, "message": message, **(json_details or {})}}), err=True)
    else:
        click.echo(_("Error: {message}").format(message=visible(message)), err=True)
    raise click.exceptions.Exit(code)


def fail_usage(error: click.ClickException) -> NoReturn:
    """Click's own errors (bad usage, bad parameters) as JSON when JSON was asked for; else as click shows them."""
    context = click.get_current_context(silent=True)
    if context is None or not context.meta.get(JSON_ERRORS):
        raise error
    fail(error.format_message(), error.exit_code)


def default_store_path() -> str:
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(data_home, "lesaitutte", "store.json")


def lock_timeout() -> float:
    text = os.environ.get("LESAITUTTE_LOCK_TIMEOUT", str(DEFAULT_LOCK_TIMEOUT))
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise click.UsageError(
            _("LESAITUTTE_LOCK_TIMEOUT must be a number of seconds from 0 to 3600, not '{text}'.").format(text=text)
        )
    return seconds


def login_name() -> str | None:
    """The login name the environment reports, if any: who acts when --user is not given."""
    import getpass  # imported here: --user and LESAITUTTE_USER make it unnecessary

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def watch_progress(invocation: Invocation, as_json: bool) -> None:
    """Show long work as a progress bar on stderr, only to a person: never with --json or when stderr is not a terminal."""
    if not as_json and sys.stderr.isatty():
        invocation.progress = _progress_bar


def _progress_bar(items: Iterable[T], length: int, label: str) -> Iterator[T]:
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


def echo_json(data: Any) -> None:
    from lesaitutte_cli.output import to_json

    click.echo(to_json(data))


def echo_json_list(items: Iterable[Any], file: IO[str] | None = None) -> None:
    """The items as one JSON list, the same text as echo_json's, each written as it comes."""
    from lesaitutte_cli.output import json_list

    for piece in json_list(items):
        click.echo(piece, nl=False, file=file)
    click.echo(file=file)


SPOOLED_IN_MEMORY = 1 << 20  # bytes of output kept in memory before the spool moves to a temporary file


@contextmanager
def spooled_output() -> Iterator[Callable[[], IO[str]]]:
    """Output written inside a transaction, printed once it has closed.

    A long list written straight out would keep the store locked (or a database transaction
    open) for as long as its reader takes: a pager left open on it would hold up every other
    member. Each call of the function given starts the output again, as a retried transaction
    must; what was written is printed when the block ends without an error."""
    import tempfile

    with tempfile.SpooledTemporaryFile(SPOOLED_IN_MEMORY, mode="w+", encoding="utf-8") as spool:

        def restarted() -> IO[str]:
            spool.seek(0)
            spool.truncate()
            return spool

        yield restarted
        spool.seek(0)
        for chunk in iter(lambda: spool.read(SPOOLED_IN_MEMORY), ""):
            click.echo(chunk, nl=False)


# The root group puts the Invocation in the context; commands receive it first.
pass_invocation = click.pass_obj

json_option = click.option("--json", "as_json", is_flag=True, help=N_("Print JSON for scripts instead of text."))

question_id_argument = click.argument(
    "question_id", metavar="QID", type=click.IntRange(1, MAX_ID), shell_complete=completers.complete_open_questions
)
