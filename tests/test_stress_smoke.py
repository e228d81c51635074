"""A small run of the stress script: several processes, random commands, nothing lost."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_small_stress_run_loses_nothing_and_breaks_no_rule():
    check_a_stress_run([])


def test_a_small_stress_run_on_postgresql_loses_nothing_and_breaks_no_rule(postgres_url):
    check_a_stress_run(["--db", postgres_url])


def check_a_stress_run(store: list[str]) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "scripts/stress.py",
            "--processes",
            "3",
            "--commands",
            "40",
            "--seconds",
            "60",
            "--json",
            *store,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    figures = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert figures["commands"] >= 120  # a turn may run two commands (claim, then answer)
    assert figures["lost"] == [] and figures["violations"] == 0
    assert set(figures["outcomes"]) <= {"ok", "refused"}
    assert figures["questions_asked"] > 0 and figures["answers"] > 0
