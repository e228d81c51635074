"""How results look: tables and text for people, JSON for scripts.

Text typed by one user is shown to others, so everything from the store passes through
`visible` before it reaches a terminal: control characters and escape sequences are
shown as escapes instead of being obeyed. JSON output stays exact (JSON escapes them).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from lesaitutte_cli.clock import local_text, to_iso

if TYPE_CHECKING:
    from datetime import datetime

    from lesaitutte_cli.domain.model import Question

# Patterns as text: `re` compiles them on first use, not at every command's start.
_CONTROL = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_BLANKS = r"\s+"


def visible(text: str) -> str:
    """Text safe to print: line breaks and tabs kept, every other control character escaped."""
    return re.sub(_CONTROL, lambda match: f"\\x{ord(match.group()):02x}", text)


def one_line(text: str, width: int | None = None) -> str:
    flat = visible(re.sub(_BLANKS, " ", text).strip())
    if width is not None and len(flat) > width:
        return flat[: width - 1] + "…"
    return flat


def indented(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line for line in visible(text).splitlines())


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def table(rows: list[list[Any]], headers: list[str], style: str = "simple") -> str:
    """A table in one of tabulate's formats.

    The two formats the commands use by default are drawn here, the way tabulate draws
    them: importing tabulate (with wcwidth) costs more than running a whole command, so it
    is imported only for the other formats, which people ask for by name.
    """
    if style not in ("simple", "plain"):
        from tabulate import tabulate

        return tabulate(rows, headers=headers, tablefmt=style)
    cells = [["" if value is None else str(value) for value in row] for row in rows]
    numeric = [
        all(isinstance(row[column], (int, float)) or row[column] in (None, "") for row in rows) and bool(rows)
        for column in range(len(headers))
    ]
    widths = [
        max([_width(header) + 2] + [_width(row[column]) for row in cells]) for column, header in enumerate(headers)
    ]

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


def _width(text: str) -> int:
    """Columns a text takes on a terminal: wide (East Asian, emoji) characters two, marks none."""
    import unicodedata

    return sum(
        0
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf")
        else 2
        if unicodedata.east_asian_width(char) in ("W", "F")
        else 1
        for char in text
    )


def iso_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_iso(moment)


def percent(fraction: float) -> str:
    return f"{fraction:.0%}"


def duration(seconds: float) -> str:
    """A span of time as people say it: 45s, 12m, 1h 05m, 3d 4h."""
    seconds = int(abs(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, _ = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h"


def relative(moment: datetime, now: datetime) -> str:
    delta = (moment - now).total_seconds()
    return f"in {duration(delta)}" if delta > 0 else f"{duration(delta)} ago"


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
            relative(question.created_at, now),
            one_line(question.text, 60),
        ]
        for question in questions
    ]
    headers = ["id", "category", "status", "asker", "asked", "question"]
    if any(question.bounty for question in questions):  # the column only where there is something to show
        rows = [row[:3] + [question.bounty or None] + row[3:] for row, question in zip(rows, questions, strict=True)]
        headers[3:3] = ["bounty"]
    return table(rows, headers)


def _status_cell(question: Question, now: datetime) -> str:
    if question.claim_deadline is not None:
        left = (question.claim_deadline - now).total_seconds()
        return f"claimed by {question.claimed_by} ({duration(left)} left)"
    if question.rating is not None:
        return f"rated {question.rating}"
    return question.status


def similar_lines(hits) -> str:
    return "\n".join(
        f"  {hit.question.id}: [{hit.question.category}] {one_line(hit.question.text, 70)}  (lesaitutte show {hit.question.id})"
        for hit in hits
    )


def question_detail(question: Question, now: datetime) -> str:
    lines = [
        f"Question {question.id} · {question.category} · {question.status}",
        f"Asked by {question.asker} on {local_text(question.created_at)}",
        indented(question.text),
    ]
    if question.bounty:
        lines += ["", f"Bounty: {question.bounty} points for the answer {question.asker} rates up."]
    if question.claim_deadline is not None:
        lines += [
            "",
            f"Claimed by {question.claimed_by}; the claim ends at "
            f"{local_text(question.claim_deadline)} ({relative(question.claim_deadline, now)}).",
        ]
    if question.answer is not None:
        lines += [
            "",
            f"Answer by {question.answered_by} on {local_text(question.answered_at)}:",
            indented(question.answer),
        ]
    if question.rating is not None:
        lines += ["", f"Rated {question.rating} by {question.asker}."]
    lines += ["", "History:"]
    lines += [
        f"  {local_text(event.at)}  {event.kind:<9} {event.actor}"
        + (f"  {visible(event.detail)}" if event.detail else "")
        for event in question.history
    ]
    return "\n".join(lines)
