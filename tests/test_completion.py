"""Shell completion: the scripts load in their shells and complete commands and the store's values."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lesaitutte_cli.cli import cli

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def needs(shell: str):
    return pytest.mark.skipif(shutil.which(shell) is None, reason=f"{shell} is not installed here")


@pytest.fixture
def store(tmp_path) -> Path:
    path = tmp_path / "store.json"
    result = CliRunner().invoke(cli, ["--db", str(path), "seed", str(ROOT / "fixtures" / "demo.json")])
    assert result.exit_code == 0, result.output
    return path


def in_shell(shell: str, script: str) -> str:
    if not (BIN / "lesaitutte").exists():
        pytest.skip("the lesaitutte entry point is not installed beside this Python")
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([shell, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs("bash")
def test_bash_completes_commands_categories_questions_rewards_and_users(store):
    def complete(*words: str) -> list[str]:
        array = " ".join(f"'{word}'" for word in ("lesaitutte", "--db", str(store), *words))
        return in_shell(
            "bash",
            f"source <(lesaitutte completion bash); COMP_WORDS=({array}); COMP_CWORD={len(words) + 2}; "
            '_lesaitutte_completion lesaitutte; printf "%s\\n" "${COMPREPLY[@]}"',
        ).split()

    assert complete("cl") == ["claim"]
    assert complete("ask", "Roaming?", "--category", "") == ["tariffs", "services", "phones", "internet"]
    assert complete("ask", "Roaming?", "--category", "PH") == ["phones"]
    assert complete("redeem", "topup") == ["topup-5", "topup-10", "topup-20"]
    assert "marco" in complete("--user", "")
    open_ids = {str(question["id"]) for question in demo_questions(store) if question["status"] == "open"}
    assert open_ids and set(complete("claim", "")) == open_ids
    assert set(complete("bounty", "")) == open_ids
    assert complete("watch", "--category", "in") == ["internet"]


def demo_questions(store: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["--db", str(store), "--user", "anna", "questions", "--status", "all", "--json"])
    return json.loads(result.stdout)


@needs("zsh")
def test_zsh_loads_the_script_and_completes_a_category(store):
    loaded = in_shell(
        "zsh",
        "autoload -U compinit && compinit -u && source <(lesaitutte completion zsh) && print -r -- $_comps[lesaitutte]",
    )
    assert loaded.strip() == "_lesaitutte_completion"
    # What the zsh function asks the program for, as it asks it.
    env = dict(
        os.environ,
        _LESAITUTTE_COMPLETE="zsh_complete",
        COMP_WORDS=f"lesaitutte --db {store} take-exam ph",
        COMP_CWORD="4",
    )
    done = subprocess.run([BIN / "lesaitutte"], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[:3] == ["plain", "phones", "_"]


@needs("fish")
def test_fish_loads_the_script_and_completes_a_category(store):
    completions = in_shell(
        "fish", f"lesaitutte completion fish | source; complete -C 'lesaitutte --db {store} ask x --category in'"
    )
    assert completions.split() == ["internet"]


def test_completion_prints_each_script_and_json():
    for shell in ("bash", "zsh", "fish"):
        result = CliRunner().invoke(cli, ["completion", shell])
        assert result.exit_code == 0 and "_LESAITUTTE_COMPLETE" in result.stdout
    document = json.loads(CliRunner().invoke(cli, ["completion", "fish", "--json"]).stdout)
    assert document["shell"] == "fish" and "_LESAITUTTE_COMPLETE" in document["script"]


def test_completing_without_a_store_offers_nothing_and_creates_nothing(tmp_path):
    missing = tmp_path / "none.json"
    env = dict(
        os.environ,
        _LESAITUTTE_COMPLETE="bash_complete",
        COMP_WORDS=f"lesaitutte --db {missing} ask x --category ",
        COMP_CWORD="6",
    )
    done = subprocess.run([sys.executable, "-m", "lesaitutte_cli"], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "" and done.stderr == ""
    assert list(tmp_path.iterdir()) == []


def test_completing_from_a_corrupt_store_fails_quietly(tmp_path):
    corrupt = tmp_path / "store.json"
    corrupt.write_text('{"users": ')
    env = dict(
        os.environ,
        _LESAITUTTE_COMPLETE="bash_complete",
        COMP_WORDS=f"lesaitutte --db {corrupt} --user ",
        COMP_CWORD="4",
    )
    done = subprocess.run([sys.executable, "-m", "lesaitutte_cli"], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "" and done.stderr == ""
    assert corrupt.read_text() == '{"users": '
