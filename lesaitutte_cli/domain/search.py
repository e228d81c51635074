"""Finding answered questions by their words: BM25 over question and answer text.

Words are compared folded (case and accents ignored) and with simple English endings
removed, so "Roaming", "roaming" and "róaming" match, and so do "phone" and "phones".
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lesaitutte_cli.domain.model import ANSWERED, RATED, UP, Question

# Words too common in questions to say anything about what a question is about.
STOP_WORDS = frozenset(
    """a about after again all also am an and any are as at be because been but by can could
    did do does doing for from get got had has have how i if in into is it its just me my no
    not of on or our out so some than that the their them then there these they this to too
    up us very was we were what when where which while who why will with would you your""".split()
)
_WORD = re.compile(r"[a-z0-9]+")
K1 = 1.2  # how quickly repeating a word stops adding to the score
B = 0.75  # how much a long document is penalised


def fold(text: str) -> str:
    """Lower case without accents: 'Città' -> 'citta'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    """A crude English stem: plurals to singulars, which is what questions mostly differ by."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The words that carry meaning, folded and stemmed; lone letters (the s of "phone's") dropped."""
    return [
        stem(word) for word in _WORD.findall(fold(text)) if word not in STOP_WORDS and (len(word) > 1 or word.isdigit())
    ]


def searchable(question: Question) -> bool:
    return question.status in (ANSWERED, RATED)


@dataclass(frozen=True)
class Hit:
    question: Question
    score: float
    matched: frozenset[str]  # the query's terms found in the question or its answer


def search(questions: Iterable[Question], query: str) -> list[Hit]:
    """Answered questions that match the query, best first; up-rated first at equal score."""
    wanted = set(terms(query))
    documents = [
        (question, Counter(terms(f"{question.text} {question.answer}")))
        for question in questions
        if searchable(question)
    ]
    if not wanted or not documents:
        return []
    average_length = sum(sum(counts.values()) for _, counts in documents) / len(documents)
    frequency = Counter(term for _, counts in documents for term in wanted if term in counts)
    total = len(documents)
    hits = []
    for question, counts in documents:
        matched = frozenset(term for term in wanted if term in counts)
        if not matched:
            continue
        length = sum(counts.values())
        score = 0.0
        for term in matched:
            idf = math.log(1 + (total - frequency[term] + 0.5) / (frequency[term] + 0.5))
            tf = counts[term]
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / (average_length or 1)))
        hits.append(Hit(question, round(score, 4), matched))
    return sorted(hits, key=lambda hit: (-hit.score, hit.question.rating != UP, hit.question.id))


def similar(questions: Iterable[Question], text: str, limit: int = 3) -> list[Hit]:
    """Answered questions close enough to a new question to be worth reading first.

    Close enough: at least two of its words, and at least half of them, in common.
    """
    wanted = set(terms(text))
    needed = max(2, math.ceil(len(wanted) / 2))
    return [hit for hit in search(questions, text) if len(hit.matched) >= needed][:limit]
