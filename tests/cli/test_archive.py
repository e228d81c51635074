"""The archive, the service report and users' histories through the command line."""

import pytest
from freezegun import freeze_time

from lesaitutte_cli.store import open_store


def at(moment: str):
    return freeze_time(f"2026-11-25 {moment}")


@pytest.fixture
def day(community):
    """A scripted day (UTC times; Rome is an hour ahead), with the figures counted by hand below."""
    run = community
    with at("09:00:00"):
        run.json("ask", "How do I find my IMEI?", "--category", "phones", user="anna")  # 1
    with at("09:01:00"):
        run.json("claim", "1", user="marco")
    with at("09:04:00"):
        run.json("answer", "1", "Dial *#06# and the IMEI shows.", user="marco")
    with at("09:10:00"):
        run.json("rate", "1", "up", user="anna")
    with at("09:30:00"):
        run.json("ask", "My phone shows No SIM after a fall.", "--category", "phones", user="carla")  # 2
    with at("09:32:00"):
        run.json("claim", "2", user="paola")  # runs out at 11:32
    with at("10:00:00"):
        run.json("ask", "Does my plan include roaming in Spain?", "--category", "tariffs", user="anna")  # 3
    with at("10:01:00"):
        run.json("claim", "3", user="bruno")
    with at("10:03:00"):
        run.json("answer", "3", "Yes, roaming in Spain is included in every plan.", user="bruno")
    with at("10:30:00"):
        run.json("ask", "Can I pause my plan for a month?", "--category", "tariffs", user="carla")  # 4
    with at("10:35:00"):
        run.json("withdraw", "4", user="carla")
    with at("11:40:00"):
        run.json("claim", "2", user="marco")
    with at("11:50:00"):
        run.json("answer", "2", "Reseat the SIM; a shop replaces a damaged one.", user="marco")
    with at("12:00:00"):
        run.json("rate", "2", "down", user="carla")
    with at("13:00:00"):
        run.json("ask", "Why is 5G slow at night?", "--category", "internet", user="anna")  # 5
    return run


def report(run, *args):
    with at("14:00:00"):
        return run.json("report", *args, user="tina")


def test_the_report_figures_match_a_hand_count(day):
    figures = report(day)
    assert figures.pop("certifications") == {}  # the community was seeded with its certifications
    assert {key: value for key, value in figures.items() if not key.startswith("by_") and key != "histogram"} == {
        "questions": 5,
        "answered": 3,  # 1, 2 and 3
        "rated_up": 1,  # 1
        "resolution_rate": 0.5,  # 1 up, 2 down
        "median_time_to_claim_s": 60,  # 60 (1), 120 (2), 60 (3)
        "median_time_to_answer_s": 240,  # 240 (1), 8400 (2), 180 (3)
        "p90_time_to_answer_s": 8400,
        "answered_within_5_min": pytest.approx(2 / 3),
        "expired_claims": 1,  # paola's on 2
        "open_now": 1,  # 5; 4 was withdrawn
    }
    assert figures["by_category"]["phones"]["median_time_to_answer_s"] == (240 + 8400) / 2
    assert figures["by_category"]["tariffs"]["resolution_rate"] is None
    assert figures["by_category"]["internet"] == {
        "questions": 1,
        "answered": 0,
        "rated_up": 0,
        "resolution_rate": None,
        "median_time_to_claim_s": None,
        "median_time_to_answer_s": None,
        "p90_time_to_answer_s": None,
        "answered_within_5_min": None,
        "expired_claims": 0,
        "open_now": 1,
    }
    assert figures["by_expert"] == {
        "bruno": {"answers": 1, "up_rate": None, "median_time_to_answer_s": 180},
        "marco": {"answers": 2, "up_rate": 0.5, "median_time_to_answer_s": 4320},
    }


def test_the_report_json_has_the_histogram_of_the_table(day):
    assert report(day)["histogram"] == [
        {"band": "up to 1 min", "up_to_s": 60, "count": 0},
        {"band": "1-5 min", "up_to_s": 300, "count": 2},  # 180 s and 240 s
        {"band": "5-15 min", "up_to_s": 900, "count": 0},
        {"band": "15-30 min", "up_to_s": 1800, "count": 0},
        {"band": "30-60 min", "up_to_s": 3600, "count": 0},
        {"band": "1-2 h", "up_to_s": 7200, "count": 0},
        {"band": "over 2 h", "up_to_s": None, "count": 1},  # 8,400 s
    ]


def test_an_answer_at_exactly_five_minutes_is_within_five_minutes_in_the_share_and_the_bins(community):
    with at("09:00:00"):
        community.json("ask", "How do I find my IMEI?", "--category", "phones", user="anna")
        community.json("claim", "1", user="marco")
    with at("09:05:00"):
        community.json("answer", "1", "Dial *#06#.", user="marco")
    figures = report(community)
    assert figures["answered_within_5_min"] == 1
    assert [band["count"] for band in figures["histogram"] if band["band"] == "1-5 min"] == [1]


def test_until_a_date_shows_that_date_and_includes_the_day(day):
    with at("14:00:00"):
        text = day("report", "--until", "2026-11-25", user="tina").stdout
        bounded = day("report", "--since", "2026-11-25", "--until", "2026-11-25 12:30", user="tina").stdout
    assert "from the start to 2026-11-25\n" in text
    assert "questions asked            5" in text  # 13:00 UTC is still the 25th in Rome
    assert "from 2026-11-25 to 2026-11-25 12:30:00 CET\n" in bounded


def test_the_report_over_a_period_and_a_category(day):
    assert report(day, "--since", "2026-11-25 11:00")["questions"] == 3  # 10:00 UTC onwards: 3, 4, 5
    assert report(day, "--until", "2026-11-25")["questions"] == 5  # a date alone: the whole day
    assert report(day, "--until", "2026-11-24")["questions"] == 0
    tariffs = report(day, "--category", "tariffs")
    assert (tariffs["questions"], tariffs["answered"], list(tariffs["by_category"])) == (2, 1, ["tariffs"])


def test_the_report_for_people_has_tables_and_a_histogram(day):
    with at("14:00:00"):
        text = day("report", user="tina").stdout
    assert "median time to answer      4m" in text
    assert "claims that ran out        1" in text
    assert "By category" in text and "By expert" in text
    assert "Time to answer" in text and "█" in text
    assert "      1-5 min ████████████████████████████████████████ 2\n" in text  # 180 s and 240 s
    assert "     over 2 h ████████████████████ 1\n" in text  # 8,400 s


def test_the_report_is_for_trainers(day):
    result = day("report", user="anna")
    assert result.exit_code == 1 and "needs the trainer role" in result.stderr
    assert day("report", user="ada").exit_code == 0


def test_search_finds_answered_questions_best_first(day):
    hits = day.json("search", "roaming spain", user="carla")
    assert [hit["id"] for hit in hits] == [3]
    assert set(hits[0]) == {"id", "category", "text", "answer", "answered_by", "rating", "score"}
    assert hits[0]["answered_by"] == "bruno" and hits[0]["score"] > 0


def test_search_never_shows_unanswered_or_withdrawn_questions(day):
    assert day.json("search", "5G slow night", user="carla") == []
    assert day.json("search", "pause month", user="carla") == []


def test_search_by_category_and_limit(day):
    # 2 matches phone and SIM (twice), 1 only IMEI
    assert [hit["id"] for hit in day.json("search", "phone SIM IMEI", "--category", "phones", user="carla")] == [2, 1]
    assert len(day.json("search", "phone SIM IMEI", "--limit", "1", user="carla")) == 1
    assert day.json("search", "IMEI", "--category", "tariffs", user="carla") == []


def test_search_shows_every_match_unless_limited(run):
    answered = {
        "asker": "anna",
        "category": "tariffs",
        "answered_by": "bruno",
        "answer": "Yes, it is included.",
        "created_at": "2026-11-25T09:00:00Z",
    }
    run.seed(
        {
            "users": [{"name": "anna"}, {"name": "bruno", "certifications": ["tariffs"]}],
            "questions": [answered | {"text": f"Is roaming in country {n} included?"} for n in range(12)],
        }
    )
    assert len(run.json("search", "roaming", user="anna")) == 12
    assert len(run("search", "roaming", user="anna").stdout.splitlines()) == 2 * 12  # a question and its answer each
    assert len(run.json("search", "roaming", "--limit", "10", user="anna")) == 10


def test_search_json_streamed_is_the_list_of_every_hit_written_whole(run):
    from lesaitutte_cli.output import hit_json, to_json

    answered = {"asker": "anna", "category": "tariffs", "answered_by": "bruno", "created_at": "2026-11-25T09:00:00Z"}
    run.seed(
        {
            "users": [{"name": "anna"}, {"name": "bruno", "certifications": ["tariffs"]}],
            "questions": [
                answered | {"text": f"Is roaming in country {n} included?", "answer": "Roaming: yes. " * (n % 4 + 1)}
                for n in range(40)
            ],
        }
    )
    store = open_store(str(run.db))
    with store.transaction() as tx:
        whole = [hit_json(hit) for hit in tx.search("roaming")]
    getattr(store, "close", lambda: None)()
    assert len(whole) == 40
    assert run("search", "roaming", "--json", user="anna").stdout == to_json(whole) + "\n"
    assert run("search", "roaming", "--limit", "7", "--json", user="anna").stdout == to_json(whole[:7]) + "\n"
    assert run("search", "zebra", "--json", user="anna").stdout == "[]\n"


def test_search_output_for_people_is_plain_without_a_terminal(day):
    text = day("search", "imei", user="carla").stdout
    assert text.startswith("1: [phones] How do I find my IMEI?\n")
    assert "Dial *#06# and the IMEI shows." in text and "\x1b" not in text


def test_search_with_no_match_says_what_to_do(day):
    result = day("search", "zebra", user="carla")
    assert result.exit_code == 0 and "No answered question matches" in result.stdout


def test_ask_lists_similar_answered_questions_after_posting(day):
    posted = day.json("ask", "Roaming in Spain: is it included in my plan?", "--category", "tariffs", user="carla")
    assert posted["similar"] == [3]
    text = day("ask", "Is roaming in Spain included?", "--category", "tariffs", user="carla").stdout
    assert "Posted question 7" in text and "3: [tariffs] Does my plan include roaming in Spain?" in text


def test_history_lists_what_a_user_did_in_time_order(day):
    mine = day.json("history", user="marco")
    assert [(item["kind"], item["question"]) for item in mine] == [
        ("claimed", 1),
        ("answered", 1),
        ("rating received", 1),
        ("points earned", 1),
        ("claimed", 2),
        ("answered", 2),
        ("rating received", 2),
    ]
    assert mine[2]["detail"] == "up from anna"
    assert [item["kind"] for item in day.json("history", "paola", user="tina")] == ["claimed", "expired"]
    refused = day("history", "paola", user="anna")
    assert refused.exit_code == 1 and "needs the trainer role" in refused.stderr
    assert day("history", "nobody", user="tina").exit_code == 1


def test_me_reminds_an_asker_of_answers_to_rate(day):
    text = day("me", user="anna").stdout
    assert "Question 3 has an answer waiting for your rating: lesaitutte rate 3 up (or down)" in text
    assert "Question 1" not in text  # already rated
