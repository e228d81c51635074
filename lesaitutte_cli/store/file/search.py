"""Search on the file engine: BM25 (domain.search) over the archive's sharded index and the live answers.

The archive indexes the answers it holds as it takes them in; the answers still in the
document are few (a week's worth) and are read (each in its own language) as they are scored.
A query is read in each language the answers are written in, an English store's in English
alone, as before there was Italian.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from lesaitutte_cli.domain.model import ANSWERED, RATED
from lesaitutte_cli.domain.search import (
    Posting,
    analysed,
    answer_terms,
    best,
    close_enough,
    postings_of,
    query_terms,
    rank,
    score,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lesaitutte_cli.domain.search import Analysed, Hit
    from lesaitutte_cli.store.file.archive import Archive
    from lesaitutte_cli.store.file.transaction import FileTransaction

    Scores = dict[int, tuple[float, frozenset[str]]]

# A word found in more than this share of the archive says little about what a question is
# about, and reading its postings would cost more than all the others: it is left out of the
# query, like the stop words, as long as a rarer word remains.
COMMON = 0.1


def find_answers(
    tx: FileTransaction, archive: Archive, query: str, category: str | None, limit: int | None
) -> Iterator[Hit]:
    """The hits best first, read from the store a score at a time: only the questions of one
    score are held at once (those are ordered by their rating), not every hit's."""
    live = _live_answers(tx)
    languages = archive.languages() | {language for language, _, _ in live}
    wanted = _telling(archive, query_terms(query, languages))
    if not wanted:
        return
    scores = _scores(archive, live, wanted)
    # Only the candidates that can still make the list are read from the store.
    candidates = best(scores, None if category is not None else limit)
    found = 0
    for _, tied in itertools.groupby(candidates, key=lambda qid: scores[qid][0]):
        questions = (question for question in map(tx.question, tied) if question is not None)
        for hit in rank(scores, [question for question in questions if category in (None, question.category)]):
            if found == limit:
                return
            found += 1
            yield hit


def find_similar(tx: FileTransaction, archive: Archive, text: str, limit: int) -> list[Hit]:
    # A new question is read as it will be indexed once answered, in its own language.
    wanted = _telling(archive, set(analysed(text, tx.written_in())[1]))
    if not wanted:
        return []
    scores = _scores(archive, _live_answers(tx), wanted)
    close = {qid: scored for qid, scored in scores.items() if close_enough(scored[1], wanted)}
    questions = [question for question in map(tx.question, best(close, limit)) if question is not None]
    return rank(close, questions)[:limit]


def _telling(archive: Archive, wanted: set[str]) -> set[str]:
    rarer = wanted - archive.common_terms(COMMON)
    return rarer or wanted


def _live_answers(tx: FileTransaction) -> list[Analysed]:
    """The answers still in the document, each with its language and terms."""
    default = tx.written_in()
    return [
        (*answer_terms(question.text, question.answer, default), question.id)
        for question in tx.live_questions((ANSWERED, RATED))
    ]


def _scores(archive: Archive, live_answers: list[Analysed], wanted: set[str]) -> Scores:
    archived, count, length = archive.postings(wanted)
    live, live_count, live_length = postings_of(live_answers, wanted)
    postings: dict[str, list[Posting]] = {term: archived[term] + live[term] for term in wanted}
    return score(postings, count + live_count, length + live_length)
