"""The things the community is made of, as records, and the words for their states.

One module, loaded whole: every command needs some of it, and on this machine each extra
module file costs about as much to find and open as a record class costs to build.

The records are plain dataclasses declared with `@record`, not frozen ones: freezing a class
costs 0.6 ms more at every start of every command. They are treated as immutable all the same:
the rules never change a record, they return a new one made with this module's `replace`.
`@record` writes their `__eq__` and `__repr__` once, for all of them, where `@dataclass` would
compile both from source text for every class at every start (measured: ~4 ms of a command's
~12 ms of own start-up).
"""

import dataclasses
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, dataclass_transform

from lesaitutte_cli.language import ENGLISH, ITALIAN

T = TypeVar("T")

OPEN = "open"
CLAIMED = "claimed"
ANSWERED = "answered"
RATED = "rated"
WITHDRAWN = "withdrawn"
STATUSES = (OPEN, CLAIMED, ANSWERED, RATED, WITHDRAWN)

UP = "up"
DOWN = "down"
RATINGS = (UP, DOWN)

MEMBER = "member"
EXPERT = "expert"
TRAINER = "trainer"
ADMIN = "admin"
# Roles stored on a user; being an expert follows from holding a certification.
STORED_ROLES = (MEMBER, TRAINER, ADMIN)

CLAIM_WINDOW = timedelta(hours=2)
BOUNTY_WINDOW = timedelta(days=7)  # a bounty unanswered this long returns to the asker

TRUST = "trust"
LOGIN = "login"
IDENTITY_POLICIES = (TRUST, LOGIN)
# The languages a community's questions may be written in: search reads each its own way.
WRITTEN_LANGUAGES = (ENGLISH, ITALIAN)

EARNED = "earned"
REDEEMED = "redeemed"
ADJUSTED = "adjusted"
BOUNTY_OFFERED = "bounty_offered"
BOUNTY_PAID = "bounty_paid"
BOUNTY_REFUNDED = "bounty_refunded"
BOUNTY_KINDS = (BOUNTY_OFFERED, BOUNTY_PAID, BOUNTY_REFUNDED)
# What an expert earns: the point of an up rating and the bounties paid on top of it.
EARNING_KINDS = (EARNED, BOUNTY_PAID)


PASSED = "passed"
FAILED = "failed"
INTERRUPTED = "interrupted"
UNFINISHED = "unfinished"


CERTIFIED = "certified"
REVOKED = "revoked"
RENEWED = "renewed"
LAPSED = "lapsed"
EXAM_RESET = "exam reset"  # a trainer cleared the wait after a failed or unfinished attempt


@dataclass_transform()
def record(cls: type[T]) -> type[T]:
    """A record class: a dataclass compared by value and shown with its fields."""
    made = dataclasses.dataclass(eq=False, repr=False)(cls)
    # __hash__ None, as @dataclass leaves a class compared by value: records are not keys.
    for name, method in (("__eq__", _equal), ("__repr__", _shown), ("__hash__", None)):
        setattr(made, name, method)
    return made


if TYPE_CHECKING:  # type checkers check the fields named as they check dataclasses.replace's
    from dataclasses import replace
else:

    def replace(record, /, **changes):
        """dataclasses.replace for records (which have no __post_init__): a copy with `changes`,
        without running __init__ over every field again. Rules make a changed copy at every step
        of a question's life; seeding 100,000 questions made 278,000 copies, 1.4 s of 11 s."""
        unknown = changes.keys() - record.__dict__.keys()
        if unknown:
            raise TypeError(f"{type(record).__name__} has no field {', '.join(sorted(unknown))}")
        copied = object.__new__(type(record))
        copied.__dict__.update(record.__dict__, **changes)
        return copied


def _equal(self: Any, other: Any) -> bool:
    return other.__class__ is self.__class__ and all(
        bool(getattr(self, field.name) == getattr(other, field.name)) for field in dataclasses.fields(self)
    )


def _shown(self: Any) -> str:
    fields = ", ".join(f"{field.name}={getattr(self, field.name)!r}" for field in dataclasses.fields(self))
    return f"{type(self).__qualname__}({fields})"


# The people of the community.


@record
class Grant:
    """When a certification was last granted (passed, certified or renewed)."""

    category: str
    at: datetime


@record
class User:
    """A registered member: roles given by admins, certifications earned in exams or given by trainers."""

    name: str
    registered_at: datetime
    roles: frozenset[str] = frozenset({MEMBER})
    certifications: frozenset[str] = frozenset()
    # Grant times of the certifications; one without (older stores, seeds) has an unknown grant time.
    grants: tuple[Grant, ...] = ()


# How the community runs, and what it talks about.


@record
class Settings:
    """How a store's community runs, changed by its admins."""

    identity: str = TRUST  # TRUST: --user names anyone; LOGIN: people act as their login name
    pair_points_per_day: int = 3  # points one asker's up ratings may give one expert in 24 hours
    certification_months: int = 0  # how long a certification lasts; 0: for ever
    certification_months_since: datetime | None = None  # when certifications began to expire
    language: str = ENGLISH  # what search takes a question to be written in when its words leave it open


@record
class Category:
    """What questions are about; experts are certified per category."""

    id: str
    title: str


DEFAULT_CATEGORIES = (
    Category("tariffs", "Tariffs and plans"),
    Category("services", "Services and account"),
    Category("phones", "Phones and devices"),
    Category("internet", "Internet and set-up"),
)


# A question and the steps of its life.


@record
class Event:
    """One step in a question's life, kept forever in its history."""

    at: datetime
    kind: str
    actor: str
    detail: str = ""


@record
class ExpiredClaim:
    """A claim that ran out: its expert may not claim that question again."""

    expert: str
    deadline: datetime


@record
class Question:
    """A question, from asking to rating; `history` keeps every step."""

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


# Points and what they buy.


@record
class LedgerEntry:
    """One change to a user's points; a balance is the sum of these."""

    user: str
    amount: int
    kind: str  # EARNED, REDEEMED, ADJUSTED or one of BOUNTY_KINDS
    at: datetime
    reason: str = ""
    question: int | None = None  # the answer an EARNED point was given for; the question of a bounty
    redemption: int | None = None  # the redemption a REDEEMED entry paid for
    by: str | None = None  # the admin who made an ADJUSTED entry


@record
class Reward:
    """A prize in the catalogue, bought with points."""

    id: str
    title: str
    cost: int
    stock: int | None = None  # None: unlimited
    retired: bool = False  # no longer offered, kept so that past redemptions stay readable


@record
class Redemption:
    """A reward redeemed: what it cost, and the voucher that proves it."""

    id: int
    user: str
    reward: str
    title: str
    cost: int
    voucher: str
    at: datetime


# Certification exams: the banks, the attempts, and certifications given and taken.


@record
class ExamQuestion:
    """One multiple-choice question of a category's exam bank."""

    id: str
    text: str
    choices: tuple[str, ...]
    answer: tuple[int, ...]  # indices of the right choices, 0-based


@record
class ExamBank:
    """A category's exam: its questions, how many an attempt draws, and the mark to pass."""

    category: str
    questions_per_attempt: int
    pass_mark: float  # the fraction of right answers needed to pass
    retry_after_hours: float
    questions: tuple[ExamQuestion, ...]


@record
class ChosenAnswer:
    """The choices a candidate made for one drawn exam question."""

    question: str  # an exam question's id
    choices: tuple[int, ...]


@record
class ExamAttempt:
    """One sitting of a certification exam, recorded from the moment the questions are drawn."""

    id: int
    user: str
    category: str
    started_at: datetime
    questions: tuple[str, ...]  # the drawn exam questions' ids, in the order asked
    pass_mark: float
    answers: tuple[ChosenAnswer, ...] = ()
    finished_at: datetime | None = None
    correct: int = 0
    passed: bool = False
    interrupted: bool = False

    @property
    def outcome(self) -> str:
        if self.finished_at is None:
            return UNFINISHED
        if self.interrupted:
            return INTERRUPTED
        return PASSED if self.passed else FAILED

    @property
    def score(self) -> float:
        return self.correct / len(self.questions)


@record
class CertificationChange:
    """A certification given, renewed, taken away or lapsed, or an exam wait cleared."""

    user: str
    category: str
    # CERTIFIED, RENEWED, REVOKED, LAPSED or EXAM_RESET (then `attempt` is the one whose wait was cleared)
    action: str
    by: str  # the trainer or candidate; empty for a lapse, which nobody made
    at: datetime
    reason: str = ""
    attempt: int | None = None
