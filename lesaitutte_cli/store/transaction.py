"""The store as the services see it: typed records in, typed records out.

One Transaction is one command's view of the store. Nothing it does reaches the file
until the transaction ends without an error; then everything does, at once.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import Query
from tinydb.table import Document

from lesaitutte_cli.clock import to_iso
from lesaitutte_cli.domain import model
from lesaitutte_cli.domain.model import ANSWERED, CLAIMED, OPEN, RATED, TRUST
from lesaitutte_cli.errors import StoreUnusable, UnreadableRecord
from lesaitutte_cli.store.archive import (
    ARCHIVE_AFTER,
    ARCHIVE_BATCH,
    BALANCE,
    EARNED_POINTS,
    SETTLED,
    Archive,
    Totals,
    count_answer,
    count_entry,
    settled_at,
)
from lesaitutte_cli.store.records import from_record, to_record

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from tinydb import TinyDB

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
    from lesaitutte_cli.domain.search import Posting

T = TypeVar("T")

SCHEMA_VERSION = 1


def _reads(table: str | None = None):
    """For a method that reads raw records: one damaged on disk or by hand (a field missing,
    text where a number belongs) is an UnreadableRecord of its table, not a crash.

    Without `table`, the method's first argument names it.
    """

    def decorate(method):
        @functools.wraps(method)
        def reading(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
                where = table or args[0]
                reason = f"no field {error}" if isinstance(error, KeyError) else str(error)
                raise UnreadableRecord(f"a record of {where}", reason) from None

        return reading

    return decorate


class Transaction:
    def __init__(self, db: TinyDB, location: str, archive_batch: int = ARCHIVE_BATCH) -> None:
        self._db = db
        self._location = location
        self._archive_batch = archive_batch
        self._open_schema()
        self._archive = Archive(db, db.storage.logs)

    @_reads("_meta")
    def _open_schema(self) -> None:
        meta = self._db.table("_meta")
        info = meta.get(doc_id=1)
        if info is None:
            if any(not name.startswith("_") for name in self._db.tables()):
                raise StoreUnusable(
                    f"{self._location} has no schema version, so it is not a lesaitutte store; "
                    "it was left untouched. Use another file with --db."
                )
            meta.insert({"schema": SCHEMA_VERSION})
            for category in model.DEFAULT_CATEGORIES:
                self.save_category(category)
            return
        schema = info.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise StoreUnusable(
                f"The store {self._location} was written by a newer lesaitutte (schema {schema}; "
                f"this one reads up to {SCHEMA_VERSION}). Upgrade lesaitutte-cli to use it."
            )

    def decoded(self, table: str, cls: type[T]) -> tuple[list[T], list[str]]:
        """Every record of a table, archived ones included, that can be read, and a sentence for each that cannot."""
        records, problems = [], []
        archived = {"questions": self._archive.questions, "ledger": self._archive.ledger}.get(table, list)
        documents = [(f"archived {index}", item) for index, item in enumerate(archived(), start=1)]
        for doc_id, document in documents + list(self._db.table(table)._read_table().items()):
            try:
                records.append(from_record(cls, document))
            except UnreadableRecord as error:
                problems.append(f"{table} record {doc_id} cannot be read ({error.reason})")
        return records, problems

    @_reads("the archive")
    def index_problems(self) -> list[str]:
        """The side logs whole, and the search and awaiting-rating indexes true to the archived questions."""
        self._db.storage.logs.verify()
        return self._archive.index_problems(_terms_of_record)

    @_reads("_meta")
    def last_question_id(self) -> int:
        return self._db.table("_meta").get(doc_id=1).get("last_question_id", 0)

    def has_changes(self) -> bool:
        return self._db.storage.changed

    def checkpoint(self) -> None:
        """Make the changes so far permanent even if the rest of the transaction fails.

        Nobody else can see the store in between: the lock is held throughout.
        """
        self._db.storage.checkpoint()

    @_reads("settings")
    def identity_policy(self) -> str:
        """The one setting every command reads, without decoding the others."""
        document = self._db.table("settings").get(doc_id=1)
        return TRUST if document is None else document["identity"]

    def settings(self) -> Settings:
        document = self._db.table("settings").get(doc_id=1)
        return model.Settings() if document is None else from_record(model.Settings, document)

    def save_settings(self, settings: Settings) -> None:
        self._db.table("settings").upsert(Document(to_record(settings), doc_id=1))

    # Users

    def user(self, name: str) -> User | None:
        """The user of that name, whatever its case: 'Zoe' finds 'zoe', who keeps the name first registered."""
        folded = name.casefold()
        document = self._db.table("users").get(Query()["name"].test(lambda stored: stored.casefold() == folded))
        return None if document is None else from_record(model.User, document)

    def users(self) -> list[User]:
        return self._all("users", model.User)

    @_reads("users")
    def certified_users(self) -> list[User]:
        """The users holding at least one certification."""
        return [from_record(model.User, record) for record in self._db.table("users") if record["certifications"]]

    def save_user(self, user: User) -> None:
        self._upsert("users", "name", user)

    # Categories

    def categories(self) -> list[Category]:
        return self._all("categories", model.Category)

    def category(self, category_id: str) -> Category | None:
        return self._find("categories", model.Category, "id", category_id)

    def save_category(self, category: Category) -> None:
        self._upsert("categories", "id", category)

    # Questions: a question's id is its document id. The live ones (open, claimed, and those
    # settled within the last week) are in the document; the others in the archive.

    @_reads("questions")
    def question(self, question_id: int) -> Question | None:
        document = self._db.table("questions").get(doc_id=question_id) or self._archive.question(question_id)
        return None if document is None else from_record(model.Question, document)

    def questions(self) -> list[Question]:
        """Every question, archived ones included: for the commands that look at all of history."""
        return [from_record(model.Question, record) for record in self._archive.questions()] + list(
            self.live_questions()
        )

    @_reads("questions")
    def live_questions(
        self,
        statuses: tuple[str, ...] | None = None,
        categories: frozenset[str] | set[str] | None = None,
        involving: str | None = None,
        by_id: bool = False,
    ) -> Iterator[Question]:
        """The live questions that match, oldest first (or by id), read one by one as they are used."""
        matching = [
            record
            for record in self._db.table("questions")
            if (statuses is None or record["status"] in statuses)
            and (categories is None or record["category"] in categories)
            and (involving is None or involving in (record["asker"], record["claimed_by"], record["answered_by"]))
        ]
        matching.sort(
            key=(lambda record: record.doc_id) if by_id else (lambda record: (record["created_at"], record.doc_id))
        )
        return (from_record(model.Question, record) for record in matching)

    @_reads("questions")
    def overdue_claims(self, now: datetime) -> list[Question]:
        """Claimed questions whose deadline has come (ISO text in UTC sorts by time)."""
        due = to_iso(now)
        documents = [
            record
            for record in self._db.table("questions")
            if record["status"] == CLAIMED and record["claim_deadline"] <= due
        ]
        return [from_record(model.Question, document) for document in documents]

    @_reads("questions")
    def held_bounties(self, offered_before: datetime) -> list[Question]:
        """Open or claimed questions holding a bounty offered before the given moment."""
        since = to_iso(offered_before)
        documents = [
            record
            for record in self._db.table("questions")
            if record.get("bounty") and record["status"] in (OPEN, CLAIMED) and record["bounty_since"] <= since
        ]
        return [from_record(model.Question, document) for document in documents]

    @_reads("questions")
    def claimed_questions(self) -> list[Question]:
        documents = self._db.table("questions").search(Query().status == CLAIMED)
        return [from_record(model.Question, document) for document in documents]

    def next_question_id(self) -> int:
        return self._next_id("last_question_id")

    def next_question_ids(self, count: int) -> range:
        """`count` new ids at once, for a seed."""
        last = self._next_id("last_question_id", count)
        return range(last - count + 1, last + 1)

    @_reads("questions")
    def save_question(self, question: Question) -> None:
        record = to_record(question)
        live = self._db.table("questions")
        if not live.contains(doc_id=question.id) and (archived := self._archive.question(question.id)):
            self._archive.update_question(archived, record)
        else:
            live.upsert(Document(record, doc_id=question.id))

    def add_history(self, questions: list[Question], entries: list[LedgerEntry], now: datetime) -> None:
        """A seed's questions and points, all at once: what settled over a week before `now` goes
        straight to the archive, the rest into the live document."""
        cutoff = to_iso(now - ARCHIVE_AFTER)
        records = [to_record(question) for question in questions]
        old = [record for record in records if record["status"] in SETTLED and settled_at(record) < cutoff]
        entry_records = [to_record(entry) for entry in entries]
        self._archive.move(old, [record for record in entry_records if record["at"] < cutoff], _terms_of_record)
        archived = {record["id"] for record in old}
        self._db.table("questions").insert_multiple(
            Document(record, doc_id=record["id"]) for record in records if record["id"] not in archived
        )
        self._db.table("ledger").insert_multiple(record for record in entry_records if record["at"] >= cutoff)

    @_reads("questions")
    def awaiting_rating(self, asker: str) -> list[Question]:
        """The asker's answered questions that wait for a rating, oldest first."""
        archived = [self.question(question_id) for question_id in self._archive.awaiting(asker)]
        live = [question for question in self.live_questions((ANSWERED,), involving=asker) if question.asker == asker]
        return sorted(archived + live, key=lambda question: question.id)

    @_reads("the search index")
    def common_terms(self, share: float) -> set[str]:
        """Terms held by more than `share` of the archived answers."""
        return self._archive.common_terms(share)

    @_reads("the search index")
    def search_postings(self, wanted: set[str]) -> tuple[dict[str, list[Posting]], int, int]:
        """Postings of the wanted terms over every searchable question, their number and total length."""
        from lesaitutte_cli.domain.search import postings_of

        archived, count, length = self._archive.postings(wanted)
        live, live_count, live_length = postings_of(self.live_questions((ANSWERED, RATED)), wanted)
        return {term: archived[term] + live[term] for term in wanted}, count + live_count, length + live_length

    # Points: the archive keeps each user's totals, the document the last week's entries.

    def ledger(self) -> list[LedgerEntry]:
        """Every entry, archived ones first: for the commands that look at all of history."""
        return [from_record(model.LedgerEntry, record) for record in self._archive.ledger()] + self.recent_ledger()

    def recent_ledger(self) -> list[LedgerEntry]:
        """The entries of (at least) the last week."""
        return self._all("ledger", model.LedgerEntry)

    def add_ledger_entry(self, entry: LedgerEntry) -> None:
        self._db.table("ledger").insert(to_record(entry))

    @_reads("ledger")
    def points(self, name: str) -> tuple[int, int]:
        """A user's balance and points earned in all."""
        totals = list(self._archive.totals().get(name, [0] * 5))
        for entry in self._db.table("ledger"):
            if entry["user"] == name:
                count_entry(totals, entry)
        return totals[BALANCE], totals[EARNED_POINTS]

    @_reads("ledger")
    def expert_totals(self) -> dict[str, Totals]:
        """Per user who ever had points or gave an answer: their totals over all time."""
        totals = {name: list(values) for name, values in self._archive.totals().items()}
        for entry in self._db.table("ledger"):
            count_entry(totals.setdefault(entry["user"], [0] * 5), entry)
        for record in self._db.table("questions"):
            if record["answered_by"] is not None:
                count_answer(totals.setdefault(record["answered_by"], [0] * 5), record)
        return {name: Totals(*values) for name, values in totals.items()}

    @_reads("questions")
    def archive_settled(self, now: datetime, force: bool = False) -> None:
        """Move what settled more than a week ago to the archive, once a batch of it has gathered."""
        cutoff = to_iso(now - ARCHIVE_AFTER)
        live = self._db.table("questions")
        ledger = self._db.table("ledger")
        settled = [record for record in live if record["status"] in SETTLED and settled_at(record) < cutoff]
        old = [entry for entry in ledger if entry["at"] < cutoff]
        if not force and max(len(settled), len(old)) < self._archive_batch:
            return
        self._archive.move(
            [dict(record, id=record.doc_id) for record in settled], [dict(entry) for entry in old], _terms_of_record
        )
        live.remove(doc_ids=[record.doc_id for record in settled])
        ledger.remove(doc_ids=[entry.doc_id for entry in old])

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
        document = self._db.table("attempts").get(doc_id=attempt_id)
        return None if document is None else from_record(model.ExamAttempt, document)

    @_reads("attempts")
    def attempts_of(self, name: str) -> list[ExamAttempt]:
        return [
            from_record(model.ExamAttempt, record) for record in self._db.table("attempts") if record["user"] == name
        ]

    def attempts(self) -> list[ExamAttempt]:
        return self._all("attempts", model.ExamAttempt)

    def save_attempt(self, attempt: ExamAttempt) -> None:
        self._db.table("attempts").upsert(Document(to_record(attempt), doc_id=attempt.id))

    def certification_changes(self) -> list[CertificationChange]:
        return self._all("certifications", model.CertificationChange)

    @_reads("certifications")
    def certification_changes_of(self, name: str) -> list[CertificationChange]:
        return [
            from_record(model.CertificationChange, record)
            for record in self._db.table("certifications")
            if record["user"] == name
        ]

    def add_certification_change(self, change: CertificationChange) -> None:
        self._db.table("certifications").insert(to_record(change))

    # Rewards

    def reward(self, reward_id: str) -> Reward | None:
        return self._find("rewards", model.Reward, "id", reward_id)

    def rewards(self) -> list[Reward]:
        return self._all("rewards", model.Reward)

    def save_reward(self, reward: Reward) -> None:
        self._upsert("rewards", "id", reward)

    @_reads("rewards")
    def delete_reward(self, reward_id: str) -> None:
        self._db.table("rewards").remove(Query().id == reward_id)

    def next_redemption_id(self) -> int:
        return self._next_id("last_redemption_id")

    def redemptions(self) -> list[Redemption]:
        return self._all("redemptions", model.Redemption)

    def add_redemption(self, redemption: Redemption) -> None:
        self._db.table("redemptions").insert(Document(to_record(redemption), doc_id=redemption.id))

    @_reads("_meta")
    def _next_id(self, counter: str, count: int = 1) -> int:
        """A new id (or the last of `count` new ids), never handed out before: a counter, not the largest id + 1."""
        meta = self._db.table("_meta")
        next_id = meta.get(doc_id=1).get(counter, 0) + count
        meta.update({counter: next_id}, doc_ids=[1])
        return next_id

    @_reads()
    def _find(self, table: str, cls: type[T], key: str, value: Any) -> T | None:
        document = self._db.table(table).get(Query()[key] == value)
        return None if document is None else from_record(cls, document)

    @_reads()
    def _all(self, table: str, cls: type[T]) -> list[T]:
        return [from_record(cls, document) for document in self._db.table(table).all()]

    @_reads()
    def _upsert(self, table: str, key: str, item: Any) -> None:
        self._db.table(table).upsert(to_record(item), Query()[key] == getattr(item, key))


def _terms_of_record(record: dict):
    from lesaitutte_cli.domain.search import answer_terms

    return answer_terms(record["text"], record["answer"])
