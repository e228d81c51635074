"""Every command with every role: allowed, or refused with exit 1 naming the role it needs."""

import json
import shutil

import pytest

from tests.cli.test_exams import BANK
from tests.cli.test_help import COMMANDS
from tests.conftest import COMMUNITY, Runner

PERSONAS = ("carla", "marco", "tina", "ada")
HELD = {  # roles add up: everyone is a member, and admins may do what trainers do
    "carla": {"member"},
    "marco": {"member", "expert"},
    "tina": {"member", "trainer"},
    "ada": {"member", "trainer", "admin"},
}
SERVICES_BANK = dict(BANK, category="services")  # a bank none of the personas is certified in

# Each command with arguments that work for someone holding the role it needs (None: no
# registered user needed). Questions in the prepared store: 1 and 2 asked by anna and open,
# 3 asked by the persona and answered by paola, 4 asked by the persona and open. anna failed the
# services exam.
COMMAND_ROLES = {
    ("answer",): (["answer", "2", "An answer."], "expert"),
    ("ask",): (["ask", "Hello?", "--category", "phones"], "member"),
    ("bounty",): (["bounty", "4", "1"], "member"),
    ("certify",): (["certify", "carla", "services"], "trainer"),
    ("check",): (["check"], "admin"),
    ("claim",): (["claim", "1"], "expert"),
    ("completion",): (["completion", "bash"], None),
    ("exam",): (["exam", "--help"], None),
    ("exam", "import"): (["exam", "import", "BANK_FILE"], "trainer"),
    ("exam", "reset"): (["exam", "reset", "anna", "services", "--reason", "test"], "trainer"),
    ("exam", "results"): (["exam", "results"], "trainer"),
    ("exam", "show"): (["exam", "show", "services"], "trainer"),
    ("export",): (["export"], "admin"),
    ("history",): (["history"], "member"),
    ("leaderboard",): (["leaderboard"], "member"),
    ("me",): (["me"], "member"),
    ("points",): (["points", "--help"], None),
    ("points", "adjust"): (["points", "adjust", "carla", "1", "--reason", "test"], "admin"),
    ("questions",): (["questions"], "member"),
    ("rate",): (["rate", "3", "up"], "member"),
    ("redeem",): (["redeem", "tshirt"], "member"),
    ("redemptions",): (["redemptions"], "member"),
    ("register",): (["register"], None),
    ("release",): (["release", "2"], "expert"),
    ("revoke",): (["revoke", "paola", "phones", "--reason", "test"], "trainer"),
    ("report",): (["report"], "trainer"),
    ("reward",): (["reward", "--help"], None),
    ("reward", "add"): (["reward", "add", "mug", "--title", "Mug", "--cost", "2"], "admin"),
    ("reward", "remove"): (["reward", "remove", "tshirt"], "admin"),
    ("reward", "update"): (["reward", "update", "tshirt", "--cost", "2"], "admin"),
    ("rewards",): (["rewards"], "member"),
    ("search",): (["search", "question"], "member"),
    ("seed",): (["seed", "BANK_FILE"], None),
    ("settings",): (["settings"], "admin"),
    ("settings", "certification-months"): (["settings", "certification-months", "12"], "admin"),
    ("settings", "identity"): (["settings", "identity", "trust"], "admin"),
    ("settings", "language"): (["settings", "language", "en"], "admin"),
    ("settings", "pair-points-per-day"): (["settings", "pair-points-per-day", "3"], "admin"),
    ("show",): (["show", "1"], "member"),
    ("take-exam",): (["take-exam", "services", "--answers", "ANSWERS_FILE"], "member"),
    ("user",): (["user", "--help"], None),
    ("user", "add"): (["user", "add", "newcomer"], "admin"),
    ("user", "roles"): (["user", "roles", "carla", "--add", "trainer"], "admin"),
    ("watch",): (["watch", "--help"], None),  # it runs until Ctrl-C: tests/services/test_waiting.py covers who may
    ("withdraw",): (["withdraw", "4"], "member"),
}
# An expert's answer or release needs a claim of their own first.
NEEDS_CLAIM = {("answer",), ("release",)}


def test_every_command_is_in_the_table():
    assert sorted(COMMAND_ROLES) == sorted(COMMANDS)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """One store per persona with something to act on, built once and copied for each test."""
    folder = tmp_path_factory.mktemp("roles")
    (folder / "bank.json").write_text(json.dumps({"exams": [SERVICES_BANK]}))
    (folder / "answers.json").write_text(json.dumps({"ph-1": [0]}))
    for persona in PERSONAS:
        run = Runner(folder / f"{persona}.json")
        run.seed(dict(COMMUNITY, exams=[SERVICES_BANK], rewards=[{"id": "tshirt", "title": "T-shirt", "cost": 1}]))
        for asker in ("anna", "anna", persona, persona):
            run.json("ask", f"A question by {asker}?", "--category", "phones", user=asker)
        run.json("claim", "3", user="paola")
        run.json("answer", "3", "An answer.", user="paola")
        run("points", "adjust", persona, "5", "--reason", "to spend", user="ada")
        run.json("take-exam", "services", "--answers", str(folder / "answers.json"), user="anna")
    return folder


@pytest.mark.parametrize("path", sorted(COMMAND_ROLES), ids=" ".join)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_command_allows_or_refuses_each_role(prepared, tmp_path, path, persona):
    args, role = COMMAND_ROLES[path]
    files = {"BANK_FILE": str(prepared / "bank.json"), "ANSWERS_FILE": str(prepared / "answers.json")}
    args = [files.get(arg, arg) for arg in args]
    shutil.copy(prepared / f"{persona}.json", tmp_path / "store.json")
    run = Runner(tmp_path / "store.json")
    if path in NEEDS_CLAIM:
        run("claim", "2", user=persona)
    before = run.raw()
    result = run(*args, user=persona)
    if role is None:
        assert "role, which" not in result.stderr
    elif role in HELD[persona]:
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ")
        assert f"needs the {role} role, which '{persona}' does not have" in result.stderr
        assert run.raw() == before
