"""Every command is scriptable: --json everywhere, its keys as documented, errors as JSON too."""

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from lesaitutte_cli.cli import cli
from lesaitutte_cli.services import membership as membership_service
from lesaitutte_cli.store import changes
from tests.cli.test_help import COMMANDS, command_at

ROOT = Path(__file__).resolve().parents[2]
QUESTION = {
    "id",
    "category",
    "text",
    "asker",
    "status",
    "claimed_by",
    "claim_deadline",
    "answered_by",
    "answer",
    "rating",
    "created_at",
    "bounty",
}


def runs_on_its_own(command: click.Command) -> bool:
    """Groups that only gather subcommands print their help and nothing else: they need no --json."""
    return not isinstance(command, click.Group) or command.invoke_without_command


RUNNABLE = [path for path in COMMANDS if runs_on_its_own(command_at(path))]


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_that_does_something_takes_json(path):
    command = command_at(path)
    if runs_on_its_own(command):
        assert "--json" in [name for param in command.params for name in getattr(param, "opts", [])]


def documented_keys(path: tuple[str, ...]) -> tuple[bool, set[str]]:
    """The keys a command's help promises: whether it prints a list, and the keys of an object."""
    help_text = " ".join(CliRunner().invoke(cli, [*path, "--help"]).stdout.split())
    found = re.search(r"JSON[^:{\[]*: (\[?)\{([^}]*)\}", help_text)
    assert found, f"{' '.join(path)} --help lists no JSON keys"
    return bool(found.group(1)), {key.strip() for key in found.group(2).split(",")}


@pytest.fixture
def scene(community, tmp_path):
    """Answered question 1 awaiting anna's rating, open question 2, a reward, a bank, marco with points."""
    community.seed({"rewards": [{"id": "topup-5", "title": "5 EUR top-up", "cost": 1, "stock": 10}]})
    assert community("exam", "import", str(ROOT / "fixtures" / "exams" / "phones.json"), user="tina").exit_code == 0
    community.json("ask", "How do I find my IMEI?", "--category", "phones", user="anna")
    community.json("claim", "1", user="marco")
    community.json("answer", "1", "Dial *#06#.", user="marco")
    community.json("ask", "Why does my phone say No SIM?", "--category", "phones", user="anna")
    community.json("points", "adjust", "marco", "5", "--reason", "launch gift", user="ada")
    (tmp_path / "answers.json").write_text("{}")
    (tmp_path / "more.json").write_text(json.dumps({"users": [{"name": "zoe"}]}))
    return community


# command path: (steps before, as (user, args)), the user running it, its arguments
CASES = {
    ("answer",): ([("paola", ["claim", "2"])], "paola", ["answer", "2", "Reseat the SIM."]),
    ("ask",): ([], "anna", ["ask", "Is 5G included?", "--category", "internet", "--yes"]),
    ("bounty",): (
        [("ada", ["points", "adjust", "anna", "3", "--reason", "welcome"])],
        "anna",
        ["bounty", "2", "2"],
    ),
    ("certify",): ([], "tina", ["certify", "anna", "phones"]),
    ("check",): ([], "ada", ["check"]),
    ("claim",): ([], "paola", ["claim", "2"]),
    ("completion",): ([], "anna", ["completion", "bash"]),
    ("exam", "import"): ([], "tina", ["exam", "import", str(ROOT / "fixtures" / "exams" / "phones.json")]),
    ("exam", "reset"): (
        [("anna", ["take-exam", "phones", "--answers", "{tmp}/answers.json"])],
        "tina",
        ["exam", "reset", "anna", "phones", "--reason", "window closed"],
    ),
    ("exam", "results"): (
        [("anna", ["take-exam", "phones", "--answers", "{tmp}/answers.json"])],
        "tina",
        ["exam", "results"],
    ),
    ("exam", "show"): ([], "tina", ["exam", "show", "phones"]),
    ("export",): ([], "ada", ["export", "{tmp}/export.json"]),
    ("history",): ([], "marco", ["history"]),
    ("leaderboard",): ([("anna", ["rate", "1", "up"])], "anna", ["leaderboard"]),
    ("me",): ([], "marco", ["me", "--history"]),
    ("points", "adjust"): ([], "ada", ["points", "adjust", "marco", "2", "--reason", "outage"]),
    ("questions",): ([], "anna", ["questions"]),
    ("rate",): ([], "anna", ["rate", "1", "up"]),
    ("redeem",): ([], "marco", ["redeem", "topup-5"]),
    ("redemptions",): ([("marco", ["redeem", "topup-5"])], "marco", ["redemptions"]),
    ("register",): ([], "newbie", ["register"]),
    ("release",): ([("paola", ["claim", "2"])], "paola", ["release", "2"]),
    ("report",): ([], "tina", ["report"]),
    ("revoke",): ([], "tina", ["revoke", "marco", "phones", "--reason", "copied answers"]),
    ("reward", "add"): ([], "ada", ["reward", "add", "case", "--title", "A phone case", "--cost", "3"]),
    ("reward", "remove"): ([], "ada", ["reward", "remove", "topup-5"]),
    ("reward", "update"): ([], "ada", ["reward", "update", "topup-5", "--stock", "3"]),
    ("rewards",): ([], "anna", ["rewards"]),
    ("search",): ([], "anna", ["search", "IMEI"]),
    ("seed",): ([], "ada", ["seed", "{tmp}/more.json"]),
    ("settings",): ([], "ada", ["settings"]),
    ("settings", "identity"): ([], "ada", ["settings", "identity", "trust"]),
    ("settings", "pair-points-per-day"): ([], "ada", ["settings", "pair-points-per-day", "3"]),
    ("settings", "certification-months"): ([], "ada", ["settings", "certification-months", "24"]),
    ("settings", "language"): ([], "ada", ["settings", "language", "it"]),
    ("show",): ([], "anna", ["show", "1"]),
    ("take-exam",): ([], "anna", ["take-exam", "phones", "--answers", "{tmp}/answers.json"]),
    ("user", "add"): ([], "ada", ["user", "add", "tom", "--role", "trainer"]),
    ("user", "roles"): ([], "ada", ["user", "roles", "anna", "--add", "trainer"]),
    ("watch",): ([], "paola", ["watch"]),  # stopped at its first wait, as by Ctrl-C
    ("withdraw",): ([], "anna", ["withdraw", "2"]),
}
# Commands that print one JSON document per line as things happen, rather than one document.
JSON_LINES = {("watch",)}


def test_every_runnable_command_has_a_json_case():
    assert sorted(CASES) == sorted(RUNNABLE)


@pytest.mark.file_engine_only("stops watch by patching the file engine's PolledChanges.wait")
@pytest.mark.parametrize("path", sorted(CASES), ids=" ".join)
def test_each_command_prints_the_keys_its_help_documents(scene, tmp_path, monkeypatch, path):
    before, user, args = CASES[path]
    for who, step in before:
        assert scene(*[arg.format(tmp=tmp_path) for arg in step], user=who).exit_code == 0
    is_list, keys = documented_keys(path)
    if path in JSON_LINES:

        def interrupted(self, mark, timeout=None):
            raise KeyboardInterrupt

        monkeypatch.setattr(changes.PolledChanges, "wait", interrupted)
        result = scene(*args, "--json", user=user)
        assert result.exit_code == 0, result.output
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert lines and all(set(line) == keys for line in lines), "the case should show something"
        return
    document = scene.json(*[arg.format(tmp=tmp_path) for arg in args], user=user)
    if is_list:
        assert isinstance(document, list) and document, "the case should find something to list"
        assert all(set(item) == keys for item in document)
    else:
        assert isinstance(document, dict) and set(document) == keys


def test_the_keys_of_a_question_are_those_of_the_design():
    assert documented_keys(("show",)) == (False, QUESTION)
    assert documented_keys(("questions",)) == (True, QUESTION)
    assert documented_keys(("ask",)) == (False, QUESTION | {"similar"})
    assert documented_keys(("bounty",)) == (False, QUESTION)
    assert documented_keys(("watch",)) == (False, QUESTION)


def error_of(result) -> dict:
    document = json.loads(result.stderr)
    assert set(document) == {"error"} and set(document["error"]) == {"code", "message"}
    assert document["error"]["code"] == result.exit_code
    assert result.stdout == ""
    return document["error"]


def test_a_refusal_is_json_with_code_1(community):
    error = error_of(community("claim", "9", "--json", user="marco"))
    assert error == {"code": 1, "message": "There is no question 9. List them with: lesaitutte questions --status all"}


def test_bad_input_is_json_with_code_2(community):
    error = error_of(community("ask", "Roaming?", "--category", "nope", "--json", user="anna"))
    assert error["code"] == 2 and "There is no category 'nope'" in error["message"]


@pytest.mark.parametrize(
    "args, says",
    [
        (["show", "--json"], "Missing argument 'QID'"),
        (["show", "x", "--json"], "'x' is not a valid integer range"),
        (["questions", "--status", "sometimes", "--json"], "'sometimes' is not one of"),
        (["--bogus", "me", "--json"], "No such option '--bogus'"),
        (["claim", "--json"], "Give either a question id or --next"),
    ],
)
def test_clicks_own_usage_errors_are_json_with_code_2(community, args, says):
    error = error_of(community(*args, user="marco"))
    assert error["code"] == 2 and says in error["message"]


@pytest.mark.file_engine_only("makes the store error by corrupting the store file")
def test_a_store_error_is_json_with_code_3(run):
    run.db.write_text('{"users": ')
    error = error_of(run("me", "--json", user="anna"))
    assert error["code"] == 3 and "corrupt" in error["message"]


def test_an_internal_error_is_json_with_code_70(community, monkeypatch):
    monkeypatch.setattr(membership_service, "profile", lambda *args: 1 / 0)
    error = error_of(community("me", "--json", user="anna"))
    assert error["code"] == 70 and "ZeroDivisionError" in error["message"]


def test_without_json_errors_stay_text(community):
    result = community("claim", "9", user="marco")
    assert result.exit_code == 1 and result.stderr.startswith("Error: There is no question 9.")


def test_json_after_a_double_dash_is_an_argument_not_the_switch(community):
    result = community("ask", "--category", "phones", "--yes", "--", "--json", user="anna")
    assert result.exit_code == 0 and result.stdout.startswith("Posted question 1")


@pytest.mark.parametrize(
    "args, user, named",
    [
        (["me", "--json"], "caf\udce9", "'--user'"),  # the root group's own option
        (["ask", "caf\udce9", "-c", "phones", "--json"], "anna", "'TEXT'"),
        (["exam", "reset", "anna", "phones", "--reason", "caf\udce9", "--json"], "tina", "'--reason'"),
    ],
)
def test_text_that_is_not_utf8_is_json_with_code_2(community, args, user, named):
    error = error_of(community(*args, user=user))
    assert error["code"] == 2 and named in error["message"] and "not valid UTF-8" in error["message"]


def test_a_number_out_of_bounds_is_json_with_code_2(community):
    error = error_of(community("show", "1000000000", "--json", user="anna"))
    assert error["code"] == 2 and "1<=x<=999999999" in error["message"]


def test_invisible_characters_in_a_json_error_are_escapes(community):
    result = community("ask", "Roaming?", "--category", "no\u202epe", "--json", user="anna")
    assert "\u202e" not in result.stderr and "\\u202e" in result.stderr
    assert "There is no category 'no\u202epe'" in error_of(result)["message"]  # the same text once parsed


@pytest.mark.file_engine_only("stops watch by patching the file engine's PolledChanges.wait")
def test_watch_json_lines_write_invisible_characters_as_escapes(community, monkeypatch):
    def interrupted(self, mark, timeout=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(changes.PolledChanges, "wait", interrupted)
    community.json("ask", "Roaming \u202eoff?", "--category", "phones", user="anna")
    shown = community("watch", "--json", user="marco")
    assert shown.exit_code == 0 and "\u202e" not in shown.stdout and "\\u202e" in shown.stdout
    assert json.loads(shown.stdout.splitlines()[0])["text"] == "Roaming \u202eoff?"
    plain = community("watch", user="marco")
    assert "\u202e" not in plain.stdout and "Roaming" in plain.stdout
