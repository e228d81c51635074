"""The texts the tool writes into the records it keeps, and how they are read back to be shown.

A ledger entry's reason, a question event's detail and a certification change's reason are
stored in English, as they always were: they are machine values that export, seed and `--json`
hand on as they are. Shown, a stored text that is one of these templates filled in is read
back as a Phrase of that template and its values, so that it reads in the reader's language
whenever it was written; any other text (a reason an admin typed) is shown as it is.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

from lesaitutte_cli.domain.model import (
    BOUNTY_OFFERED,
    BOUNTY_PAID,
    BOUNTY_REFUNDED,
    CERTIFIED,
    DOWN,
    EARNED,
    LAPSED,
    REDEEMED,
    RENEWED,
    UP,
)
from lesaitutte_cli.language import N_, NP_, Count, N_plural, Phrase, Word

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from lesaitutte_cli.domain.model import CertificationChange, Event, LedgerEntry

Template = str | tuple[str, str]

# Ledger entries' reasons, by the entry's kind.
EARNED_REASON = N_("up rating of the answer to question {question}")
REDEEMED_REASON = N_("redeemed {reward}")
BOUNTY_OFFERED_REASON = N_("bounty offered on question {question}")
BOUNTY_PAID_REASON = N_("bounty for the answer to question {question}")
BOUNTY_REFUNDED_REASON = N_("bounty on question {question} refunded: {why}")
REASONS: dict[str, Template] = {
    EARNED: EARNED_REASON,
    REDEEMED: REDEEMED_REASON,
    BOUNTY_OFFERED: BOUNTY_OFFERED_REASON,
    BOUNTY_PAID: BOUNTY_PAID_REASON,
    BOUNTY_REFUNDED: BOUNTY_REFUNDED_REASON,
}

# Why a bounty went back to its asker.
NO_ANSWER_IN_TIME = NP_("refund", "no answer within 7 days")
RATED_DOWN = NP_("refund", "rated down")
WITHDRAWN_REFUND = NP_("refund", "withdrawn")
REFUND_WHY = (NO_ANSWER_IN_TIME, RATED_DOWN, WITHDRAWN_REFUND)

# The details of a question's events, by the event's kind.
BOUNTY_OFFERED_DETAIL = N_plural("{n} point offered", "{n} points offered")
BOUNTY_PAID_DETAIL = N_plural("{n} point paid", "{n} points paid")
BOUNTY_REFUNDED_DETAIL = N_plural("{n} point refunded: {why}", "{n} points refunded: {why}")
RATED_WITHOUT_POINT = N_("{rating} (no point: {why})")
PAIR_LIMIT = N_plural(
    "an asker's up ratings may earn one expert at most {n} point in 24 hours",
    "an asker's up ratings may earn one expert at most {n} points in 24 hours",
)
RELEASED_ON_REVOCATION = N_("certification in {category} revoked by {by}")
DETAILS: dict[str, tuple[Template, ...]] = {
    "bounty": (BOUNTY_OFFERED_DETAIL, BOUNTY_PAID_DETAIL, BOUNTY_REFUNDED_DETAIL),
    "rated": ("{rating}", RATED_WITHOUT_POINT),
    "released": (RELEASED_ON_REVOCATION,),
}
RATINGS = {UP: NP_("rating", "up"), DOWN: NP_("rating", "down")}

# Certification changes' reasons that the tool gives, by the change's action.
PASSED_THE_EXAM = N_("passed the exam")
CERTIFIED_BY_A_TRAINER = N_("certified by a trainer")
CERTIFICATE_EXPIRED = N_("certificate expired")
CERTIFICATION_REASONS = {
    CERTIFIED: (PASSED_THE_EXAM, CERTIFIED_BY_A_TRAINER),
    RENEWED: (PASSED_THE_EXAM, CERTIFIED_BY_A_TRAINER),
    LAPSED: (CERTIFICATE_EXPIRED,),
}


def written(template: Template, **values: Any) -> str:
    """A text to store: the template filled in, in English."""
    return str(Phrase(template, **values))


def entry_reason(entry: LedgerEntry) -> str:
    """A ledger entry's reason as shown: the tool's own as a Phrase, anyone else's as typed."""
    template = REASONS.get(entry.kind)
    return (template and _read(entry.reason, (template,))) or entry.reason


def event_detail(event: Event) -> str:
    """A question event's detail as shown: the tool's own as a Phrase, anything else as stored."""
    return _read(event.detail, DETAILS.get(event.kind, ())) or event.detail


def certification_reason(change: CertificationChange) -> str:
    """A certification change's reason as shown: the tool's own as a Word, a trainer's as typed."""
    if change.reason in CERTIFICATION_REASONS.get(change.action, ()):
        return Word(change.reason)
    return change.reason


def _read(text: str, templates: Iterable[Template]) -> Phrase | None:
    """`text` as one of `templates` filled in, each value read back as what it was; else None."""
    for template in templates:
        forms = (template,) if isinstance(template, str) else template
        for form in forms:
            match = _pattern(form).fullmatch(text)
            if match is None:
                continue
            values = {name: _VALUES[name](value) for name, value in match.groupdict().items()}
            if None not in values.values():
                return Phrase(template, **values)
    return None


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    # The templates' placeholders are plain names: split on them (string.Formatter costs an import).
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+)" for index, part in enumerate(parts)),
        re.DOTALL,
    )


def _number(text: str) -> Count | None:
    return Count(int(text)) if text.isdigit() else None


def _why(text: str) -> str | None:
    """Why a bounty came back or a rating earned no point, as the tool words it."""
    if text in REFUND_WHY:
        return Word(text, context="refund")
    return _read(text, (PAIR_LIMIT,))


def _rating(text: str) -> Word | None:
    return Word(text, context="rating") if text in RATINGS else None


def _as_stored(text: str) -> str:
    return text


# How each value of the templates above is read back: None when the text is not the tool's.
_VALUES: dict[str, Callable[[str], Any]] = {
    "question": lambda text: int(text) if text.isdigit() else None,
    "reward": _as_stored,
    "category": _as_stored,
    "by": _as_stored,
    "n": _number,
    "why": _why,
    "rating": _rating,
}
