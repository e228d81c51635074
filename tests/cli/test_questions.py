"""The question lifecycle through the command line: exit codes, messages, and the store afterwards."""

import pytest
from freezegun import freeze_time

from tests.conftest import single_line

T0 = "2026-11-25 09:00:00"  # UTC; 10:00 in Rome


def ask(run, text="How do I find my IMEI?", user="anna", category="phones"):
    return run.json("ask", text, "--category", category, user=user)


def test_the_lifecycle_from_ask_to_rate(community):
    with freeze_time(T0):
        question = ask(community)
        assert question["status"] == "open" and question["asker"] == "anna" and question["id"] == 1
        claimed = community.json("claim", "1", user="marco")
        assert claimed["status"] == "claimed" and claimed["claimed_by"] == "marco"
        assert claimed["claim_deadline"] == "2026-11-25T11:00:00Z"
        answered = community.json("answer", "1", "Dial *#06#.", user="marco")
        assert answered["status"] == "answered" and answered["answer"] == "Dial *#06#."
        rated = community.json("rate", "1", "up", user="anna")
        assert rated["status"] == "rated" and rated["rating"] == "up"
    assert community.json("me", user="marco")["points"] == 1
    kinds = [event.kind for event in community.question(1).history]
    assert kinds == ["asked", "claimed", "answered", "rated"]


def test_ask_prints_the_question_in_the_documented_keys(community):
    question = ask(community)
    assert question.pop("similar") == []
    assert set(question) == {
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


def test_ask_for_people_says_what_to_do_next(community):
    result = community("ask", "How do I find my IMEI?", "--category", "phones", user="anna")
    assert result.exit_code == 0
    assert "Posted question 1 in phones" in result.stdout
    assert "lesaitutte show 1" in result.stdout


def test_asking_in_an_unknown_category_is_bad_input_and_lists_the_categories(community):
    before = community.raw()
    result = community("ask", "Hi?", "--category", "cars", user="anna")
    assert result.exit_code == 2
    assert result.stderr == "Error: There is no category 'cars'. Choose one of: tariffs, services, phones, internet.\n"
    assert community.raw() == before


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_question_is_refused_and_nothing_is_stored(community, text):
    before = community.raw()
    result = community("ask", text, "--category", "phones", user="anna")
    assert result.exit_code == 2
    assert "cannot be empty" in result.stderr and single_line(result.stderr)
    assert community.raw() == before


def test_questions_lists_open_and_claimed_by_default(community):
    for text in ("one?", "two?", "three?"):
        ask(community, text)
    community.json("claim", "2", user="marco")
    community.json("withdraw", "3", user="anna")
    listed = community.json("questions", user="carla")
    assert [(item["id"], item["status"]) for item in listed] == [(1, "open"), (2, "claimed")]
    assert [item["id"] for item in community.json("questions", "--status", "withdrawn", user="carla")] == [3]
    assert [item["id"] for item in community.json("questions", "--status", "all", user="carla")] == [1, 2, 3]


def test_questions_filters_by_category_mine_and_limit(community):
    ask(community, "phone?")
    ask(community, "tariff?", category="tariffs")
    ask(community, "carla's phone?", user="carla")
    assert [item["id"] for item in community.json("questions", "--category", "tariffs", user="anna")] == [2]
    assert [item["id"] for item in community.json("questions", "--mine", user="carla")] == [3]
    assert [item["id"] for item in community.json("questions", "--limit", "2", user="anna")] == [1, 2]


def test_questions_for_people_is_a_table(community):
    ask(community)
    result = community("questions", user="carla")
    assert result.exit_code == 0
    header, _, row = result.stdout.splitlines()[:3]
    assert header.split() == ["id", "category", "status", "asker", "asked", "question"]
    assert row.split()[:4] == ["1", "phones", "open", "anna"]


def test_questions_with_nothing_to_show_says_so(community):
    result = community("questions", user="carla")
    assert result.exit_code == 0
    assert result.stdout == "No open or claimed questions.\n"


def test_show_gives_the_question_its_answer_and_its_history_in_local_time(community):
    with freeze_time(T0):
        ask(community)
        community.json("claim", "1", user="marco")
    with freeze_time("2026-11-25 09:04:30"):
        community.json("answer", "1", "Dial *#06#.", user="marco")
    result = community("show", "1", user="carla")
    assert result.exit_code == 0
    assert "Question 1 · phones · answered" in result.stdout
    assert "Answer by marco on 2026-11-25 10:04:30 CET:\n  Dial *#06#." in result.stdout
    assert "2026-11-25 10:00:00 CET  claimed   marco" in result.stdout
    assert "2026-11-25 10:04:30 CET  answered  marco" in result.stdout


def test_show_an_unknown_question_is_refused(community):
    result = community("show", "42", user="anna")
    assert result.exit_code == 1
    assert result.stderr == "Error: There is no question 42. List them with: lesaitutte questions --status all\n"


@pytest.mark.parametrize("bad", ["abc", "0", "-3"])
def test_a_question_id_must_be_a_positive_number(community, bad):
    result = community("show", bad, user="anna")
    assert result.exit_code == 2


def test_a_member_who_is_not_an_expert_cannot_claim(community):
    ask(community)
    result = community("claim", "1", user="carla")
    assert result.exit_code == 1
    assert "needs the expert role" in result.stderr
    assert "take-exam" in result.stderr
    assert community.question(1).status == "open"


def test_an_expert_of_another_category_cannot_claim(community):
    ask(community)
    result = community("claim", "1", user="bruno")
    assert result.exit_code == 1
    assert "Only experts certified in phones may claim question 1" in result.stderr


def test_an_expert_cannot_claim_their_own_question(community):
    ask(community, user="marco")
    result = community("claim", "1", user="marco")
    assert result.exit_code == 1
    assert "your own" in result.stderr


def test_the_second_claimer_is_refused_and_told_who_was_first(community):
    ask(community)
    community.json("claim", "1", user="marco")
    result = community("claim", "1", user="paola")
    assert result.exit_code == 1
    assert "claimed first by marco" in result.stderr
    assert community.question(1).claimed_by == "marco"


def test_an_expert_holds_one_claim_at_a_time(community):
    ask(community, "one?")
    ask(community, "two?")
    community.json("claim", "1", user="marco")
    result = community("claim", "2", user="marco")
    assert result.exit_code == 1
    assert "You already hold question 1" in result.stderr
    assert community.question(2).status == "open"
    refused = community("claim", "--next", user="marco")
    assert refused.exit_code == 1 and "You already hold question 1: answer it or release it" in refused.stderr


def test_claim_next_takes_the_oldest_question_the_expert_may_claim(community):
    ask(community, "tariff?", category="tariffs")
    ask(community, "marco's own?", user="marco")
    ask(community, "oldest phone question?")
    ask(community, "newer phone question?")
    assert community.json("claim", "--next", user="marco")["id"] == 3


def test_claim_next_with_nothing_to_claim_is_refused(community):
    ask(community, "tariff?", category="tariffs")
    result = community("claim", "--next", user="marco")
    assert result.exit_code == 1
    assert "No open question in your categories (internet, phones)" in result.stderr


@pytest.mark.parametrize("args", [[], ["1", "--next"]])
def test_claim_needs_an_id_or_next_but_not_both(community, args):
    assert community("claim", *args, user="marco").exit_code == 2


def test_release_opens_the_question_again(community):
    ask(community)
    community.json("claim", "1", user="marco")
    released = community.json("release", "1", user="marco")
    assert released["status"] == "open" and released["claimed_by"] is None
    assert community.json("claim", "1", user="paola")["claimed_by"] == "paola"


def test_only_the_holder_may_release(community):
    ask(community)
    community.json("claim", "1", user="marco")
    result = community("release", "1", user="paola")
    assert result.exit_code == 1
    assert community.question(1).claimed_by == "marco"


def test_answer_from_a_file_and_from_standard_input(community, tmp_path):
    ask(community, "one?")
    ask(community, "two?")
    community.json("claim", "1", user="marco")
    answer_file = tmp_path / "answer.txt"
    answer_file.write_text("Dial *#06#.\nThe IMEI shows on screen.\n")
    assert community.json("answer", "1", "--file", str(answer_file), user="marco")["answer"] == (
        "Dial *#06#.\nThe IMEI shows on screen."
    )
    community.json("claim", "2", user="marco")
    assert community.json("answer", "2", "-", user="marco", input="From stdin.\n")["answer"] == "From stdin."


@pytest.mark.parametrize("args", [["1"], ["1", "text", "--file", "x.txt"]])
def test_answer_needs_exactly_one_source(community, args):
    assert community("answer", *args, user="marco").exit_code == 2


def test_answer_from_a_missing_file_is_bad_input(community, tmp_path):
    ask(community)
    community.json("claim", "1", user="marco")
    result = community("answer", "1", "--file", str(tmp_path / "nope.txt"), user="marco")
    assert result.exit_code == 2
    assert result.stderr == f"Error: Cannot read {tmp_path / 'nope.txt'}: No such file or directory.\n"
    assert community.question(1).status == "claimed"


def test_a_question_gets_exactly_one_answer(community):
    ask(community)
    community.json("claim", "1", user="marco")
    community.json("answer", "1", "Dial *#06#.", user="marco")
    result = community("answer", "1", "Another answer", user="marco")
    assert result.exit_code == 1
    assert community.question(1).answer == "Dial *#06#."


def answered(run):
    ask(run)
    run.json("claim", "1", user="marco")
    run.json("answer", "1", "Dial *#06#.", user="marco")


def test_an_up_rating_earns_one_point_and_a_down_rating_none(community):
    answered(community)
    result = community("rate", "1", "up", user="anna")
    assert result.exit_code == 0
    assert result.stdout == "Rated the answer to question 1 up. marco earns a point.\n"
    ask(community, "second?")
    community.json("claim", "2", user="marco")
    community.json("answer", "2", "Try again.", user="marco")
    community.json("rate", "2", "down", user="anna")
    me = community.json("me", user="marco")
    assert (me["points"], me["earned"]) == (1, 1)


def test_only_the_asker_rates_and_only_once(community):
    answered(community)
    result = community("rate", "1", "up", user="carla")
    assert result.exit_code == 1 and "Only anna" in result.stderr
    community.json("rate", "1", "down", user="anna")
    again = community("rate", "1", "up", user="anna")
    assert again.exit_code == 1 and "already rated down" in again.stderr
    assert community.json("me", user="marco")["points"] == 0


def test_a_rating_must_be_up_or_down(community):
    answered(community)
    assert community("rate", "1", "sideways", user="anna").exit_code == 2


def test_withdraw_a_claimed_question_frees_the_expert(community):
    ask(community, "one?")
    ask(community, "two?")
    community.json("claim", "1", user="marco")
    withdrawn = community.json("withdraw", "1", user="anna")
    assert withdrawn["status"] == "withdrawn" and withdrawn["claimed_by"] is None
    assert community.json("me", user="marco")["active_claim"] is None
    assert community.json("claim", "2", user="marco")["id"] == 2


def test_only_the_asker_withdraws_and_not_after_the_answer(community):
    answered(community)
    assert community("withdraw", "1", user="carla").exit_code == 1
    result = community("withdraw", "1", user="anna")
    assert result.exit_code == 1 and "only open or claimed" in result.stderr


def test_ages_and_time_left_read_naturally(community):
    with freeze_time("2026-11-25 09:00:00"):
        ask(community)
    with freeze_time("2026-11-25 09:00:00"):
        assert "just now" in community("questions", user="carla").stdout
        community.json("claim", "1", user="marco")
    with freeze_time("2026-11-25 10:15:00"):
        row = community("questions", user="carla").stdout.splitlines()[2]
    assert "claimed by marco (45m left)" in row
    assert "1 hour ago" in row


def test_the_questions_table_fits_the_terminal_and_show_keeps_the_whole_text(community, monkeypatch):
    text = "My phone keeps losing the network every evening on the way home, " * 3 + "THE END"
    community.json("ask", text, "--category", "phones", user="anna")
    community.json("ask", "Short one?", "--category", "phones", user="anna")
    monkeypatch.setenv("COLUMNS", "80")
    lines = community("questions", user="carla").stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[2].endswith("…") and "THE END" not in lines[2]
    assert lines[3].endswith("Short one?")
    monkeypatch.setenv("COLUMNS", "300")
    assert community("questions", user="carla").stdout.splitlines()[2].endswith("THE END")
    assert "THE END" in community("show", "1", user="carla").stdout
    assert community.json("questions", user="carla")[0]["text"] == text.strip()


def test_show_tells_the_asker_of_an_answered_question_how_to_rate_it(community):
    answered(community)
    hint = "Rate it: lesaitutte rate 1 up (or down)"
    assert hint in community("show", "1", user="anna").stdout
    assert hint not in community("show", "1", user="carla").stdout
    community.json("rate", "1", "up", user="anna")
    assert hint not in community("show", "1", user="anna").stdout


def test_to_rate_lists_my_answered_questions_awaiting_my_rating(community):
    answered(community)  # 1, asked by anna
    ask(community, "Why is my data slow?", user="anna", category="internet")  # 2, open
    ask(community, "Is VoLTE on?", user="carla")  # 3, carla's
    community.json("claim", "3", user="paola")
    community.json("answer", "3", "Yes.", user="paola")
    assert [q["id"] for q in community.json("questions", "--to-rate", user="anna")] == [1]
    assert community.json("questions", "--to-rate", user="marco") == []  # he answered 1; he does not rate it
    community.json("rate", "1", "up", user="anna")
    assert community("questions", "--to-rate", user="anna").stdout == "No answer awaits your rating.\n"
    assert community("questions", "--to-rate", "--status", "open", user="anna").exit_code == 2
