"""The archive: settled questions and old ledger entries, moved out of the live document.

A question that was answered, rated or withdrawn more than a week ago, and a ledger entry
more than a week old, are no longer touched by everyday commands. Once enough of them have
gathered (ARCHIVE_BATCH), a write command moves them all to the store's logs, where they are
still found by id, and keeps in the document what everyday commands need of them: each
user's totals (balance, points earned, answers, ratings), the archived answers still
waiting for a rating, and a search index of the archived answers.

The search index grows by one run per move, each run split by term into SHARDS records, so
that a query reads only the records of its own terms' shards.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from tinydb.table import Document

if TYPE_CHECKING:
    from collections import Counter

    from tinydb import TinyDB

    from lesaitutte_cli.store.logs import Logs

ARCHIVE_AFTER = timedelta(days=7)
ARCHIVE_BATCH = 256
SHARDS = 64
COMMON_TERMS = 256
SETTLED = ("answered", "rated", "withdrawn")
# A user's archived totals, stored as a list: [balance, points earned, answers given, answers rated, rated up]
BALANCE, EARNED_POINTS, ANSWERS_GIVEN, ANSWERS_RATED, ANSWERS_UP = range(5)


class Totals:
    """A user's totals over all time (a plain class: every command loads this module)."""

    __slots__ = ("balance", "earned", "answers", "rated", "rated_up")

    def __init__(self, balance: int, earned: int, answers: int, rated: int, rated_up: int) -> None:
        self.balance, self.earned, self.answers, self.rated = balance, earned, answers, rated
        self.rated_up = rated_up

    def __iter__(self):
        return iter((self.balance, self.earned, self.answers, self.rated, self.rated_up))


def count_answer(totals: list[int], record: dict) -> None:
    """Add an answered question's record to its expert's totals."""
    totals[ANSWERS_GIVEN] += 1
    totals[ANSWERS_RATED] += record["rating"] is not None
    totals[ANSWERS_UP] += record["rating"] == "up"


def count_entry(totals: list[int], entry: dict) -> None:
    """Add a ledger entry's record to its user's totals."""
    totals[BALANCE] += entry["amount"]
    # The kinds of domain.model.EARNING_KINDS, spelled out: every command loads this module.
    totals[EARNED_POINTS] += entry["amount"] if entry["kind"] in ("earned", "bounty_paid") else 0


def shard_of(term: str) -> int:
    import zlib  # imported here: only searching and archiving need it

    return zlib.crc32(term.encode()) % SHARDS


def settled_at(record: dict) -> str:
    """When a settled question last changed: its last event, as stored (ISO text sorts by time)."""
    return record["history"][-1]["at"]


class Archive:
    def __init__(self, db: TinyDB, logs: Logs) -> None:
        self._table = db.table("_archive")
        self._logs = logs
        self._state = self._table.get(doc_id=1) or {
            "totals": {},
            "awaiting": {},
            "index": {"docs": 0, "length": 0, "runs": 0},
        }

    # What everyday commands read

    def question(self, question_id: int) -> dict | None:
        return self._logs.get("questions", question_id)

    def questions(self) -> list[dict]:
        return self._logs.records("questions")

    def ledger(self) -> list[dict]:
        return self._logs.records("ledger")

    def totals(self) -> dict[str, list[int]]:
        return self._state["totals"]

    def awaiting(self, asker: str) -> list[int]:
        return list(self._state["awaiting"].get(asker, ()))

    def postings(self, wanted: set[str]) -> tuple[dict[str, list[tuple[int, int, int]]], int, int]:
        """The archived postings of the wanted terms, the number of archived answers and their total length."""
        index = self._state["index"]
        postings: dict[str, list[tuple[int, int, int]]] = {term: [] for term in wanted}
        for run in range(index["runs"]):
            for shard in {shard_of(term) for term in wanted}:
                record = self._logs.get("index", run * SHARDS + shard + 1) or {}
                for term in wanted:
                    postings[term] += [tuple(posting) for posting in record.get(term, ())]
        return postings, index["docs"], index["length"]

    # What changes it

    def update_question(self, old: dict, new: dict) -> None:
        """A new version of an archived question: only a rating can still come."""
        self._logs.put("questions", new["id"], new)
        if old["rating"] is None and new["rating"] is not None:
            totals = self._user(new["answered_by"])
            totals[ANSWERS_RATED] += 1
            totals[ANSWERS_UP] += new["rating"] == "up"
            waiting = self._state["awaiting"].get(new["asker"], [])
            if new["id"] in waiting:
                waiting.remove(new["id"])
            self._save()

    def move(self, questions: list[dict], entries: list[dict], terms_of) -> None:
        """Archive settled questions and old ledger entries, with their totals and search index."""
        for record in questions:
            self._logs.put("questions", record["id"], record)
            if record["answered_by"] is not None:
                count_answer(self._user(record["answered_by"]), record)
            if record["status"] == "answered":
                self._state["awaiting"].setdefault(record["asker"], []).append(record["id"])
        for entry in entries:
            self._logs.append("ledger", entry)
            count_entry(self._user(entry["user"]), entry)
        answered = [record for record in questions if record["answered_by"] is not None]
        # Runs of at most a batch each, so that a query reads small records even after a seed.
        for start in range(0, len(answered), ARCHIVE_BATCH):
            self._index(answered[start : start + ARCHIVE_BATCH], terms_of)
        self._save()

    def _index(self, answered: list[dict], terms_of) -> None:
        if not answered:
            return
        index = self._state["index"]
        shards: dict[int, dict[str, list[list[int]]]] = {}
        shard_of_term: dict[str, int] = {}
        for record in answered:
            counts: Counter[str] = terms_of(record)
            length = sum(counts.values())
            index["docs"] += 1
            index["length"] += length
            for term, tf in counts.items():
                if term not in shard_of_term:
                    shard_of_term[term] = shard_of(term)
                shards.setdefault(shard_of_term[term], {}).setdefault(term, []).append([record["id"], tf, length])
        for shard, record in shards.items():
            self._logs.put("index", index["runs"] * SHARDS + shard + 1, record)
        index["runs"] += 1
        # The most frequent terms and (at least roughly) how many answers hold them, so a query
        # can leave out the words nearly every answer has.
        common = index.setdefault("common", {})
        for postings in shards.values():
            for term, found in postings.items():
                common[term] = common.get(term, 0) + len(found)
        index["common"] = dict(sorted(common.items(), key=lambda item: -item[1])[:COMMON_TERMS])

    def common_terms(self, share: float) -> set[str]:
        """Terms held by more than `share` of the archived answers, once there are many answers."""
        index = self._state["index"]
        if index["docs"] < ARCHIVE_BATCH:
            return set()  # a small archive is cheap to search whole
        return {term for term, count in index.get("common", {}).items() if count > share * index["docs"]}

    def index_problems(self, terms_of) -> list[str]:
        """What the search index and the awaiting-rating index hold, against the archived questions."""
        questions = self.questions()
        return self._search_index_problems(questions, terms_of) + self._awaiting_problems(questions)

    def _search_index_problems(self, questions: list[dict], terms_of) -> list[str]:
        expected, answers, total_length = [], 0, 0
        for record in questions:
            if record["answered_by"] is not None:
                counts = terms_of(record)
                length = sum(counts.values())
                answers, total_length = answers + 1, total_length + length
                expected += [(term, record["id"], tf, length) for term, tf in counts.items()]
        index = self._state["index"]
        indexed = []
        for run in range(index["runs"]):
            for shard in range(SHARDS):
                record = self._logs.get("index", run * SHARDS + shard + 1) or {}
                indexed += [(term, *posting) for term, postings in record.items() for posting in postings]
        problems = []
        if sorted(indexed) != sorted(expected):
            missing, extra = len(set(expected) - set(indexed)), len(set(indexed) - set(expected))
            problems.append(
                f"the search index lacks {missing} and has {extra} unexpected postings of the archived answers"
            )
        if (index["docs"], index["length"]) != (answers, total_length):
            problems.append(
                f"the search index counts {index['docs']} archived answers of {index['length']} terms, "
                f"not {answers} of {total_length}"
            )
        return problems

    def _awaiting_problems(self, questions: list[dict]) -> list[str]:
        awaiting: dict[str, list[int]] = {}
        for record in questions:
            if record["status"] == "answered":
                awaiting.setdefault(record["asker"], []).append(record["id"])
        kept = {asker: sorted(ids) for asker, ids in self._state["awaiting"].items() if ids}
        return [
            f"{asker}'s archived answers awaiting a rating are kept as {kept.get(asker, [])}, not {sorted(ids)}"
            for asker, ids in sorted({**kept, **awaiting}.items())
            if kept.get(asker, []) != sorted(awaiting.get(asker, []))
        ]

    def _user(self, name: str) -> list[int]:
        return self._state["totals"].setdefault(name, [0, 0, 0, 0, 0])

    def _save(self) -> None:
        self._table.upsert(Document(self._state, doc_id=1))
