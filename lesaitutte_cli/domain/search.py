"""Finding answered questions by their words: BM25 over question and answer text.

Words are compared folded (case and accents ignored) and with simple endings removed, so
"Roaming", "roaming" and "róaming" match, and so do "phone" and "phones", "offerta" and
"offerte". A question is read in its own language: English or Italian when its words say so
clearly (language_of), else the store's. A query is read both ways, so that a community
writing in both languages finds both (query_terms).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lesaitutte_cli.domain import italian
from lesaitutte_cli.domain.model import UP
from lesaitutte_cli.language import ENGLISH, ITALIAN

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from lesaitutte_cli.domain.model import Question

# Words too common in questions to say anything about what a question is about.
STOP_WORDS = frozenset(
    """a about after again all also am an and any are as at be because been but by can could
    did do does doing for from get got had has have how i if in into is it its just me my no
    not of on or our out so some than that the their them then there these they this to too
    up us very was we were what when where which while who why will with would you your""".split()
)
_WORD = re.compile(r"[a-z0-9]+")
# The words that tell one language from the other: stop words of one and not of both.
_ONLY_ENGLISH = STOP_WORDS - italian.STOP_WORDS
_ONLY_ITALIAN = italian.STOP_WORDS - STOP_WORDS
K1 = 1.2  # how quickly repeating a word stops adding to the score
B = 0.75  # how much a long document is penalised


def fold(text: str) -> str:
    """Lower case without accents: 'Città' -> 'citta'."""
    if text.isascii():
        return text.lower()  # the common case, and much faster than decomposing
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=65536)  # a vocabulary is small, and archiving stems every word of every answer
def stem(word: str) -> str:
    """A crude English stem: plurals to singulars, which is what questions mostly differ by."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


# Each language's stop words and stemmer.
_ANALYSERS = {ENGLISH: (STOP_WORDS, stem), ITALIAN: (italian.STOP_WORDS, italian.stem)}


def language_of(text: str, default: str) -> str:
    """The language a text is written in, by a vote of the stop words only one language has:
    a side with at least two different ones and more than twice the other's; else `default`."""
    return _vote(set(_WORD.findall(fold(text))), default)


def analysed(text: str, default: str) -> tuple[str, list[str]]:
    """The language of a text (language_of) and its terms in that language."""
    words = _WORD.findall(fold(text))
    language = _vote(set(words), default)
    return language, _kept(words, language)


def terms(text: str, language: str) -> list[str]:
    """The words that carry meaning, folded and stemmed; lone letters (the s of "phone's", the l
    of "l'offerta") dropped."""
    return _kept(_WORD.findall(fold(text)), language)


def _vote(words: set[str], default: str) -> str:
    for_english, for_italian = len(_ONLY_ENGLISH & words), len(_ONLY_ITALIAN & words)
    if for_english >= 2 and for_english > 2 * for_italian:
        return ENGLISH
    if for_italian >= 2 and for_italian > 2 * for_english:
        return ITALIAN
    return default


def _kept(words: list[str], language: str) -> list[str]:
    stop_words, stemmer = _ANALYSERS[language]
    return [stemmer(word) for word in words if word not in stop_words and (len(word) > 1 or word.isdigit())]


def query_terms(query: str, languages: Iterable[str]) -> set[str]:
    """What a query looks for in questions written in those languages: each word's terms in
    each of them, leaving out the stop words of any of them."""
    stop_words, stemmers = _reading(frozenset(languages) or frozenset((ENGLISH,)))
    words = [
        word for word in _WORD.findall(fold(query)) if word not in stop_words and (len(word) > 1 or word.isdigit())
    ]
    return {stemmer(word) for stemmer in stemmers for word in words}


@functools.cache
def _reading(languages: frozenset[str]) -> tuple[frozenset[str], tuple[Callable[[str], str], ...]]:
    """The stop words of any of the languages, and the stemmer of each."""
    analysers = [_ANALYSERS[language] for language in sorted(languages)]
    return frozenset().union(*(stop_words for stop_words, _ in analysers)), tuple(stemmer for _, stemmer in analysers)


# An answered question as search reads it: its language, its terms with how often each occurs, its id.
Analysed = tuple[str, Counter[str], int]
# A posting: one searchable question holding a term, how often, and the question's length in terms.
Posting = tuple[int, int, int]


@dataclass(frozen=True)
class Hit:
    question: Question
    score: float
    matched: frozenset[str]  # the query's terms found in the question or its answer


def answer_terms(text: str, answer: str | None, default: str) -> tuple[str, Counter[str]]:
    """The language of a question and its answer, and the terms they are found by with how often each occurs."""
    language, found = analysed(f"{text} {answer}", default)
    return language, Counter(found)


def postings_of(answers: Iterable[Analysed], wanted: set[str]) -> tuple[dict[str, list[Posting]], int, int]:
    """The postings of the wanted terms among answered questions, their number and total length."""
    postings: dict[str, list[Posting]] = {term: [] for term in wanted}
    count = total_length = 0
    for _, counts, question_id in answers:
        length = sum(counts.values())
        count += 1
        total_length += length
        for term in wanted & counts.keys():
            postings[term].append((question_id, counts[term], length))
    return postings, count, total_length


def score(
    postings: dict[str, list[Posting]], doc_count: int, total_length: int
) -> dict[int, tuple[float, frozenset[str]]]:
    """BM25: each matching question's score, and which of the terms it holds."""
    average_length = total_length / doc_count if doc_count else 1
    scores: dict[int, float] = {}
    matched: dict[int, set[str]] = {}
    for term, found in postings.items():
        idf = math.log(1 + (doc_count - len(found) + 0.5) / (len(found) + 0.5))
        for question_id, tf, length in found:
            weight = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / (average_length or 1)))
            scores[question_id] = scores.get(question_id, 0.0) + idf * weight
            matched.setdefault(question_id, set()).add(term)
    return {qid: (round(value, 4), frozenset(matched[qid])) for qid, value in scores.items()}


def best(scores: dict[int, tuple[float, frozenset[str]]], limit: int | None) -> list[int]:
    """The ids that can make the first `limit` places: the best scores, with everything tied at the last."""
    ordered = sorted(scores, key=lambda qid: (-scores[qid][0], qid))
    if limit is None or len(ordered) <= limit:
        return ordered
    cutoff = scores[ordered[limit - 1]][0]
    return [qid for qid in ordered if scores[qid][0] >= cutoff]


def rank(scores: dict[int, tuple[float, frozenset[str]]], questions: Iterable[Question]) -> list[Hit]:
    """Hits best first; at equal score an answer rated up comes first."""
    hits = [Hit(question, *scores[question.id]) for question in questions if question.id in scores]
    return sorted(hits, key=lambda hit: (-hit.score, hit.question.rating != UP, hit.question.id))


SIMILAR = 3  # how many answered questions like a new one an asker is shown


def close_enough(matched: frozenset[str], wanted: set[str]) -> bool:
    """Similar enough to a new question to be worth reading first: at least two of its words,
    and at least half of them, in common."""
    return len(matched) >= max(2, math.ceil(len(wanted) / 2))
