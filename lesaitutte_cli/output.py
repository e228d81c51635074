"""How results look: tables and text for people, JSON for scripts.

Text typed by one user is shown to others, so everything from the store passes through
`visible` before it reaches a terminal: control characters and escape sequences, bidirectional
controls and zero-width characters are shown as escapes instead of being obeyed. JSON output stays exact (JSON escapes them).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from lesaitutte_cli.clock import local_text, to_iso
from lesaitutte_cli.domain.text import INVISIBLE
from lesaitutte_cli.errors import shown
from lesaitutte_cli.language import N_, NP_, Phrase, _, ngettext, number, pgettext

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from datetime import datetime

    from lesaitutte_cli.domain.history import Happening
    from lesaitutte_cli.domain.model import (
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
    from lesaitutte_cli.domain.report import Report
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.errors import LesaitutteError
    from lesaitutte_cli.services.exams import ExamOutcome
    from lesaitutte_cli.services.membership import Profile

# Patterns as text: `re` compiles them on first use, not at every command's start.
_CONTROL = f"[{INVISIBLE}]"
_BLANKS = r"\s+"
_NOT_ASCII = "[^\x00-\x7f]"


def visible(text: str) -> str:
    """Text safe to print: line breaks and tabs kept, every other invisible character escaped."""
    if text.isascii() and text.isprintable():
        return text  # nothing invisible is printable ASCII: most text is shown without a search
    return re.sub(_CONTROL, _escaped, text)


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_line(text: str, width: int | None = None) -> str:
    flat = visible(re.sub(_BLANKS, " ", text).strip())
    if width is not None and len(flat) > width:
        return flat[: width - 1] + "…"
    return flat


def wrapped(text: str, width: int, indent: str = "") -> str:
    """The text broken into lines of at most `width` columns, every line after the first indented."""
    import textwrap  # imported here: only the interactive exam wraps text itself

    lines = textwrap.wrap(text, max(width, NARROWEST_TEXT), break_on_hyphens=False) or [""]
    return ("\n" + indent).join(lines)


def indented(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line for line in visible(text).splitlines())


def to_json(data: Any, indent: int | None = 2) -> str:
    """JSON with the invisible characters written as escapes: the same text once parsed, but a
    terminal showing the document (an error on stderr, say) is not reordered or hidden by them."""
    return re.sub(_CONTROL, _json_escaped, json.dumps(data, ensure_ascii=False, indent=indent))


def json_list(items: Iterable[Any]) -> Iterator[str]:
    """`to_json` of a list of these items, in pieces, an item at a time: the same text, without
    holding the whole list."""
    opened = False
    for item in items:
        # json.dumps writes no raw newline inside a value: every "\n" here is a line of the layout.
        yield ("[\n" if not opened else ",\n") + "\n".join("  " + line for line in to_json(item).split("\n"))
        opened = True
    yield "\n]" if opened else "[]"


def _json_escaped(match: re.Match) -> str:
    return json.dumps(match.group())[1:-1]  # \uXXXX, a surrogate pair beyond the first plane


NARROWEST_TEXT = 12  # a text column shortened below this would say nothing


def terminal_width() -> int:
    import shutil  # imported here: only tables of free text need it

    return shutil.get_terminal_size().columns


def table(rows: list[list[Any]], headers: list[str], style: str = "simple", fit: int | None = None) -> str:
    """A table in one of tabulate's formats.

    The two formats the commands use by default are drawn here, the way tabulate draws
    them: importing tabulate (with wcwidth) costs more than running a whole command, so it
    is imported only for the other formats, which people ask for by name.

    `fit` names a column of free text that is shortened so that the table fits the terminal.
    """
    if style not in ("simple", "plain"):
        from tabulate import tabulate

        return tabulate(rows, headers=headers, tablefmt=style)
    cells = [["" if value is None else visible(str(value)) for value in row] for row in rows]
    numeric = [
        all(isinstance(row[column], (int, float)) or row[column] in (None, "") for row in rows) and bool(rows)
        for column in range(len(headers))
    ]
    widths = [
        max([_width(header) + 2] + [_width(row[column]) for row in cells]) for column, header in enumerate(headers)
    ]
    if fit is not None:
        others = sum(widths) - widths[fit] + 2 * (len(widths) - 1)
        widths[fit] = min(widths[fit], max(NARROWEST_TEXT, terminal_width() - others))
        for row in cells:
            row[fit] = clipped(row[fit], widths[fit])

    def line(values: list[str]) -> str:
        padded = [
            " " * (width - _width(value)) + value if right else value + " " * (width - _width(value))
            for value, width, right in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    lines = [line(headers)]
    if style == "simple":
        lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines + [line(row) for row in cells])


def clipped(text: str, width: int) -> str:
    """The text cut to take at most `width` columns, an ellipsis showing the cut."""
    if _width(text) <= width:
        return text
    if text.isascii():
        return text[: width - 1] + "…"
    from itertools import accumulate

    # Columns only grow along the text: the characters kept are those that end before the last column.
    kept = sum(1 for taken in accumulate(map(_width, text)) if taken < width)
    return text[:kept] + "…"


def _width(text: str) -> int:
    """Columns a text takes on a terminal: wide (East Asian, emoji) characters two, marks none."""
    if text.isascii():
        return len(text)  # no ASCII character is wide or a mark: only the others are looked up one by one
    others = re.findall(_NOT_ASCII, text)
    return len(text) - len(others) + sum(map(_character_width, others))


def _character_width(char: str) -> int:
    import unicodedata

    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def error_text(error: LesaitutteError) -> str:
    """An error's message for the person at the shell, the moments it names in their local time."""
    return error.message(local_text)


def phrase_text(phrase: Phrase) -> str:
    """A phrase the engine or the rules built, in the reader's words."""
    return shown(phrase, local_text)


def stored_text(text: str) -> str:
    """A text kept in a record: in the reader's words where the tool wrote it (`domain.stored_texts`)."""
    return phrase_text(text) if isinstance(text, Phrase) else text


def iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_iso(moment)


def percent(fraction: float) -> str:
    return f"{fraction:.0%}"


def duration(seconds: float) -> str:
    """A span of time as people say it: 45s, 12m, 1h 05m, 3d 4h."""
    seconds = int(abs(seconds))
    if seconds < 60:
        return _("{seconds}s").format(seconds=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return _("{minutes}m").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("{hours}h {minutes:02d}m").format(hours=hours, minutes=minutes)
    days, hours = divmod(hours, 24)
    return _("{days}d {hours}h").format(days=number(days), hours=hours)


def age(moment: datetime, now: datetime) -> str:
    """How long ago, as people say it: "just now", "3 minutes ago", "about 1 year ago"."""
    seconds = int((now - moment).total_seconds())
    if seconds < 0:
        return _("in the future")  # a clock set back; the table still shows something true
    if seconds < 10:
        return _("just now")
    return _("{span} ago").format(span=_span(seconds))


def ahead(moment: datetime, now: datetime) -> str:
    """How long until, in the words of `age`: "in 3 days", "in about 2 months"."""
    seconds = int((moment - now).total_seconds())
    return _("now") if seconds < 10 else _("in {span}").format(span=_span(seconds))


def _span(seconds: int) -> str:
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 1:
        span = ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
    elif hours < 1:
        span = ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    elif days < 1:
        span = ngettext("{n} hour", "{n} hours", hours).format(n=hours)
    elif days < 45:
        span = ngettext("{n} day", "{n} days", days).format(n=days)
    elif days < 320:
        months = round(days / 30.44)
        span = ngettext("about {n} month", "about {n} months", months).format(n=months)
    else:
        years = round(days / 365.25)
        span = ngettext("about {n} year", "about {n} years", years).format(n=number(years))
    return span


def relative(moment: datetime, now: datetime) -> str:
    delta = (moment - now).total_seconds()
    return _("in {span}").format(span=duration(delta)) if delta > 0 else _("{span} ago").format(span=duration(delta))


# Users and rewards


def user_json(user: User) -> dict[str, Any]:
    return {"name": user.name, "roles": sorted(user.roles), "certifications": sorted(user.certifications)}


def reward_json(reward: Reward) -> dict[str, Any]:
    return {"id": reward.id, "title": reward.title, "cost": reward.cost, "stock": reward.stock}


def redemption_json(item: Redemption) -> dict[str, Any]:
    return {
        "id": item.id,
        "user": item.user,
        "reward": item.reward,
        "title": item.title,
        "cost": item.cost,
        "voucher": item.voucher,
        "at": to_iso(item.at),
    }


def redeemed_json(redemption: Redemption, balance: int) -> dict[str, Any]:
    return {"reward": redemption.reward, "cost": redemption.cost, "voucher": redemption.voucher, "balance": balance}


def standings_json(standings: Iterable[Standing]) -> list[dict[str, Any]]:
    return [
        {"rank": row.rank, "user": row.user, "points": row.points, "answers": row.answers, "up_share": row.up_share}
        for row in standings
    ]


def ledger_entry_json(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "at": to_iso(entry.at),
        "amount": entry.amount,
        "kind": entry.kind,
        "reason": entry.reason,
        "question": entry.question,
        "redemption": entry.redemption,
        "by": entry.by,
    }


def profile_json(profile: Profile, with_history: bool) -> dict[str, Any]:
    """What `me --json` prints; `history` only `with_history`."""
    claim = profile.active_claim
    shaped = {
        "name": profile.user.name,
        "roles": profile.roles,
        "points": profile.points,
        "earned": profile.earned,
        "certifications": sorted(profile.user.certifications),
        "certifications_expire": {
            category: iso_or_none(moment) for category, moment in profile.certificates.expire.items()
        },
        "active_claim": claim.id if claim else None,
        "exams": [
            {
                "category": standing.category,
                "last_attempt_at": to_iso(standing.last_attempt.started_at),
                "result": standing.last_attempt.outcome,
                "score": standing.last_attempt.score,
                "retry_at": iso_or_none(standing.retry_at),
            }
            for standing in profile.exams
        ],
    }
    if with_history:
        shaped["history"] = [ledger_entry_json(entry) for entry in profile.ledger]
    return shaped


def settings_json(settings: Settings) -> dict[str, Any]:
    return {
        "identity": settings.identity,
        "pair_points_per_day": settings.pair_points_per_day,
        "certification_months": settings.certification_months,
        "language": settings.language,
    }


# Exams


def exam_outcome_json(outcome: ExamOutcome) -> dict[str, Any]:
    attempt = outcome.attempt
    return {
        "attempt": attempt.id,
        "category": attempt.category,
        "questions": len(attempt.questions),
        "correct": attempt.correct,
        "score": attempt.score,
        "pass_mark": attempt.pass_mark,
        "passed": attempt.passed,
        "retry_at": iso_or_none(outcome.retry_at),
    }


def bank_figures_json(bank: ExamBank) -> dict[str, Any]:
    return {
        "category": bank.category,
        "size": len(bank.questions),
        "questions_per_attempt": bank.questions_per_attempt,
        "pass_mark": bank.pass_mark,
        "retry_after_hours": bank.retry_after_hours,
    }


def bank_json(bank: ExamBank, with_answers: bool) -> dict[str, Any]:
    return bank_figures_json(bank) | {
        "questions": [
            {"id": q.id, "text": q.text, "choices": list(q.choices)}
            | ({"answer": list(q.answer)} if with_answers else {})
            for q in bank.questions
        ],
    }


def exam_reset_json(change: CertificationChange) -> dict[str, Any]:
    return {
        "user": change.user,
        "category": change.category,
        "attempt": change.attempt,
        "by": change.by,
        "reason": change.reason,
        "at": to_iso(change.at),
    }


def attempt_json(attempt: ExamAttempt) -> dict[str, Any]:
    return {
        "attempt": attempt.id,
        "user": attempt.user,
        "category": attempt.category,
        "started_at": to_iso(attempt.started_at),
        "finished_at": iso_or_none(attempt.finished_at),
        "questions": list(attempt.questions),
        "answers": {answer.question: list(answer.choices) for answer in attempt.answers},
        "correct": attempt.correct,
        "score": attempt.score,
        "passed": attempt.passed,
        "result": attempt.outcome,
    }


# The archive, the report and users' histories


def hit_json(hit: Hit) -> dict[str, Any]:
    question = hit.question
    return {
        "id": question.id,
        "category": question.category,
        "text": question.text,
        "answer": question.answer,
        "answered_by": question.answered_by,
        "rating": question.rating,
        "score": hit.score,
    }


def report_json(result: Report) -> dict[str, Any]:
    from dataclasses import asdict

    from lesaitutte_cli.domain.report import ANSWER_TIME_BANDS  # only `report` needs them

    return asdict(result.overall) | {
        "by_category": {name: asdict(item) for name, item in result.by_category.items()},
        "by_expert": {
            name: {
                "answers": item.answers,
                "up_rate": item.up_rate,
                "median_time_to_answer_s": item.median_time_to_answer_s,
            }
            for name, item in result.by_expert.items()
        },
        "certifications": result.certifications,
        "histogram": [
            {"band": label, "up_to_s": upper, "count": count}
            for (upper, label), count in zip(ANSWER_TIME_BANDS, result.answer_time_counts, strict=True)
        ],
    }


def happenings_json(happenings: Iterable[Happening]) -> list[dict[str, Any]]:
    return [
        {"at": to_iso(item.at), "kind": item.kind, "question": item.question, "detail": str(item.detail)}
        for item in happenings
    ]


# Questions


def question_json(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "category": question.category,
        "text": question.text,
        "asker": question.asker,
        "status": question.status,
        "claimed_by": question.claimed_by,
        "claim_deadline": iso_or_none(question.claim_deadline),
        "answered_by": question.answered_by,
        "answer": question.answer,
        "rating": question.rating,
        "created_at": to_iso(question.created_at),
        "bounty": question.bounty,
    }


def questions_table(questions: list[Question], now: datetime) -> str:
    rows = [
        [
            question.id,
            question.category,
            _status_cell(question, now),
            question.asker,
            age(question.created_at, now),
            one_line(question.text),
        ]
        for question in questions
    ]
    headers = [_("id"), _("category"), _("status"), _("asker"), _("asked"), _("question")]
    if any(question.bounty for question in questions):  # the column only where there is something to show
        rows = [row[:3] + [question.bounty or None] + row[3:] for row, question in zip(rows, questions, strict=True)]
        headers[3:3] = [_("bounty")]
    return table(rows, headers, fit=len(headers) - 1)  # the question's text gives way


def _status_cell(question: Question, now: datetime) -> str:
    if question.claim_deadline is not None:
        left = (question.claim_deadline - now).total_seconds()
        return _("claimed by {expert} ({left} left)").format(expert=question.claimed_by, left=duration(left))
    if question.rating is not None:
        return _(RATED_SHOWN[question.rating])
    return _(STATUS_SHOWN[question.status])


# The words a person reads for the machine values of a question's status and rating.
STATUS_SHOWN = {
    "open": N_("open"),
    "claimed": N_("claimed"),
    "answered": N_("answered"),
    "rated": N_("rated"),
    "withdrawn": N_("withdrawn"),
}
RATED_SHOWN = {"up": N_("rated up"), "down": N_("rated down")}
RATED_BY = {"up": N_("Rated up by {asker}."), "down": N_("Rated down by {asker}.")}
# What a person reads for the kinds of a question's events, of ledger entries and of a user's history.
KIND_SHOWN = {
    "asked": NP_("event", "asked"),
    "claimed": NP_("event", "claimed"),
    "released": NP_("event", "released"),
    "expired": NP_("event", "expired"),
    "answered": NP_("event", "answered"),
    "rated": NP_("event", "rated"),
    "withdrawn": NP_("event", "withdrawn"),
    "bounty": NP_("event", "bounty"),
    "rating received": NP_("event", "rating received"),
    "exam": NP_("event", "exam"),
    "earned": NP_("event", "earned"),
    "redeemed": NP_("event", "redeemed"),
    "adjusted": NP_("event", "adjusted"),
    "bounty_offered": NP_("event", "bounty offered"),
    "bounty_paid": NP_("event", "bounty paid"),
    "bounty_refunded": NP_("event", "bounty refunded"),
    "points earned": NP_("event", "points earned"),
    "points redeemed": NP_("event", "points redeemed"),
    "points adjusted": NP_("event", "points adjusted"),
    "points bounty_offered": NP_("event", "points: bounty offered"),
    "points bounty_paid": NP_("event", "points: bounty paid"),
    "points bounty_refunded": NP_("event", "points: bounty refunded"),
    "certified": NP_("event", "certified"),
    "renewed": NP_("event", "renewed"),
    "lapsed": NP_("event", "lapsed"),
    "revoked": NP_("event", "revoked"),
    "exam reset": NP_("event", "exam reset"),
}


def shown_kind(kind: str) -> str:
    """A kind of event or entry in the reader's words (a kind this table does not know, as stored)."""
    return pgettext("event", KIND_SHOWN.get(kind, kind))


def similar_lines(hits: Iterable[Hit]) -> str:
    return "\n".join(
        f"  {hit.question.id}: [{hit.question.category}] {one_line(hit.question.text, 70)}  (lesaitutte show {hit.question.id})"
        for hit in hits
    )


def question_detail(question: Question, now: datetime, viewer: str) -> str:
    from lesaitutte_cli.domain.stored_texts import event_detail

    lines = [
        _("Question {id} · {category} · {status}").format(
            id=question.id, category=question.category, status=_(STATUS_SHOWN[question.status])
        ),
        _("Asked by {asker} on {moment}").format(asker=question.asker, moment=local_text(question.created_at)),
        indented(question.text),
    ]
    if question.bounty:
        lines += [
            "",
            ngettext(
                "Bounty: {n} point for the answer {asker} rates up.",
                "Bounty: {n} points for the answer {asker} rates up.",
                question.bounty,
            ).format(n=number(question.bounty), asker=question.asker),
        ]
    if question.claim_deadline is not None:
        lines += [
            "",
            _("Claimed by {expert}; the claim ends at {deadline} ({relative}).").format(
                expert=question.claimed_by,
                deadline=local_text(question.claim_deadline),
                relative=relative(question.claim_deadline, now),
            ),
        ]
    if question.answer is not None:
        assert question.answered_at is not None  # an answer is dated
        lines += [
            "",
            _("Answer by {expert} on {moment}:").format(
                expert=question.answered_by, moment=local_text(question.answered_at)
            ),
            indented(question.answer),
        ]
    if question.rating is not None:
        lines += ["", _(RATED_BY[question.rating]).format(asker=question.asker)]
    elif question.answer is not None and question.asker.casefold() == viewer.casefold():
        lines += ["", _("Did it solve your problem? Rate it: lesaitutte rate {id} up (or down)").format(id=question.id)]
    lines += ["", _("History:")]
    kinds = [shown_kind(event.kind) for event in question.history]
    width = max(9, *(len(kind) for kind in kinds))  # a column as wide as the kinds in the reader's words
    lines += [
        f"  {local_text(event.at)}  {kind:<{width}} {event.actor}"
        + (f"  {visible(stored_text(event_detail(event)))}" if event.detail else "")
        for event, kind in zip(question.history, kinds, strict=True)
    ]
    return "\n".join(lines)
