"""A question and the steps of its life."""

from datetime import datetime

from lesaitutte_cli.domain.model import OPEN
from lesaitutte_cli.domain.model.record import record


@record
class Event:
    """One step in a question's life, kept forever in its history."""

    at: datetime
    kind: str
    actor: str
    detail: str = ""


@record
class ExpiredClaim:
    expert: str
    deadline: datetime


@record
class Question:
    id: int
    category: str
    text: str
    asker: str
    created_at: datetime
    status: str = OPEN
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    claim_deadline: datetime | None = None
    answered_by: str | None = None
    answer: str | None = None
    answered_at: datetime | None = None
    rating: str | None = None
    rated_at: datetime | None = None
    expired_claims: tuple[ExpiredClaim, ...] = ()
    history: tuple[Event, ...] = ()
    bounty: int = 0  # points the asker put into the question that are still held in it
    bounty_since: datetime | None = None  # when the held bounty was offered
