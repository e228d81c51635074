"""What must hold in every store, whatever happened to it: the checks behind `check`.

Each function returns the problems it finds; an empty list means sound. A problem is a
`Problem`: a code of its own, for scripts, and an English template with its values, shown in
the reader's words. A claim past its deadline is not a problem here: claims expire lazily, at
the start of the next command, and that is by design.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from lesaitutte_cli.domain.model import (
    ADJUSTED,
    ANSWERED,
    BOUNTY_KINDS,
    BOUNTY_OFFERED,
    BOUNTY_PAID,
    BOUNTY_REFUNDED,
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
from lesaitutte_cli.domain.totals import Totals
from lesaitutte_cli.language import N_, Phrase, Word

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
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


# Every problem `check` can find, by its code. The PostgreSQL engine finds most of them in SQL
# and names them by these codes, so that both engines say a problem the same way.
PROBLEMS = {
    "unknown_status": N_("question {question}: unknown status '{status}'"),
    "id_beyond_last": N_("question {question}: its id is beyond the last one handed out ({last})"),
    "claim_mismatch": N_("question {question}: is {status} but its claim says otherwise"),
    "claim_not_two_hours": N_("question {question}: its claim does not last two hours"),
    "answer_mismatch": N_("question {question}: is {status} but its answer says otherwise"),
    "rating_mismatch": N_("question {question}: is {status} but its rating says otherwise"),
    "unregistered_asker": N_("question {question}: its asker '{name}' is not a registered user"),
    "unregistered_claimer": N_("question {question}: its claimer '{name}' is not a registered user"),
    "unregistered_answerer": N_("question {question}: its answerer '{name}' is not a registered user"),
    "own_question": N_("question {question}: {asker} claimed or answered their own question"),
    "question_id_repeated": N_("question {question}: the id is used {count} times"),
    "many_claims": N_("{expert} holds {count} claims at once"),
    "uncertified_claim": N_("question {question}: {expert} holds it without the {category} certification"),
    "below_zero": N_("{user}'s balance went below zero on {at} UTC"),
    "unregistered_entry": N_("a ledger entry is for '{user}', who is not a registered user"),
    "unearned_point": N_("{user} earned a point for question {question} that no up rating gave"),
    "redemption_mismatch": N_("{user} paid for redemption {redemption}, which does not match it"),
    "adjustment_by_nobody": N_("an adjustment of {user}'s points names no admin"),
    "unknown_entry_kind": N_("a ledger entry of {user} has the unknown kind '{kind}'"),
    "point_repeated": N_("question {question} earned {count} points"),
    "redemption_paid": N_("redemption {redemption} was paid {count} times"),
    "bounty_entry_mismatch": N_("{user}'s {kind} entry does not match question {question}"),
    "bounty_entry_not_theirs": N_("{user} got a {kind} entry for question {question}, which is not theirs"),
    "bounty_differs": N_("question {question} holds a bounty of {bounty} points; the ledger says {held}"),
    "bounty_kept": N_("question {question} is {status} but still holds its bounty"),
    "totals_differ": N_("{user}'s kept totals {kept} differ from a recount {recount}"),
    # The PostgreSQL engine keeps only a balance and the points earned per user.
    "balances_differ": N_(
        "{user}'s kept balance {balance} and points earned {earned} differ from a recount of the ledger "
        "({recount_balance} and {recount_earned})"
    ),
    "negative_stock": N_("reward {reward}: its stock is {stock}"),
    "unknown_reward": N_("redemption {redemption}: the reward '{reward}' is not in the catalogue"),
    "voucher_repeated": N_("the voucher {voucher} was issued {count} times"),
    "unregistered_candidate": N_("exam attempt {attempt}: '{user}' is not a registered user"),
    "more_right_than_asked": N_("exam attempt {attempt}: more right answers than questions"),
    "passed_unfinished": N_("exam attempt {attempt}: passed without being finished"),
}
# The bounty kinds of ledger entry as a problem names them.
BOUNTY_KIND_SHOWN = {
    BOUNTY_OFFERED: N_("bounty offered"),
    BOUNTY_PAID: N_("bounty paid"),
    BOUNTY_REFUNDED: N_("bounty refunded"),
}
# Values that are machine words, shown in the reader's words: a question's status, a bounty entry's kind.
_WORDS = {"status": {}, "kind": BOUNTY_KIND_SHOWN}


class Problem(Phrase):
    """One thing wrong with a store: its code (a key of PROBLEMS) and its template's values, as
    stored (a status, a kind); as a str, the English sentence."""

    code: str

    def __new__(cls, code: str, /, **values: Any) -> Self:
        for name, words in _WORDS.items():
            if isinstance(values.get(name), str):
                values[name] = Word(words.get(values[name], values[name]))
        problem = super().__new__(cls, PROBLEMS[code], **values)
        problem.code = code
        return problem


@dataclass(frozen=True)
class Records:
    users: list[User]
    questions: Iterable[Question]  # read once, in the order stored
    ledger: Iterable[LedgerEntry]  # read once, in the order the entries were made
    rewards: list[Reward]
    redemptions: list[Redemption]
    attempts: list[ExamAttempt]
    last_question_id: int
    certification_changes: list[CertificationChange] = field(default_factory=list)


def store_problems(records: Records) -> list[Problem]:
    return checked(records)[0]


def checked(records: Records) -> tuple[list[Problem], dict[str, Totals]]:
    """Every problem of the records, and each user's totals recounted by the rules (`totals_problems`).

    One pass over the questions and one over the ledger, each record checked as it goes by: what
    the checks across records need of each question is kept as compact facts (`_Questions`), so
    that a store of hundreds of thousands of questions is checked without holding them.
    """
    names = {user.name for user in records.users}
    recount: dict[str, Totals] = {}
    questions = _Questions()
    for question in records.questions:
        questions.problems += _question_problems(question, names, records.last_question_id)
        questions.add(question)
        if question.answered_by is not None:
            recount.setdefault(question.answered_by, Totals()).add_answer(question.rating)
    ledger, held = _ledger_problems(records, questions, names, recount)
    return (
        questions.problems
        + questions.repeated_problems()
        + claim_problems(questions.claimed, records)
        + ledger
        + questions.bounty_problems(held)
        + reward_problems(records)
        + attempt_problems(records),
        recount,
    )


def _question_problems(question: Question, names: set[str], last_question_id: int) -> list[Problem]:
    qid, status = question.id, question.status
    claimed = status == CLAIMED
    answered = status in (ANSWERED, RATED)
    problems = []
    if status not in STATUSES:
        problems.append(Problem("unknown_status", question=qid, status=status))
    if qid > last_question_id:
        problems.append(Problem("id_beyond_last", question=qid, last=last_question_id))
    if claimed != (question.claimed_by is not None and question.claim_deadline is not None):
        problems.append(Problem("claim_mismatch", question=qid, status=status))
    if claimed and question.claimed_at is not None and question.claim_deadline != question.claimed_at + CLAIM_WINDOW:
        problems.append(Problem("claim_not_two_hours", question=qid))
    if answered != (question.answered_by is not None and question.answer is not None):
        problems.append(Problem("answer_mismatch", question=qid, status=status))
    if (status == RATED) != (question.rating is not None):
        problems.append(Problem("rating_mismatch", question=qid, status=status))
    for code, name in (
        ("unregistered_asker", question.asker),
        ("unregistered_claimer", question.claimed_by),
        ("unregistered_answerer", question.answered_by),
    ):
        if name is not None and name not in names:
            problems.append(Problem(code, question=qid, name=name))
    if question.asker in (question.claimed_by, question.answered_by):
        problems.append(Problem("own_question", question=qid, asker=question.asker))
    return problems


# A question's asker, who earned by answering it (its answerer, if rated up), whether it has earned a point.
Parties = tuple[str, str | None, bool]


class _Questions:
    """What the checks across records need of each question read, in little memory: its id in
    order, who asked it and who earned by it and whether it has earned a point yet, the few
    claimed questions whole, and the bounties held.

    No Python object is kept per question: ids and facts are machine integers in arrays. Kept
    objects would also lie scattered among the freed objects of each record decoded, so that
    memory freed between them could not go back to the system.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.order = array("q")  # every id, in the order read
        self.unheld: dict[int, int] = {}  # position -> id, for ids `order` cannot hold (a damaged record's)
        self.parties = _ById()  # of an id repeated, the last question read
        self.points: dict[int | None, int] = {}  # points earned, for the questions of more than one or none known
        self.repeated: dict[int, int] = {}  # id -> how many questions have it, for ids had by more than one
        self.claimed: list[Question] = []  # only questions not yet answered are claimed: few
        self.bounties: dict[int, Question] = {}  # position in `order` -> the question, if it holds a bounty

    def add(self, question: Question) -> None:
        qid = question.id
        if self.parties.get(qid) is not None:
            self.repeated[qid] = self.repeated.get(qid, 1) + 1
        self.parties[qid] = (question.asker, question.answered_by if question.rating == UP else None, False)
        if question.status == CLAIMED:
            self.claimed.append(question)
        if question.bounty:
            self.bounties[len(self.order)] = question
        try:
            self.order.append(qid)
        except OverflowError:
            self.unheld[len(self.order)] = qid
            self.order.append(0)

    def ids(self) -> Iterator[int]:
        """Every question's id, in the order read."""
        for position, qid in enumerate(self.order):
            yield self.unheld.get(position, qid) if self.unheld else qid

    def count_point(self, qid: int | None) -> None:
        """A point earned by the question: the first is marked in its parties (a count for each
        question would take as much memory again), any more counted in `points`."""
        parties = self.parties.get(qid)
        if qid is not None and parties is not None and not parties[2]:
            self.parties[qid] = (parties[0], parties[1], True)
        else:
            self.points[qid] = self.points.get(qid, 0 if parties is None else 1) + 1

    def repeated_problems(self) -> list[Problem]:
        """The ids had by more than one question, in the order each was first read."""
        first: dict[int, int] = {}
        for position, qid in enumerate(self.ids() if self.repeated else ()):
            if qid in self.repeated:
                first.setdefault(qid, position)
        return [
            Problem("question_id_repeated", question=qid, count=self.repeated[qid])
            for qid in sorted(self.repeated, key=first.__getitem__)
        ]

    def bounty_problems(self, held: Counter[int | None]) -> list[Problem]:
        """What each question holds must be what the ledger moved into it and not out again."""
        problems = []
        for position, qid in enumerate(self.ids()):
            question = self.bounties.get(position)
            bounty = question.bounty if question is not None else 0
            if bounty < 0 or held[qid] != bounty:
                problems.append(Problem("bounty_differs", question=qid, bounty=bounty, held=held[qid]))
            if question is not None and question.status in (RATED, WITHDRAWN):
                problems.append(Problem("bounty_kept", question=qid, status=question.status))
        return problems


class _ById:
    """Each question's parties by its id, as machine integers in arrays indexed by id (ids are
    handed out one after another), each name kept once: a tuple per question would take ~100
    bytes, and most pairs of asker and answerer are met once. An id far past the others (a
    damaged record's) is kept in a dict instead of growing the arrays to it."""

    def __init__(self) -> None:
        self._names: list[str | None] = [None]  # a name's number is its place here; 0 is none
        self._numbers: dict[str | None, int] = {None: 0}
        self._askers = array("l")  # 0 where no question has the id
        self._earners = array("l")
        self._earned = bytearray()
        self._far: dict[int | None, Parties] = {}

    def get(self, qid: int | None) -> Parties | None:
        if qid is not None and 0 < qid < len(self._askers) and self._askers[qid]:
            asker = self._names[self._askers[qid]]
            assert asker is not None  # an asker's number is never 0
            return asker, self._names[self._earners[qid]], bool(self._earned[qid])
        return self._far.get(qid)

    def __setitem__(self, qid: int, parties: Parties) -> None:
        if qid in self._far or not 0 < qid <= 2 * len(self._askers) + 1024:
            self._far[qid] = parties
            return
        if qid >= len(self._askers):
            more = qid + 1 - len(self._askers)
            self._askers.extend(array("l", [0]) * more)
            self._earners.extend(array("l", [0]) * more)
            self._earned.extend(bytes(more))
        asker, earner, earned = parties
        self._askers[qid], self._earners[qid] = self._number(asker), self._number(earner)
        self._earned[qid] = earned

    def _number(self, name: str | None) -> int:
        if name not in self._numbers:
            self._numbers[name] = len(self._names)
            self._names.append(name)
        return self._numbers[name]


def claim_problems(claimed: list[Question], records: Records) -> list[Problem]:
    certified: dict[str | None, frozenset[str]] = {user.name: user.certifications for user in records.users}
    held = Counter(question.claimed_by for question in claimed)
    problems = [Problem("many_claims", expert=expert, count=count) for expert, count in held.items() if count > 1]
    # A claim held when its certificate lapsed runs its course.
    lapsed: dict[tuple[str | None, str], datetime] = {
        (change.user, change.category): change.at for change in records.certification_changes if change.action == LAPSED
    }
    for question in claimed:
        if question.category in certified.get(question.claimed_by, ()):
            continue
        lapsed_at = lapsed.get((question.claimed_by, question.category))
        if lapsed_at is None or question.claimed_at is None or lapsed_at < question.claimed_at:
            problems.append(
                Problem(
                    "uncertified_claim", question=question.id, expert=question.claimed_by, category=question.category
                )
            )
    return problems


def _ledger_problems(
    records: Records, questions: _Questions, names: set[str], recount: dict[str, Totals]
) -> tuple[list[Problem], Counter[int | None]]:
    """The ledger's problems, and the points each question holds by the bounty entries."""
    redemptions: dict[int | None, Redemption] = {redemption.id: redemption for redemption in records.redemptions}
    problems = []
    balances: Counter[str] = Counter()
    paid: Counter[int | None] = Counter()
    held: Counter[int | None] = Counter()
    for entry in records.ledger:
        user = entry.user
        recount.setdefault(user, Totals()).add_entry(entry.amount, entry.kind)
        balances[user] += entry.amount
        if balances[user] < 0:
            problems.append(Problem("below_zero", user=user, at=f"{entry.at:%Y-%m-%d %H:%M:%S}"))
        if user not in names:
            problems.append(Problem("unregistered_entry", user=user))
        parties = questions.parties.get(entry.question)
        if entry.kind == EARNED:
            questions.count_point(entry.question)
            if entry.amount != 1 or parties is None or parties[1] != user:
                problems.append(Problem("unearned_point", user=user, question=entry.question))
        elif entry.kind == REDEEMED:
            paid[entry.redemption] += 1
            redemption = redemptions.get(entry.redemption)
            if redemption is None or redemption.user != user or entry.amount != -redemption.cost:
                problems.append(Problem("redemption_mismatch", user=user, redemption=entry.redemption))
        elif entry.kind == ADJUSTED:
            if not entry.by:
                problems.append(Problem("adjustment_by_nobody", user=user))
        elif entry.kind in BOUNTY_KINDS:
            held[entry.question] -= entry.amount
            problems += _bounty_entry_problems(entry, parties)
        else:
            problems.append(Problem("unknown_entry_kind", user=user, kind=entry.kind))
    # Named in the order of each question's second point (the first is only marked).
    problems += [
        Problem("point_repeated", question=qid, count=count) for qid, count in questions.points.items() if count > 1
    ]
    problems += [
        Problem("redemption_paid", redemption=redemption.id, count=paid[redemption.id])
        for redemption in records.redemptions
        if paid[redemption.id] != 1
    ]
    return problems, held


def _bounty_entry_problems(entry: LedgerEntry, parties: Parties | None) -> list[Problem]:
    offered = entry.kind == BOUNTY_OFFERED
    if parties is None or (entry.amount < 0) != offered:
        return [Problem("bounty_entry_mismatch", user=entry.user, kind=entry.kind, question=entry.question)]
    asker, earner, _ = parties
    if entry.user != (earner if entry.kind == BOUNTY_PAID else asker):
        return [Problem("bounty_entry_not_theirs", user=entry.user, kind=entry.kind, question=entry.question)]
    return []


def totals_problems(recount: dict[str, Totals], kept: dict[str, Totals]) -> list[Problem]:
    """The totals a store keeps per user against a recount of its records by the rules (`checked`)."""
    return [
        Problem("totals_differ", user=name, kept=_shown(kept.get(name)), recount=_shown(recount.get(name)))
        for name in sorted(set(recount) | set(kept))
        if kept.get(name, Totals()) != recount.get(name, Totals())
    ]


def _shown(totals: Totals | None) -> Phrase:
    counted = totals or Totals()
    return Phrase(
        N_("(balance {balance}, earned {earned}, answers {answers}, rated {rated}, rated up {rated_up})"),
        balance=counted.balance,
        earned=counted.earned,
        answers=counted.answers,
        rated=counted.rated,
        rated_up=counted.rated_up,
    )


def reward_problems(records: Records) -> list[Problem]:
    known = {reward.id for reward in records.rewards}
    problems = [
        Problem("negative_stock", reward=reward.id, stock=reward.stock)
        for reward in records.rewards
        if reward.stock is not None and reward.stock < 0
    ]
    problems += [
        Problem("unknown_reward", redemption=item.id, reward=item.reward)
        for item in records.redemptions
        if item.reward not in known
    ]
    vouchers = Counter(item.voucher for item in records.redemptions)
    problems += [
        Problem("voucher_repeated", voucher=voucher, count=count) for voucher, count in vouchers.items() if count > 1
    ]
    return problems


def attempt_problems(records: Records) -> list[Problem]:
    names = {user.name for user in records.users}
    problems = []
    for attempt in records.attempts:
        if attempt.user not in names:
            problems.append(Problem("unregistered_candidate", attempt=attempt.id, user=attempt.user))
        if attempt.correct > len(attempt.questions):
            problems.append(Problem("more_right_than_asked", attempt=attempt.id))
        if attempt.passed and (attempt.finished_at is None or attempt.interrupted):
            problems.append(Problem("passed_unfinished", attempt=attempt.id))
    return problems
