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
from collections import Counter
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
    # How many answers took a time in each of ANSWER_TIME_BANDS: counts, not every time, which
    # at a million answers would be most of the command's memory.
    answer_time_counts: list[int]
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

    Each question adds one to the count of its (category, expert, status, rating) and its times
    to its category's and expert's lists; the figures are worked out from those at the end.
    `progress` sees the experts go by.
    """
    outcomes: Counter[tuple[str, str | None, str, str | None]] = Counter()
    expired: Counter[str] = Counter()
    to_claim: dict[str, list[float]] = {}
    to_answer: dict[str, list[float]] = {}
    by_expert: dict[str, list[float]] = {}
    for category, status, rating, expert, claim_time, answer_time, expired_claims in questions:
        outcomes[category, expert, status, rating] += 1
        if expired_claims:
            expired[category] += expired_claims
        if claim_time is not None:
            _times(to_claim, category).append(claim_time)
        if answer_time is not None:
            _times(to_answer, category).append(answer_time)
            if expert:
                _times(by_expert, expert).append(answer_time)
    ended: dict[str, list[tuple[str, str | None, int]]] = {}  # per category: how many ended how
    ratings: dict[str, list[tuple[str | None, int]]] = {}  # per expert: how many were rated how
    for (category, expert, status, rating), count in outcomes.items():
        ended.setdefault(category, []).append((status, rating, count))
        if expert:
            ratings.setdefault(expert, []).append((rating, count))
    names = sorted(ratings)
    experts = names if progress is None else progress(names, len(names), "Counting each expert's answers")
    every_answer_time = [seconds for times in to_answer.values() for seconds in times]
    return Report(
        overall=_figures(
            [(status, rating, count) for (_, _, status, rating), count in outcomes.items()],
            sum(expired.values()),
            [seconds for times in to_claim.values() for seconds in times],
            every_answer_time,
        ),
        by_category={
            category: _figures(
                ended[category], expired[category], to_claim.get(category, []), to_answer.get(category, [])
            )
            for category in sorted(ended)
        },
        by_expert={expert: _expert_figures(ratings[expert], by_expert.get(expert, [])) for expert in experts},
        answer_time_counts=answer_time_histogram(every_answer_time),
        certifications=certification_figures(changes),
    )


def _times(lists: dict[str, list[float]], key: str) -> list[float]:
    times = lists.get(key)
    if times is None:
        times = lists[key] = []
    return times


def _figures(
    outcomes: list[tuple[str, str | None, int]], expired_claims: int, to_claim: list[float], to_answer: list[float]
) -> Figures:
    """The figures of a group of questions: how many ended how (status, rating, count), and their times."""
    rated = sum(count for status, rating, count in outcomes if status in (ANSWERED, RATED) and rating is not None)
    rated_up = sum(count for status, rating, count in outcomes if status in (ANSWERED, RATED) and rating == UP)
    return Figures(
        questions=sum(count for _, _, count in outcomes),
        answered=sum(count for status, _, count in outcomes if status in (ANSWERED, RATED)),
        rated_up=rated_up,
        resolution_rate=_share(rated_up, rated),
        median_time_to_claim_s=_median(to_claim),
        median_time_to_answer_s=_median(to_answer),
        p90_time_to_answer_s=percentile(to_answer, 90),
        answered_within_5_min=_share(sum(1 for seconds in to_answer if seconds <= FIVE_MINUTES), len(to_answer)),
        expired_claims=expired_claims,
        open_now=sum(count for status, _, count in outcomes if status in (OPEN, CLAIMED)),
    )


def _expert_figures(ratings: list[tuple[str | None, int]], to_answer: list[float]) -> ExpertFigures:
    """An expert's figures: how their answers were rated (rating, count), and how long they took."""
    rated = sum(count for rating, count in ratings if rating is not None)
    return ExpertFigures(
        answers=sum(count for _, count in ratings),
        up_rate=_share(sum(count for rating, count in ratings if rating == UP), rated),
        median_time_to_answer_s=_median(to_answer),
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
    bounds = band_bounds()
    counts = [0] * len(ANSWER_TIME_BANDS)
    for value in seconds:
        counts[bisect.bisect_left(bounds, value)] += 1
    return counts


def band_bounds() -> list[int]:
    """The upper bounds of ANSWER_TIME_BANDS, in seconds, each in its band (the last has none)."""
    return [upper for upper, _ in ANSWER_TIME_BANDS if upper is not None]


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
