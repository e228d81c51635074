"""The texts the tool stores in records read back as the templates they were written from."""

from datetime import UTC, datetime

import pytest

from lesaitutte_cli import language
from lesaitutte_cli.domain.model import Event, LedgerEntry
from lesaitutte_cli.domain.questions import pair_limit_reason
from lesaitutte_cli.domain.stored_texts import (
    BOUNTY_REFUNDED_DETAIL,
    RATED_WITHOUT_POINT,
    REDEEMED_REASON,
    WITHDRAWN_REFUND,
    entry_reason,
    event_detail,
    written,
)
from lesaitutte_cli.errors import shown
from lesaitutte_cli.language import Phrase

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def italian():
    language.choose("it")
    yield
    language.choose(None)


def test_a_reason_the_tool_wrote_reads_back_in_italian(italian):
    entry = LedgerEntry("marco", -5, "redeemed", T0, written(REDEEMED_REASON, reward="Cover (rossa)"), redemption=1)
    reason = entry_reason(entry)
    assert isinstance(reason, Phrase) and reason == "redeemed Cover (rossa)"
    assert shown(reason, str) == "riscattato Cover (rossa)"


def test_a_reason_of_another_kind_or_shape_is_shown_as_stored():
    assert not isinstance(entry_reason(LedgerEntry("anna", 1, "adjusted", T0, "redeemed x", by="ada")), Phrase)
    assert not isinstance(entry_reason(LedgerEntry("anna", 1, "earned", T0, "a gift", question=1)), Phrase)


@pytest.mark.parametrize(("limit", "italian_limit"), [(1, "1 punto"), (3, "3 punti")])
def test_a_rating_that_earned_no_point_reads_back_with_its_plural(italian, limit, italian_limit):
    detail = written(RATED_WITHOUT_POINT, rating="up", why=pair_limit_reason(limit))
    assert detail.startswith("up (no point: an asker's up ratings")
    said = shown(event_detail(Event(T0, "rated", "anna", detail)), str)
    assert said.startswith("positiva (nessun punto: ") and f"al massimo {italian_limit} in 24 ore" in said


def test_a_bounty_refund_reads_back_in_english_as_it_was_written():
    detail = written(BOUNTY_REFUNDED_DETAIL, n=1, why=WITHDRAWN_REFUND)
    assert detail == "1 point refunded: withdrawn"
    assert shown(event_detail(Event(T0, "bounty", "anna", detail)), str) == detail


def test_a_release_on_revocation_reads_back_in_italian(italian):
    detail = Event(T0, "released", "marco", "certification in phones revoked by tina")
    assert shown(event_detail(detail), str) == "certificazione in phones revocata da tina"
