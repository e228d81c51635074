"""Search on the file engine: BM25 (domain.search) over the archive's sharded index and the live answers.

The archive indexes the answers it holds as it takes them in; the answers still in the
document are few (a week's worth) and are scored as they are read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lesaitutte_cli.domain.model import ANSWERED, RATED
from lesaitutte_cli.domain.search import Posting, best, close_enough, postings_of, rank, score, terms

if TYPE_CHECKING:
    from lesaitutte_cli.domain.search import Hit
    from lesaitutte_cli.store.file.archive import Archive
    from lesaitutte_cli.store.file.transaction import FileTransaction

    Scores = dict[int, tuple[float, frozenset[str]]]

# A word found in more than this share of the archive says little about what a question is
# about, and reading its postings would cost more than all the others: it is left out of the
# query, like the stop words, as long as a rarer word remains.
COMMON = 0.1


def find_answers(
    tx: FileTransaction, archive: Archive, query: str, category: str | None, limit: int | None
) -> list[Hit]:
    wanted = _telling(archive, set(terms(query)))
    if not wanted:
        return []
    scores = _scores(tx, archive, wanted)
    # Only the candidates that can still make the list are read from the store.
    candidates = sorted(scores) if category is not None else best(scores, limit)
    questions = [question for question in map(tx.question, candidates) if question is not None]
    hits = rank(scores, [question for question in questions if category is None or question.category == category])
    return hits[:limit] if limit is not None else hits


def find_similar(tx: FileTransaction, archive: Archive, text: str, limit: int) -> list[Hit]:
    wanted = _telling(archive, set(terms(text)))
    if not wanted:
        return []
    close = {qid: scored for qid, scored in _scores(tx, archive, wanted).items() if close_enough(scored[1], wanted)}
    questions = [question for question in map(tx.question, best(close, limit)) if question is not None]
    return rank(close, questions)[:limit]


def _telling(archive: Archive, wanted: set[str]) -> set[str]:
    rarer = wanted - archive.common_terms(COMMON)
    return rarer or wanted


def _scores(tx: FileTransaction, archive: Archive, wanted: set[str]) -> Scores:
    archived, count, length = archive.postings(wanted)
    live, live_count, live_length = postings_of(tx.live_questions((ANSWERED, RATED)), wanted)
    postings: dict[str, list[Posting]] = {term: archived[term] + live[term] for term in wanted}
    return score(postings, count + live_count, length + live_length)
