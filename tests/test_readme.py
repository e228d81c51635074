"""The README's promises hold: its shell session runs to the letter, and CI runs its test command."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
VARYING = [  # parts of the output that change from run to run
    (re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [A-Z]+"), "<time>"),
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


def test_the_shell_session_runs_to_the_letter(tmp_path):
    block = session_block("## A question from ask to rate")
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
