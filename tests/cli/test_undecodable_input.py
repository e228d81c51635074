"""Text that is not UTF-8 is refused naming the argument, never an internal error."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LATIN1 = "caf\udce9"  # b"caf\xe9" as Python hands over bytes that are not UTF-8


@pytest.mark.parametrize(
    "args, user, named",
    [
        (["ask", LATIN1, "--category", "phones"], "anna", "'TEXT'"),
        (["answer", "1", LATIN1], "marco", "'[TEXT]'"),
        (["points", "adjust", "marco", "1", "--reason", LATIN1], "ada", "'--reason'"),
        (["reward", "add", "cap", "--title", LATIN1, "--cost", "1"], "ada", "'--title'"),
        (["user", "add", LATIN1], "ada", "'NAME'"),
        (["me"], LATIN1, "'--user'"),
    ],
)
def test_text_that_is_not_utf8_is_bad_input_naming_the_argument(community, args, user, named):
    before = community.raw()
    result = community(*args, user=user)
    assert result.exit_code == 2, result.output
    assert named in result.stderr and "not valid UTF-8" in result.stderr
    assert community.raw() == before


def test_a_real_process_given_latin1_bytes_says_so(community):
    argv = [sys.executable, "-m", "lesaitutte_cli", "--db", str(community.db), "--user", "anna"]
    result = subprocess.run([*argv, "ask", b"caf\xe9", "-c", "phones"], capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert b"'TEXT': not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr
