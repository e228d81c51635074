"""Certificates that expire, as pure rules with times passed in."""

from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.domain.certificates import (
    add_months,
    expires_at,
    expiring_soon,
    lapse_certifications,
    lapsed_categories,
    with_certification_months,
)
from lesaitutte_cli.domain.exams import certify, require_may_sit, revoke
from lesaitutte_cli.domain.invariants import Records, store_problems
from lesaitutte_cli.domain.model import CERTIFIED, LAPSED, RENEWED, ExamBank, Grant, Settings, User
from lesaitutte_cli.domain.questions import ask_question, claim_question
from lesaitutte_cli.errors import InvalidInput, Refused

T0 = datetime(2026, 1, 31, 9, 0, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
TWELVE = with_certification_months(Settings(), 12, T0)
MARCO = User("marco", T0, certifications=frozenset({"phones"}), grants=(Grant("phones", T0),))
BANK = ExamBank("phones", questions_per_attempt=1, pass_mark=1.0, retry_after_hours=24, questions=())


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 1, 31, 9, 0, tzinfo=UTC), 1, datetime(2026, 2, 28, 9, 0, tzinfo=UTC)),
        (datetime(2027, 12, 31, 9, 0, tzinfo=UTC), 2, datetime(2028, 2, 29, 9, 0, tzinfo=UTC)),
        (datetime(2026, 11, 25, 23, 59, 59, tzinfo=UTC), 12, datetime(2027, 11, 25, 23, 59, 59, tzinfo=UTC)),
        (datetime(2026, 5, 15, 0, 0, tzinfo=UTC), 25, datetime(2028, 6, 15, 0, 0, tzinfo=UTC)),
        (datetime(2026, 10, 31, 8, 0, tzinfo=UTC), 2, datetime(2026, 12, 31, 8, 0, tzinfo=UTC)),
        (datetime(2026, 12, 31, 8, 0, tzinfo=UTC), 3, datetime(2027, 3, 31, 8, 0, tzinfo=UTC)),
    ],
)
def test_months_are_calendar_months(moment, months, expected):
    assert add_months(moment, months) == expected


def test_a_certificate_lasts_the_set_months_from_its_grant():
    assert expires_at(MARCO, "phones", TWELVE) == datetime(2027, 1, 31, 9, 0, tzinfo=UTC)
    assert expires_at(MARCO, "phones", Settings()) is None  # 0: for ever
    assert expires_at(MARCO, "tariffs", TWELVE) is None  # not held


def test_an_unknown_grant_counts_from_when_expiry_was_switched_on_or_registration_if_later():
    old_hand = User("old", T0 - timedelta(days=900), certifications=frozenset({"phones"}))
    newcomer = User("new", T0 + timedelta(days=10), certifications=frozenset({"phones"}))
    assert expires_at(old_hand, "phones", TWELVE) == add_months(T0, 12)
    assert expires_at(newcomer, "phones", TWELVE) == add_months(T0 + timedelta(days=10), 12)


def test_a_certificate_lapses_at_the_exact_second_dated_then():
    expiry = add_months(T0, 12)
    assert lapse_certifications(MARCO, TWELVE, expiry - SECOND) == (MARCO, [])
    lapsed, changes = lapse_certifications(MARCO, TWELVE, expiry + timedelta(days=3))
    assert lapsed.certifications == frozenset() and lapsed.grants == ()
    assert [(change.category, change.action, change.at) for change in changes] == [("phones", LAPSED, expiry)]


def test_me_warns_from_thirty_days_before_and_not_after_the_lapse():
    expiry = add_months(T0, 12)
    assert not expiring_soon(expiry, expiry - timedelta(days=30) - SECOND)
    assert expiring_soon(expiry, expiry - timedelta(days=30))
    assert expiring_soon(expiry, expiry - SECOND)
    assert not expiring_soon(expiry, expiry)
    assert not expiring_soon(None, expiry)


def test_renewing_grants_a_fresh_certificate_from_that_day():
    renewal = T0 + timedelta(days=300)
    renewed, change = certify(MARCO, "phones", "marco", renewal, "passed the exam", 7, renewable=True)
    assert change.action == RENEWED
    assert expires_at(renewed, "phones", TWELVE) == add_months(renewal, 12)
    with pytest.raises(Refused, match="already certified"):
        certify(MARCO, "phones", "tina", renewal)
    fresh, change = certify(User("anna", T0), "phones", "tina", renewal, renewable=True)
    assert change.action == CERTIFIED and fresh.grants == (Grant("phones", renewal),)


def test_the_certified_may_sit_the_exam_only_when_certificates_expire():
    with pytest.raises(Refused, match="already certified"):
        require_may_sit(MARCO, BANK, None, T0)
    require_may_sit(MARCO, BANK, None, T0, renewable=True)


def test_revoking_drops_the_grant_too():
    revoked, _ = revoke(MARCO, "phones", "tina", T0, "test")
    assert revoked.grants == ()


def test_switching_expiry_on_keeps_its_start_when_the_months_change_and_forgets_it_when_off():
    later = T0 + timedelta(days=50)
    assert with_certification_months(TWELVE, 24, later).certification_months_since == T0
    assert with_certification_months(TWELVE, 0, later) == Settings()
    assert with_certification_months(Settings(), 6, later).certification_months_since == later


@pytest.mark.parametrize("months", [-1, 121])
def test_months_out_of_bounds_are_bad_input(months):
    with pytest.raises(InvalidInput, match="from 1 to 120 months"):
        with_certification_months(Settings(), months, T0)


def test_a_claim_held_when_its_certificate_lapses_is_sound_and_one_taken_after_is_not():
    expiry = add_months(T0, 12)
    lapsed, changes = lapse_certifications(MARCO, TWELVE, expiry)
    question = ask_question(1, User("anna", T0), "phones", "Why?", T0)
    held_before = claim_question(question, MARCO, None, expiry - SECOND)
    records = Records([lapsed], [held_before], [], [], [], [], 1, changes)
    assert [problem for problem in store_problems(records) if problem.code == "uncertified_claim"] == []
    taken_after = claim_question(question, MARCO, None, expiry + SECOND)  # as if the lapse had been missed
    records = Records([lapsed], [taken_after], [], [], [], [], 1, changes)
    uncertified = [problem for problem in store_problems(records) if problem.code == "uncertified_claim"]
    assert uncertified == ["question 1: marco holds it without the phones certification"]


def test_a_lapsed_category_is_listed_until_granted_again():
    expiry = add_months(T0, 12)
    lapsed, changes = lapse_certifications(MARCO, TWELVE, expiry)
    assert lapsed_categories(changes, lapsed) == {"phones": expiry}
    renewed, change = certify(lapsed, "phones", "marco", expiry + SECOND, renewable=True)
    assert lapsed_categories([*changes, change], renewed) == {}
