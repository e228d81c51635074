"""The engine seam: what the services ask of a store, in the product's words.

An engine is a `Store` that hands out one `Transaction` per command. The file engine
(`store/file/`) keeps a community in a JSON document beside a lock file; a database engine
answers the same methods with queries. Nothing here names tables, documents, logs or rows:
services and tests hold these two Protocols and nothing else.

Conventions every method keeps:
- Questions, ledger entries, attempts, redemptions and certification changes are never lost:
  "every" means every one ever stored, however long ago it settled. Where a method speaks of
  "live" questions it means those not settled: open or claimed.
- Lists come back in the order stated; "in id order" is ascending id, which for questions,
  attempts and redemptions is the order they were made in.
- Lookups of something absent return None; they do not raise. Saving a record with the key of
  a stored one replaces it.
- A record the engine cannot read (damaged by hand or on disk) makes the whole transaction
  raise `errors.StoreUnusable` saying where; `check` is the one method that reports such
  records as problems instead.
- Nothing a transaction does is seen by another command until it ends without an error; then
  all of it is, at once. Two transactions never interleave.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
    from contextlib import AbstractContextManager
    from datetime import datetime

    from lesaitutte_cli.domain.history import Happening
    from lesaitutte_cli.domain.model import (
        Category,
        CertificationChange,
        ExamAttempt,
        ExamBank,
        LedgerEntry,
        Question,
        Redemption,
        Reward,
        Settings,
        User,
    )
    from lesaitutte_cli.domain.points import Standing
    from lesaitutte_cli.domain.report import Report
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.domain.totals import Totals
    from lesaitutte_cli.language import Phrase

    # Long work passes its items through this, with their number and a label (a progress bar
    # when a person watches); an engine that has no long loop in Python need not call it.
    Progress = Callable[[Iterable, int, str], Iterable]


class Changes(Protocol):
    """How a waiting command notices that another command changed the store.

    A waiter takes a mark before it looks inside the store, and when it found nothing to do
    waits for the store to differ from the mark, outside any transaction.
    """

    def mark(self) -> object:
        """A token of the store's state now; tokens of the same state compare equal."""
        ...

    def wait(self, mark: object, timeout: float | None = None) -> bool:
        """Wait until the store no longer matches `mark`, at most `timeout` seconds (None: for
        ever); whether it changed. May wake for a change that matters to nobody."""
        ...


class Store(Protocol):
    """A community's store: where it is, and the one way in."""

    @property
    def location(self) -> str:
        """Where the store is, as a person would write it (a path, or a URL without its password)."""
        ...

    @property
    def changes(self) -> Changes:
        """The wait-for-change seam of `claim --next --wait` and `watch`."""
        ...

    def login_name(self) -> str | None:
        """Who the person at the keyboard provably is, for `settings identity login`: the account
        of the process's real user id on the file engine (not LOGNAME, which anyone sets), the
        role the connection authenticated as on a database server (`session_user`). Matched to a
        community name without regard to case; None when there is no such name."""
        ...

    def transaction(self) -> AbstractContextManager[Transaction]:
        """One command's exclusive, all-or-nothing view of the store.

        Raises `errors.StoreUnusable` when the store cannot be used: missing rights, a damaged
        or foreign file, a newer schema, a lock held too long, a database that does not answer.
        A store that does not exist yet is created with the default categories.
        """
        ...


class Transaction(Protocol):
    # Housekeeping: what the session does around every command.

    def keep_so_far(self) -> None:
        """Make what this transaction did so far permanent even if the command then fails.

        The session calls it after expiring overdue claims, refunding bounties and lapsing
        certificates, which are due whatever the command goes on to do, even when a rule
        refuses it. No other command sees the store in between.
        """
        ...

    def has_changes(self) -> bool:
        """Whether this transaction changed anything (so that a later failure can say so)."""
        ...

    def archive_settled(self, now: datetime, force: bool = False) -> None:
        """A chance to file away history that settled over a week before `now`.

        Called at the end of a command that changed something. It changes no answer of any
        method; an engine whose history costs nothing to keep does nothing. `force`: file
        away everything due now, not only once enough of it has gathered (after a seed).
        """
        ...

    # Settings

    def identity_policy(self) -> str:
        """The identity setting alone (TRUST or LOGIN), which every command reads first."""
        ...

    def settings(self) -> Settings:
        """The community's settings; the defaults when none were ever saved."""
        ...

    def save_settings(self, settings: Settings) -> None: ...

    def reindex_search(self) -> None:
        """Read every answered question's words for search again, each in its own language or,
        where its words leave that open, in the saved settings' language (`Settings.language`,
        `domain.search.analysed`): what a change of that setting asks, in its transaction."""
        ...

    # Users and categories

    def user(self, name: str) -> User | None:
        """The user of that name regardless of case ('Zoe' finds 'zoe', who keeps the name as first registered)."""
        ...

    def users(self) -> list[User]:
        """Every user, in the order they joined."""
        ...

    def certified_users(self) -> list[User]:
        """The users holding at least one certification, in the order they joined."""
        ...

    def save_user(self, user: User) -> None:
        """Store the user, replacing the stored one of the same name (same case: callers save what `user` returned)."""
        ...

    def categories(self) -> list[Category]:
        """Every category, in the order they were added (the defaults first)."""
        ...

    def category(self, category_id: str) -> Category | None: ...

    def save_category(self, category: Category) -> None: ...

    # Questions

    def next_question_id(self) -> int:
        """A new question id, greater than every id handed out by a transaction that ended well
        (a counter, not the largest stored id + 1). A failed transaction's ids may come again."""
        ...

    def next_question_ids(self, count: int) -> range:
        """`count` consecutive new ids at once, for a seed."""
        ...

    def question(self, question_id: int) -> Question | None:
        """The question with that id, however long ago it settled."""
        ...

    def questions(
        self,
        statuses: Collection[str] | None = None,
        categories: Collection[str] | None = None,
        involving: str | None = None,
    ) -> Iterator[Question]:
        """Every question matching all the filters given, in id order, read as the caller goes.

        `involving`: asked, claimed or answered by that user (exact name as stored). Asking only
        for live statuses (open, claimed) costs nothing for the settled history however long.
        """
        ...

    def save_question(self, question: Question) -> None:
        """Store a new question, or a new version of a stored one (settled long ago or not)."""
        ...

    def unasked(self, questions: Sequence[tuple[str, str, str]]) -> list[int]:
        """The positions, in order, of the (asker, category, text) of questions to seed that no
        stored question matches (the asker's name in any case): the same fixture seeded twice
        adds nothing the second time. An engine that can should answer without reading every
        stored question into Python.
        """
        ...

    def add_history(self, questions: list[Question], entries: list[LedgerEntry], now: datetime) -> None:
        """A seed's questions (with ids from `next_question_ids`) and ledger entries, all at once.

        `now` is the moment of the seed: what settled long before it may go straight to where
        the engine files away history. Nothing stored is replaced.
        """
        ...

    def awaiting_rating(self, asker: str) -> list[Question]:
        """The asker's answered questions that wait for their rating, in id order."""
        ...

    # Claims

    def overdue_claims(self, now: datetime) -> list[Question]:
        """The claimed questions whose claim deadline is `now` or earlier, in id order."""
        ...

    def claim_held_by(self, expert: str) -> Question | None:
        """The question the expert holds a claim on (at most one), if any."""
        ...

    def next_claimable(self, expert: User) -> Question | None:
        """The question `claim --next` gives this expert: the highest bounty first, then the
        earliest asked (`created_at`, then id), among the questions `domain.questions.may_claim`
        lets them take (open, in a category they are certified in, not their own, no claim of
        theirs on it ever expired).

        The question is reserved to this transaction: a concurrent `next_claimable` for another
        expert passes over it rather than waiting for it (a database locks the row `FOR UPDATE
        SKIP LOCKED`; the file engine has one transaction at a time). Reading it does not claim
        it: the caller saves the claimed question.
        """
        ...

    def held_bounties(self, offered_before: datetime) -> list[Question]:
        """Open or claimed questions holding a bounty offered at or before that moment, in id order."""
        ...

    # Points

    def add_ledger_entry(self, entry: LedgerEntry) -> None:
        """Add an entry; entries are never changed or removed."""
        ...

    def ledger(self, user: str | None = None, since: datetime | None = None) -> Iterator[LedgerEntry]:
        """Every entry (of that user, made at `since` or later), in the order they were added."""
        ...

    def pair_ledger(self, expert: str, asker: str, since: datetime) -> list[LedgerEntry]:
        """The expert's entries made at `since` or later for questions `asker` asked (names as
        stored), in the order they were added: what the cap on points per pair counts."""
        ...

    def totals(self, user: str) -> Totals:
        """The user's totals over all time: balance, points earned, answers given, rated and rated up.

        All zeros for a user with no entries and no answers.
        """
        ...

    def standings(self, category: str | None = None, since: datetime | None = None) -> list[Standing]:
        """One unranked leaderboard line per user with points earned or an answer given, in no particular order.

        Points: the earning entries (`EARNING_KINDS`) made at `since` or later, for questions of
        `category` when given. Answers: those given at `since` or later, in `category` when
        given, with how many were rated and rated up. Ranking is the domain's (`rank_standings`).
        """
        ...

    # Rewards and redemptions

    def reward(self, reward_id: str) -> Reward | None: ...

    def rewards(self) -> list[Reward]:
        """Every reward, retired ones included, in the order they were added."""
        ...

    def save_reward(self, reward: Reward) -> None: ...

    def delete_reward(self, reward_id: str) -> None:
        """Forget a reward that was never redeemed (one that was is retired instead)."""
        ...

    def next_redemption_id(self) -> int:
        """A new redemption id, as `next_question_id` is for questions."""
        ...

    def add_redemption(self, redemption: Redemption) -> None: ...

    def redemptions(self, user: str | None = None) -> list[Redemption]:
        """Every redemption (of that user), in id order."""
        ...

    # Exams and certifications

    def exam_bank(self, category: str) -> ExamBank | None: ...

    def exam_banks(self) -> list[ExamBank]:
        """Every exam bank, in the order they were first imported."""
        ...

    def save_exam_bank(self, bank: ExamBank) -> None:
        """Store the bank, replacing the one of its category."""
        ...

    def next_attempt_id(self) -> int:
        """A new attempt id, as `next_question_id` is for questions."""
        ...

    def attempt(self, attempt_id: int) -> ExamAttempt | None: ...

    def attempts(self, user: str | None = None) -> list[ExamAttempt]:
        """Every attempt (of that user), in id order."""
        ...

    def save_attempt(self, attempt: ExamAttempt) -> None:
        """Store a new attempt or its finished version."""
        ...

    def add_certification_change(self, change: CertificationChange) -> None: ...

    def certification_changes(self, user: str | None = None) -> list[CertificationChange]:
        """Every certification change (of that user), in the order they were made."""
        ...

    # Whole-community questions: an engine that can answer them with a query does.

    def search(self, query: str, category: str | None = None, limit: int | None = None) -> Iterator[Hit]:
        """Answered and rated questions matching the query's words, best first (at equal score,
        an answer rated up first, then the lower id); at most `limit` of them. Read as the
        caller goes, within the transaction: a common word may match most of a million answers,
        more than a command should hold at once.

        A query with no word that carries meaning finds nothing. Each hit says which of the
        query's terms (`domain.search.terms`) it matched.
        """
        ...

    def similar(self, text: str, limit: int) -> list[Hit]:
        """Answered questions close enough to a new question's text to be worth reading first
        (`domain.search.close_enough`), best first, at most `limit`."""
        ...

    def report(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        category: str | None = None,
        progress: Progress | None = None,
    ) -> Report:
        """The service report (`domain.report`) over the questions asked in [since, until) and
        of `category` when given, with the certification changes made in that period and category."""
        ...

    def history(self, user: str) -> list[Happening]:
        """Everything the user did or received, in time order (`domain.history.user_history`)."""
        ...

    def check(self, progress: Progress | None = None) -> tuple[dict[str, int], list[str]]:
        """Every record read as stored, against every invariant (`domain.invariants`) and the
        engine's own bookkeeping: how many records of each kind there are (users, questions,
        ledger, rewards, redemptions, attempts), and a sentence for each problem found (a record
        that cannot be read is one): a `Phrase`, shown in the reader's words, and for a broken
        invariant its `domain.invariants.Problem`. It changes nothing, not even overdue claims.
        """
        ...

    def outgrown(self) -> Phrase | None:
        """A sentence when the store holds more than this engine serves well, for `check` to pass on."""
        ...
