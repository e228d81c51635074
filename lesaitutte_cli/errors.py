"""Errors whose message is written for the person at the shell.

Each message is one line that says what went wrong and what to do next. The command
line maps the three families to exit codes: a rule refused (1), the input was bad (2),
the store cannot be used (3).

A message that names a moment keeps it as a datetime: the layer that prints the message shows
it in the reader's local time (`message`), which the rules that raise it cannot know.

A message is written in English as a template marked with `N_`, its values given apart
(`Refused(N_("There is no reward '{reward}'."), reward=name)`): it is translated where it is
shown, so the rules that raise it stay free of the reader's language too.
"""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

from lesaitutte_cli.language import (
    N_,
    Count,
    N_plural,
    Phrase,
    Word,
    _,
    english_template,
    lines,
    number,
    translated_template,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    ShowTime = Callable[[datetime], str]


def utc_text(moment: datetime) -> str:
    """A moment as `str()` of an error shows it: a log or a traceback has no reader's zone."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class LesaitutteError(Exception):
    """Base of every error meant for a user rather than a programmer."""

    def __init__(self, text: str | tuple[str, str], /, **values: Any):
        """`text` a template marked with `N_` (or a Phrase, built elsewhere), or with `N_plural` and
        its number given as `n`."""
        if isinstance(text, Phrase):
            values = text.values
            text = text.template
        self.text, self.values = text, values
        english = english_template(text, values)
        super().__init__(english.format(**values) if values else english)

    def message(self, show_time: ShowTime) -> str:
        """The message for a person, in their language, with every moment it names shown by `show_time`."""
        return _filled(translated_template(self.text, self.values), self.values, show_time)

    def json_details(self) -> dict[str, Any]:
        """What a `--json` error carries besides its code and message: machine values, never translated."""
        return {}


def shown(phrase: Phrase, show_time: ShowTime) -> str:
    """A phrase in the reader's words, as a message shows it."""
    return _filled(translated_template(phrase.template, phrase.values), phrase.values, show_time)


def _filled(template: str, values: dict[str, Any], show_time: ShowTime) -> str:
    if not values:
        return template
    return template.format(**{name: _shown(value, show_time) for name, value in values.items()})


def _shown(value: Any, show_time: ShowTime) -> Any:
    """A message's value in the reader's words: a Word or a Phrase translated, an error's message
    given in full, a Count grouped as their language does."""
    if isinstance(value, Phrase):
        return shown(value, show_time)
    if isinstance(value, Word):
        return value.translated()
    if isinstance(value, LesaitutteError):
        return value.message(show_time)
    if isinstance(value, Count):
        return number(value)
    return value


class Refused(LesaitutteError):
    """A rule of the community said no."""


class InvalidInput(LesaitutteError):
    """What was typed or given in a file cannot be used."""


class StoreUnusable(LesaitutteError):
    """The store file cannot be read, written or locked."""


class Collided(StoreUnusable):
    """The store undid the command's transaction because a concurrent one got in the way (a
    deadlock, a serialization failure): nothing of it was saved, and running the whole
    transaction again is the remedy, which the services do before a person ever sees this."""


class StoreProblems(StoreUnusable):
    """`check` found what is wrong with a store: the message lists each problem in the reader's
    words; `--json` adds them as `problems`, each its code (null for a record that cannot be read
    or the file engine's own bookkeeping) and its English sentence, the same in every language."""

    def __init__(self, store: str, problems: list[str]):
        self.problems = problems
        super().__init__(
            N_plural(
                "The store {store} has a problem:\n{problems}\nRestore it from a backup made before it appeared.",
                "The store {store} has {n} problems:\n{problems}\nRestore it from a backup made before they appeared.",
            ),
            store=store,
            problems=lines(Phrase("- {problem}", problem=problem) for problem in problems),
            n=Count(len(problems)),
        )

    def json_details(self) -> dict[str, Any]:
        return {
            "problems": [{"code": getattr(problem, "code", None), "text": str(problem)} for problem in self.problems]
        }


class UnreadableRecord(StoreUnusable):
    """A record of the store or of one of its logs is damaged: the message says which, not yet where."""

    def __init__(self, record: str, reason: str):
        self.record = record
        self.reason = reason
        super().__init__(N_("{record} cannot be read ({reason})"), record=record, reason=reason)


class NotRegistered(Refused):
    def __init__(self, name: str):
        super().__init__(
            N_("'{name}' is not registered in this community. Join with: lesaitutte --user {name} register"), name=name
        )


class RoleRequired(Refused):
    HOW_TO_GET = {
        "expert": N_("Become one by passing a category's exam: lesaitutte take-exam CATEGORY"),
        "trainer": N_("An admin can grant it: lesaitutte user roles NAME --add trainer"),
        "admin": N_("An admin can grant it: lesaitutte user roles NAME --add admin"),
    }

    def __init__(self, name: str, role: str, action: str):
        self.how_to_get = self.HOW_TO_GET[role]
        super().__init__(
            N_("{action} needs the {role} role, which '{name}' does not have."),
            action=Word(action),
            role=Word(role),
            name=name,
        )

    def message(self, show_time: ShowTime) -> str:
        return f"{super().message(show_time)} {_(self.how_to_get)}"


class UnknownQuestion(Refused):
    def __init__(self, question_id: int):
        super().__init__(
            N_("There is no question {id}. List them with: lesaitutte questions --status all"), id=question_id
        )


class UnknownCategory(InvalidInput):
    def __init__(self, category: str, known: list[str]):
        super().__init__(
            N_("There is no category '{category}'. Choose one of: {known}."), category=category, known=", ".join(known)
        )


class TimedRefusal(Refused):
    """A refusal whose message names moments; `str()` shows them in UTC."""

    def __init__(self) -> None:
        super().__init__(self.message(utc_text))

    def message(self, show_time: ShowTime) -> str:
        raise NotImplementedError


class AlreadyHolding(TimedRefusal):
    def __init__(self, question_id: int, until: datetime):
        self.question_id, self.until = question_id, until
        super().__init__()

    def message(self, show_time: ShowTime) -> str:
        return _("You already hold question {id}, until {until}.").format(
            id=self.question_id, until=show_time(self.until)
        )


class ClaimedFirst(TimedRefusal):
    """Another expert's claim on the question won the race."""

    def __init__(self, question_id: int, claimed_by: str, until: datetime):
        self.question_id, self.claimed_by, self.until = question_id, claimed_by, until
        super().__init__()

    def message(self, show_time: ShowTime) -> str:
        return _(
            "Question {id} was claimed first by {expert} (until {until}). Try another: lesaitutte claim --next"
        ).format(id=self.question_id, expert=self.claimed_by, until=show_time(self.until))


class ClaimExpired(TimedRefusal):
    def __init__(self, question_id: int, expired_at: datetime):
        self.question_id, self.expired_at = question_id, expired_at
        super().__init__()

    def message(self, show_time: ShowTime) -> str:
        return _(
            "Your claim on question {id} expired at {expired}; the answer was not saved. "
            "Claim another question with: lesaitutte claim --next"
        ).format(id=self.question_id, expired=show_time(self.expired_at))


class ExamWait(TimedRefusal):
    """The last attempt at a category's exam failed, and its retry delay has not run out."""

    def __init__(self, category: str, retry_at: datetime):
        self.category, self.retry_at = category, retry_at
        super().__init__()

    def message(self, show_time: ShowTime) -> str:
        return _("The last {category} exam was not passed; the next attempt is allowed from {retry}.").format(
            category=self.category, retry=show_time(self.retry_at)
        )


class NothingToClaim(Refused):
    """No open question the expert may claim; `reopens_at` is when the next claim in their categories runs out."""

    def __init__(self, categories: frozenset[str], reopens_at: datetime | None):
        self.reopens_at = reopens_at
        super().__init__(
            N_(
                "No open question in your categories ({categories}) is waiting for you. "
                "Wait for one with: lesaitutte claim --next --wait"
            ),
            categories=", ".join(sorted(categories)),
        )
