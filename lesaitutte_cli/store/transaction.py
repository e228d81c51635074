"""The store as the services see it: typed records in, typed records out.

One Transaction is one command's view of the store. Nothing it does reaches the file
until the transaction ends without an error; then everything does, at once.
"""

from typing import Any, TypeVar

from tinydb import Query, TinyDB
from tinydb.table import Document

from lesaitutte_cli.domain.model import (
    CLAIMED,
    DEFAULT_CATEGORIES,
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
from lesaitutte_cli.errors import StoreUnusable
from lesaitutte_cli.store.records import from_record, to_record

T = TypeVar("T")

SCHEMA_VERSION = 1


class Transaction:
    def __init__(self, db: TinyDB, location: str) -> None:
        self._db = db
        self._location = location
        self._open_schema()

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
            for category in DEFAULT_CATEGORIES:
                self.save_category(category)
            return
        schema = info.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise StoreUnusable(
                f"The store {self._location} was written by a newer lesaitutte (schema {schema}; "
                f"this one reads up to {SCHEMA_VERSION}). Upgrade lesaitutte-cli to use it."
            )

    def decoded(self, table: str, cls: type[T]) -> tuple[list[T], list[str]]:
        """Every record of a table that can be read, and a sentence for each that cannot."""
        records, problems = [], []
        for doc_id, document in self._db.table(table)._read_table().items():
            try:
                records.append(from_record(cls, document))
            except (TypeError, KeyError, ValueError, AttributeError) as error:
                problems.append(f"{table} record {doc_id} cannot be read ({type(error).__name__}: {error})")
        return records, problems

    def last_question_id(self) -> int:
        return self._db.table("_meta").get(doc_id=1).get("last_question_id", 0)

    def checkpoint(self) -> None:
        """Make the changes so far permanent even if the rest of the transaction fails.

        Nobody else can see the store in between: the lock is held throughout.
        """
        self._db.storage.checkpoint()

    def settings(self) -> Settings:
        document = self._db.table("settings").get(doc_id=1)
        return Settings() if document is None else from_record(Settings, document)

    def save_settings(self, settings: Settings) -> None:
        self._db.table("settings").upsert(Document(to_record(settings), doc_id=1))

    # Users

    def user(self, name: str) -> User | None:
        return self._find("users", User, "name", name)

    def users(self) -> list[User]:
        return self._all("users", User)

    def save_user(self, user: User) -> None:
        self._upsert("users", "name", user)

    # Categories

    def categories(self) -> list[Category]:
        return self._all("categories", Category)

    def category(self, category_id: str) -> Category | None:
        return self._find("categories", Category, "id", category_id)

    def save_category(self, category: Category) -> None:
        self._upsert("categories", "id", category)

    # Questions: a question's id is its document id.

    def question(self, question_id: int) -> Question | None:
        document = self._db.table("questions").get(doc_id=question_id)
        return None if document is None else from_record(Question, document)

    def questions(self) -> list[Question]:
        return self._all("questions", Question)

    def claimed_questions(self) -> list[Question]:
        documents = self._db.table("questions").search(Query().status == CLAIMED)
        return [from_record(Question, document) for document in documents]

    def next_question_id(self) -> int:
        return self._next_id("last_question_id")

    def save_question(self, question: Question) -> None:
        self._db.table("questions").upsert(Document(to_record(question), doc_id=question.id))

    # Points

    def ledger(self) -> list[LedgerEntry]:
        return self._all("ledger", LedgerEntry)

    def add_ledger_entry(self, entry: LedgerEntry) -> None:
        self._db.table("ledger").insert(to_record(entry))

    # Exams and certifications

    def exam_bank(self, category: str) -> ExamBank | None:
        return self._find("exams", ExamBank, "category", category)

    def exam_banks(self) -> list[ExamBank]:
        return self._all("exams", ExamBank)

    def save_exam_bank(self, bank: ExamBank) -> None:
        self._upsert("exams", "category", bank)

    def next_attempt_id(self) -> int:
        return self._next_id("last_attempt_id")

    def attempt(self, attempt_id: int) -> ExamAttempt | None:
        document = self._db.table("attempts").get(doc_id=attempt_id)
        return None if document is None else from_record(ExamAttempt, document)

    def attempts(self) -> list[ExamAttempt]:
        return self._all("attempts", ExamAttempt)

    def save_attempt(self, attempt: ExamAttempt) -> None:
        self._db.table("attempts").upsert(Document(to_record(attempt), doc_id=attempt.id))

    def certification_changes(self) -> list[CertificationChange]:
        return self._all("certifications", CertificationChange)

    def add_certification_change(self, change: CertificationChange) -> None:
        self._db.table("certifications").insert(to_record(change))

    # Rewards

    def reward(self, reward_id: str) -> Reward | None:
        return self._find("rewards", Reward, "id", reward_id)

    def rewards(self) -> list[Reward]:
        return self._all("rewards", Reward)

    def save_reward(self, reward: Reward) -> None:
        self._upsert("rewards", "id", reward)

    def delete_reward(self, reward_id: str) -> None:
        self._db.table("rewards").remove(Query().id == reward_id)

    def next_redemption_id(self) -> int:
        return self._next_id("last_redemption_id")

    def redemptions(self) -> list[Redemption]:
        return self._all("redemptions", Redemption)

    def add_redemption(self, redemption: Redemption) -> None:
        self._db.table("redemptions").insert(Document(to_record(redemption), doc_id=redemption.id))

    def _next_id(self, counter: str) -> int:
        """A new id, never handed out before: a counter, not the largest id + 1."""
        meta = self._db.table("_meta")
        next_id = meta.get(doc_id=1).get(counter, 0) + 1
        meta.update({counter: next_id}, doc_ids=[1])
        return next_id

    def _find(self, table: str, cls: type[T], key: str, value: Any) -> T | None:
        document = self._db.table(table).get(Query()[key] == value)
        return None if document is None else from_record(cls, document)

    def _all(self, table: str, cls: type[T]) -> list[T]:
        return [from_record(cls, document) for document in self._db.table(table).all()]

    def _upsert(self, table: str, key: str, item: Any) -> None:
        self._db.table(table).upsert(to_record(item), Query()[key] == getattr(item, key))
