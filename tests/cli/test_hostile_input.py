"""Text from one user never controls another user's terminal; limits and bad files are refused."""

import builtins
import json

import pytest
from wcwidth import wcswidth

from tests.conftest import single_line

CLEAR_SCREEN = "\x1b[2J"
RETITLE = "\x1b]0;you have been pwned\x07"
HOSTILE = f"Why is my bill high?{CLEAR_SCREEN}{RETITLE}\rOverwritten\b\b and more"


def test_escape_sequences_are_shown_not_obeyed_but_kept_exactly(community):
    question = community.json("ask", HOSTILE, "--category", "phones", user="anna")
    community.json("claim", str(question["id"]), user="marco")
    community.json("answer", str(question["id"]), f"Answer {CLEAR_SCREEN}with a bell\x07", user="marco")
    for args in (["questions", "--status", "all"], ["show", "1"]):
        shown = community(*args, user="carla").stdout
        assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown and "\b" not in shown
        assert "\\x1b[2J" in shown
    stored = community.json("show", "1", user="carla")
    assert stored["text"] == HOSTILE
    assert stored["answer"] == f"Answer {CLEAR_SCREEN}with a bell\x07"


def test_escape_sequences_in_error_messages_are_shown_not_obeyed(community):
    result = community("redeem", f"x{CLEAR_SCREEN}", user="anna")
    assert "\x1b" not in result.stderr


UNICODE = [
    "Perché il mio telefono non prende in Svizzera? Città, però, più",
    "Il mio 📱 non si carica 🔋😢",
    "لماذا لا يعمل الإنترنت على هاتفي؟",
    "Ñandú çà 中文字符 テスト",
]


@pytest.mark.parametrize("text", UNICODE)
def test_unicode_round_trips(community, text):
    asked = community.json("ask", text, "--category", "phones", user="anna")
    assert community.json("show", str(asked["id"]), user="carla")["text"] == text
    assert text in community("show", str(asked["id"]), user="carla").stdout


def test_wide_characters_line_up_in_tables(community):
    for text in UNICODE:
        community.json("ask", text, "--category", "phones", user="anna")
    lines = community("questions", user="carla").stdout.splitlines()
    # The asker column starts at the same screen column on every row, emoji and all.
    starts = {wcswidth(line[: line.index("anna")]) for line in lines[2:]}
    assert len(starts) == 1, lines


@pytest.mark.parametrize(
    "args, limit",
    [
        (["ask", "x" * 2001, "--category", "phones"], "2,000"),
        (["revoke", "paola", "phones", "--reason", "x" * 501], "500"),
        (["points", "adjust", "paola", "1", "--reason", "x" * 501], "500"),
    ],
    ids=["question", "revoke reason", "adjust reason"],
)
def test_text_beyond_its_limit_is_refused_with_the_limit(community, args, limit):
    before = community.raw()
    user = "anna" if args[0] == "ask" else "ada"
    result = community(*args, user=user)
    assert result.exit_code == 2
    assert limit in result.stderr and single_line(result.stderr)
    assert community.raw() == before


def test_an_answer_beyond_10000_characters_is_refused(community):
    community.json("ask", "Long?", "--category", "phones", user="anna")
    community.json("claim", "1", user="marco")
    result = community("answer", "1", "x" * 10_001, user="marco")
    assert result.exit_code == 2 and "10,000" in result.stderr
    assert community.json("answer", "1", "x" * 10_000, user="marco")["status"] == "answered"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_reasons_are_refused(community, text):
    result = community("revoke", "paola", "phones", "--reason", text, user="ada")
    assert result.exit_code == 2 and "cannot be empty" in result.stderr


def test_an_answer_file_over_a_megabyte_is_refused(community, tmp_path):
    community.json("ask", "Big?", "--category", "phones", user="anna")
    community.json("claim", "1", user="marco")
    big = tmp_path / "big.txt"
    big.write_text("x" * (1024 * 1024 + 1))
    result = community("answer", "1", "--file", str(big), user="marco")
    assert result.exit_code == 2 and "larger than 1 MB" in result.stderr


def test_files_that_are_folders_not_text_or_unreadable_are_bad_input(community, tmp_path, monkeypatch):
    community.json("ask", "Files?", "--category", "phones", user="anna")
    community.json("claim", "1", user="marco")
    folder = community("answer", "1", "--file", str(tmp_path), user="marco")
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00junk")
    not_text = community("answer", "1", "--file", str(binary), user="marco")
    assert not_text.exit_code == 2 and "not UTF-8" in not_text.stderr
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden")
    real_open = builtins.open

    def no_permission(path, *args, **kwargs):
        if str(path) == str(secret):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_permission)
    unreadable = community("answer", "1", "--file", str(secret), user="marco")
    monkeypatch.undo()
    assert unreadable.exit_code == 2 and "Permission denied" in unreadable.stderr
    assert community.question(1).status == "claimed"


def test_json_output_escapes_control_characters(community):
    community.json("ask", HOSTILE, "--category", "phones", user="anna")
    raw = community("show", "1", "--json", user="carla").stdout
    assert "\x1b" not in raw and json.loads(raw)["text"] == HOSTILE


HUGE = str(10**29)


@pytest.mark.parametrize(
    "args, user",
    [
        (["questions", "--limit", HUGE], "anna"),
        (["search", "imei", "--limit", HUGE], "anna"),
        (["leaderboard", "--limit", HUGE], "anna"),
        (["show", HUGE], "anna"),
        (["claim", HUGE], "marco"),
        (["points", "adjust", "marco", "99999999999999999999999999999", "--reason", "x"], "ada"),
        (["points", "adjust", "marco", "-1000001", "--reason", "x"], "ada"),
        (["reward", "add", "cap", "--title", "Cap", "--cost", HUGE], "ada"),
        (["reward", "add", "cap", "--title", "Cap", "--cost", "1", "--stock", "1000001"], "ada"),
        (["settings", "pair-points-per-day", HUGE], "ada"),
    ],
)
def test_numbers_out_of_range_are_bad_input(community, args, user):
    before = community.raw()
    result = community(*args, user=user)
    assert result.exit_code == 2, result.output
    assert "is not in the range" in result.stderr
    assert community.raw() == before


@pytest.mark.parametrize(
    "document, problem",
    [
        ({"rewards": [{"id": "cap", "title": "Cap", "cost": 10**29}]}, "rewards[0].cost: must be from 1 to 1,000,000"),
        (
            {"rewards": [{"id": "cap", "title": "Cap", "cost": 1, "stock": 2**64}]},
            "rewards[0].stock: must be from 0 to 1,000,000",
        ),
    ],
)
def test_fixture_numbers_out_of_range_are_named(run, tmp_path, document, problem):
    path = tmp_path / "f.json"
    path.write_text(json.dumps(document))
    result = run("seed", str(path))
    assert result.exit_code == 2
    assert problem in result.stderr
