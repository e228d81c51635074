"""Output written inside a transaction and printed after it: what a retried transaction and a
failed one leave on the screen."""

import click
import pytest

from lesaitutte_cli.cli.app import SPOOLED_IN_MEMORY, spooled_output
from lesaitutte_cli.errors import Collided


def test_a_transaction_run_again_prints_only_its_last_try(capsys):
    with spooled_output() as output:
        click.echo("1: the first try's hit, before the database undid it", output())
        click.echo("1: the hit of the try that got through", output())
    assert capsys.readouterr().out == "1: the hit of the try that got through\n"


def test_a_transaction_that_fails_prints_nothing(capsys):
    with pytest.raises(Collided), spooled_output() as output:
        click.echo("1: a hit", output())
        raise Collided("The database undid this command's work because another command got in the way.")
    assert capsys.readouterr().out == ""


def test_output_larger_than_memory_holds_comes_out_whole(capsys):
    line = "é" * 99  # not ASCII: the spool counts characters, the terminal bytes
    with spooled_output() as output:
        written = output()
        for _ in range(3 * SPOOLED_IN_MEMORY // 100):
            click.echo(line, written)
    assert capsys.readouterr().out == (line + "\n") * (3 * SPOOLED_IN_MEMORY // 100)
