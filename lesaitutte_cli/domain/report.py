"""The service in figures: how many questions, how fast they were answered, how many solved.

Every time is measured from the moment a question was asked. A time that comes out negative
(the machine's clock was set back between the asking and the answer) is left out of the
figures rather than counted as zero: how long that answer took is unknown, and counting it as
instant would flatter the "answered within 5 minutes" share.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

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


def service_report(
    questions: list[Question],
    changes: Iterable[CertificationChange] = (),
    progress: Callable[[Iterable, int, str], Iterable] | None = None,
) -> Report:
    """Figures for these questions and certification changes (already narrowed to a period and category).

    `progress` sees the experts go by, the longest part of the work on a big community.
    """
    categories = sorted({question.category for question in questions})
    names = sorted({question.answered_by for question in questions if question.answered_by})
    experts = names if progress is None else progress(names, len(names), "Counting each expert's answers")
    return Report(
        overall=figures(questions),
        by_category={category: figures([q for q in questions if q.category == category]) for category in categories},
        by_expert={expert: expert_figures([q for q in questions if q.answered_by == expert]) for expert in experts},
        answer_times_s=sorted(answer_times(questions)),
        certifications=certification_figures(changes),
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


def figures(questions: list[Question]) -> Figures:
    answered = [question for question in questions if question.status in (ANSWERED, RATED)]
    rated = [question for question in answered if question.rating is not None]
    up = [question for question in rated if question.rating == UP]
    to_answer = answer_times(questions)
    to_claim = [seconds for seconds in map(time_to_claim, questions) if seconds is not None]
    return Figures(
        questions=len(questions),
        answered=len(answered),
        rated_up=len(up),
        resolution_rate=_share(len(up), len(rated)),
        median_time_to_claim_s=_median(to_claim),
        median_time_to_answer_s=_median(to_answer),
        p90_time_to_answer_s=percentile(to_answer, 90),
        answered_within_5_min=_share(sum(1 for seconds in to_answer if seconds <= FIVE_MINUTES), len(to_answer)),
        expired_claims=sum(1 for question in questions for event in question.history if event.kind == "expired"),
        open_now=sum(1 for question in questions if question.status in (OPEN, CLAIMED)),
    )


def expert_figures(answers: list[Question]) -> ExpertFigures:
    rated = [question for question in answers if question.rating is not None]
    return ExpertFigures(
        answers=len(answers),
        up_rate=_share(sum(1 for question in rated if question.rating == UP), len(rated)),
        median_time_to_answer_s=_median(answer_times(answers)),
    )


def answer_time_histogram(seconds: Iterable[float]) -> list[int]:
    """How many answers fall in each of ANSWER_TIME_BANDS."""
    counts = [0] * len(ANSWER_TIME_BANDS)
    for value in seconds:
        counts[
            next(index for index, (upper, _) in enumerate(ANSWER_TIME_BANDS) if upper is None or value <= upper)
        ] += 1
    return counts


def answer_times(questions: Iterable[Question]) -> list[float]:
    spans = (
        (question.answered_at - question.created_at).total_seconds()
        for question in questions
        if question.answered_at is not None
    )
    return [seconds for seconds in spans if seconds >= 0]


def time_to_claim(question: Question) -> float | None:
    """Seconds from asking to the first claim, if it was ever claimed."""
    first = next((event.at for event in question.history if event.kind == "claimed"), None)
    seconds = None if first is None else (first - question.created_at).total_seconds()
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
