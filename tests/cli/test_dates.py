"""Dates typed on the command line: one reading everywhere (day first), and a sane range."""

import pytest
from freezegun import freeze_time

COMMANDS = [
    (["report"], "tina"),
    (["leaderboard"], "anna"),
    (["exam", "results"], "tina"),
]


@pytest.mark.parametrize("args, user", COMMANDS)
@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "01/01/0001", "31/12/9999"])
def test_dates_out_of_range_are_bad_input(community, args, user, date):
    result = community(*args, "--since", date, user=user)
    assert result.exit_code == 2, result.output
    assert "out of range: give a date from 1970 to 2999" in result.stderr


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_until_out_of_range_is_bad_input(community, date):
    result = community("report", "--until", date, user="tina")
    assert result.exit_code == 2 and "out of range" in result.stderr


def test_since_after_until_is_bad_input(community):
    result = community("report", "--since", "2026-12-01", "--until", "2026-11-01", user="tina")
    assert result.exit_code == 2
    assert "--since (2026-12-01) is not before --until (2026-11-01)" in result.stderr  # as typed


def test_since_on_the_day_after_until_is_named_as_typed(community):
    # --until includes its day, so it ends at the next midnight: the very moment --since starts.
    result = community("report", "--since", "2026-11-02", "--until", "2026-11-01", user="tina")
    assert result.exit_code == 2
    assert "--since (2026-11-02) is not before --until (2026-11-01)" in result.stderr


@freeze_time("2026-11-20 10:00:00")
@pytest.mark.parametrize(
    "typed, shown",
    [("03/04/2026", "from 2026-04-03"), ("3.4.2026", "from 2026-04-03"), ("2026-04-03", "from 2026-04-03")],
)
def test_dates_in_numbers_are_read_day_first_and_iso_dates_year_month_day(community, typed, shown):
    result = community("report", "--since", typed, user="tina")
    assert result.exit_code == 0, result.output
    assert shown in result.stdout


@freeze_time("2026-11-20 10:00:00")
def test_a_period_is_named_with_dates_as_the_readers_language_writes_them(community):
    english = community("--lang", "en", "report", "--since", "03/04/2026", "--until", "2026-11-01", user="tina")
    assert "from 2026-04-03 to 2026-11-01" in english.stdout
    italian = community("--lang", "it", "report", "--since", "03/04/2026", "--until", "2026-11-01", user="tina")
    assert "dal 03/04/2026 al 01/11/2026" in italian.stdout
    refused = community("--lang", "it", "report", "--since", "2026-12-01", "--until", "2026-11-01", user="tina")
    assert refused.exit_code == 2 and "(01/12/2026)" in refused.stderr and "(01/11/2026)" in refused.stderr


@freeze_time("2026-11-20 10:00:00")  # a Friday
@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize(
    "typed, shown",
    [
        ("1 Dec 2025", "2025-12-01"),
        ("1 dicembre 2025", "2025-12-01"),
        ("1 dic 2025", "2025-12-01"),
        ("1 Dicembre 2025", "2025-12-01"),
        ("1 mar 2026", "2026-03-01"),  # March, in both languages: Tuesday is spelt out
        ("15 sett 2026", "2026-09-15"),
        ("il 3 agosto 2026", "2026-08-03"),
        ("lunedì", "2026-11-23"),  # the next Monday, as an English weekday is read
        ("lunedi", "2026-11-23"),
        ("Martedí", "2026-11-24"),
        ("venerdì 6 novembre 2026", "2026-11-06"),
        ("Monday", "2026-11-23"),
    ],
)
def test_month_and_weekday_names_are_read_in_english_and_italian_whatever_the_language(community, lang, typed, shown):
    result = community("--lang", lang, "report", "--since", typed, user="tina")
    assert result.exit_code == 0, result.output
    italian = "/".join(reversed(shown.split("-")))  # as Italian writes a date: 01/12/2025
    assert {"en": f"from {shown}", "it": f"dal {italian}"}[lang] in result.stdout


@pytest.mark.parametrize(
    "lang, said", [("en", "cannot read 'dicembrissimo' as a date"), ("it", "non riesco a leggere 'dicembrissimo'")]
)
def test_a_word_that_is_no_date_is_bad_input_in_either_language(community, lang, said):
    result = community("--lang", lang, "report", "--since", "dicembrissimo", user="tina")
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.output
    assert len([line for line in result.stderr.splitlines() if said in line]) == 1
