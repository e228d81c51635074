"""The archive: settled questions and old ledger entries, moved out of the live document.

A question that was answered, rated or withdrawn more than a week ago, and a ledger entry
more than a week old, are no longer touched by everyday commands. Once enough of them have
gathered (ARCHIVE_BATCH), a write command moves them all to the store's logs, where they are
still found by id, and keeps in the document what everyday commands need of them: each
user's totals (balance, points earned, answers, ratings), the archived answers still
waiting for a rating, and a search index of the archived answers.

The search index grows by one run per move, each run split by term into SHARDS records, so
that a query reads only the records of its own terms' shards. It says which analysis made it
(INDEX_VERSION): an index from before Italian was read (no version) holds English terms
alone, is searched as such, and is made anew by the first move that adds to it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from tinydb.table import Document

from lesaitutte_cli.domain.model import ANSWERED, RATED, WITHDRAWN
from lesaitutte_cli.language import ENGLISH, N_, Phrase

if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Callable, Iterable, Iterator

    from tinydb import TinyDB

    from lesaitutte_cli.domain.totals import Totals
    from lesaitutte_cli.store.file.logs import Logs

    Record = dict[str, Any]
    # The language an archived answer is read in and the terms it is found by, with how often
    # each occurs (domain.search.analysed); read in the given language, or in its own if None.
    TermsOf = Callable[[Record, str | None], tuple[str, Counter[str]]]

ARCHIVE_AFTER = timedelta(days=7)
ARCHIVE_BATCH = 256
SHARDS = 64
COMMON_TERMS = 256
SETTLED = (ANSWERED, RATED, WITHDRAWN)
INDEX_VERSION = 2  # each answer read in its own language; before (no version): all in English


def shard_of(term: str) -> int:
    import zlib  # imported here: only searching and archiving need it

    return zlib.crc32(term.encode()) % SHARDS


def settled_at(record: Record) -> str:
    """When a settled question last changed: its last event, as stored (ISO text sorts by time)."""
    return str(record["history"][-1]["at"])


class Archive:
    def __init__(self, db: TinyDB, logs: Logs, terms_of: TermsOf) -> None:
        self._table = db.table("_archive")
        self._logs = logs
        self._terms_of = terms_of
        self._state: Record = self._table.get(doc_id=1) or {
            "totals": {},
            "awaiting": {},
            "index": _empty_index(),
        }
        self._totals: dict[str, Totals] | None = None  # the state's totals, decoded when first needed

    # What everyday commands read

    def question(self, question_id: int) -> Record | None:
        return self._logs.get("questions", question_id)

    def questions(self) -> Iterator[Record]:
        """Every archived question, in id order, read as it is asked for."""
        return self._logs.in_key_order("questions")

    def every_question(self, naming: str | None = None) -> Iterator[Record]:
        """Every archived question (naming that user, and maybe a few more) in the order filed, one at a time."""
        return self._logs.stream("questions", naming)

    def ledger(self, naming: str | None = None) -> Iterator[Record]:
        """Every archived ledger entry (naming that user, and maybe a few more), in the order made, one at a time."""
        return self._logs.stream("ledger", naming)

    def totals(self, only: str | None = None) -> dict[str, Totals]:
        """Each user's (or one user's) totals over the archived entries and answers: a copy, for the caller to add to."""
        from lesaitutte_cli.domain.totals import Totals

        kept = self._kept_totals()
        names = kept if only is None else [only] if only in kept else []
        return {name: Totals(*kept[name].as_list()) for name in names}

    def awaiting(self, asker: str) -> list[int]:
        return list(self._state["awaiting"].get(asker, ()))

    def languages(self) -> set[str]:
        """The languages the archived answers are indexed in."""
        index = self._state["index"]
        if not self._current():
            return {ENGLISH} if index["docs"] else set()
        return {language for language, count in index["languages"].items() if count}

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

    def update_question(self, old: Record, new: Record) -> None:
        """A new version of an archived question: only a rating can still come."""
        self._logs.put("questions", new["id"], new)
        if old["rating"] is None and new["rating"] is not None:
            self._user(new["answered_by"]).add_rating(new["rating"])
            waiting = self._state["awaiting"].get(new["asker"], [])
            if new["id"] in waiting:
                waiting.remove(new["id"])
            self._save()

    def move(self, questions: list[Record], entries: list[Record]) -> None:
        """Archive settled questions and old ledger entries, with their totals and search index."""
        if not self._current():
            self.reindex()  # before these join: an index of two analyses would answer neither
        for record in questions:
            self._logs.put("questions", record["id"], record)
            if record["answered_by"] is not None:
                self._user(record["answered_by"]).add_answer(record["rating"])
            if record["status"] == ANSWERED:
                self._state["awaiting"].setdefault(record["asker"], []).append(record["id"])
        for entry in entries:
            self._logs.append("ledger", entry)
            self._user(entry["user"]).add_entry(entry["amount"], entry["kind"])
        answered = [record for record in questions if record["answered_by"] is not None]
        # Runs of at most a batch each, so that a query reads small records even after a seed.
        for start in range(0, len(answered), ARCHIVE_BATCH):
            self._index(answered[start : start + ARCHIVE_BATCH])
        self._save()

    def reindex(self) -> None:
        """The search index made anew from the archived answers, as the store now reads them."""
        self._state["index"] = _empty_index()
        batch: list[Record] = []
        for record in self.every_question():
            if record["answered_by"] is not None:
                batch.append(record)
            if len(batch) == ARCHIVE_BATCH:
                self._index(batch, every_shard=True)
                batch = []
        self._index(batch, every_shard=True)
        self._save()

    def _current(self) -> bool:
        return bool(self._state["index"].get("version") == INDEX_VERSION)

    def _analysis(self, record: Record) -> tuple[str, Counter[str]]:
        return self._terms_of(record, None if self._current() else ENGLISH)

    def _index(self, answered: list[Record], every_shard: bool = False) -> None:
        """One run of the index over these answers; with `every_shard`, its shards that hold
        no term are written too, empty, over what an index made before may have left there."""
        if not answered:
            return
        index = self._state["index"]
        # Gathered by term, then shared out to shards once per term rather than once per posting;
        # in the order terms first occur, so each shard holds its terms in that order as before.
        by_term: defaultdict[str, list[list[int]]] = defaultdict(list)
        for record in answered:
            language, counts = self._analysis(record)
            length = sum(counts.values())
            if self._current():
                index["languages"][language] = index["languages"].get(language, 0) + 1
            index["docs"] += 1
            index["length"] += length
            for term, tf in counts.items():
                by_term[term].append([record["id"], tf, length])
        shards: dict[int, dict[str, list[list[int]]]] = {}
        for term, found in by_term.items():
            shards.setdefault(shard_of(term), {})[term] = found
        for shard in range(SHARDS) if every_shard else shards:
            self._logs.put("index", index["runs"] * SHARDS + shard + 1, shards.get(shard, {}))
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

    def index_problems(self) -> list[str]:
        """What the search index and the awaiting-rating index hold, against the archived questions.

        One pass over the archive, keeping a fingerprint of the postings rather than the postings
        (a million of them at 100,000 answers); only if the fingerprints differ are they gathered,
        to say how many are wrong.
        """
        expected, answers, total_length = Fingerprint(), 0, 0
        awaiting: dict[str, list[int]] = {}
        for record in self.every_question():
            if record["status"] == ANSWERED:
                awaiting.setdefault(record["asker"], []).append(record["id"])
            postings = self._postings_of(record)
            if postings:
                answers, total_length = answers + 1, total_length + postings[0][3]
                expected.add(postings)
        problems = []
        if Fingerprint().add(self._indexed()) != expected:
            wanted = {posting for record in self.every_question() for posting in self._postings_of(record)}
            found = set(self._indexed())
            problems.append(
                Phrase(
                    N_("the search index lacks {lacks} and has {extra} unexpected postings of the archived answers"),
                    lacks=len(wanted - found),
                    extra=len(found - wanted),
                )
            )
        index = self._state["index"]
        if (index["docs"], index["length"]) != (answers, total_length):
            problems.append(
                Phrase(
                    N_("the search index counts {docs} archived answers of {length} terms, not {answers} of {terms}"),
                    docs=index["docs"],
                    length=index["length"],
                    answers=answers,
                    terms=total_length,
                )
            )
        return problems + self._awaiting_problems(awaiting)

    def _postings_of(self, record: Record) -> list[tuple[str, int, int, int]]:
        """What the index should hold of an archived question: (term, id, count, length) for each of its terms."""
        if record["answered_by"] is None:
            return []
        _, counts = self._analysis(record)
        length = sum(counts.values())
        return [(term, record["id"], tf, length) for term, tf in counts.items()]

    def _indexed(self) -> Iterator[tuple[str, int, int, int]]:
        index = self._state["index"]
        for run in range(index["runs"]):
            for shard in range(SHARDS):
                record = self._logs.get("index", run * SHARDS + shard + 1) or {}
                for term, postings in record.items():
                    for posting in postings:
                        yield (term, *posting)

    def _awaiting_problems(self, awaiting: dict[str, list[int]]) -> list[str]:
        kept = {asker: sorted(ids) for asker, ids in self._state["awaiting"].items() if ids}
        return [
            Phrase(
                N_("{asker}'s archived answers awaiting a rating are kept as {kept}, not {ids}"),
                asker=asker,
                kept=kept.get(asker, []),
                ids=sorted(ids),
            )
            for asker, ids in sorted({**kept, **awaiting}.items())
            if kept.get(asker, []) != sorted(awaiting.get(asker, []))
        ]

    def _kept_totals(self) -> dict[str, Totals]:
        if self._totals is None:
            from lesaitutte_cli.domain.totals import Totals  # imported here: most commands count nothing

            # Stored as lists of numbers (Totals.as_list): the document is JSON, and small.
            self._totals = {name: Totals(*values) for name, values in self._state["totals"].items()}
        return self._totals

    def _user(self, name: str) -> Totals:
        from lesaitutte_cli.domain.totals import Totals

        totals = self._kept_totals()
        if name not in totals:  # not setdefault: a seed asks for a name 100,000 times, a new Totals each
            totals[name] = Totals()
        return totals[name]

    def _save(self) -> None:
        if self._totals is not None:
            self._state["totals"] = {name: totals.as_list() for name, totals in self._totals.items()}
        self._table.upsert(Document(self._state, doc_id=1))


def _empty_index() -> Record:
    return {"docs": 0, "length": 0, "runs": 0, "version": INDEX_VERSION, "languages": {}}


@dataclass
class Fingerprint:
    """A many-set of postings as two numbers: how many, and the sum of their hashes.

    Equal many-sets give equal fingerprints whatever the order; unequal ones, all but surely not.
    """

    count: int = 0
    total: int = 0

    def add(self, postings: Iterable[tuple[str, int, int, int]]) -> Fingerprint:
        for posting in postings:
            self.count += 1
            self.total = (self.total + hash(posting)) & 0xFFFFFFFFFFFFFFFF
        return self
