"""The PostgreSQL engine: `Store`, `Transaction` and `Changes` of store/engine.py over one database.

One command is one database transaction at READ COMMITTED. Rather than SERIALIZABLE, whose
conflicts are failures to run again, the engine locks the rows a command reads in order to
change them, so that concurrent commands wait for each other rather than fail:
- a question read by id, the overdue claims and held bounties: `FOR UPDATE` (two experts
  claiming one question take turns; the second sees the first one's claim and is refused by
  the domain, as on the file engine);
- the question `claim --next` offers: `FOR UPDATE SKIP LOCKED` (experts never wait on each
  other and never get the same question);
- a user read by name: `FOR NO KEY UPDATE` (two trainers certifying one person take turns;
  foreign keys pointing at the user are not blocked);
- a reward read by id: `FOR UPDATE` (the last one in stock goes once);
- every user at once, or a user who is not there: the users table, in a mode only such
  readers and writers of users wait for (two people registering together on a new store do
  not both become its admin, nor both take one name);
- balances: the ledger's trigger updates the user's balance row, which waits for any other
  command moving the same user's points, and its CHECK refuses a balance below zero.
Where a constraint still refuses a change (a race the locks above do not cover), the
refusal is the same kind the file engine gives (`errors.Refused`, exit 1). A deadlock, which
these lock orders make rare, or a serialization failure undoes the whole transaction and
raises `errors.Collided`, on which the services run the command's transaction again.

`keep_so_far` sets a savepoint: when the command then fails, the work after it is rolled
back and the work before it (expired claims, refunded bounties, lapsed certificates) is
committed. Other commands never see the store in between: they see all of it at the commit.
"""

from __future__ import annotations

import itertools
import math
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.rows import dict_row

from lesaitutte_cli.domain.model import CLAIM_WINDOW, EARNING_KINDS
from lesaitutte_cli.errors import Collided, Refused, StoreUnusable
from lesaitutte_cli.language import N_
from lesaitutte_cli.store.postgres import rows
from lesaitutte_cli.store.postgres.connection import connect, without_password
from lesaitutte_cli.store.postgres.queries import query
from lesaitutte_cli.store.postgres.schema import migrate
from lesaitutte_cli.store.postgres.transactions import RETRYABLE, lost_connection

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator, Sequence
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
    from lesaitutte_cli.store.engine import Progress

# The constraints that back a rule up, and the refusal each gives when a race reaches it.
REFUSALS = {
    "questions_one_live_claim_per_expert": N_(
        "You already hold a claim, taken by another command a moment ago: answer it or release it "
        "before claiming another. See which with: lesaitutte me"
    ),
    "balances_balance_check": N_(
        "Not enough points: another command spent them a moment ago, and a balance never goes below zero. "
        "Nothing was changed; see your balance with: lesaitutte me"
    ),
    "rewards_stock_check": N_(
        "The reward went out of stock a moment ago. Nothing was changed; see what else there is with: "
        "lesaitutte rewards"
    ),
    "users_name_without_case": N_(
        "That name was registered a moment ago by another command, in this or another case. "
        "See who is registered, or choose another name."
    ),
    "redemptions_voucher_key": N_("Two vouchers came out the same, so nothing was changed: redeem again."),
}

_cursor_names = itertools.count(1)
MOST_TERM_GROUPS = 64  # a query for similar questions lists at most this many groups of terms


class PostgresStore:
    """A community in the PostgreSQL database at `url` (anything libpq takes)."""

    def __init__(self, url: str, lock_timeout: float = 5.0) -> None:
        self._url = url
        self._lock_timeout = lock_timeout
        self._connection: psycopg.Connection | None = None
        self._session_user: str | None = None
        self._changes: PostgresChanges | None = None

    @property
    def location(self) -> str:
        return without_password(self._url)

    @property
    def changes(self) -> PostgresChanges:
        if self._changes is None:
            self._changes = PostgresChanges(self._url)
        return self._changes

    def login_name(self) -> str | None:
        """The database role the connection authenticated as (`session_user`, which SET ROLE does
        not change): who is acting under `settings identity login`, since a member can log in to
        the server only as the role they hold the password or certificate of."""
        self._open()
        return self._session_user

    def close(self) -> None:
        """Close the connections (a process that ends closes them anyway)."""
        if self._changes is not None:
            self._changes.connection.close()
        if self._connection is not None:
            self._connection.close()
        self._connection = self._changes = None

    @contextmanager
    def transaction(self) -> Iterator[PostgresTransaction]:
        connection = self._open()
        dbname = connection.info.dbname  # unreadable once the connection is lost
        tx = PostgresTransaction(connection)
        committing = False
        try:
            try:
                yield tx
            except BaseException:
                _end_failed(connection, tx)
                raise
            committing = True
            connection.commit()
        except psycopg.errors.IntegrityError as error:
            refusal = REFUSALS.get(error.diag.constraint_name or "")
            if refusal is None:
                raise
            raise Refused(refusal) from None
        except psycopg.errors.LockNotAvailable:
            raise StoreUnusable(
                N_(
                    "Another command kept what this one needs on the database {dbname} locked for more than "
                    "{seconds:g} seconds, so nothing was changed. Wait for it to finish, or raise "
                    "LESAITUTTE_LOCK_TIMEOUT."
                ),
                dbname=dbname,
                seconds=self._lock_timeout,
            ) from None
        except RETRYABLE as error:
            # The services run the whole transaction again (services/session.py `retried`).
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise Collided(
                N_(
                    "The database {dbname} undid this command's work because another command got in the way ({reason})."
                ),
                dbname=dbname,
                reason=reason,
            ) from None
        except psycopg.OperationalError as error:
            if not connection.broken:
                raise
            raise StoreUnusable(lost_connection(dbname, error, committing)) from None

    def _open(self) -> psycopg.Connection:
        if self._connection is not None and not self._connection.closed:
            return self._connection
        # Times come back in UTC, as the domain keeps them (and as JSON built in SQL writes them);
        # a lock is waited for LESAITUTTE_LOCK_TIMEOUT, at least a millisecond (0 is for ever);
        # no JIT: a session lives for one command, so compiling a whole-community query costs
        # more than it saves (check at 1,000,000 questions ran 1.7-3 s slower with it).
        session = {"TimeZone": "UTC", "lock_timeout": f"{max(1, round(self._lock_timeout * 1000))}ms", "jit": "off"}
        connection = connect(self._url, session)
        try:
            # The server reports it as the session starts: the role the connection authenticated
            # as (`session_user`, which SET ROLE does not change).
            self._session_user = connection.info.parameter_status("session_authorization")
            migrate(connection)
        except psycopg.OperationalError as error:
            connection.close()
            raise StoreUnusable(lost_connection(self.location, error, False)) from None
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection


def _end_failed(connection: psycopg.Connection, tx: PostgresTransaction) -> None:
    """Undo a failed command's work, keeping what it asked to keep."""
    if connection.broken:
        return
    if tx.kept:
        connection.execute(query("rollback_to_kept"))
        connection.commit()
    else:
        connection.rollback()


class PostgresChanges:
    """Waiting for a question to become open: LISTEN on the channel the schema's triggers NOTIFY.

    The mark is how many notifications this connection has received; a notification is
    sent when a transaction that asked, released or reopened a question commits, so a waiter
    wakes as soon as that happens. The connection listens from the moment it is made, before
    any mark, so nothing committed after a mark is missed.
    """

    def __init__(self, url: str) -> None:
        self.connection = connect(url)
        self.connection.autocommit = True
        self.connection.execute(query("listen_for_open_questions"))
        self._received = 0

    def mark(self) -> int:
        self._receive(timeout=0)
        return self._received

    def wait(self, mark: object, timeout: float | None = None) -> bool:
        if self._received == mark:
            self._receive(timeout, stop_after=1)
        return self._received != mark

    def _receive(self, timeout: float | None, stop_after: int | None = None) -> None:
        try:
            for _ in self.connection.notifies(timeout=timeout, stop_after=stop_after):
                self._received += 1
        except psycopg.OperationalError as error:
            raise StoreUnusable(lost_connection(self.connection.info.dbname, error, False)) from None


class PostgresTransaction:
    """One command's work: every method is one or a few named queries of queries.sql."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self._connection = connection
        self._changed = False
        self.kept = False
        self._written_in: str | None = None  # the settings' language, read when a question's terms first need it

    # Running the named queries

    def _one(self, name: str, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
        with self._connection.cursor(row_factory=dict_row) as cursor:
            return cursor.execute(query(name), params).fetchone()

    def _all(self, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._connection.cursor(row_factory=dict_row) as cursor:
            return cursor.execute(query(name), params).fetchall()

    def _row(self, name: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """The row of a query that always returns one."""
        row = self._one(name, params)
        assert row is not None, f"{name} returns a row"
        return row

    def _value(self, name: str, params: dict[str, Any] | None = None) -> Any:
        return _first_column(self._connection.execute(query(name), params).fetchone())

    def _stream(self, name: str, params: dict[str, Any], batch: int = 1000) -> Iterator[dict[str, Any]]:
        """The rows as the caller goes, `batch` at a time, from a cursor on the server."""
        with self._connection.cursor(f"lesaitutte_{next(_cursor_names)}", row_factory=dict_row) as cursor:
            cursor.itersize = batch
            cursor.execute(query(name), params)
            yield from cursor

    def _write(self, name: str, params: dict[str, Any] | None = None) -> None:
        self._changed = True
        self._connection.execute(query(name), params)

    # Housekeeping

    def keep_so_far(self) -> None:
        self._connection.execute(query("keep_so_far"))
        self.kept = True

    def has_changes(self) -> bool:
        return self._changed

    def archive_settled(self, now: datetime, force: bool = False) -> None:
        """Nothing to file away: settled history costs a database nothing to keep where it is."""

    # Settings

    def identity_policy(self) -> str:
        return str(self._value("identity_policy"))

    def settings(self) -> Settings:
        return rows.settings(self._row("settings"))

    def save_settings(self, settings: Settings) -> None:
        self._write("save_settings", rows.settings_params(settings))
        self._written_in = None

    def reindex_search(self) -> None:
        # Written a batch at a time as the server-side cursor walks the answers: the cursor reads
        # the snapshot it began with, so it never meets the rows it rewrote.
        written_in = self._language()
        read = (
            (row["id"], *rows.search_terms(row["text"], row["answer"], written_in))
            for row in self._stream("answered_texts", {}, batch=10_000)
        )
        while batch := list(itertools.islice(read, 10_000)):
            ids, languages, found = zip(*batch, strict=True)
            self._write("save_search_terms", {"ids": list(ids), "terms": list(found), "languages": list(languages)})

    def _language(self) -> str:
        if self._written_in is None:
            self._written_in = str(self._value("written_in"))
        return self._written_in

    # Users and categories

    def user(self, name: str) -> User | None:
        row = self._one("user", {"name": name})
        if row is None:
            # Absent now may be registering in another command: wait for those, then look again,
            # so that two people registering one name do not both find it free.
            self._connection.execute(query("lock_users"))
            row = self._one("user", {"name": name})
        return None if row is None else rows.user(row)

    def users(self) -> list[User]:
        # Whoever reads every user may decide from all of them (the first to register becomes
        # admin): a row lock cannot cover a user not yet there, so such commands take turns.
        self._connection.execute(query("lock_users"))
        return [rows.user(row) for row in self._all("users", {"certified_only": False})]

    def certified_users(self) -> list[User]:
        return [rows.user(row) for row in self._all("users", {"certified_only": True})]

    def save_user(self, user: User) -> None:
        params = rows.user_params(user)
        self._write("save_user", params)
        self._write("drop_certifications", params)
        self._write("save_certifications", params)

    def categories(self) -> list[Category]:
        return [rows.category(row) for row in self._all("categories")]

    def category(self, category_id: str) -> Category | None:
        row = self._one("category", {"id": category_id})
        return None if row is None else rows.category(row)

    def save_category(self, category: Category) -> None:
        self._write("save_category", {"id": category.id, "title": category.title})

    # Questions

    def next_question_id(self) -> int:
        return self.next_question_ids(1).start

    def next_question_ids(self, count: int) -> range:
        if count == 0:  # a seed with nothing new: drawing none would give no first or last id
            return range(0)
        while True:
            drawn = self._row("next_question_ids", {"count": count})
            first, last = drawn["first"], drawn["last"]
            # Another command drew an id in between: these are spent (ids need not be dense); draw again.
            if last - first + 1 == count:
                return range(first, last + 1)

    def question(self, question_id: int) -> Question | None:
        row = self._one("question", {"id": question_id})
        return None if row is None else rows.question(row)

    def questions(
        self,
        statuses: Collection[str] | None = None,
        categories: Collection[str] | None = None,
        involving: str | None = None,
    ) -> Iterator[Question]:
        params = {
            "statuses": None if statuses is None else list(statuses),
            "categories": None if categories is None else list(categories),
            "involving": involving,
        }
        return (rows.question(row) for row in self._stream("questions", params))

    def save_question(self, question: Question) -> None:
        self._write("save_question", rows.question_params(question, self._language()))
        self._write("save_question_events", rows.event_params(question))
        if question.expired_claims:
            self._write("save_expired_claims", rows.expired_claim_params(question))

    def unasked(self, questions: Sequence[tuple[str, str, str]]) -> list[int]:
        """Copied into a temporary table and matched in the database (an anti-join), rather than
        every stored question read into Python: a store may hold millions."""
        with self._connection.cursor() as cursor:
            cursor.execute(query("seeded_questions_table"))
            with cursor.copy(query("copy_seeded_questions")) as copy:
                copy.set_types(["integer", "text", "text", "text"])
                for position, (asker, category, text) in enumerate(questions):
                    copy.write_row((position, asker, category, text))
            return [position for (position,) in cursor.execute(query("unasked_seeded_questions"))]

    def add_history(self, questions: list[Question], entries: list[LedgerEntry], now: datetime) -> None:
        """COPY rather than one INSERT each: a seed of a million questions takes seconds, not an hour."""
        self._changed = True
        cursor = self._connection.cursor()
        written_in = self._language()  # asked before the COPY: the connection takes no query during one
        # Binary COPY with the column types given: psycopg then skips working out each value's type.
        with cursor.copy(query("copy_questions")) as copy:
            copy.set_types(rows.QUESTION_TYPES)
            for question in questions:
                params = rows.question_params(question, written_in)
                copy.write_row([params[column] for column in rows.QUESTION_COLUMNS])
        with cursor.copy(query("copy_question_events")) as copy:
            copy.set_types(["bigint", "integer", "timestamptz", "text", "text", "text"])
            for question in questions:
                for position, event in enumerate(question.history):
                    copy.write_row((question.id, position, event.at, event.kind, event.actor, event.detail))
        with cursor.copy(query("copy_expired_claims")) as copy:
            copy.set_types(["bigint", "text", "timestamptz"])
            for question in questions:
                for expired in question.expired_claims:
                    copy.write_row((question.id, expired.expert, expired.deadline))
        with cursor.copy(query("copy_ledger")) as copy:
            copy.set_types(rows.LEDGER_TYPES)
            for entry in entries:
                params = rows.ledger_params(entry)
                copy.write_row([params[column] for column in rows.LEDGER_COLUMNS])
        if questions:
            self._connection.execute(query("move_question_ids_past"))
        self._connection.execute(query("analyze_history"))

    def awaiting_rating(self, asker: str) -> list[Question]:
        return [rows.question(row) for row in self._all("awaiting_rating", {"asker": asker})]

    # Claims

    def overdue_claims(self, now: datetime) -> list[Question]:
        return [rows.question(row) for row in self._all("overdue_claims", {"now": now})]

    def claim_held_by(self, expert: str) -> Question | None:
        row = self._one("claim_held_by", {"expert": expert})
        return None if row is None else rows.question(row)

    def next_claimable(self, expert: User) -> Question | None:
        params = {"expert": expert.name, "categories": sorted(expert.certifications)}
        row = self._one("next_claimable", params)
        return None if row is None else rows.question(row)

    def held_bounties(self, offered_before: datetime) -> list[Question]:
        return [rows.question(row) for row in self._all("held_bounties", {"before": offered_before})]

    # Points

    def add_ledger_entry(self, entry: LedgerEntry) -> None:
        self._write("add_ledger_entry", rows.ledger_params(entry))

    def ledger(self, user: str | None = None, since: datetime | None = None) -> Iterator[LedgerEntry]:
        return (rows.ledger_entry(row) for row in self._stream("ledger", {"user": user, "since": since}))

    def pair_ledger(self, expert: str, asker: str, since: datetime) -> list[LedgerEntry]:
        return [
            rows.ledger_entry(row) for row in self._all("pair_ledger", {"user": expert, "asker": asker, "since": since})
        ]

    def totals(self, user: str) -> Totals:
        from lesaitutte_cli.domain.totals import Totals

        return Totals(**self._row("totals", {"user": user}))

    def standings(self, category: str | None = None, since: datetime | None = None) -> list[Standing]:
        from lesaitutte_cli.domain.points import Standing

        params = {"category": category, "since": since, "earning_kinds": list(EARNING_KINDS)}
        return [
            Standing(0, row["user_name"], row["points"], row["answers"], row["rated"], row["rated_up"])
            for row in self._all("standings", params)
        ]

    # Rewards and redemptions

    def reward(self, reward_id: str) -> Reward | None:
        row = self._one("reward", {"id": reward_id})
        return None if row is None else rows.reward(row)

    def rewards(self) -> list[Reward]:
        return [rows.reward(row) for row in self._all("rewards")]

    def save_reward(self, reward: Reward) -> None:
        self._write("save_reward", rows.reward_params(reward))

    def delete_reward(self, reward_id: str) -> None:
        self._write("delete_reward", {"id": reward_id})

    def next_redemption_id(self) -> int:
        return int(self._value("next_redemption_id"))

    def add_redemption(self, redemption: Redemption) -> None:
        self._write("add_redemption", rows.redemption_params(redemption))

    def redemptions(self, user: str | None = None) -> list[Redemption]:
        return [rows.redemption(row) for row in self._all("redemptions", {"user": user})]

    # Exams and certifications

    def exam_bank(self, category: str) -> ExamBank | None:
        found = self._all("exam_banks", {"category": category})
        return rows.exam_bank(found[0]) if found else None

    def exam_banks(self) -> list[ExamBank]:
        return [rows.exam_bank(row) for row in self._all("exam_banks", {"category": None})]

    def save_exam_bank(self, bank: ExamBank) -> None:
        self._write("save_exam_bank", rows.exam_bank_params(bank))
        self._write("drop_exam_questions", {"category": bank.category})
        with self._connection.cursor() as cursor:
            cursor.executemany(query("add_exam_question"), rows.exam_question_params(bank))

    def next_attempt_id(self) -> int:
        return int(self._value("next_attempt_id"))

    def attempt(self, attempt_id: int) -> ExamAttempt | None:
        found = self._all("attempts", {"id": attempt_id, "user": None})
        return rows.attempt(found[0]) if found else None

    def attempts(self, user: str | None = None) -> list[ExamAttempt]:
        return [rows.attempt(row) for row in self._all("attempts", {"id": None, "user": user})]

    def save_attempt(self, attempt: ExamAttempt) -> None:
        self._write("save_attempt", rows.attempt_params(attempt))
        self._write("drop_exam_answers", {"id": attempt.id})
        self._write("save_exam_answers", rows.answer_params(attempt))

    def add_certification_change(self, change: CertificationChange) -> None:
        self._write("add_certification_change", rows.certification_change_params(change))

    def certification_changes(self, user: str | None = None) -> list[CertificationChange]:
        return [rows.certification_change(row) for row in self._all("certification_changes", {"user": user})]

    # Whole-community questions

    def search(self, query: str, category: str | None = None, limit: int | None = None) -> Iterator[Hit]:  # noqa: A002
        from lesaitutte_cli.domain.model import WRITTEN_LANGUAGES
        from lesaitutte_cli.domain.search import query_terms

        # Read both ways whatever the store holds: the query looks for each term both ways anyway.
        wanted = sorted(query_terms(query, WRITTEN_LANGUAGES))
        return self._hits(wanted, category, limit, needed=1)

    def similar(self, text: str, limit: int) -> list[Hit]:
        from lesaitutte_cli.domain.search import analysed, close_enough

        # A new question is read as it will be indexed once answered, in its own language.
        wanted = sorted(set(analysed(text, self._language())[1]))
        # The fewest matched terms the domain calls close enough, so that the query leaves out the rest.
        needed = next(
            (count for count in range(1, len(wanted) + 1) if close_enough(frozenset(wanted[:count]), set(wanted))),
            None,
        )
        return [] if needed is None else list(self._hits(wanted, None, limit, needed))

    def _hits(self, wanted: list[str], category: str | None, limit: int | None, needed: int) -> Iterator[Hit]:
        """From a cursor on the server, as the caller goes."""
        from lesaitutte_cli.domain.search import Hit

        if not wanted:
            return
        match = _holding(wanted, needed)
        params = {"terms": wanted, "match": match, "category": category, "limit": limit, "needed": needed}
        for row in self._stream("search", params):
            yield Hit(rows.question(row), round(row["score"], 4), frozenset(row["matched"]))

    def report(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        category: str | None = None,
        progress: Progress | None = None,
    ) -> Report:
        from lesaitutte_cli.domain import report

        period = {"since": since, "until": until, "category": category}
        overall, by_category = None, {}
        for row in self._all("report_figures", {**period, "five_minutes": report.FIVE_MINUTES}):
            found = report.Figures(
                questions=row["questions"],
                answered=row["answered"],
                rated_up=row["rated_up"],
                resolution_rate=_share(row["rated_up"], row["rated"]),
                median_time_to_claim_s=row["median_time_to_claim_s"],
                median_time_to_answer_s=row["median_time_to_answer_s"],
                p90_time_to_answer_s=row["p90_time_to_answer_s"],
                answered_within_5_min=_share(row["within_5_min"], row["timed"]),
                expired_claims=row["expired_claims"],
                open_now=row["open_now"],
            )
            if row["overall"]:
                overall = found
            else:
                by_category[row["category"]] = found
        by_expert = {}
        counts = [0] * len(report.ANSWER_TIME_BANDS)
        negated_bounds = sorted(-bound for bound in report.band_bounds())
        for row in self._all("report_answers", {**period, "negated_bounds": negated_bounds}):
            if row["by_expert"]:
                by_expert[row["expert"]] = report.ExpertFigures(
                    answers=row["answers"],
                    up_rate=_share(row["rated_up"], row["rated"]),
                    median_time_to_answer_s=row["median_time_to_answer_s"],
                )
            elif row["band"] is not None:  # not the answers whose time is unknown
                counts[row["band"]] = row["answers"]
        certifications: dict[str, dict[str, int]] = {}
        actions = list(report.CERTIFICATION_ACTIONS)
        for row in self._all("report_certifications", {**period, "actions": actions}):
            counted = certifications.setdefault(row["category"], dict.fromkeys(actions, 0))
            counted[row["action"]] = row["changes"]
        assert overall is not None, "report_figures has an overall row, even over no questions"
        return report.Report(
            overall=overall,
            by_category=by_category,
            by_expert=by_expert,
            answer_time_counts=counts,
            certifications=dict(sorted(certifications.items())),
        )

    def history(self, user: str) -> list[Happening]:
        """The domain tells the story; the queries bring only the records that can be part of it."""
        from lesaitutte_cli.domain.history import user_history

        questions = (rows.question(row) for row in self._stream("history_questions", {"user": user}))
        return user_history(user, questions, self.attempts(user), self.ledger(user), self.certification_changes(user))

    def outgrown(self) -> Phrase | None:
        return None  # the engine for big communities

    def check(self, progress: Progress | None = None) -> tuple[dict[str, int], list[str]]:
        from lesaitutte_cli.domain.invariants import Problem

        self._connection.execute(query("check_without_jit"))
        counts = self._row("record_counts")
        found = self._connection.execute(query("check_problems"), {"claim_window": CLAIM_WINDOW})
        return dict(counts), [Problem(code, **values) for code, values in found]


def _holding(wanted: list[str], needed: int) -> str:
    """A tsquery for the questions holding at least `needed` of the terms: any `needed` of them
    together, so that the GIN index finds those alone; past a few dozen such groups, any term
    (the search query then counts the terms of each question it finds)."""
    quoted = ["'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in wanted]
    if needed <= 1 or math.comb(len(quoted), needed) > MOST_TERM_GROUPS:
        return " | ".join(quoted)
    return " | ".join("(" + " & ".join(group) + ")" for group in itertools.combinations(quoted, needed))


def _first_column(row: tuple[Any, ...] | None) -> Any:
    assert row is not None, "the query returns a row"
    return row[0]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def postgres_store(url: str, lock_timeout: float = 5.0) -> PostgresStore:
    """The store in the database at `url`; nothing is read until its first transaction."""
    return PostgresStore(url, lock_timeout)
