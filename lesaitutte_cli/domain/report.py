"""The service in figures: how many questions, how fast they were answered, how many solved.

Every time is measured from the moment a question was asked. A time that comes out negative
(the machine's clock was set back between the asking and the answer) is left out of the
figures rather than counted as zero: how long that answer took is unknown, and counting it as
instant would flatter the "answered within 5 minutes" share.
"""

from __future__ import annotations

import bisect
import math
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from lesaitutte_cli.domain.model import ANSWERED, CERTIFIED, CLAIMED, LAPSED, OPEN, RATED, RENEWED, REVOKED, UP
from lesaitutte_cli.language import N_

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from datetime import datetime

    from lesaitutte_cli.domain.model import CertificationChange, Question

FIVE_MINUTES = 300

# Bands of time to answer, each up to and including its upper bound in seconds, so that an
# answer at exactly five minutes falls where "answered within 5 minutes" counts it.
ANSWER_TIME_BANDS = [
    (60, N_("up to 1 min")),  # marked for people; JSON keeps the English labels
    (FIVE_MINUTES, "1-5 min"),
    (900, "5-15 min"),
    (1800, "15-30 min"),
    (3600, "30-60 min"),
    (7200, "1-2 h"),
    (None, N_("over 2 h")),
]


@dataclass(frozen=True)
class Figures:
    questions: int
    answered: int
    rated_up: int
    resolution_rate: float | None  # up-rated among rated answers
    median_time_to_claim_s: float | None
    median_time_to_answer_s: float | None
    p90_time_to_answer_s: float | None
    answered_within_5_min: float | None  # among answered questions
    expired_claims: int
    open_now: int


@dataclass(frozen=True)
class ExpertFigures:
    answers: int
    up_rate: float | None  # up-rated among their rated answers
    median_time_to_answer_s: float | None


@dataclass(frozen=True)
class Report:
    overall: Figures
    by_category: dict[str, Figures]
    by_expert: dict[str, ExpertFigures]
    answer_times_s: list[float]
    # Per category, how many certifications were granted, renewed, lapsed and revoked in the period.
    certifications: dict[str, dict[str, int]]


def in_period(
    questions: Iterable[Question], since: datetime | None, until: datetime | None, category: str | None
) -> list[Question]:
    return [
        question
        for question in questions
        if (since is None or question.created_at >= since)
        and (until is None or question.created_at < until)
        and (category is None or question.category == category)
    ]


def changes_in_period(
    changes: Iterable[CertificationChange], since: datetime | None, until: datetime | None, category: str | None
) -> list[CertificationChange]:
    return [
        change
        for change in changes
        if (since is None or change.at >= since)
        and (until is None or change.at < until)
        and (category is None or change.category == category)
    ]


class Asked(NamedTuple):
    """What the report counts of one question: how it ended and how long it waited."""

    category: str
    status: str
    rating: str | None
    answered_by: str | None
    to_claim: float | None  # seconds from asking to the first claim, None if unknown (see time_to_claim)
    to_answer: float | None  # seconds from asking to the answer, likewise
    expired_claims: int


def asked(
    category: str,
    status: str,
    rating: str | None,
    answered_by: str | None,
    created_at: datetime,
    first_claimed_at: datetime | None,
    answered_at: datetime | None,
    expired_claims: int,
) -> Asked:
    """A question as the report counts it, from what an engine stores of it."""
    return Asked(
        category,
        status,
        rating,
        answered_by,
        _seconds_since(created_at, first_claimed_at),
        _seconds_since(created_at, answered_at),
        expired_claims,
    )


def asked_of(question: Question) -> Asked:
    first_claim = next((event.at for event in question.history if event.kind == "claimed"), None)
    expired = sum(1 for event in question.history if event.kind == "expired")
    return asked(
        question.category,
        question.status,
        question.rating,
        question.answered_by,
        question.created_at,
        first_claim,
        question.answered_at,
        expired,
    )


def service_report(
    questions: Iterable[Question],
    changes: Iterable[CertificationChange] = (),
    progress: Callable[[Iterable, int, str], Iterable] | None = None,
) -> Report:
    """Figures for these questions and certification changes (already narrowed to a period and category)."""
    return report_of(map(asked_of, questions), changes, progress)


def report_of(
    questions: Iterable[Asked],
    changes: Iterable[CertificationChange] = (),
    progress: Callable[[Iterable, int, str], Iterable] | None = None,
) -> Report:
    """The report in one pass over the questions, holding only their times: a community may have millions.

    `progress` sees the experts go by.
    """
    overall = _Tally()
    by_category: dict[str, _Tally] = {}
    by_expert: dict[str, _Tally] = {}
    for question in questions:
        overall.add(question)
        _tally_of(by_category, question.category).add(question)
        if question.answered_by:
            _tally_of(by_expert, question.answered_by).add(question)
    names = sorted(by_expert)
    experts = names if progress is None else progress(names, len(names), "Counting each expert's answers")
    return Report(
        overall=overall.figures(),
        by_category={category: by_category[category].figures() for category in sorted(by_category)},
        by_expert={expert: by_expert[expert].expert_figures() for expert in experts},
        answer_times_s=sorted(overall.to_answer),
        certifications=certification_figures(changes),
    )


def _tally_of(tallies: dict[str, _Tally], key: str) -> _Tally:
    tally = tallies.get(key)
    if tally is None:
        tally = tallies[key] = _Tally()
    return tally


class _Tally:
    """The figures of a group of questions, counted as they go by."""

    def __init__(self) -> None:
        self.questions = self.answered = self.rated = self.rated_up = self.expired_claims = self.open_now = 0
        self.to_claim: list[float] = []
        self.to_answer: list[float] = []

    def add(self, question: Asked) -> None:
        self.questions += 1
        if question.status in (ANSWERED, RATED):
            self.answered += 1
        if question.rating is not None:
            self.rated += 1
            self.rated_up += question.rating == UP
        if question.to_claim is not None:
            self.to_claim.append(question.to_claim)
        if question.to_answer is not None:
            self.to_answer.append(question.to_answer)
        self.expired_claims += question.expired_claims
        self.open_now += question.status in (OPEN, CLAIMED)

    def figures(self) -> Figures:
        return Figures(
            questions=self.questions,
            answered=self.answered,
            rated_up=self.rated_up,
            resolution_rate=_share(self.rated_up, self.rated),
            median_time_to_claim_s=_median(self.to_claim),
            median_time_to_answer_s=_median(self.to_answer),
            p90_time_to_answer_s=percentile(self.to_answer, 90),
            answered_within_5_min=_share(
                sum(1 for seconds in self.to_answer if seconds <= FIVE_MINUTES), len(self.to_answer)
            ),
            expired_claims=self.expired_claims,
            open_now=self.open_now,
        )

    def expert_figures(self) -> ExpertFigures:
        return ExpertFigures(
            answers=self.questions,
            up_rate=_share(self.rated_up, self.rated),
            median_time_to_answer_s=_median(self.to_answer),
        )


CERTIFICATION_ACTIONS = (CERTIFIED, RENEWED, LAPSED, REVOKED)


def certification_figures(changes: Iterable[CertificationChange]) -> dict[str, dict[str, int]]:
    counted: dict[str, dict[str, int]] = {}
    for change in changes:
        if change.action not in CERTIFICATION_ACTIONS:  # an exam reset changes no certificate
            continue
        actions = counted.setdefault(change.category, dict.fromkeys(CERTIFICATION_ACTIONS, 0))
        actions[change.action] += 1
    return dict(sorted(counted.items()))


def answer_time_histogram(seconds: Iterable[float]) -> list[int]:
    """How many answers fall in each of ANSWER_TIME_BANDS."""
    # bisect_left puts a value equal to a bound in that bound's band; past the last bound is the last band.
    bounds = [upper for upper, _ in ANSWER_TIME_BANDS if upper is not None]
    counts = [0] * len(ANSWER_TIME_BANDS)
    for value in seconds:
        counts[bisect.bisect_left(bounds, value)] += 1
    return counts


def _seconds_since(start: datetime, moment: datetime | None) -> float | None:
    seconds = None if moment is None else (moment - start).total_seconds()
    return None if seconds is None or seconds < 0 else seconds


def percentile(values: list[float], rank: int) -> float | None:
    """The nearest-rank percentile: the smallest value with `rank`% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(rank / 100 * len(ordered)) - 1]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
