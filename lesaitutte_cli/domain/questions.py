"""The life of a question: ask, claim, release, answer, rate, withdraw, and the claim window.

Every function takes the question as it is and the moment of the action, and returns the
question as it becomes, with the step appended to its history. A refusal is an exception.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.model import (
    ANSWERED,
    CLAIM_WINDOW,
    CLAIMED,
    DOWN,
    EARNED,
    EXPERT,
    OPEN,
    RATED,
    UP,
    WITHDRAWN,
    Event,
    ExpiredClaim,
    Question,
    replace,
)
from lesaitutte_cli.domain.roles import require_role
from lesaitutte_cli.domain.stored_texts import (
    EARNED_REASON,
    PAIR_LIMIT,
    RATED_WITHOUT_POINT,
    RELEASED_ON_REVOCATION,
    written,
)
from lesaitutte_cli.domain.text import require_text
from lesaitutte_cli.errors import AlreadyHolding, ClaimedFirst, ClaimExpired, Refused
from lesaitutte_cli.language import N_, Count, Phrase, Word

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import LedgerEntry, User

QUESTION_LIMIT = 2_000
ANSWER_LIMIT = 10_000


def ask_question(question_id: int, asker: User, category: str, text: str, now: datetime) -> Question:
    text = require_text(text, N_("A question"), QUESTION_LIMIT)
    return Question(
        id=question_id,
        category=category,
        text=text,
        asker=asker.name,
        created_at=now,
        history=(Event(now, "asked", asker.name),),
    )


def expire_overdue_claim(question: Question, now: datetime) -> Question | None:
    """The question back in `open` if its claim ran out by `now`, else None.

    The expiry is dated at the deadline rather than at `now`: it happened then, whichever
    command happened to notice it, so the history reads the same however it is replayed.
    """
    expert, deadline = question.claimed_by, question.claim_deadline
    if question.status != CLAIMED or expert is None or deadline is None or now < deadline:
        return None
    return replace(
        _without_claim(question),
        expired_claims=question.expired_claims + (ExpiredClaim(expert, deadline),),
        history=question.history + (Event(deadline, "expired", expert),),
    )


def claim_question(question: Question, expert: User, active_claim: int | None, now: datetime) -> Question:
    """Take the question for two hours; `active_claim` is the id the expert already holds."""
    qid = question.id
    if question.status == CLAIMED and question.claimed_by == expert.name:
        assert question.claim_deadline is not None  # a claimed question has its deadline
        raise AlreadyHolding(qid, question.claim_deadline)
    if question.status == CLAIMED:
        assert question.claimed_by is not None and question.claim_deadline is not None
        raise ClaimedFirst(qid, question.claimed_by, question.claim_deadline)
    _require_status(question, OPEN, N_("Question {id} is {status}, so it cannot be claimed."))
    if question.asker == expert.name:
        raise Refused(N_("Question {id} is your own; another expert has to answer it."), id=qid)
    if question.category not in expert.certifications:
        raise Refused(
            N_(
                "Only experts certified in {category} may claim question {id}. "
                "Get certified with: lesaitutte take-exam {category}"
            ),
            category=question.category,
            id=qid,
        )
    require_no_other_claim(active_claim)
    if any(expired.expert == expert.name for expired in question.expired_claims):
        raise Refused(N_("Your claim on question {id} expired once; it is left to other experts now."), id=qid)
    deadline = now + CLAIM_WINDOW
    return replace(
        question,
        status=CLAIMED,
        claimed_by=expert.name,
        claimed_at=now,
        claim_deadline=deadline,
        history=question.history + (Event(now, "claimed", expert.name),),
    )


def require_no_other_claim(active_claim: int | None) -> None:
    """Refuse a second claim: an expert holds one question at a time, so nobody hoards them."""
    if active_claim is not None:
        raise Refused(
            N_(
                "You already hold question {id}: answer it or release it "
                "(lesaitutte release {id}) before claiming another."
            ),
            id=active_claim,
        )


def require_expert_or_claimer(question: Question, user: User, action: str) -> None:
    """Refuse `action` on the question (answering, releasing) to a non-expert, unless they hold its claim.

    A claim held when its certificate lapsed runs its course: its holder may still answer
    or release it, though they are no longer an expert.
    """
    if not (question.status == CLAIMED and question.claimed_by == user.name):
        require_role(user, EXPERT, action)


def may_claim(question: Question, expert: User) -> bool:
    """Whether `claim --next` may offer this question to the expert."""
    return (
        question.status == OPEN
        and question.asker != expert.name
        and question.category in expert.certifications
        and all(expired.expert != expert.name for expired in question.expired_claims)
    )


def release_claim(question: Question, expert: User, now: datetime) -> Question:
    _require_claim_holder(question, expert, now)
    return replace(
        _without_claim(question),
        history=question.history + (Event(now, "released", expert.name),),
    )


def release_on_revocation(question: Question, revoked_by: str, now: datetime) -> Question:
    """The question back in `open` because its claimer lost the certification it needs."""
    assert question.claimed_by is not None  # only a claimed question is released
    return replace(
        _without_claim(question),
        history=question.history
        + (
            Event(
                now,
                "released",
                question.claimed_by,
                written(RELEASED_ON_REVOCATION, category=question.category, by=revoked_by),
            ),
        ),
    )


def answer_question(question: Question, expert: User, text: str, now: datetime) -> Question:
    _require_claim_holder(question, expert, now)
    text = require_text(text, N_("An answer"), ANSWER_LIMIT)
    return replace(
        question,
        status=ANSWERED,
        claim_deadline=None,
        answered_by=expert.name,
        answer=text,
        answered_at=now,
        history=question.history + (Event(now, "answered", expert.name),),
    )


class Rating(NamedTuple):
    question: Question  # rated
    point: LedgerEntry | None  # what an up earns the answerer
    no_point_because: str | None  # set when an up earned nothing, saying why


def rate_answer(
    question: Question,
    asker: User,
    rating: str,
    now: datetime,
    pair_points: int = 0,
    pair_limit: int | None = None,
) -> Rating:
    """The rated question and, for an `up`, the point it earns the answerer.

    `pair_points`: what this asker's up ratings earned this expert in the last 24 hours
    (`points.pair_points_today`). Once they reach `pair_limit`, an `up` is recorded and says
    why it earned nothing, so that two friends cannot farm points. Without a limit (a seeded
    history) every `up` earns.
    """
    qid = question.id
    if question.asker != asker.name:
        raise Refused(N_("Only {asker}, who asked question {id}, may rate its answer."), asker=question.asker, id=qid)
    if question.status == RATED:
        already = {
            UP: N_("Question {id} was already rated up; a rating is given once."),
            DOWN: N_("Question {id} was already rated down; a rating is given once."),
        }
        raise Refused(already[question.rating or UP], id=qid)
    _require_status(question, ANSWERED, N_("Question {id} is {status}, so it cannot be rated."))
    no_point_because = None
    if rating == UP and pair_limit is not None and pair_points >= pair_limit:
        no_point_because = pair_limit_reason(pair_limit)
    detail = written(RATED_WITHOUT_POINT, rating=rating, why=no_point_because) if no_point_because else rating
    rated = replace(
        question,
        status=RATED,
        rating=rating,
        rated_at=now,
        history=question.history + (Event(now, "rated", asker.name, detail),),
    )
    if rating != UP or no_point_because:
        return Rating(rated, None, no_point_because)
    assert question.answered_by is not None  # an answered question has its expert
    point = model.LedgerEntry(
        user=question.answered_by,
        amount=1,
        kind=EARNED,
        at=now,
        reason=written(EARNED_REASON, question=qid),
        question=qid,
    )
    return Rating(rated, point, None)


def pair_limit_reason(limit: int) -> Phrase:
    return Phrase(PAIR_LIMIT, n=Count(limit))


def withdraw_question(question: Question, asker: User, now: datetime) -> Question:
    qid = question.id
    if question.asker != asker.name:
        raise Refused(N_("Only {asker}, who asked question {id}, may withdraw it."), asker=question.asker, id=qid)
    if question.status not in (OPEN, CLAIMED):
        raise Refused(
            N_("Question {id} is {status}; only open or claimed questions can be withdrawn."),
            id=qid,
            status=Word(question.status),
        )
    return replace(
        _without_claim(question),
        status=WITHDRAWN,
        history=question.history + (Event(now, "withdrawn", asker.name),),
    )


def _without_claim(question: Question) -> Question:
    return replace(question, status=OPEN, claimed_by=None, claimed_at=None, claim_deadline=None)


def _require_status(question: Question, status: str, refusal: str) -> None:
    if question.status != status:
        raise Refused(refusal, id=question.id, status=Word(question.status))


def _require_claim_holder(question: Question, expert: User, now: datetime) -> None:
    """Refuse unless the expert holds a live claim on the question.

    An expert whose claim ran out is told when, whether or not the expiry has been
    applied to the question yet.
    """
    qid = question.id
    if question.status == CLAIMED and question.claimed_by == expert.name:
        assert question.claim_deadline is not None
        if now >= question.claim_deadline:
            raise ClaimExpired(qid, question.claim_deadline)
        return
    mine = [expired.deadline for expired in question.expired_claims if expired.expert == expert.name]
    if mine:
        raise ClaimExpired(qid, mine[-1])
    if question.status == CLAIMED:
        raise Refused(N_("Question {id} is claimed by {expert}, not by you."), id=qid, expert=question.claimed_by)
    if question.status == OPEN:
        raise Refused(N_("Question {id} is open: claim it first with: lesaitutte claim {id}"), id=qid)
    raise Refused(N_("Question {id} is {status}; you hold no claim on it."), id=qid, status=Word(question.status))
