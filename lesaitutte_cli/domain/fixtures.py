"""Reading a fixture document (the input of `seed`) into records, or every reason it can't be.

A fixture is checked whole before anything is written: each problem is reported with the
path of the field it is in, e.g. `questions[1].text: expected a string`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from lesaitutte_cli.domain.limits import MAX_BOUNTY, MAX_CERTIFICATION_MONTHS, MAX_COUNT, MAX_ID, MAX_POINTS
from lesaitutte_cli.domain.model import (
    ADJUSTED,
    BOUNTY_KINDS,
    CERTIFIED,
    EARNED,
    EXAM_RESET,
    IDENTITY_POLICIES,
    LAPSED,
    RATINGS,
    REDEEMED,
    RENEWED,
    REVOKED,
    STATUSES,
    STORED_ROLES,
    WRITTEN_LANGUAGES,
    Category,
    CertificationChange,
    ChosenAnswer,
    Event,
    ExamAttempt,
    ExamBank,
    ExamQuestion,
    ExpiredClaim,
    Grant,
    LedgerEntry,
    Question,
    Redemption,
    Reward,
    Settings,
)
from lesaitutte_cli.domain.questions import ANSWER_LIMIT, QUESTION_LIMIT
from lesaitutte_cli.domain.text import ID_RULE, NAME_RULE, has_visible_character, is_valid_identifier, is_valid_name
from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.language import N_, Count, N_plural, Phrase, Word, lines

if TYPE_CHECKING:
    from collections.abc import Callable

    from lesaitutte_cli.errors import LesaitutteError

T = TypeVar("T")

# A required key that is absent: reported once as missing, not again as a bad value.
MISSING = object()


@dataclass(frozen=True)
class UserSpec:
    name: str
    roles: frozenset[str]
    certifications: frozenset[str]
    registered_at: datetime | None = None
    grants: tuple[Grant, ...] = ()


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
    # What an export adds: the store's records as they are, ids and history included.
    settings: Settings | None = None
    question_records: tuple[Question, ...] = ()
    ledger: tuple[LedgerEntry, ...] = ()
    redemptions: tuple[Redemption, ...] = ()
    attempts: tuple[ExamAttempt, ...] = ()
    certification_changes: tuple[CertificationChange, ...] = ()

    @property
    def has_records(self) -> bool:
        """Whether it holds records that are stored as given rather than played through the rules."""
        return bool(
            self.question_records or self.ledger or self.redemptions or self.attempts or self.certification_changes
        )


SEEDED = N_("seeded")


class FixtureProblems(InvalidInput):
    """Every problem found in one or more fixture files, one line each."""

    def __init__(self, problems: list[str], what_failed: str = SEEDED, command: str = "seed"):
        self.problems = problems
        super().__init__(
            N_plural(
                "{problems}\nNothing was {what_failed}: fix the problem above and run {command} again.",
                "{problems}\nNothing was {what_failed}: fix the {n} problems above and run {command} again.",
            ),
            problems=lines(problems),
            what_failed=Word(what_failed),
            command=command,
            n=len(problems),
        )


class FixtureBreaksRule(FixtureProblems):
    """A fixture's question whose history a rule refuses, at `where`: the refusal says why."""

    def __init__(self, where: str, refusal: LesaitutteError):
        super().__init__([Phrase("{where}: {refusal}", where=where, refusal=refusal)])


FIXTURE_KEYS = (
    "categories",
    "users",
    "settings",
    "exams",
    "rewards",
    "questions",
    "ledger",
    "redemptions",
    "attempts",
    "certification_changes",
)
LEDGER_KINDS = (EARNED, REDEEMED, ADJUSTED, *BOUNTY_KINDS)
CERTIFICATION_ACTIONS = (CERTIFIED, RENEWED, REVOKED, LAPSED, EXAM_RESET)
RECORD_TEXT_LIMIT = 1_000  # a reason or an event's detail: what commands write is far shorter


def read_fixture(
    document: Any, source: str, store_categories: set[str], keys: tuple[str, ...] = FIXTURE_KEYS
) -> Fixture:
    """The fixture's records; categories may be the store's or the fixture's own.

    `keys` narrows what the document may hold, e.g. only `exams` for an exam import.
    """
    reader = _Reader()
    top = reader.fields(document, "", required=(), optional=keys)
    if top is None:
        raise FixtureProblems(found_in(source, reader.problems))
    categories = reader.each(top.get("categories", []), "categories", reader.category)
    known = store_categories | {category.id for category in categories}
    users = reader.each(top.get("users", []), "users", lambda item, path: reader.user(item, path, known))
    settings = reader.settings(top["settings"], "settings") if "settings" in top else None
    exams = reader.each(top.get("exams", []), "exams", lambda item, path: reader.exam(item, path, known))
    rewards = reader.each(top.get("rewards", []), "rewards", reader.reward)
    questions = reader.each(
        top.get("questions", []), "questions", lambda item, path: reader.question(item, path, known)
    )
    fixture = Fixture(
        categories=categories,
        users=users,
        settings=settings,
        exams=exams,
        rewards=rewards,
        questions=tuple(question for question in questions if isinstance(question, QuestionSpec)),
        question_records=tuple(question for question in questions if isinstance(question, Question)),
        ledger=reader.each(top.get("ledger", []), "ledger", reader.ledger_entry),
        redemptions=reader.each(top.get("redemptions", []), "redemptions", reader.redemption),
        attempts=reader.each(top.get("attempts", []), "attempts", lambda item, path: reader.attempt(item, path, known)),
        certification_changes=reader.each(
            top.get("certification_changes", []),
            "certification_changes",
            lambda item, path: reader.certification_change(item, path, known),
        ),
    )
    for key, records in (
        ("questions", fixture.question_records),
        ("redemptions", fixture.redemptions),
        ("attempts", fixture.attempts),
    ):
        ids = Counter(record.id for record in records)
        for duplicate in sorted(record_id for record_id, count in ids.items() if count > 1):
            reader.problem(key, N_("the id {id} is used more than once"), id=duplicate)
    if reader.problems:
        raise FixtureProblems(found_in(source, reader.problems))
    return fixture


def at_path(path: str, message: str, **values: Any) -> Phrase:
    """A problem with the field it is in: `message` a template marked with `N_`, the path kept as
    written (JSON's own words, in every language)."""
    where = path or Phrase(N_("the document"))
    return Phrase("{path}: {problem}", path=where, problem=Phrase(message, **values))


def found_in(source: str, problems: list[str]) -> list[str]:
    """Each problem after the file it was found in."""
    return [Phrase("{source}: {problem}", source=source, problem=problem) for problem in problems]


class _Reader:
    """Checks values field by field, noting each problem and returning None for a bad value."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, path: str, message: str, **values: Any) -> None:
        self.problems.append(at_path(path, message, **values))

    def fields(self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, N_("expected an object"))
            return None
        allowed = required + optional
        for key in value:
            if key not in allowed:
                self.problem(_join(path, key), N_("unknown key (expected one of {keys})"), keys=", ".join(allowed))
        for key in required:
            if key not in value:
                self.problem(_join(path, key), N_("missing"))
        return value

    def each(self, value: Any, path: str, read: Callable[[Any, str], T | None]) -> tuple[T, ...]:
        if value is MISSING:
            return ()
        if not isinstance(value, list):
            self.problem(path, N_("expected a list"))
            return ()
        items = [read(item, f"{path}[{index}]") for index, item in enumerate(value)]
        return tuple(item for item in items if item is not None)

    def string(self, value: Any, path: str, limit: int = 200) -> str | None:
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.problem(path, N_("expected a string"))
            return None
        if not has_visible_character(value):
            self.problem(path, N_("must not be empty or only invisible characters"))
            return None
        if len(value) > limit:
            self.problem(path, N_("at most {limit} characters"), limit=Count(limit))
            return None
        return value.strip()

    def identifier(self, value: Any, path: str) -> str | None:
        text = self.string(value, path)
        if text is not None and not is_valid_identifier(text):
            self.problem(path, N_("'{text}' is not an id: use {rule}"), text=text, rule=Phrase(ID_RULE))
            return None
        return text

    def name(self, value: Any, path: str) -> str | None:
        text = self.string(value, path)
        if text is not None and not is_valid_name(text):
            self.problem(path, N_("'{text}' is not a user name: use {rule}"), text=text, rule=Phrase(NAME_RULE))
            return None
        return text

    def category_ref(self, value: Any, path: str, known: set[str]) -> str | None:
        text = self.string(value, path)
        if text is not None and text not in known:
            self.problem(
                path, N_("unknown category '{text}' (known: {known})"), text=text, known=", ".join(sorted(known))
            )
            return None
        return text

    def integer(self, value: Any, path: str, minimum: int, maximum: int) -> int | None:
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, N_("expected a whole number"))
            return None
        if not minimum <= value <= maximum:
            self.problem(
                path, N_("must be from {minimum} to {maximum}"), minimum=Count(minimum), maximum=Count(maximum)
            )
            return None
        return value

    def number(self, value: Any, path: str, minimum: float, maximum: float) -> float | None:
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, N_("expected a number"))
            return None
        if not minimum <= value <= maximum:
            self.problem(path, N_("must be between {minimum:g} and {maximum:g}"), minimum=minimum, maximum=maximum)
            return None
        return value

    def choice(self, value: Any, path: str, allowed: tuple[str, ...]) -> str | None:
        if value is MISSING:
            return None
        if value not in allowed:
            self.problem(path, N_("expected one of {allowed}"), allowed=", ".join(allowed))
            return None
        return str(value)

    def built(self, record: Callable[..., T], values: dict[str, Any], problems: int) -> T | None:
        """The record of the values read, or None if reading them found problems (more than `problems`)."""
        return None if len(self.problems) > problems else record(**values)

    def boolean(self, value: Any, path: str) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, N_("expected true or false"))
            return None
        return value

    def strings(self, value: Any, path: str, read: Callable[[Any, str], str | None]) -> frozenset[str] | None:
        if not isinstance(value, list):
            self.problem(path, N_("expected a list"))
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
        fields = self.fields(
            item, path, required=("name",), optional=("roles", "certifications", "registered_at", "grants")
        )
        if fields is None:
            return None
        problems = len(self.problems)
        name = self.name(fields.get("name", MISSING), f"{path}.name")
        roles = self.strings(fields.get("roles", []), f"{path}.roles", self.role)
        certifications = self.strings(
            fields.get("certifications", []),
            f"{path}.certifications",
            lambda value, where: self.category_ref(value, where, known),
        )
        registered_at = self.moment(fields.get("registered_at", MISSING), f"{path}.registered_at")
        grants = self.each(fields.get("grants", MISSING), f"{path}.grants", self.grant)
        for index, grant in enumerate(grants):
            if certifications is not None and grant.category not in certifications:
                self.problem(
                    f"{path}.grants[{index}].category",
                    N_("'{category}' is not in certifications"),
                    category=grant.category,
                )
        if len(self.problems) > problems or name is None or roles is None or certifications is None:
            return None
        return UserSpec(name, roles | {"member"}, certifications, registered_at, grants)

    def grant(self, item: Any, path: str) -> Grant | None:
        fields = self.fields(item, path, required=("category", "at"), optional=())
        if fields is None:
            return None
        category = self.identifier(fields.get("category", MISSING), f"{path}.category")
        at = self.moment(fields.get("at", MISSING), f"{path}.at")
        return None if category is None or at is None else Grant(category, at)

    def settings(self, item: Any, path: str) -> Settings | None:
        optional = ("identity", "pair_points_per_day", "certification_months", "certification_months_since", "language")
        fields = self.fields(item, path, required=(), optional=optional)
        if fields is None:
            return None
        problems = len(self.problems)
        defaults = Settings()
        values: dict[str, Any] = {
            "identity": self.choice(fields.get("identity", defaults.identity), f"{path}.identity", IDENTITY_POLICIES),
            "pair_points_per_day": self.integer(
                fields.get("pair_points_per_day", defaults.pair_points_per_day),
                f"{path}.pair_points_per_day",
                0,
                MAX_POINTS,
            ),
            "certification_months": self.integer(
                fields.get("certification_months", defaults.certification_months),
                f"{path}.certification_months",
                0,
                MAX_CERTIFICATION_MONTHS,
            ),
            "certification_months_since": self.moment(
                fields.get("certification_months_since", MISSING), f"{path}.certification_months_since"
            ),
            "language": self.choice(fields.get("language", defaults.language), f"{path}.language", WRITTEN_LANGUAGES),
        }
        return self.built(Settings, values, problems)

    def role(self, value: Any, path: str) -> str | None:
        text = self.string(value, path)
        if text == "expert":
            self.problem(path, N_("'expert' is not given but earned: list the categories under certifications"))
            return None
        if text is not None and text not in STORED_ROLES:
            self.problem(path, N_("unknown role '{text}' (use {roles})"), text=text, roles=", ".join(STORED_ROLES))
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
            self.problem(f"{path}.questions", N_("the id '{id}' is used more than once"), id=duplicate)
        if draw is not None and isinstance(fields.get("questions"), list) and draw > len(fields["questions"]):
            self.problem(
                f"{path}.questions_per_attempt",
                N_("{draw} is more than the {count} questions in the bank"),
                draw=draw,
                count=len(fields["questions"]),
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
            self.problem(f"{path}.choices", N_("give at least two choices"))
            return None
        answer = self.each(
            fields.get("answer", MISSING),
            f"{path}.answer",
            lambda value, where: self.choice_index(value, where, len(choices)),
        )
        if isinstance(fields.get("answer"), list) and not fields["answer"]:
            self.problem(f"{path}.answer", N_("give the index of at least one right choice"))
            return None
        if len(set(answer)) != len(answer):
            self.problem(f"{path}.answer", N_("an index is given more than once"))
            return None
        if question_id is None or text is None:
            return None
        return ExamQuestion(question_id, text, choices, tuple(sorted(answer)))

    def choice_index(self, value: Any, path: str, count: int) -> int | None:
        index = self.integer(value, path, 0, MAX_COUNT)
        if index is not None and index >= count:
            self.problem(
                path, N_("no choice {index}: choices are numbered from 0 to {last}"), index=index, last=count - 1
            )
            return None
        return index

    def reward(self, item: Any, path: str) -> Reward | None:
        fields = self.fields(item, path, required=("id", "title", "cost"), optional=("stock", "retired"))
        if fields is None:
            return None
        reward_id = self.identifier(fields.get("id", MISSING), f"{path}.id")
        title = self.string(fields.get("title", MISSING), f"{path}.title")
        cost = self.integer(fields.get("cost", MISSING), f"{path}.cost", 1, MAX_POINTS)
        retired = self.boolean(fields.get("retired", False), f"{path}.retired")
        stock = fields.get("stock")
        if stock is not None:
            stock = self.integer(stock, f"{path}.stock", 0, MAX_POINTS)
            if stock is None:
                return None
        if reward_id is None or title is None or cost is None or retired is None:
            return None
        return Reward(reward_id, title, cost, stock, retired)

    def question(self, item: Any, path: str, known: set[str]) -> QuestionSpec | Question | None:
        if isinstance(item, dict) and "id" in item:
            return self.question_record(item, path, known)
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
                self.problem(f"{path}.rating", N_("expected one of {allowed}"), allowed=", ".join(RATINGS))
        if ("answered_by" in fields) != ("answer" in fields):
            self.problem(path, N_("answered_by and answer go together: give both or neither"))
        needs_answer = ("claimed_at", "answered_at", "rating", "rated_at")
        for key in needs_answer:
            if key in fields and "answered_by" not in fields:
                self.problem(f"{path}.{key}", N_("only an answered question has it: add answered_by and answer"))
        if "rated_at" in fields and "rating" not in fields:
            self.problem(f"{path}.rated_at", N_("only a rated question has it: add rating"))
        if fields.get("answered_by") == fields.get("asker") and "answered_by" in fields:
            self.problem(f"{path}.answered_by", N_("an expert cannot answer their own question"))
        self.in_order(history, path)
        return None if len(self.problems) > problems else history

    def in_order(self, history: dict[str, Any], path: str) -> None:
        """A question's times never go backwards: asked, then claimed, then answered, then rated."""
        given = [(key, history[key]) for key in MOMENTS if history.get(key) is not None]
        for (earlier, first), (later, second) in zip(given, given[1:], strict=False):
            if second < first:
                self.problem(
                    f"{path}.{later}",
                    N_("{later} is before {earlier} ({earlier_at})"),
                    later=second.isoformat(),
                    earlier=earlier,
                    earlier_at=first.isoformat(),
                )

    def moment(self, value: Any, path: str) -> datetime | None:
        text = self.string(value, path)
        if text is None:
            return None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            self.problem(path, N_("'{text}' is not a time with its zone, like 2026-11-20T09:30:00Z"), text=text)
            return None
        return moment.astimezone(UTC)

    # Records as an export writes them: stored as they are, so each field is read as its
    # record holds it; whether the records agree with each other is checked once they are
    # all in the store (`domain.invariants`).

    def question_record(self, item: Any, path: str, known: set[str]) -> Question | None:
        fields = self.fields(
            item, path, required=("id", "asker", "category", "text", "created_at", "status"), optional=RECORD_KEYS
        )
        if fields is None:
            return None
        problems = len(self.problems)
        values: dict[str, Any] = {
            "id": self.integer(fields.get("id", MISSING), f"{path}.id", 1, MAX_ID),
            "asker": self.name(fields.get("asker", MISSING), f"{path}.asker"),
            "category": self.category_ref(fields.get("category", MISSING), f"{path}.category", known),
            "text": self.string(fields.get("text", MISSING), f"{path}.text", QUESTION_LIMIT),
            "created_at": self.moment(fields.get("created_at", MISSING), f"{path}.created_at"),
            "status": self.choice(fields.get("status", MISSING), f"{path}.status", STATUSES),
            "claimed_by": self.name(fields.get("claimed_by", MISSING), f"{path}.claimed_by"),
            "answered_by": self.name(fields.get("answered_by", MISSING), f"{path}.answered_by"),
            "answer": self.string(fields.get("answer", MISSING), f"{path}.answer", ANSWER_LIMIT),
            "rating": self.choice(fields.get("rating", MISSING), f"{path}.rating", RATINGS),
            "bounty": self.integer(fields.get("bounty", 0), f"{path}.bounty", 0, MAX_BOUNTY),
            "expired_claims": self.each(fields.get("expired_claims", MISSING), f"{path}.expired_claims", self.expired),
            "history": self.each(fields.get("events", MISSING), f"{path}.events", self.event),
        }
        for key in ("claimed_at", "claim_deadline", "answered_at", "rated_at", "bounty_since"):
            values[key] = self.moment(fields.get(key, MISSING), f"{path}.{key}")
        return self.built(Question, values, problems)

    def expired(self, item: Any, path: str) -> ExpiredClaim | None:
        fields = self.fields(item, path, required=("expert", "deadline"), optional=())
        if fields is None:
            return None
        expert = self.name(fields.get("expert", MISSING), f"{path}.expert")
        deadline = self.moment(fields.get("deadline", MISSING), f"{path}.deadline")
        return None if expert is None or deadline is None else ExpiredClaim(expert, deadline)

    def event(self, item: Any, path: str) -> Event | None:
        fields = self.fields(item, path, required=("at", "kind", "actor"), optional=("detail",))
        if fields is None:
            return None
        at = self.moment(fields.get("at", MISSING), f"{path}.at")
        kind = self.identifier(fields.get("kind", MISSING), f"{path}.kind")
        actor = self.name(fields.get("actor", MISSING), f"{path}.actor")
        detail = self.string(fields.get("detail", MISSING), f"{path}.detail", RECORD_TEXT_LIMIT)
        if at is None or kind is None or actor is None:
            return None
        return Event(at, kind, actor, detail or "")

    def ledger_entry(self, item: Any, path: str) -> LedgerEntry | None:
        fields = self.fields(
            item, path, required=("user", "amount", "kind", "at"), optional=("reason", "question", "redemption", "by")
        )
        if fields is None:
            return None
        problems = len(self.problems)
        values: dict[str, Any] = {
            "user": self.name(fields.get("user", MISSING), f"{path}.user"),
            "amount": self.integer(fields.get("amount", MISSING), f"{path}.amount", -MAX_POINTS, MAX_POINTS),
            "kind": self.choice(fields.get("kind", MISSING), f"{path}.kind", LEDGER_KINDS),
            "at": self.moment(fields.get("at", MISSING), f"{path}.at"),
            "reason": self.string(fields.get("reason", MISSING), f"{path}.reason", RECORD_TEXT_LIMIT) or "",
            "question": self.integer(fields.get("question", MISSING), f"{path}.question", 1, MAX_ID),
            "redemption": self.integer(fields.get("redemption", MISSING), f"{path}.redemption", 1, MAX_ID),
            "by": self.name(fields.get("by", MISSING), f"{path}.by"),
        }
        return self.built(LedgerEntry, values, problems)

    def redemption(self, item: Any, path: str) -> Redemption | None:
        fields = self.fields(
            item, path, required=("id", "user", "reward", "title", "cost", "voucher", "at"), optional=()
        )
        if fields is None:
            return None
        problems = len(self.problems)
        values: dict[str, Any] = {
            "id": self.integer(fields.get("id", MISSING), f"{path}.id", 1, MAX_ID),
            "user": self.name(fields.get("user", MISSING), f"{path}.user"),
            "reward": self.identifier(fields.get("reward", MISSING), f"{path}.reward"),
            "title": self.string(fields.get("title", MISSING), f"{path}.title"),
            "cost": self.integer(fields.get("cost", MISSING), f"{path}.cost", 1, MAX_POINTS),
            "voucher": self.string(fields.get("voucher", MISSING), f"{path}.voucher"),
            "at": self.moment(fields.get("at", MISSING), f"{path}.at"),
        }
        return self.built(Redemption, values, problems)

    def attempt(self, item: Any, path: str, known: set[str]) -> ExamAttempt | None:
        fields = self.fields(
            item,
            path,
            required=("id", "user", "category", "started_at", "questions", "pass_mark"),
            optional=("answers", "finished_at", "correct", "passed", "interrupted"),
        )
        if fields is None:
            return None
        problems = len(self.problems)
        questions = self.each(fields.get("questions", MISSING), f"{path}.questions", self.identifier)
        if isinstance(fields.get("questions"), list) and not fields["questions"]:
            self.problem(f"{path}.questions", N_("an attempt draws at least one question"))
        values: dict[str, Any] = {
            "id": self.integer(fields.get("id", MISSING), f"{path}.id", 1, MAX_ID),
            "user": self.name(fields.get("user", MISSING), f"{path}.user"),
            "category": self.category_ref(fields.get("category", MISSING), f"{path}.category", known),
            "started_at": self.moment(fields.get("started_at", MISSING), f"{path}.started_at"),
            "questions": questions,
            "pass_mark": self.number(fields.get("pass_mark", MISSING), f"{path}.pass_mark", 0.01, 1),
            "answers": self.each(fields.get("answers", MISSING), f"{path}.answers", self.chosen_answer),
            "finished_at": self.moment(fields.get("finished_at", MISSING), f"{path}.finished_at"),
            "correct": self.integer(fields.get("correct", 0), f"{path}.correct", 0, MAX_COUNT),
            "passed": self.boolean(fields.get("passed", False), f"{path}.passed"),
            "interrupted": self.boolean(fields.get("interrupted", False), f"{path}.interrupted"),
        }
        return self.built(ExamAttempt, values, problems)

    def chosen_answer(self, item: Any, path: str) -> ChosenAnswer | None:
        fields = self.fields(item, path, required=("question", "choices"), optional=())
        if fields is None:
            return None
        problems = len(self.problems)
        values: dict[str, Any] = {
            "question": self.identifier(fields.get("question", MISSING), f"{path}.question"),
            "choices": self.each(
                fields.get("choices", MISSING),
                f"{path}.choices",
                lambda value, where: self.integer(value, where, 0, MAX_COUNT),
            ),
        }
        return self.built(ChosenAnswer, values, problems)

    def certification_change(self, item: Any, path: str, known: set[str]) -> CertificationChange | None:
        fields = self.fields(
            item, path, required=("user", "category", "action", "at"), optional=("by", "reason", "attempt")
        )
        if fields is None:
            return None
        problems = len(self.problems)
        values: dict[str, Any] = {
            "user": self.name(fields.get("user", MISSING), f"{path}.user"),
            "category": self.category_ref(fields.get("category", MISSING), f"{path}.category", known),
            "action": self.choice(fields.get("action", MISSING), f"{path}.action", CERTIFICATION_ACTIONS),
            "by": self.name(fields.get("by", MISSING), f"{path}.by") or "",
            "at": self.moment(fields.get("at", MISSING), f"{path}.at"),
            "reason": self.string(fields.get("reason", MISSING), f"{path}.reason", RECORD_TEXT_LIMIT) or "",
            "attempt": self.integer(fields.get("attempt", MISSING), f"{path}.attempt", 1, MAX_ID),
        }
        return self.built(CertificationChange, values, problems)


MOMENTS = ("created_at", "claimed_at", "answered_at", "rated_at")  # in the order they happen
HISTORY_KEYS = ("created_at", "answered_by", "answer", "claimed_at", "answered_at", "rating", "rated_at")
# A question with an `id` is a record of an export: its keys besides the required ones.
RECORD_KEYS = (
    "claimed_by",
    "claimed_at",
    "claim_deadline",
    "answered_by",
    "answer",
    "answered_at",
    "rating",
    "rated_at",
    "expired_claims",
    "events",
    "bounty",
    "bounty_since",
)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
