"""Bidirectional controls and zero-width characters never reach a terminal raw; text with nothing visible is refused."""

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import COMMUNITY, Runner

RLO = "\u202e"  # right-to-left override: reverses what follows on the screen
OSC_TITLE = "\x1b]0;pwned\x07"


def raw_invisible(text: str) -> list[str]:
    """Characters a terminal would obey or hide: controls (but line feed and tab), format characters, separators."""
    return [char for char in text if char not in "\n\t" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")]


def test_search_attribution_cannot_be_reversed(community):
    asked = community.json("ask", f"Roaming in Spain {RLO}olleh", "--category", "tariffs", user="anna")
    community.json("claim", str(asked["id"]), user="bruno")
    community.json("answer", str(asked["id"]), f"Turn roaming on {RLO}\u2066x\u2069\u200b", user="bruno")
    shown = community("search", "roaming", user="carla").stdout
    assert raw_invisible(shown) == []
    assert "\\u202e" in shown and "(by bruno)" in shown


def test_reward_titles_are_echoed_escaped(community):
    added = community("reward", "add", "cap", "--title", f"Cap {OSC_TITLE}{RLO}", "--cost", "3", user="ada")
    assert added.exit_code == 0, added.output
    updated = community("reward", "update", "cap", "--title", f"Hat {OSC_TITLE}", user="ada")
    for shown in (added.stdout, updated.stdout, community("rewards", user="anna").stdout):
        assert raw_invisible(shown) == [] and "\\x1b]0;pwned\\x07" in shown


@pytest.mark.parametrize("text", ["\u200b\u200d\u2060\ufeff", "\x00\x00", " \t \n ", f"{RLO}\u200e\u200f\u061c"])
def test_text_with_nothing_visible_is_refused_like_empty_text(community, text):
    before = community.raw()
    for args, user in (
        (["ask", text, "--category", "phones"], "anna"),
        (["reward", "add", "cap", "--title", text, "--cost", "3"], "ada"),
        (["points", "adjust", "marco", "1", "--reason", text], "ada"),
    ):
        result = community(*args, user=user)
        assert result.exit_code == 2, (args, result.output)
        assert "cannot be empty or only invisible characters" in result.stderr
    assert community.raw() == before


def test_a_fixture_text_with_nothing_visible_is_refused(run, tmp_path):
    path = tmp_path / "f.json"
    path.write_text('{"questions": [{"asker": "anna", "category": "phones", "text": "\\u200b\\u200b"}]}')
    result = run("seed", str(path))
    assert result.exit_code == 2
    assert "questions[0].text: must not be empty or only invisible characters" in result.stderr


DANGEROUS = "\x00\x07\x1b\r\b\x7f\x85\x9b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff\u2028\u2029\U000e0041"
TEXTS = st.text(alphabet=st.sampled_from(list(DANGEROUS) + list("ab é中📱 \n\t[]()")), min_size=1, max_size=40).filter(
    lambda text: re.search(r"[a-z]", text) is not None
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    run = Runner(tmp_path_factory.mktemp("invisible") / "store.json")
    run.seed(COMMUNITY)
    return run


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_text_reaches_every_view_without_a_raw_invisible_character(shared, text):
    run = shared
    asked = run.json("ask", f"roaming {text}", "--category", "phones", user="anna")
    qid = str(asked["id"])
    run.json("claim", qid, user="paola")
    run.json("answer", qid, f"roaming {text}", user="paola")
    run.json("rate", qid, "up", user="anna")
    run("reward", "add", f"r{qid}", "--title", text, "--cost", "5", user="ada")
    run("points", "adjust", "paola", "1", "--reason", text, user="ada")
    views = [
        run("questions", "--status", "all", user="carla"),
        run("show", qid, user="carla"),
        run("search", "roaming", user="carla"),
        run("history", "paola", user="tina"),
        run("me", "--history", user="paola"),
        run("leaderboard", user="carla"),
        run("rewards", user="carla"),
        run("redemptions", "--all", user="ada"),
        run("reward", "update", f"r{qid}", "--title", f"{text}!", user="ada"),
        run("redeem", f"x{text}", user="anna"),  # an error message that echoes the text
    ]
    for result in views:
        assert raw_invisible(result.output) == [], result.output
