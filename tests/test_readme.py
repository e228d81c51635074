"""The README's promises hold: its shell session runs to the letter, and CI runs its test command."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
VARYING = [  # parts of the output that change from run to run
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z]+"), "<time>"),
    (re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d"), "<time>"),  # as Italian writes it
    (re.compile(r"\b\d+s ago\b"), "<ago>"),
    (re.compile(r"LST(-[A-Z0-9]{4}){3}"), "<voucher>"),
]


def session_block(heading: str) -> str:
    section = README.split(heading, 1)[1]
    return section.split("```console\n", 1)[1].split("```", 1)[0]


def normalised(text: str) -> str:
    for pattern, replacement in VARYING:
        text = pattern.sub(replacement, text)
    return text


@pytest.mark.parametrize("heading", ["## A question from ask to rate", "## In italiano"])
def test_the_shell_session_runs_to_the_letter(tmp_path, heading):
    block = session_block(heading)
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    marker = "@@@ step done @@@"
    script = "".join(f"{command} 2>&1\necho '{marker}'\n" for command, _ in steps)
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", TZ="Europe/Rome")
    env.pop("LESAITUTTE_DB", None)
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    outputs = done.stdout.split(marker + "\n")
    assert outputs[-1] == "", done.stderr  # every step ran to its marker
    for (command, expected), output in zip(steps, outputs[:-1], strict=True):
        assert normalised(output).splitlines() == normalised("\n".join(expected)).splitlines(), command


def test_ci_runs_the_readme_test_command():
    test_command = README.split("Run the tests:\n\n```sh\n", 1)[1].split("\n```", 1)[0]
    assert test_command in (ROOT / ".ci" / "run").read_text()


# The sections whose examples run as pasted, in order, on the demo store; the section on starting a
# community needs stores of its own and has a test of its own; waiting for questions waits.
REPLAYED = [
    "## Search before you ask",
    "## Becoming an expert",
    "## Points and rewards",
    "## Bounties",
    "## Looking after a store (admins)",
]
# Examples whose outcome is not success on the demo store, and why that is the right outcome.
NOT_ZERO = {
    "lesaitutte --user carla take-exam phones": 2,  # no terminal here: it says to use --answers
    "lesaitutte --user marco take-exam phones": 2,  # the renewal, likewise
    "lesaitutte --user marco redeem topup-5": 1,  # marco has 3 points in the demo; it says how to earn more
}


def sh_lines(heading: str) -> list[str]:
    section = README.split(heading, 1)[1].split("\n## ", 1)[0]
    blocks = [block.split("```", 1)[0] for block in section.split("```sh\n")[1:]]
    return [line.split("  #", 1)[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_every_example_after_the_session_runs_as_pasted(tmp_path):
    lines = [line for heading in REPLAYED for line in sh_lines(heading)]
    assert lines[0] == "export LESAITUTTE_DB=demo-store.json"
    # The demo store is seeded below as at the top of the README; seeding it again here would need an admin.
    script = "".join(f"{line} 2>&1\necho '@@@ exit' $?\n" for line in lines)
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", TZ="Europe/Rome")
    env.pop("LESAITUTTE_DB", None)
    env.pop("LESAITUTTE_USER", None)
    seeded = subprocess.run(
        [
            "lesaitutte",
            "--db",
            "demo-store.json",
            "seed",
            "fixtures/demo.json",
            *[f"fixtures/exams/{bank.name}" for bank in sorted((ROOT / "fixtures" / "exams").glob("*.json"))],
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert seeded.returncode == 0, seeded.stderr
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    pieces = re.split(r"@@@ exit (\d+)\n", done.stdout)
    said, statuses = pieces[0:-1:2], [int(status) for status in pieces[1::2]]
    assert len(statuses) == len(lines), done.stderr
    for line, status, output in zip(lines, statuses, said, strict=True):
        assert "is not registered" not in output, line
        assert status == NOT_ZERO.get(line, 0), f"{line}: {output}"


def test_starting_a_community_runs_as_pasted(tmp_path):
    """The first registrant becomes the admin; a new store is seeded by anyone, one with users only by an admin."""
    lines = sh_lines("## Starting a community")
    assert "lesaitutte --user ada register" in lines
    assert "lesaitutte seed fixtures/demo.json" in lines
    # The section's stores live in a home of their own, with the folders completion scripts go to.
    (tmp_path / ".local" / "share" / "bash-completion" / "completions").mkdir(parents=True)
    (tmp_path / ".config" / "fish" / "completions").mkdir(parents=True)
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures")
    script = "".join(f"{line} 2>&1\necho '@@@ exit' $?\n" for line in lines)
    # A member seeding the populated store is refused, and it changes nothing.
    script += "lesaitutte --user anna seed fixtures/demo.json 2>&1\necho '@@@ exit' $?\n"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", HOME=str(tmp_path))
    for name in ("LESAITUTTE_DB", "LESAITUTTE_USER", "XDG_DATA_HOME"):
        env.pop(name, None)
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    pieces = re.split(r"@@@ exit (\d+)\n", done.stdout)
    said, statuses = pieces[0:-1:2], [int(status) for status in pieces[1::2]]
    assert len(statuses) == len(lines) + 1, done.stderr
    outcomes = dict(zip([*lines, "member seeds"], zip(statuses, said, strict=True), strict=True))
    for line in lines:
        assert outcomes[line][0] == 0, f"{line}: {outcomes[line][1]}"
    assert "you are its admin now" in outcomes["lesaitutte --user ada register"][1]
    assert "admin" not in outcomes["lesaitutte --user anna register"][1]
    status, output = outcomes["member seeds"]
    assert status == 1 and "only an admin may seed it" in output
    assert (tmp_path / "community.json").is_file() and (tmp_path / "demo-community.json").is_file()


def test_the_exit_statuses_are_one_list_in_order_and_match_the_code():
    from lesaitutte_cli.cli.app import CLOSED_PIPE, EXIT_CODES, INTERNAL_ERROR, INTERRUPTED_EXIT, OUTPUT_FAILED

    paragraph = " ".join(README.split("\nExit status: ", 1)[1].split("\n\n", 1)[0].split())
    listed = [int(code) for code in re.findall(r"(?:^|; )`(\d+)`", paragraph)]
    assert listed == [0, 1, 2, 3, 70, 74, 130, 141]
    assert sorted([0, *EXIT_CODES.values(), INTERNAL_ERROR, OUTPUT_FAILED, INTERRUPTED_EXIT, CLOSED_PIPE]) == listed
    assert README.count("\nExit status: ") == 1
