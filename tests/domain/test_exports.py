"""Every record an export writes reads back, through the fixture reader, as the same record."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from lesaitutte_cli.domain import exports
from lesaitutte_cli.domain.fixtures import FixtureProblems, read_fixture
from lesaitutte_cli.domain.model import (
    CertificationChange,
    ChosenAnswer,
    Event,
    ExamAttempt,
    ExpiredClaim,
    Grant,
    LedgerEntry,
    Question,
    Redemption,
    Reward,
    Settings,
    User,
)

T = datetime(2026, 10, 1, 9, 0, 0, 123456, tzinfo=UTC)
CATEGORIES = {"phones", "internet"}


def read_back(settings: Settings, **sections: list[dict]):
    text = "".join(exports.fixture_text(settings, sections.items()))
    return read_fixture(json.loads(text), "export.json", CATEGORIES)


def test_a_question_with_its_whole_history_reads_back_the_same():
    question = Question(
        id=42,
        category="phones",
        text="How do I find my IMEI?",
        asker="anna",
        created_at=T,
        status="claimed",
        claimed_by="marco",
        claimed_at=T + timedelta(hours=3),
        claim_deadline=T + timedelta(hours=5),
        expired_claims=(ExpiredClaim("paola", T + timedelta(hours=2)),),
        history=(
            Event(T, "asked", "anna"),
            Event(T, "bounty", "anna", "2 points offered"),
            Event(T + timedelta(hours=2), "expired", "paola"),
        ),
        bounty=2,
        bounty_since=T,
    )
    assert read_back(Settings(), questions=[exports.question_entry(question)]).question_records == (question,)


def test_every_other_kind_of_record_reads_back_the_same():
    user = User("marco", T, frozenset({"member", "admin"}), frozenset({"phones"}), (Grant("phones", T),))
    settings = Settings("login", 2, 24, T)
    entries = [
        LedgerEntry("marco", 1, "earned", T, "up rating", question=42),
        LedgerEntry("marco", -3, "adjusted", T, "duplicate", by="ada"),
        LedgerEntry("marco", -1, "redeemed", T, "redeemed Mug", redemption=7),
    ]
    redemption = Redemption(7, "marco", "mug", "Mug", 1, "LST-AAAA-BBBB-CCCC", T)
    attempt = ExamAttempt(3, "carla", "phones", T, ("ph-1", "ph-2"), 0.8, (ChosenAnswer("ph-1", (0, 2)),), T, 1)
    change = CertificationChange("carla", "phones", "exam reset", "tina", T, "the room lost power", attempt=3)
    lapse = CertificationChange("marco", "internet", "lapsed", "", T)
    reward = Reward("mug", "Mug", 2, 0, retired=True)
    fixture = read_back(
        settings,
        users=[exports.user_entry(user)],
        rewards=[exports.reward_entry(reward)],
        ledger=[exports.ledger_entry(entry) for entry in entries],
        redemptions=[exports.redemption_entry(redemption)],
        attempts=[exports.attempt_entry(attempt)],
        certification_changes=[exports.certification_change_entry(item) for item in (change, lapse)],
    )
    assert fixture.settings == settings
    spec = fixture.users[0]
    assert (spec.name, spec.roles, spec.certifications, spec.registered_at, spec.grants) == (
        user.name,
        user.roles,
        user.certifications,
        user.registered_at,
        user.grants,
    )
    assert fixture.rewards == (reward,)
    assert fixture.ledger == tuple(entries)
    assert fixture.redemptions == (redemption,)
    assert fixture.attempts == (attempt,)
    assert fixture.certification_changes == (change, lapse)


def test_an_id_given_twice_is_named():
    entry = exports.redemption_entry(Redemption(7, "marco", "mug", "Mug", 1, "LST-AAAA-BBBB-CCCC", T))
    with pytest.raises(FixtureProblems) as refused:
        read_back(Settings(), redemptions=[entry, entry])
    assert refused.value.problems == ["export.json: redemptions: the id 7 is used more than once"]
