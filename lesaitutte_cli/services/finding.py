"""Finding answered questions through the store's search index, for `search` and `ask`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain.search import best, close_enough, rank, score, terms

if TYPE_CHECKING:
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.store import Transaction

# A word found in more than this share of the archive says little about what a question is
# about, and reading its postings would cost more than all the others: it is left out of the
# query, like the stop words, as long as a rarer word remains.
COMMON = 0.1


def find_answers(tx: Transaction, query: str, category: str | None = None, limit: int | None = 10) -> list[Hit]:
    """Answered questions matching the query, best first."""
    wanted = _telling(tx, set(terms(query)))
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
    wanted = _telling(tx, set(terms(text)))
    if not wanted:
        return []
    scores = score(*tx.search_postings(wanted))
    close = {qid: scored for qid, scored in scores.items() if close_enough(scored[1], wanted)}
    return rank(close, [tx.question(question_id) for question_id in best(close, limit)])[:limit]


def _telling(tx: Transaction, wanted: set[str]) -> set[str]:
    rarer = wanted - tx.common_terms(COMMON)
    return rarer or wanted
