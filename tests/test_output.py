"""How results look: ages as people say them, counts with their nouns, text cut to a width."""

from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.output import age, ahead, clipped, json_list, to_json

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "before, says",
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=9), "just now"),
        (timedelta(seconds=10), "10 seconds ago"),
        (timedelta(seconds=59), "59 seconds ago"),
        (timedelta(seconds=60), "1 minute ago"),
        (timedelta(minutes=3, seconds=59), "3 minutes ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=23, minutes=59), "23 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=44), "44 days ago"),
        (timedelta(days=45), "about 1 month ago"),
        (timedelta(days=319), "about 10 months ago"),
        (timedelta(days=320), "about 1 year ago"),
        (timedelta(days=350, hours=18), "about 1 year ago"),
        (timedelta(days=730), "about 2 years ago"),
        (timedelta(seconds=-5), "in the future"),
    ],
)
def test_ages_read_as_people_say_them(before, says):
    assert age(NOW - before, NOW) == says


@pytest.mark.parametrize(
    "after, says",
    [
        (timedelta(0), "now"),
        (timedelta(seconds=-5), "now"),  # already past: the caller says "lapsed" instead
        (timedelta(minutes=1), "in 1 minute"),
        (timedelta(days=30), "in 30 days"),
        (timedelta(days=400), "in about 1 year"),
    ],
)
def test_times_ahead_read_as_ages_do(after, says):
    assert ahead(NOW + after, NOW) == says


def test_clipped_text_fits_its_columns_wide_characters_counted_twice():
    assert clipped("short", 10) == "short"
    assert clipped("a longer sentence", 10) == "a longer …"
    assert clipped("日本語のテキスト", 7) == "日本語…"


def test_every_ascii_character_takes_one_column():
    for char in map(chr, range(128)):
        assert clipped(char * 3, 3) == char * 3
        assert clipped(char * 4, 3) == char * 2 + "…"
    assert clipped("ab日本", 4) == "ab…"


def test_text_with_marks_and_wide_characters_is_cut_by_its_columns():
    assert clipped("cafe\u0301 au lait", 6) == "cafe\u0301 …"
    assert clipped("ab…cd", 4) == "ab……"
    assert clipped("日本", 4) == "日本"


@pytest.mark.parametrize(
    "items", [[], [1], [{"a": [1, {"b": "c\u2028d\x1b"}], "e": None}, "f\ng", [], {}], [{"id": n} for n in range(3)]]
)
def test_a_json_list_written_an_item_at_a_time_is_the_list_written_whole(items):
    assert "".join(json_list(iter(items))) == to_json(items)
