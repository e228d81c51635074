"""The file engine's transaction: the engine Protocol over a TinyDB document and its archive.

Nothing it does reaches the file until the transaction ends without an error; then
everything does, at once. A question's id is its document id. The live questions (open,
claimed, and those settled within the last week) and the last week's ledger entries are in
the document; the rest are in the archive (`archive.py`), which keeps each user's totals.
"""

from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query
from tinydb.table import Document

from lesaitutte_cli.clock import from_iso, to_iso
from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.model import ANSWERED, CLAIMED, OPEN, TRUST
from lesaitutte_cli.errors import StoreUnusable, UnreadableRecord
from lesaitutte_cli.language import N_, Count, Phrase
from lesaitutte_cli.store.file.archive import ARCHIVE_AFTER, ARCHIVE_BATCH, SETTLED, Archive, settled_at
from lesaitutte_cli.store.file.records import from_record, kind_shown, reason_of, to_record

if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Callable, Collection, Iterator, Sequence
    from datetime import datetime

    from tinydb import TinyDB
    from tinydb.table import Table

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
    from lesaitutte_cli.domain.report import Asked, Report
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.domain.totals import Totals
    from lesaitutte_cli.store.engine import Progress
    from lesaitutte_cli.store.file.storage import TransactionalStorage

T = TypeVar("T")
Method = TypeVar("Method", bound="Callable[..., Any]")

SCHEMA_VERSION = 1
# Whole-community commands (report, history, check, search) read every archived question, so
# their time and the logs' size grow with the history: past this many questions (measured on
# 2 vCPUs, report and history take about a second, check far more, and the logs pass 100 MB)
# PostgreSQL, whose queries hardly grow with the store, serves a community better.
SERVES_WELL = 100_000


def _reads(table: str | None = None) -> Callable[[Method], Method]:
    """For a method that reads raw records: one damaged on disk or by hand (a field missing,
    text where a number belongs) is an UnreadableRecord of its table, not a crash.

    Without `table`, the method's first argument names it.
    """

    def decorate(method: Method) -> Method:
        @functools.wraps(method)
        def reading(self: FileTransaction, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except DAMAGE as error:
                raise _unreadable(table or args[0], error) from None

        return reading  # type: ignore[return-value]

    return decorate


# What reading a damaged record raises.
DAMAGE = (KeyError, IndexError, TypeError, ValueError, AttributeError)


def _unreadable(table: str, error: Exception) -> UnreadableRecord:
    reason = Phrase(N_("no field {field}"), field=str(error)) if isinstance(error, KeyError) else reason_of(error)
    return UnreadableRecord(Phrase(N_("a record of {table}"), table=kind_shown(table)), reason)


def _read_lazily(table: str, items: Iterator[T]) -> Iterator[T]:
    """What `_reads` does, for records read after the method returned."""
    try:
        yield from items
    except DAMAGE as error:
        raise _unreadable(table, error) from None


class FileTransaction:
    def __init__(self, db: TinyDB, storage: TransactionalStorage, archive_batch: int = ARCHIVE_BATCH) -> None:
        self._db = db
        self._storage = storage
        self._location = storage.location
        self._archive_batch = archive_batch
        self._open_schema()
        self._archive = Archive(db, storage.current_logs(), self._terms_of_record)
        self._written_in: str | None = None  # the settings' language, read when search first needs it
        # Each user's record key by their name folded, made on the second lookup or the first
        # save: a seed of many users finds and saves each without a pass over all of them.
        self._user_keys: dict[str, str] | None = None
        self._looked_up = False

    @_reads("_meta")
    def _open_schema(self) -> None:
        meta = self._db.table("_meta")
        info = meta.get(doc_id=1)
        if info is None:
            if any(not name.startswith("_") for name in self._db.tables()):
                raise StoreUnusable(
                    N_(
                        "{path} has no schema version, so it is not a lesaitutte store; "
                        "it was left untouched. Use another file with --db."
                    ),
                    path=self._location,
                )
            meta.insert({"schema": SCHEMA_VERSION})
            for category in model.DEFAULT_CATEGORIES:
                self.save_category(category)
            return
        schema = info.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise StoreUnusable(
                N_(
                    "The store {path} was written by a newer lesaitutte (schema {schema}; "
                    "this one reads up to {version}). Upgrade lesaitutte-cli to use it."
                ),
                path=self._location,
                schema=schema,
                version=SCHEMA_VERSION,
            )

    # Housekeeping

    def keep_so_far(self) -> None:
        # Written at once, still under the lock: no other command sees the store in between.
        self._storage.checkpoint()

    def has_changes(self) -> bool:
        return self._storage.changed

    @_reads("questions")
    def archive_settled(self, now: datetime, force: bool = False) -> None:
        cutoff = to_iso(now - ARCHIVE_AFTER)
        live = self._live_records()
        ledger = self._table("ledger")
        settled = [
            (key, record) for key, record in live.items() if record["status"] in SETTLED and settled_at(record) < cutoff
        ]
        old = [entry for entry in ledger if entry["at"] < cutoff]
        if not force and max(len(settled), len(old)) < self._archive_batch:
            return
        self._archive.move([dict(record, id=int(key)) for key, record in settled], [dict(entry) for entry in old])
        for key, _ in settled:
            del live[key]
        self._storage.mark_changed()
        ledger.remove(doc_ids=[entry.doc_id for entry in old])

    # Settings

    @_reads("settings")
    def identity_policy(self) -> str:
        # Read without decoding the other settings: every command asks.
        document = self._table("settings").get(doc_id=1)
        return TRUST if document is None else str(document["identity"])

    def settings(self) -> Settings:
        document = self._table("settings").get(doc_id=1)
        return model.Settings() if document is None else from_record(model.Settings, document)

    def save_settings(self, settings: Settings) -> None:
        self._table("settings").upsert(Document(to_record(settings), doc_id=1))
        self._written_in = None

    def written_in(self) -> str:
        """The language of the questions whose words do not say which (Settings.language)."""
        if self._written_in is None:
            self._written_in = self.settings().language
        return self._written_in

    def reindex_search(self) -> None:
        self._archive.reindex()

    # Users and categories

    @_reads("users")
    def user(self, name: str) -> User | None:
        folded, stored = name.casefold(), self._storage.records("users")
        if self._user_keys is None and not self._looked_up:
            # Most commands look up one user: a pass that stops at them costs less than the map.
            self._looked_up = True
            key = next((key for key, record in stored.items() if _folded_name(record) == folded), None)
        else:
            key = self._users_by_name().get(folded)
        return None if key is None else from_record(model.User, stored[key])

    def users(self) -> list[User]:
        return self._all("users", model.User)

    @_reads("users")
    def certified_users(self) -> list[User]:
        return [from_record(model.User, record) for record in self._table("users") if record["certifications"]]

    def save_user(self, user: User) -> None:
        keys, folded = self._users_by_name(), user.name.casefold()
        if folded not in keys:
            keys[folded] = self._new_key("users")
        self._put("users", keys[folded], to_record(user))

    def categories(self) -> list[Category]:
        return self._all("categories", model.Category)

    def category(self, category_id: str) -> Category | None:
        return self._find("categories", model.Category, "id", category_id)

    def save_category(self, category: Category) -> None:
        self._upsert("categories", "id", category)

    # Questions

    def next_question_id(self) -> int:
        return self._next_id("last_question_id")

    def next_question_ids(self, count: int) -> range:
        last = self._next_id("last_question_id", count)
        return range(last - count + 1, last + 1)

    @_reads("questions")
    def question(self, question_id: int) -> Question | None:
        record = self._live_records().get(str(question_id)) or self._archive.question(question_id)
        return None if record is None else from_record(model.Question, record)

    @_reads("questions")
    def questions(
        self,
        statuses: Collection[str] | None = None,
        categories: Collection[str] | None = None,
        involving: str | None = None,
    ) -> Iterator[Question]:
        import heapq

        wanted = functools.partial(self._matches, statuses=statuses, categories=categories, involving=involving)
        reads_archive = statuses is None or bool(set(statuses) & set(SETTLED))
        # Read lazily in id order, so that a caller taking the first few reads no more of the archive.
        archived = (
            ((record["id"], record) for record in self._archive.questions() if wanted(record))
            if reads_archive
            else iter(())
        )
        live = sorted(
            ((int(key), record) for key, record in self._live_records().items() if wanted(record)), key=_first
        )
        merged = heapq.merge(archived, live, key=_first)
        return _read_lazily("questions", (from_record(model.Question, record) for _, record in merged))

    @staticmethod
    def _matches(
        record: dict[str, Any],
        statuses: Collection[str] | None,
        categories: Collection[str] | None,
        involving: str | None,
    ) -> bool:
        return (
            (statuses is None or record["status"] in statuses)
            and (categories is None or record["category"] in categories)
            and (involving is None or involving in (record["asker"], record["claimed_by"], record["answered_by"]))
        )

    @_reads("questions")
    def save_question(self, question: Question) -> None:
        record = to_record(question)
        live = self._live_records()
        if str(question.id) not in live and (archived := self._archive.question(question.id)):
            self._archive.update_question(archived, record)
        else:
            live[str(question.id)] = record
            self._storage.mark_changed()

    def unasked(self, questions: Sequence[tuple[str, str, str]]) -> list[int]:
        asked = {(question.asker.casefold(), question.category, question.text) for question in self.questions()}
        return [
            position
            for position, (asker, category, text) in enumerate(questions)
            if (asker.casefold(), category, text) not in asked
        ]

    def add_history(self, questions: list[Question], entries: list[LedgerEntry], now: datetime) -> None:
        cutoff = to_iso(now - ARCHIVE_AFTER)
        records = [to_record(question) for question in questions]
        old = [record for record in records if record["status"] in SETTLED and settled_at(record) < cutoff]
        entry_records = [to_record(entry) for entry in entries]
        self._archive.move(old, [record for record in entry_records if record["at"] < cutoff])
        archived = {record["id"] for record in old}
        self._live_records().update((str(record["id"]), record) for record in records if record["id"] not in archived)
        self._storage.mark_changed()
        self._table("ledger").insert_multiple(record for record in entry_records if record["at"] >= cutoff)

    @_reads("questions")
    def awaiting_rating(self, asker: str) -> list[Question]:
        archived = [
            from_record(model.Question, record)
            for record in map(self._archive.question, self._archive.awaiting(asker))
            if record is not None
        ]
        live = self._live(lambda record: record["status"] == ANSWERED and record["asker"] == asker)
        return sorted(archived + live, key=lambda question: question.id)

    # Claims: only live questions can be claimed, or hold a bounty.

    @_reads("questions")
    def overdue_claims(self, now: datetime) -> list[Question]:
        due = to_iso(now)  # ISO text in UTC sorts by time
        return self._live(lambda record: record["status"] == CLAIMED and record["claim_deadline"] <= due)

    @_reads("questions")
    def claim_held_by(self, expert: str) -> Question | None:
        held = self._live(lambda record: record["status"] == CLAIMED and record["claimed_by"] == expert)
        return held[0] if held else None

    @_reads("questions")
    def next_claimable(self, expert: User) -> Question | None:
        import heapq  # imported here, as the rule is: only claim --next asks

        from lesaitutte_cli.domain.questions import may_claim

        live = self._live_records()
        # In the order of the stored values (times are ISO text in UTC, which sorts as the time
        # it says), taken off a heap one at a time: only the questions looked at until one may
        # be claimed are ordered and decoded.
        candidates = [
            (-record.get("bounty", 0), record["created_at"], int(key), key)
            for key, record in live.items()
            if record["status"] == OPEN and record["category"] in expert.certifications
        ]
        heapq.heapify(candidates)
        while candidates:
            question = from_record(model.Question, live[heapq.heappop(candidates)[3]])
            if may_claim(question, expert):
                return question
        return None

    @_reads("questions")
    def held_bounties(self, offered_before: datetime) -> list[Question]:
        since = to_iso(offered_before)
        return self._live(
            lambda record: (
                bool(record.get("bounty")) and record["status"] in (OPEN, CLAIMED) and record["bounty_since"] <= since
            )
        )

    # Points: the archive keeps each user's totals and old entries, the document the last week's entries.

    def add_ledger_entry(self, entry: LedgerEntry) -> None:
        self._put("ledger", self._new_key("ledger"), to_record(entry))

    @_reads("ledger")
    def ledger(self, user: str | None = None, since: datetime | None = None) -> Iterator[LedgerEntry]:
        return (from_record(model.LedgerEntry, record) for record in self._ledger_records(user, since))

    @_reads("ledger")
    def pair_ledger(self, expert: str, asker: str, since: datetime) -> list[LedgerEntry]:
        records = [record for record in self._ledger_records(expert, since) if record.get("question") is not None]
        # A rated question has its point and perhaps a bounty: each question is looked up once.
        askers = {question: self._asker(question) for question in {record["question"] for record in records}}
        return [from_record(model.LedgerEntry, record) for record in records if askers[record["question"]] == asker]

    @_reads("ledger")
    def totals(self, user: str) -> Totals:
        from lesaitutte_cli.domain.totals import Totals

        return self._kept_totals(user).get(user, Totals())

    @_reads("ledger")
    def standings(self, category: str | None = None, since: datetime | None = None) -> list[Standing]:
        from lesaitutte_cli.domain.points import standings
        from lesaitutte_cli.domain.totals import count_totals

        if category is None and since is None:
            return standings(self._kept_totals())  # kept up to date, so nothing archived is read
        questions = {question.id: question for question in self.questions()}
        entries = [
            entry
            for entry in self.ledger(since=since)
            if category is None or (entry.question in questions and questions[entry.question].category == category)
        ]
        answers = [
            question
            for question in questions.values()
            if question.answered_by is not None
            and (since is None or (question.answered_at is not None and question.answered_at >= since))
            and (category is None or question.category == category)
        ]
        return standings(count_totals(entries, answers))

    # Rewards and redemptions

    def reward(self, reward_id: str) -> Reward | None:
        return self._find("rewards", model.Reward, "id", reward_id)

    def rewards(self) -> list[Reward]:
        return self._all("rewards", model.Reward)

    def save_reward(self, reward: Reward) -> None:
        self._upsert("rewards", "id", reward)

    @_reads("rewards")
    def delete_reward(self, reward_id: str) -> None:
        self._table("rewards").remove(Query().id == reward_id)

    def next_redemption_id(self) -> int:
        return self._next_id("last_redemption_id")

    def add_redemption(self, redemption: Redemption) -> None:
        self._table("redemptions").insert(Document(to_record(redemption), doc_id=redemption.id))

    def redemptions(self, user: str | None = None) -> list[Redemption]:
        return [from_record(model.Redemption, document) for document in self._documents("redemptions", user)]

    # Exams and certifications

    def exam_bank(self, category: str) -> ExamBank | None:
        return self._find("exams", model.ExamBank, "category", category)

    def exam_banks(self) -> list[ExamBank]:
        return self._all("exams", model.ExamBank)

    def save_exam_bank(self, bank: ExamBank) -> None:
        self._upsert("exams", "category", bank)

    def next_attempt_id(self) -> int:
        return self._next_id("last_attempt_id")

    @_reads("attempts")
    def attempt(self, attempt_id: int) -> ExamAttempt | None:
        document = self._table("attempts").get(doc_id=attempt_id)
        return None if document is None else from_record(model.ExamAttempt, document)

    def attempts(self, user: str | None = None) -> list[ExamAttempt]:
        # The record class is looked up only for a match: most users never sat an exam, and
        # looking it up loads the exams' module.
        return [from_record(model.ExamAttempt, document) for document in self._documents("attempts", user)]

    def save_attempt(self, attempt: ExamAttempt) -> None:
        self._table("attempts").upsert(Document(to_record(attempt), doc_id=attempt.id))

    def add_certification_change(self, change: CertificationChange) -> None:
        self._table("certifications").insert(to_record(change))

    def certification_changes(self, user: str | None = None) -> list[CertificationChange]:
        return [
            from_record(model.CertificationChange, document) for document in self._documents("certifications", user)
        ]

    # Whole-community questions, answered by reading the document and the archive in Python.

    @_reads("the search index")
    def search(self, query: str, category: str | None = None, limit: int | None = None) -> Iterator[Hit]:
        from lesaitutte_cli.store.file.search import find_answers

        return _read_lazily("the search index", find_answers(self, self._archive, query, category, limit))

    @_reads("the search index")
    def similar(self, text: str, limit: int) -> list[Hit]:
        from lesaitutte_cli.store.file.search import find_similar

        return find_similar(self, self._archive, text, limit)

    @_reads("questions")
    def report(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        category: str | None = None,
        progress: Progress | None = None,
    ) -> Report:
        from lesaitutte_cli.domain import report

        return report.report_of(
            self._asked(since, until, category),
            report.changes_in_period(self.certification_changes(), since, until, category),
            progress,
        )

    def _asked(self, since: datetime | None, until: datetime | None, category: str | None) -> Iterator[Asked]:
        """The questions asked in [since, until) and of that category, straight from their records:
        what the report needs of each and nothing more."""
        from lesaitutte_cli.domain.report import asked

        for record in itertools.chain(self._archive.every_question(), self._live_records().values()):
            created_at = from_iso(record["created_at"])
            if (
                (since is not None and created_at < since)
                or (until is not None and created_at >= until)
                or (category is not None and record["category"] != category)
            ):
                continue
            first_claim, expired = None, 0
            for event in record["history"]:
                kind = event["kind"]
                if kind == "claimed" and first_claim is None:
                    first_claim = from_iso(event["at"])
                elif kind == "expired":
                    expired += 1
            answered_at = record["answered_at"]
            yield asked(
                record["category"],
                record["status"],
                record["rating"],
                record["answered_by"],
                created_at,
                first_claim,
                None if answered_at is None else from_iso(answered_at),
                expired,
            )

    @_reads("questions")
    def history(self, user: str) -> list[Happening]:
        from lesaitutte_cli.domain.history import user_history

        return user_history(
            user, self._involving(user), self.attempts(), self.ledger(user), self.certification_changes()
        )

    def _involving(self, user: str) -> list[Question]:
        """The questions in whose history the user acted or that they answered, in id order: only those are decoded."""
        found = [
            record
            for record in itertools.chain(self._archive.every_question(user), self._live_records().values())
            if record["answered_by"] == user or any(event["actor"] == user for event in record["history"])
        ]
        found.sort(key=lambda record: record["id"])
        return [from_record(model.Question, record) for record in found]

    def check(self, progress: Progress | None = None) -> tuple[dict[str, int], list[str]]:
        from lesaitutte_cli.store.file.checking import check

        return check(self, progress)

    def outgrown(self) -> Phrase | None:
        asked = self.last_question_id()
        if asked <= SERVES_WELL:
            return None
        return Phrase(
            N_(
                "{asked} questions were asked here, more than the {serves} a file store serves well: "
                "this community has outgrown one file: see README, moving to PostgreSQL."
            ),
            asked=Count(asked),
            serves=Count(SERVES_WELL),
        )

    # What the file engine's own modules read

    def decoding(self, table: str, cls: type[T], unreadable: list[str]) -> Iterator[T]:
        """Every record of a table, archived ones included, that can be read, one at a time; a
        sentence in `unreadable` for each that cannot."""
        archived = {"questions": self._archive.every_question, "ledger": self._archive.ledger}.get(table, list)
        documents = (
            (Phrase(N_("archived {index}"), index=index), item) for index, item in enumerate(archived(), start=1)
        )
        # The stored tables as they are, not TinyDB's view of them: a record that is not even an object is reported too.
        stored = (self._storage.read() or {}).get(table, {})
        for doc_id, document in itertools.chain(documents, stored.items()):
            try:
                record = from_record(cls, document)
            except UnreadableRecord as error:
                unreadable.append(
                    Phrase(
                        N_("{table} record {id} cannot be read ({reason})"),
                        table=kind_shown(table),
                        id=doc_id,
                        reason=error.reason,
                    )
                )
                continue
            yield record

    @_reads("the archive")
    def index_problems(self) -> list[str]:
        """The side logs whole, and the search and awaiting-rating indexes true to the archived questions."""
        self._storage.current_logs().verify()
        return self._archive.index_problems()

    @_reads("_meta")
    def last_question_id(self) -> int:
        return int(self._meta().get("last_question_id", 0))

    @_reads("ledger")
    def kept_totals(self) -> dict[str, Totals]:
        """The totals the engine keeps (the archive's) and adds up (the live document's), per user."""
        return self._kept_totals()

    @_reads("questions")
    def live_questions(self, statuses: Collection[str] | None = None) -> list[Question]:
        """The questions still in the document, not archived yet (of those statuses), in id order."""
        return self._live(lambda record: statuses is None or record["status"] in statuses)

    # Within this module

    def _kept_totals(self, only: str | None = None) -> dict[str, Totals]:
        """Every user's (or one user's) totals: the archive's, with the live entries and answers added."""
        from lesaitutte_cli.domain.totals import Totals

        totals = self._archive.totals(only)
        for entry in self._storage.records("ledger").values():
            if only is None or entry["user"] == only:
                totals.setdefault(entry["user"], Totals()).add_entry(entry["amount"], entry["kind"])
        for record in self._live_records().values():
            answerer = record["answered_by"]
            if answerer is not None and (only is None or answerer == only):
                totals.setdefault(answerer, Totals()).add_answer(record["rating"])
        return totals

    def _ledger_records(self, user: str | None, since: datetime | None) -> list[dict[str, Any]]:
        """The stored entries (of that user, made at `since` or later), in the order they were added."""
        after = None if since is None else to_iso(since)
        live = list(self._storage.records("ledger").values())
        # Every archived entry is older than every live one: when a live entry is as old as
        # `since`, the archive holds nothing that recent, and is not read.
        oldest_live = min((entry["at"] for entry in live), default=None)
        recent = after is not None and oldest_live is not None and oldest_live <= after
        return [
            record
            for record in [*([] if recent else self._archive.ledger(user)), *live]
            if (user is None or record["user"] == user) and (after is None or record["at"] >= after)
        ]

    def _asker(self, question_id: int) -> str | None:
        record = self._live_records().get(str(question_id)) or self._archive.question(question_id)
        return None if record is None else record["asker"]

    def _live(self, wanted: Callable[[dict[str, Any]], bool]) -> list[Question]:
        """The live questions for which `wanted` holds of their record, in id order."""
        matching = sorted(
            ((int(key), record) for key, record in self._live_records().items() if wanted(record)),
            key=lambda found: found[0],
        )
        return [from_record(model.Question, record) for _, record in matching]

    def _live_records(self) -> dict[str, dict[str, Any]]:
        """The live questions as stored, by id (as text): the one table every command scans, so
        it is read and changed in place rather than through TinyDB. The records are the stored
        ones: read them, or replace them whole, never change one."""
        return self._storage.records("questions")

    def _table(self, name: str) -> Table:
        return self._db.table(name)

    @_reads("users")
    def _users_by_name(self) -> dict[str, str]:
        if self._user_keys is None:
            named = ((_folded_name(record), key) for key, record in self._storage.records("users").items())
            self._user_keys = {name: key for name, key in named if name is not None}
        return self._user_keys

    @_reads()
    def _new_key(self, table: str) -> str:
        """A key no record of the table has: records are added in key order, so one past the last."""
        stored = self._storage.records(table)
        last = int(next(reversed(stored), 0))
        return str(last + 1 if str(last + 1) not in stored else max(map(int, stored)) + 1)

    def _put(self, table: str, key: str, record: dict[str, Any]) -> None:
        """Add or replace one record of a large table (users, ledger) in place, as live questions are."""
        self._storage.records(table)[key] = record
        self._storage.mark_changed()

    def _meta(self) -> dict[str, Any]:
        return dict(self._table("_meta").get(doc_id=1) or {})

    @_reads("_meta")
    def _next_id(self, counter: str, count: int = 1) -> int:
        """A new id (or the last of `count` new ids), never handed out before: a counter, not the largest id + 1."""
        next_id = int(self._meta().get(counter, 0)) + count
        self._table("_meta").update({counter: next_id}, doc_ids=[1])
        return next_id

    @_reads()
    def _find(self, table: str, cls: type[T], key: str, value: object) -> T | None:
        document = self._table(table).get(Query()[key] == value)
        return None if document is None else from_record(cls, document)

    @_reads()
    def _all(self, table: str, cls: type[T]) -> list[T]:
        return [from_record(cls, document) for document in self._table(table).all()]

    @_reads()
    def _documents(self, table: str, user: str | None) -> list[Document]:
        """The table's stored records (those of `user`), in the order they were stored."""
        return [document for document in self._table(table).all() if user is None or document["user"] == user]

    @_reads()
    def _upsert(self, table: str, key: str, item: Any) -> None:
        self._table(table).upsert(to_record(item), Query()[key] == getattr(item, key))

    def _terms_of_record(self, record: dict[str, Any], language: str | None) -> tuple[str, Counter[str]]:
        """What the archive's search index files a stored answered question under: the domain's own
        terms, in the given language or else in the question's own (domain.search.analysed)."""
        from collections import Counter

        from lesaitutte_cli.domain import search  # imported here: only archiving and checking index

        if language is None:
            return search.answer_terms(record["text"], record["answer"], self.written_in())
        return language, Counter(search.terms(f"{record['text']} {record['answer']}", language))


def _folded_name(record: object) -> str | None:
    """A user record's name folded; None for a record too damaged to have one, which no name
    finds (so that `check` can still be run to report it)."""
    name = record.get("name") if isinstance(record, dict) else None
    return name.casefold() if isinstance(name, str) else None


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]
