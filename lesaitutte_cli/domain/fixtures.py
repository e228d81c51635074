"""Reading a fixture document (the input of `seed`) into records, or every reason it can't be.

A fixture is checked whole before anything is written: each problem is reported with the
path of the field it is in, e.g. `questions[1].text: expected a string`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from lesaitutte_cli.domain.limits import MAX_COUNT, MAX_POINTS
from lesaitutte_cli.domain.model import RATINGS, STORED_ROLES, Category, ExamBank, ExamQuestion, Reward
from lesaitutte_cli.domain.questions import ANSWER_LIMIT, QUESTION_LIMIT
from lesaitutte_cli.domain.text import ID_RULE, NAME_RULE, has_visible_character, is_valid_identifier, is_valid_name
from lesaitutte_cli.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable

    from lesaitutte_cli.errors import LesaitutteError, ShowTime

T = TypeVar("T")

# A required key that is absent: reported once as missing, not again as a bad value.
MISSING = object()


@dataclass(frozen=True)
class UserSpec:
    name: str
    roles: frozenset[str]
    certifications: frozenset[str]


@dataclass(frozen=True)
class QuestionSpec:
    """A question to seed; with `answered_by`, an answered (and maybe rated) one, for history."""

    where: str  # its path in the fixture, to name it if the rules refuse it
    asker: str
    category: str
    text: str
    created_at: datetime | None = None
    answered_by: str | None = None
    answer: str | None = None
    claimed_at: datetime | None = None
    answered_at: datetime | None = None
    rating: str | None = None
    rated_at: datetime | None = None


@dataclass(frozen=True)
class Fixture:
    categories: tuple[Category, ...] = ()
    users: tuple[UserSpec, ...] = ()
    exams: tuple[ExamBank, ...] = ()
    rewards: tuple[Reward, ...] = ()
    questions: tuple[QuestionSpec, ...] = ()


class FixtureProblems(InvalidInput):
    """Every problem found in one or more fixture files, one line each."""

    def __init__(self, problems: list[str], what_failed: str = "seeded", command: str = "seed"):
        self.problems = problems
        self.summary = f"Nothing was {what_failed}: fix the {len(problems)} problem(s) above and run {command} again."
        super().__init__("\n".join([*problems, self.summary]))


class FixtureBreaksRule(FixtureProblems):
    """A fixture's question whose history a rule refuses, at `where`: the refusal says why."""

    def __init__(self, where: str, refusal: LesaitutteError):
        self.where, self.refusal = where, refusal
        super().__init__([f"{where}: {refusal}"])

    def message(self, show_time: ShowTime) -> str:
        return f"{self.where}: {self.refusal.message(show_time)}\n{self.summary}"


FIXTURE_KEYS = ("categories", "users", "exams", "rewards", "questions")


def read_fixture(
    document: Any, source: str, store_categories: set[str], keys: tuple[str, ...] = FIXTURE_KEYS
) -> Fixture:
    """The fixture's records; categories may be the store's or the fixture's own.

    `keys` narrows what the document may hold, e.g. only `exams` for an exam import.
    """
    reader = _Reader()
    top = reader.fields(document, "", required=(), optional=keys)
    if top is None:
        raise FixtureProblems([f"{source}: {problem}" for problem in reader.problems])
    categories = reader.each(top.get("categories", []), "categories", reader.category)
    known = store_categories | {category.id for category in categories}
    fixture = Fixture(
        categories=categories,
        users=reader.each(top.get("users", []), "users", lambda item, path: reader.user(item, path, known)),
        exams=reader.each(top.get("exams", []), "exams", lambda item, path: reader.exam(item, path, known)),
        rewards=reader.each(top.get("rewards", []), "rewards", reader.reward),
        questions=reader.each(
            top.get("questions", []), "questions", lambda item, path: reader.question(item, path, known)
        ),
    )
    if reader.problems:
        raise FixtureProblems([f"{source}: {problem}" for problem in reader.problems])
    return fixture


class _Reader:
    """Checks values field by field, noting each problem and returning None for a bad value."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path or 'the document'}: {message}")

    def fields(self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, "expected an object")
            return None
        allowed = required + optional
        for key in value:
            if key not in allowed:
                self.problem(_join(path, key), f"unknown key (expected one of {', '.join(allowed)})")
        for key in required:
            if key not in value:
                self.problem(_join(path, key), "missing")
        return value

    def each(self, value: Any, path: str, read: Callable[[Any, str], T | None]) -> tuple[T, ...]:
        if value is MISSING:
            return ()
        if not isinstance(value, list):
            self.problem(path, "expected a list")
            return ()
        items = [read(item, f"{path}[{index}]") for index, item in enumerate(value)]
        return tuple(item for item in items if item is not None)

    def string(self, value: Any, path: str, limit: int = 200) -> str | None:
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.problem(path, "expected a string")
            return None
        if not has_visible_character(value):
            self.problem(path, "must not be empty or only invisible characters")
            return None
        if len(value) > limit:
            self.problem(path, f"at most {limit:,} characters")
            return None
        return value.strip()

    def identifier(self, value: Any, path: str) -> str | None:
        text = self.string(value, path)
        if text is not None and not is_valid_identifier(text):
            self.problem(path, f"'{text}' is not an id: use {ID_RULE}")
            return None
        return text

    def name(self, value: Any, path: str) -> str | None:
        text = self.string(value, path)
        if text is not None and not is_valid_name(text):
            self.problem(path, f"'{text}' is not a user name: use {NAME_RULE}")
            return None
        return text

    def category_ref(self, value: Any, path: str, known: set[str]) -> str | None:
        text = self.string(value, path)
        if text is not None and text not in known:
            self.problem(path, f"unknown category '{text}' (known: {', '.join(sorted(known))})")
            return None
        return text

    def integer(self, value: Any, path: str, minimum: int, maximum: int) -> int | None:
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, "expected a whole number")
            return None
        if not minimum <= value <= maximum:
            self.problem(path, f"must be from {minimum:,} to {maximum:,}")
            return None
        return value

    def number(self, value: Any, path: str, minimum: float, maximum: float) -> float | None:
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, "expected a number")
            return None
        if not minimum <= value <= maximum:
            self.problem(path, f"must be between {minimum:g} and {maximum:g}")
            return None
        return value

    def strings(self, value: Any, path: str, read: Callable[[Any, str], str | None]) -> frozenset[str] | None:
        if not isinstance(value, list):
            self.problem(path, "expected a list")
            return None
        items = [read(item, f"{path}[{index}]") for index, item in enumerate(value)]
        read_well = [item for item in items if item is not None]
        return frozenset(read_well) if len(read_well) == len(items) else None

    # One reader per kind of record.

    def category(self, item: Any, path: str) -> Category | None:
        fields = self.fields(item, path, required=("id",), optional=("title",))
        if fields is None:
            return None
        category_id = self.identifier(fields.get("id", MISSING), f"{path}.id")
        title = self.string(fields["title"], f"{path}.title") if "title" in fields else category_id
        return Category(category_id, title) if category_id and title else None

    def user(self, item: Any, path: str, known: set[str]) -> UserSpec | None:
        fields = self.fields(item, path, required=("name",), optional=("roles", "certifications"))
        if fields is None:
            return None
        name = self.name(fields.get("name", MISSING), f"{path}.name")
        roles = self.strings(fields.get("roles", []), f"{path}.roles", self.role)
        certifications = self.strings(
            fields.get("certifications", []),
            f"{path}.certifications",
            lambda value, where: self.category_ref(value, where, known),
        )
        if name is None or roles is None or certifications is None:
            return None
        return UserSpec(name, roles | {"member"}, certifications)

    def role(self, value: Any, path: str) -> str | None:
        text = self.string(value, path)
        if text == "expert":
            self.problem(path, "'expert' is not given but earned: list the categories under certifications")
            return None
        if text is not None and text not in STORED_ROLES:
            self.problem(path, f"unknown role '{text}' (use {', '.join(STORED_ROLES)})")
            return None
        return text

    def exam(self, item: Any, path: str, known: set[str]) -> ExamBank | None:
        fields = self.fields(
            item,
            path,
            required=("category", "questions_per_attempt", "pass_mark", "questions"),
            optional=("retry_after_hours",),
        )
        if fields is None:
            return None
        category = self.category_ref(fields.get("category", MISSING), f"{path}.category", known)
        draw = self.integer(fields.get("questions_per_attempt", MISSING), f"{path}.questions_per_attempt", 1, MAX_COUNT)
        pass_mark = self.number(fields.get("pass_mark", MISSING), f"{path}.pass_mark", 0.01, 1)
        retry = self.number(fields.get("retry_after_hours", 24), f"{path}.retry_after_hours", 0, 24 * 365)
        questions = self.each(fields.get("questions", MISSING), f"{path}.questions", self.exam_question)
        ids = [question.id for question in questions]
        for duplicate in sorted({qid for qid in ids if ids.count(qid) > 1}):
            self.problem(f"{path}.questions", f"the id '{duplicate}' is used more than once")
        if draw is not None and isinstance(fields.get("questions"), list) and draw > len(fields["questions"]):
            self.problem(
                f"{path}.questions_per_attempt",
                f"{draw} is more than the {len(fields['questions'])} questions in the bank",
            )
            return None
        if category is None or draw is None or pass_mark is None or retry is None:
            return None
        return ExamBank(category, draw, pass_mark, retry, questions)

    def exam_question(self, item: Any, path: str) -> ExamQuestion | None:
        fields = self.fields(item, path, required=("id", "text", "choices", "answer"), optional=())
        if fields is None:
            return None
        question_id = self.identifier(fields.get("id", MISSING), f"{path}.id")
        text = self.string(fields.get("text", MISSING), f"{path}.text", QUESTION_LIMIT)
        choices = self.each(fields.get("choices", MISSING), f"{path}.choices", self.string)
        if isinstance(fields.get("choices"), list) and len(fields["choices"]) < 2:
            self.problem(f"{path}.choices", "give at least two choices")
            return None
        answer = self.each(
            fields.get("answer", MISSING),
            f"{path}.answer",
            lambda value, where: self.choice_index(value, where, len(choices)),
        )
        if isinstance(fields.get("answer"), list) and not fields["answer"]:
            self.problem(f"{path}.answer", "give the index of at least one right choice")
            return None
        if len(set(answer)) != len(answer):
            self.problem(f"{path}.answer", "an index is given more than once")
            return None
        if question_id is None or text is None:
            return None
        return ExamQuestion(question_id, text, choices, tuple(sorted(answer)))

    def choice_index(self, value: Any, path: str, count: int) -> int | None:
        index = self.integer(value, path, 0, MAX_COUNT)
        if index is not None and index >= count:
            self.problem(path, f"no choice {index}: choices are numbered from 0 to {count - 1}")
            return None
        return index

    def reward(self, item: Any, path: str) -> Reward | None:
        fields = self.fields(item, path, required=("id", "title", "cost"), optional=("stock",))
        if fields is None:
            return None
        reward_id = self.identifier(fields.get("id", MISSING), f"{path}.id")
        title = self.string(fields.get("title", MISSING), f"{path}.title")
        cost = self.integer(fields.get("cost", MISSING), f"{path}.cost", 1, MAX_POINTS)
        stock = fields.get("stock")
        if stock is not None:
            stock = self.integer(stock, f"{path}.stock", 0, MAX_POINTS)
            if stock is None:
                return None
        if reward_id is None or title is None or cost is None:
            return None
        return Reward(reward_id, title, cost, stock)

    def question(self, item: Any, path: str, known: set[str]) -> QuestionSpec | None:
        fields = self.fields(item, path, required=("asker", "category", "text"), optional=HISTORY_KEYS)
        if fields is None:
            return None
        asker = self.name(fields.get("asker", MISSING), f"{path}.asker")
        category = self.category_ref(fields.get("category", MISSING), f"{path}.category", known)
        text = self.string(fields.get("text", MISSING), f"{path}.text", QUESTION_LIMIT)
        history = self.question_history(fields, path)
        if asker is None or category is None or text is None or history is None:
            return None
        return QuestionSpec(path, asker, category, text, **history)

    def question_history(self, fields: dict, path: str) -> dict | None:
        """The optional keys that seed a question already answered and rated."""
        problems = len(self.problems)
        history: dict[str, Any] = {}
        for key in MOMENTS:
            if key in fields:
                history[key] = self.moment(fields[key], f"{path}.{key}")
        if "answered_by" in fields:
            history["answered_by"] = self.name(fields["answered_by"], f"{path}.answered_by")
        if "answer" in fields:
            history["answer"] = self.string(fields["answer"], f"{path}.answer", ANSWER_LIMIT)
        if "rating" in fields:
            history["rating"] = fields["rating"]
            if fields["rating"] not in RATINGS:
                self.problem(f"{path}.rating", f"expected one of {', '.join(RATINGS)}")
        if ("answered_by" in fields) != ("answer" in fields):
            self.problem(path, "answered_by and answer go together: give both or neither")
        needs_answer = ("claimed_at", "answered_at", "rating", "rated_at")
        for key in needs_answer:
            if key in fields and "answered_by" not in fields:
                self.problem(f"{path}.{key}", "only an answered question has it: add answered_by and answer")
        if "rated_at" in fields and "rating" not in fields:
            self.problem(f"{path}.rated_at", "only a rated question has it: add rating")
        if fields.get("answered_by") == fields.get("asker") and "answered_by" in fields:
            self.problem(f"{path}.answered_by", "an expert cannot answer their own question")
        self.in_order(history, path)
        return None if len(self.problems) > problems else history

    def in_order(self, history: dict[str, Any], path: str) -> None:
        """A question's times never go backwards: asked, then claimed, then answered, then rated."""
        given = [(key, history[key]) for key in MOMENTS if history.get(key) is not None]
        for (earlier, first), (later, second) in zip(given, given[1:], strict=False):
            if second < first:
                self.problem(f"{path}.{later}", f"{second.isoformat()} is before {earlier} ({first.isoformat()})")

    def moment(self, value: Any, path: str) -> datetime | None:
        text = self.string(value, path)
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            self.problem(path, f"'{text}' is not a time with its zone, like 2026-11-20T09:30:00Z")
            return None
        return moment.astimezone(UTC)


MOMENTS = ("created_at", "claimed_at", "answered_at", "rated_at")  # in the order they happen
HISTORY_KEYS = ("created_at", "answered_by", "answer", "claimed_at", "answered_at", "rating", "rated_at")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
