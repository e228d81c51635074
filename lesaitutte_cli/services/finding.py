"""Finding answered questions through the store's search index, for `search` and `ask`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain.search import Hit, best, close_enough, rank, score, terms

if TYPE_CHECKING:
    from lesaitutte_cli.store import Transaction


def find_answers(tx: Transaction, query: str, category: str | None = None, limit: int | None = 10) -> list[Hit]:
    """Answered questions matching the query, best first."""
    wanted = set(terms(query))
    if not wanted:
        return []
    scores = score(*tx.search_postings(wanted))
    # Only the candidates that can still make the list are read from the store.
    candidates = sorted(scores) if category is not None else best(scores, limit)
    questions = [tx.question(question_id) for question_id in candidates]
    hits = rank(scores, [question for question in questions if category is None or question.category == category])
    return hits[:limit] if limit is not None else hits


def find_similar(tx: Transaction, text: str, limit: int = 3) -> list[Hit]:
    """Answered questions close to a new question's text."""
    wanted = set(terms(text))
    if not wanted:
        return []
    scores = score(*tx.search_postings(wanted))
    close = {qid: scored for qid, scored in scores.items() if close_enough(Hit(None, *scored), text)}
    return rank(close, [tx.question(question_id) for question_id in best(close, limit)])[:limit]
