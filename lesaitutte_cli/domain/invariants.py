"""What must hold in every store, whatever happened to it: the checks behind `check`.

Each function returns the problems it finds as sentences; an empty list means sound.
A claim past its deadline is not a problem here: claims expire lazily, at the start of
the next command, and that is by design.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lesaitutte_cli.domain.model import (
    ADJUSTED,
    ANSWERED,
    BOUNTY_KINDS,
    BOUNTY_OFFERED,
    BOUNTY_PAID,
    CLAIM_WINDOW,
    CLAIMED,
    EARNED,
    LAPSED,
    RATED,
    REDEEMED,
    STATUSES,
    UP,
    WITHDRAWN,
)
from lesaitutte_cli.domain.totals import Totals, count_totals

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import (
        CertificationChange,
        ExamAttempt,
        LedgerEntry,
        Question,
        Redemption,
        Reward,
        User,
    )


@dataclass(frozen=True)
class Records:
    users: list[User]
    questions: list[Question]
    ledger: list[LedgerEntry]  # in the order the entries were made
    rewards: list[Reward]
    redemptions: list[Redemption]
    attempts: list[ExamAttempt]
    last_question_id: int
    certification_changes: list[CertificationChange] = field(default_factory=list)


def store_problems(records: Records) -> list[str]:
    return (
        question_problems(records)
        + claim_problems(records)
        + ledger_problems(records)
        + bounty_problems(records)
        + reward_problems(records)
        + attempt_problems(records)
    )


def question_problems(records: Records) -> list[str]:
    names = {user.name for user in records.users}
    problems = []
    for question in records.questions:
        where = f"question {question.id}"
        claimed = question.status == CLAIMED
        answered = question.status in (ANSWERED, RATED)
        if question.status not in STATUSES:
            problems.append(f"{where}: unknown status '{question.status}'")
        if question.id > records.last_question_id:
            problems.append(f"{where}: its id is beyond the last one handed out ({records.last_question_id})")
        if claimed != (question.claimed_by is not None and question.claim_deadline is not None):
            problems.append(f"{where}: is {question.status} but its claim says otherwise")
        if (
            claimed
            and question.claimed_at is not None
            and question.claim_deadline != question.claimed_at + CLAIM_WINDOW
        ):
            problems.append(f"{where}: its claim does not last two hours")
        if answered != (question.answered_by is not None and question.answer is not None):
            problems.append(f"{where}: is {question.status} but its answer says otherwise")
        if (question.status == RATED) != (question.rating is not None):
            problems.append(f"{where}: is {question.status} but its rating says otherwise")
        for role, name in (
            ("asker", question.asker),
            ("claimer", question.claimed_by),
            ("answerer", question.answered_by),
        ):
            if name is not None and name not in names:
                problems.append(f"{where}: its {role} '{name}' is not a registered user")
        if question.asker in (question.claimed_by, question.answered_by):
            problems.append(f"{where}: {question.asker} claimed or answered their own question")
    ids = Counter(question.id for question in records.questions)
    problems += [f"question {qid}: the id is used {count} times" for qid, count in ids.items() if count > 1]
    return problems


def claim_problems(records: Records) -> list[str]:
    certified: dict[str | None, frozenset[str]] = {user.name: user.certifications for user in records.users}
    held = Counter(question.claimed_by for question in records.questions if question.status == CLAIMED)
    problems = [f"{expert} holds {count} claims at once" for expert, count in held.items() if count > 1]
    # A claim held when its certificate lapsed runs its course.
    lapsed: dict[tuple[str | None, str], datetime] = {
        (change.user, change.category): change.at for change in records.certification_changes if change.action == LAPSED
    }
    for question in records.questions:
        if question.status != CLAIMED or question.category in certified.get(question.claimed_by, ()):
            continue
        lapsed_at = lapsed.get((question.claimed_by, question.category))
        if lapsed_at is None or question.claimed_at is None or lapsed_at < question.claimed_at:
            problems.append(
                f"question {question.id}: {question.claimed_by} holds it without the {question.category} certification"
            )
    return problems


def ledger_problems(records: Records) -> list[str]:
    names = {user.name for user in records.users}
    questions: dict[int | None, Question] = {question.id: question for question in records.questions}
    redemptions: dict[int | None, Redemption] = {redemption.id: redemption for redemption in records.redemptions}
    problems = []
    balances: Counter[str] = Counter()
    for entry in records.ledger:
        balances[entry.user] += entry.amount
        if balances[entry.user] < 0:
            problems.append(f"{entry.user}'s balance went below zero on {entry.at:%Y-%m-%d %H:%M:%S} UTC")
        if entry.user not in names:
            problems.append(f"a ledger entry is for '{entry.user}', who is not a registered user")
        if entry.kind == EARNED:
            question = questions.get(entry.question)
            if entry.amount != 1 or question is None or question.rating != UP or question.answered_by != entry.user:
                problems.append(f"{entry.user} earned a point for question {entry.question} that no up rating gave")
        elif entry.kind == REDEEMED:
            redemption = redemptions.get(entry.redemption)
            if redemption is None or redemption.user != entry.user or entry.amount != -redemption.cost:
                problems.append(f"{entry.user} paid for redemption {entry.redemption}, which does not match it")
        elif entry.kind == ADJUSTED:
            if not entry.by:
                problems.append(f"an adjustment of {entry.user}'s points names no admin")
        elif entry.kind in BOUNTY_KINDS:
            problems += _bounty_entry_problems(entry, questions.get(entry.question))
        else:
            problems.append(f"a ledger entry of {entry.user} has the unknown kind '{entry.kind}'")
    earned = Counter(entry.question for entry in records.ledger if entry.kind == EARNED)
    problems += [f"question {qid} earned {count} points" for qid, count in earned.items() if count > 1]
    paid = Counter(entry.redemption for entry in records.ledger if entry.kind == REDEEMED)
    problems += [
        f"redemption {redemption.id} was paid {paid[redemption.id]} times"
        for redemption in records.redemptions
        if paid[redemption.id] != 1
    ]
    return problems


def _bounty_entry_problems(entry: LedgerEntry, question: Question | None) -> list[str]:
    offered = entry.kind == BOUNTY_OFFERED
    if question is None or (entry.amount < 0) != offered:
        return [f"{entry.user}'s {entry.kind} entry does not match question {entry.question}"]
    if entry.kind == BOUNTY_PAID:
        rightful = question.answered_by if question.rating == UP else None
    else:
        rightful = question.asker
    if entry.user != rightful:
        return [f"{entry.user} got a {entry.kind} entry for question {entry.question}, which is not theirs"]
    return []


def bounty_problems(records: Records) -> list[str]:
    """What each question holds must be what the ledger moved into it and not out again."""
    held: Counter[int | None] = Counter()
    for entry in records.ledger:
        if entry.kind in BOUNTY_KINDS:
            held[entry.question] -= entry.amount
    problems = []
    for question in records.questions:
        if question.bounty < 0 or held[question.id] != question.bounty:
            problems.append(
                f"question {question.id} holds a bounty of {question.bounty} points; the ledger says {held[question.id]}"
            )
        if question.bounty and question.status in (RATED, WITHDRAWN):
            problems.append(f"question {question.id} is {question.status} but still holds its bounty")
    return problems


def totals_problems(records: Records, kept: dict[str, Totals]) -> list[str]:
    """The totals a store keeps per user against a recount of its records by the rules."""
    recount = count_totals(records.ledger, records.questions)
    return [
        f"{name}'s kept totals {_shown(kept.get(name))} differ from a recount {_shown(recount.get(name))}"
        for name in sorted(set(recount) | set(kept))
        if kept.get(name, Totals()) != recount.get(name, Totals())
    ]


def _shown(totals: Totals | None) -> str:
    counted = totals or Totals()
    return (
        f"(balance {counted.balance}, earned {counted.earned}, answers {counted.answers}, "
        f"rated {counted.rated}, rated up {counted.rated_up})"
    )


def reward_problems(records: Records) -> list[str]:
    known = {reward.id for reward in records.rewards}
    problems = [
        f"reward {reward.id}: its stock is {reward.stock}"
        for reward in records.rewards
        if reward.stock is not None and reward.stock < 0
    ]
    problems += [
        f"redemption {item.id}: the reward '{item.reward}' is not in the catalogue"
        for item in records.redemptions
        if item.reward not in known
    ]
    vouchers = Counter(item.voucher for item in records.redemptions)
    problems += [f"the voucher {voucher} was issued {count} times" for voucher, count in vouchers.items() if count > 1]
    return problems


def attempt_problems(records: Records) -> list[str]:
    names = {user.name for user in records.users}
    problems = []
    for attempt in records.attempts:
        where = f"exam attempt {attempt.id}"
        if attempt.user not in names:
            problems.append(f"{where}: '{attempt.user}' is not a registered user")
        if attempt.correct > len(attempt.questions):
            problems.append(f"{where}: more right answers than questions")
        if attempt.passed and (attempt.finished_at is None or attempt.interrupted):
            problems.append(f"{where}: passed without being finished")
    return problems
