"""What every command shares: the root group's error handling, the invocation, common options."""

import functools
import importlib
import os

import click

from lesaitutte_cli.errors import InvalidInput, LesaitutteError, Refused, StoreUnusable

EXIT_CODES = {Refused: 1, InvalidInput: 2, StoreUnusable: 3}
INTERNAL_ERROR = 70
INTERRUPTED = 130  # the shell's convention for a program ended by Ctrl-C
DEFAULT_LOCK_TIMEOUT = 5.0


class LazyCommands(dict):
    """Command name -> click command, each imported from its module the first time it is used."""

    def __init__(self, registry: dict[str, tuple[str, str]]) -> None:
        super().__init__(dict.fromkeys(registry))
        self.registry = registry

    def __getitem__(self, name: str) -> click.Command:
        command = super().__getitem__(name)
        if command is None:
            module = importlib.import_module(f"lesaitutte_cli.cli.{self.registry[name][0]}")
            command = getattr(module, name.replace("-", "_"))
            super().__setitem__(name, command)
        return command

    def get(self, name: str, default=None):
        return self[name] if name in self else default

    def items(self):
        return [(name, self[name]) for name in self]

    def values(self):
        return [self[name] for name in self]


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class QuietHelp:
    """Commands whose --help option is built with its text given.

    Click builds it through gettext, which looks for translations on disk at every start of
    every command; this tool is in English only, and the look-up cost more than a lookup in
    the store.
    """

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
            help="Show this message and exit.",
        )


class Command(QuietHelp, click.Command):
    pass


class Group(QuietHelp, click.Group):
    command_class = Command
    group_class = type  # subgroups are Groups too


command = functools.partial(click.command, cls=Command)
group = functools.partial(click.group, cls=Group)


class CommunityGroup(QuietHelp, click.Group):
    """The root group: commands loaded lazily, and errors meant for users turned into a message and an exit code."""

    def __init__(self, *args, registry: dict[str, tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(registry)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short_help) for name, (_, short_help) in sorted(self.commands.registry.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LesaitutteError as error:
            fail(str(error), next(code for kind, code in EXIT_CODES.items() if isinstance(error, kind)))
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as error:
            if os.environ.get("LESAITUTTE_DEBUG"):
                raise
            invocation = ctx.find_root().obj
            where = invocation.store.location if invocation is not None else "its usual place"
            fail(
                f"unexpected {type(error).__name__}: {error}. Nothing was changed in the store at {where}. "
                "Run again with LESAITUTTE_DEBUG=1 to see where it happened, and report it.",
                INTERNAL_ERROR,
            )


def fail(message: str, code: int) -> None:
    from lesaitutte_cli.output import visible

    click.echo(f"Error: {visible(message)}", err=True)
    raise click.exceptions.Exit(code)


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
        raise click.UsageError(f"LESAITUTTE_LOCK_TIMEOUT must be a number of seconds from 0 to 3600, not '{text}'.")
    return seconds


def login_name() -> str | None:
    """The operating system's name for whoever runs the command, if it has one."""
    import getpass  # imported here: --user and LESAITUTTE_USER make it unnecessary

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def echo_json(data) -> None:
    from lesaitutte_cli.output import to_json

    click.echo(to_json(data))


# The root group puts the Invocation in the context; commands receive it first.
pass_invocation = click.pass_obj

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text.")

question_id_argument = click.argument("question_id", metavar="QID", type=click.IntRange(min=1))
