"""The question lifecycle and the two-hour window, as pure functions with times passed in."""

from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.domain.model import ANSWERED, CLAIMED, EARNED, OPEN, RATED, WITHDRAWN, User
from lesaitutte_cli.domain.questions import (
    ANSWER_LIMIT,
    QUESTION_LIMIT,
    answer_question,
    ask_question,
    claim_question,
    expire_overdue_claim,
    may_claim,
    rate_answer,
    release_claim,
    require_expert_or_claimer,
    require_no_other_claim,
    withdraw_question,
)
from lesaitutte_cli.errors import AlreadyHolding, ClaimedFirst, ClaimExpired, InvalidInput, Refused, RoleRequired

T0 = datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC)
ANNA = User("anna", T0)
MARCO = User("marco", T0, certifications=frozenset({"phones"}))
PAOLA = User("paola", T0, certifications=frozenset({"phones"}))
BRUNO = User("bruno", T0, certifications=frozenset({"tariffs"}))


def asked(text="How do I find my IMEI?", asker=ANNA, category="phones"):
    return ask_question(1, asker, category, text, T0)


def claimed(by=MARCO, at=T0):
    return claim_question(asked(), by, None, at)


def test_a_new_question_is_open_with_its_asking_in_the_history():
    question = asked("  How do I find my IMEI?  ")
    assert question.status == OPEN
    assert question.text == "How do I find my IMEI?"
    assert [(event.kind, event.actor, event.at) for event in question.history] == [("asked", "anna", T0)]


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_an_empty_question_is_refused(text):
    with pytest.raises(InvalidInput, match="cannot be empty"):
        asked(text)


def test_a_question_over_the_limit_is_refused_with_the_limit():
    asked("x" * QUESTION_LIMIT)
    with pytest.raises(InvalidInput, match="2,000"):
        asked("x" * (QUESTION_LIMIT + 1))


def test_a_claim_lasts_two_hours_from_the_moment_it_is_taken():
    at = T0 + timedelta(minutes=7)
    question = claimed(at=at)
    assert question.status == CLAIMED
    assert question.claimed_by == "marco"
    assert question.claim_deadline == at + timedelta(hours=2)


def test_only_an_expert_certified_in_the_category_may_claim():
    with pytest.raises(Refused, match="certified in phones"):
        claim_question(asked(), BRUNO, None, T0)


def test_an_expert_may_not_claim_their_own_question():
    with pytest.raises(Refused, match="your own"):
        claim_question(asked(asker=MARCO), MARCO, None, T0)


def test_a_claimed_question_cannot_be_claimed_by_another_expert():
    with pytest.raises(ClaimedFirst, match="claimed first by marco") as refusal:
        claim_question(claimed(), PAOLA, None, T0)
    assert refusal.value.until == T0 + timedelta(hours=2)


def test_an_expert_claiming_their_own_claim_again_is_told_until_when_it_is_theirs():
    with pytest.raises(AlreadyHolding) as refusal:
        claim_question(claimed(), MARCO, 1, T0)
    assert refusal.value.message(datetime.isoformat) == "You already hold question 1, until 2026-11-25T11:00:00+00:00."


def test_an_expert_holds_at_most_one_claim():
    with pytest.raises(Refused, match="already hold question 9"):
        claim_question(asked(), MARCO, 9, T0)


def test_claim_next_and_claim_share_the_one_claim_refusal():
    require_no_other_claim(None)
    with pytest.raises(Refused, match=r"You already hold question 9: answer it or release it \(lesaitutte release 9\)"):
        require_no_other_claim(9)


def test_a_claim_runs_its_course_after_its_holders_certificate_lapsed():
    lapsed = User("marco", T0)  # no certification left
    require_expert_or_claimer(claimed(), lapsed, "Answering")
    with pytest.raises(RoleRequired, match="Answering needs the expert role"):
        require_expert_or_claimer(claimed(), User("carla", T0), "Answering")
    with pytest.raises(RoleRequired):
        require_expert_or_claimer(asked(), lapsed, "Answering")
    require_expert_or_claimer(asked(), PAOLA, "Answering")  # an expert is then told what is wrong with the claim


def test_at_one_second_before_the_deadline_the_claim_still_stands():
    question = claimed()
    assert expire_overdue_claim(question, T0 + timedelta(hours=2) - timedelta(seconds=1)) is None


def test_at_the_deadline_the_claim_expires_and_the_question_is_open_again():
    deadline = T0 + timedelta(hours=2)
    reopened = expire_overdue_claim(claimed(), deadline + timedelta(seconds=1))
    assert reopened.status == OPEN
    assert reopened.claimed_by is None and reopened.claim_deadline is None
    assert (reopened.history[-1].kind, reopened.history[-1].actor, reopened.history[-1].at) == (
        "expired",
        "marco",
        deadline,
    )


def test_only_claimed_questions_expire():
    assert expire_overdue_claim(asked(), T0 + timedelta(days=3)) is None


def test_an_answer_at_1_59_59_is_accepted():
    question = answer_question(claimed(), MARCO, "Dial *#06#.", T0 + timedelta(hours=1, minutes=59, seconds=59))
    assert question.status == ANSWERED
    assert question.answered_by == "marco" and question.answer == "Dial *#06#."
    assert question.claim_deadline is None


def test_an_answer_at_2_00_01_is_refused_with_the_time_the_claim_expired():
    with pytest.raises(ClaimExpired) as refusal:
        answer_question(claimed(), MARCO, "Dial *#06#.", T0 + timedelta(hours=2, seconds=1))
    assert refusal.value.expired_at == T0 + timedelta(hours=2)
    assert "expired at 2026-11-25T11:00:00+00:00;" in refusal.value.message(datetime.isoformat)


def test_after_the_expiry_is_applied_the_late_answer_is_still_told_when_it_expired():
    reopened = expire_overdue_claim(claimed(), T0 + timedelta(hours=3))
    with pytest.raises(ClaimExpired) as refusal:
        answer_question(reopened, MARCO, "Dial *#06#.", T0 + timedelta(hours=3))
    assert refusal.value.expired_at == T0 + timedelta(hours=2)


def test_an_expert_whose_claim_expired_may_not_claim_that_question_again():
    reopened = expire_overdue_claim(claimed(), T0 + timedelta(hours=2))
    assert not may_claim(reopened, MARCO)
    with pytest.raises(Refused, match="expired once"):
        claim_question(reopened, MARCO, None, T0 + timedelta(hours=2))
    assert claim_question(reopened, PAOLA, None, T0 + timedelta(hours=2)).claimed_by == "paola"


def test_only_the_holder_may_answer():
    with pytest.raises(Refused, match="claimed by marco, not by you"):
        answer_question(claimed(), PAOLA, "Dial *#06#.", T0)
    with pytest.raises(Refused, match="claim it first"):
        answer_question(asked(), MARCO, "Dial *#06#.", T0)


def test_a_question_gets_exactly_one_answer():
    answered = answer_question(claimed(), MARCO, "Dial *#06#.", T0)
    with pytest.raises(Refused):
        answer_question(answered, MARCO, "Or look under the battery.", T0)
    with pytest.raises(Refused):
        claim_question(answered, PAOLA, None, T0)


def test_an_answer_over_the_limit_is_refused():
    with pytest.raises(InvalidInput, match="10,000"):
        answer_question(claimed(), MARCO, "x" * (ANSWER_LIMIT + 1), T0)


def test_releasing_puts_the_question_back_to_open_and_the_expert_may_claim_it_again():
    released = release_claim(claimed(), MARCO, T0 + timedelta(minutes=5))
    assert released.status == OPEN and released.claimed_by is None
    assert released.history[-1].kind == "released"
    assert may_claim(released, MARCO)


def test_only_the_holder_may_release():
    with pytest.raises(Refused):
        release_claim(claimed(), PAOLA, T0)


def answered():
    return answer_question(claimed(), MARCO, "Dial *#06#.", T0 + timedelta(minutes=3))


def test_an_up_rating_earns_the_answerer_one_point():
    rated, point, _ = rate_answer(answered(), ANNA, "up", T0 + timedelta(minutes=10))
    assert rated.status == RATED and rated.rating == "up"
    assert (point.user, point.amount, point.kind, point.question) == ("marco", 1, EARNED, 1)


def test_a_down_rating_earns_nothing():
    rated, point, _ = rate_answer(answered(), ANNA, "down", T0 + timedelta(minutes=10))
    assert rated.rating == "down"
    assert point is None


def test_an_up_earns_while_the_pair_is_below_its_daily_limit():
    rated, point, no_point_because = rate_answer(answered(), ANNA, "up", T0, pair_points=2, pair_limit=3)
    assert point is not None and no_point_because is None
    assert rated.history[-1].detail == "up"


def test_an_up_at_the_pair_limit_is_recorded_and_earns_nothing_saying_why():
    rated, point, no_point_because = rate_answer(answered(), ANNA, "up", T0, pair_points=3, pair_limit=3)
    assert rated.status == RATED and point is None
    assert no_point_because == "an asker's up ratings may earn one expert at most 3 points in 24 hours"
    assert rated.history[-1].detail == f"up (no point: {no_point_because})"


def test_a_down_at_the_pair_limit_gives_no_reason_for_a_point_it_never_earns():
    _, point, no_point_because = rate_answer(answered(), ANNA, "down", T0, pair_points=3, pair_limit=3)
    assert point is None and no_point_because is None


def test_a_pair_limit_of_zero_lets_no_up_earn():
    _, point, _ = rate_answer(answered(), ANNA, "up", T0, pair_points=0, pair_limit=0)
    assert point is None


def test_only_the_asker_rates():
    with pytest.raises(Refused, match="Only anna"):
        rate_answer(answered(), PAOLA, "up", T0)


def test_a_rating_is_given_once():
    rated, _, _ = rate_answer(answered(), ANNA, "up", T0)
    with pytest.raises(Refused, match="already rated"):
        rate_answer(rated, ANNA, "down", T0)


def test_an_unanswered_question_cannot_be_rated():
    with pytest.raises(Refused, match="cannot be rated"):
        rate_answer(claimed(), ANNA, "up", T0)


@pytest.mark.parametrize("make", [asked, claimed], ids=["open", "claimed"])
def test_the_asker_may_withdraw_an_open_or_claimed_question(make):
    withdrawn = withdraw_question(make(), ANNA, T0)
    assert withdrawn.status == WITHDRAWN
    assert withdrawn.claimed_by is None


def test_an_answered_question_cannot_be_withdrawn():
    with pytest.raises(Refused, match="only open or claimed"):
        withdraw_question(answered(), ANNA, T0)


def test_only_the_asker_may_withdraw():
    with pytest.raises(Refused, match="Only anna"):
        withdraw_question(asked(), MARCO, T0)
