"""Append-only logs beside the store: the archive of settled questions, and the ledger.

A community's store grows for years, but most commands touch only what is live: open and
claimed questions, users, balances. The rest lives in logs, files of one JSON record per
line that only ever grow. The store's document remembers how long each log was at the last
commit and, for a keyed log, where the latest version of each record starts; so a command
reads the one record it needs with one `pread`, and never parses or rewrites the archive.

A transaction's new records wait in memory. At commit they are appended and fsynced before
the document is replaced, and the document's recorded lengths are the commit: whatever lies
beyond them (a writer killed after appending) is ignored, and cut off by the next append.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Protocol

from lesaitutte_cli.errors import UnreadableRecord
from lesaitutte_cli.language import N_, Phrase
from lesaitutte_cli.store.file import codec

if TYPE_CHECKING:
    from array import array
    from collections.abc import Callable, Iterator

LOG_TABLE = "_logs"
# Each log starts with a line naming it, so that no record starts at offset 0, which the
# offsets index uses for "none".
HEADER = b'{"log":"%s"}\n'
# Logs whose records are looked up by an integer key (a question's id); the others are read whole.
KEYED = frozenset({"questions", "index"})
PAGE = 1024
CHUNK = 1 << 20  # how much of a log a whole-log read holds at a time
NEAR = 4 << 20  # how far a page's records may lie from its first to be read with it
TAIL = 64 << 10  # read past the last of them, to reach its end


class LogFiles(Protocol):
    def read(self, name: str, start: int, end: int) -> bytes: ...

    def line(self, name: str, offset: int) -> bytes: ...

    def where(self, name: str) -> Phrase: ...

    def append(self, name: str, committed: int, data: bytes) -> None: ...

    def verify(self, lengths: dict[str, int]) -> None: ...

    def cut_back(self, name: str, committed: int) -> None: ...

    def close(self) -> None: ...


class Logs:
    """The logs as one transaction sees them: committed records and its own new ones.

    A keyed log finds its records through pages: page p lists where the records with keys
    p*PAGE+1 to (p+1)*PAGE start (0 for none). Pages are records of the log too, rewritten
    (appended anew) when one of their entries changes; the document keeps only where each
    page starts, so it stays small however large the archive grows.
    """

    def __init__(self, tables: dict[str, Any], files: LogFiles, changed: Callable[[], None]) -> None:
        self._meta = tables.setdefault(LOG_TABLE, {}).setdefault("1", {})
        self._files = files
        self._changed = changed
        self._committed = {name: _committed_length(name, state, files) for name, state in self._meta.items()}
        self._pending: dict[str, bytearray] = {}
        self._pages: dict[tuple[str, int], list[int]] = {}  # pages read or changed in this transaction
        self._changed_pages: set[tuple[str, int]] = set()

    def get(self, name: str, key: int) -> dict | None:
        """The latest version of a keyed log's record."""
        page = self._page(name, (key - 1) // PAGE) if key > 0 else None
        offset = page[(key - 1) % PAGE] if page else 0
        return self._record(name, offset, dict) if offset else None

    def put(self, name: str, key: int, record: dict) -> None:
        """A new version of a keyed record; the old one stays in the file, unreferenced."""
        offset = self._add(name, record)
        number = (key - 1) // PAGE
        page = self._page(name, number) or [0] * PAGE
        page[(key - 1) % PAGE] = offset
        self._pages[name, number] = page
        self._changed_pages.add((name, number))

    def append(self, name: str, record: dict) -> None:
        self._add(name, record)

    def stream(self, name: str, containing: str | None = None) -> Iterator[dict]:
        """Every record of an unkeyed log, or the latest version of each of a keyed one, in the
        order written, decoded one at a time: a whole-community command holds one record, not the log.

        A keyed log's pages and superseded versions are passed over without being decoded, and so
        are the records whose line does not hold `containing`, when given: text JSON writes as it
        is, such as a user's name (domain.text allows letters, digits, dots, dashes, underscores).
        """
        needle = None if containing is None else containing.encode()
        import orjson  # imported here: only whole-log reads need it

        current = self._current_offsets(name) if name in KEYED else None
        wanted = 0  # where in `current` the next record to keep is
        for offset, line in self._lines(name):
            if current is not None:
                while wanted < len(current) and current[wanted] < offset:
                    wanted += 1
                if wanted == len(current) or current[wanted] != offset:
                    continue
            if needle is not None and needle not in line:
                continue
            yield self._decoded(name, offset, line, dict, orjson.loads)

    def in_key_order(self, name: str) -> Iterator[dict]:
        """The latest version of each record of a keyed log, in key order, read as it is asked for.

        A page's records are read together where they lie together, as they mostly do (a record
        written again later, a question rated after it was archived, lies elsewhere).
        """
        import orjson  # imported here: only whole-log reads need it

        for number in range(self._page_count(name)):
            offsets = [offset for offset in self._page(name, number) or () if offset]
            together = self._lines_near(name, offsets)
            for offset in offsets:
                line = together.get(offset) or self._line(name, offset)
                yield self._decoded(name, offset, line, dict, orjson.loads)

    def commit(self) -> dict[str, int]:
        """Append the new records to the files; the caller then writes the document that counts them.

        Returns each appended log's length before, for `cut_back` if the document cannot be written.
        """
        for name, number in sorted(self._changed_pages):
            pages = self._meta[name].setdefault("pages", [])
            pages.extend([0] * (number + 1 - len(pages)))
            pages[number] = self._add(name, self._pages[name, number])
        self._changed_pages.clear()
        appended: dict[str, int] = {}
        try:
            for name, data in self._pending.items():
                appended[name] = self._committed.get(name, 0)
                self._files.append(name, appended[name], bytes(data))
                self._committed[name] = self._meta[name]["length"]
        except BaseException:
            self.cut_back(appended)
            raise
        self._pending.clear()
        return appended

    def cut_back(self, appended: dict[str, int]) -> None:
        for name, length in appended.items():
            self._files.cut_back(name, length)

    def verify(self) -> None:
        """Every log the document counts is still there and at least as long as counted."""
        self._files.verify(self._committed)

    def close(self) -> None:
        self._files.close()

    def _page(self, name: str, number: int) -> list[int] | None:
        if (name, number) not in self._pages:
            page = self._stored_page(name, number)
            if page is None:
                return None
            self._pages[name, number] = page
        return self._pages[name, number]

    def _stored_page(self, name: str, number: int) -> list[int] | None:
        pages = self._meta.get(name, {}).get("pages", ())
        if number >= len(pages) or not pages[number]:
            return None
        page: list[int] = self._record(name, pages[number], list)
        if len(page) != PAGE or not all(type(offset) is int for offset in page):
            raise UnreadableRecord(
                Phrase(N_("the page at byte {offset} of {log}"), offset=pages[number], log=self._files.where(name)),
                Phrase(N_("not a page")),
            )
        return page

    def _page_count(self, name: str) -> int:
        """How many pages a keyed log has, those this transaction added included."""
        added = [number + 1 for log, number in self._changed_pages if log == name]
        return max(len(self._meta.get(name, {}).get("pages", ())), *added, 0)

    def _current_offsets(self, name: str) -> array[int]:
        """Where the latest version of each record of a keyed log starts, in file order.

        An array of integers rather than a set: eight bytes a record, whatever the archive's size.
        """
        from array import array

        offsets = array("q")
        for number in range(self._page_count(name)):
            # Pages not kept for the transaction, as those read to find one record are: a whole
            # log's would hold a Python int for every record (40 bytes each, 20 MB at 500,000).
            page = self._pages.get((name, number)) or self._stored_page(name, number)
            offsets.extend(offset for offset in page or () if offset)
        return array("q", sorted(offsets))

    def _lines(self, name: str) -> Iterator[tuple[int, bytes]]:
        """Each line of a log (after its header) and where it starts, read a chunk at a time."""
        committed, start, rest = self._committed.get(name, 0), 0, b""
        while start < committed:
            chunk = rest + self._files.read(name, start, min(start + CHUNK, committed))
            base = start - len(rest)
            start = min(start + CHUNK, committed)
            lines = chunk.split(b"\n")
            rest = lines.pop()
            for line in lines:
                if base:  # offset 0 is the header
                    yield base, line
                base += len(line) + 1
        pending = bytes(self._pending.get(name, b""))
        base = committed
        for line in pending.split(b"\n")[:-1]:
            if base:
                yield base, line
            base += len(line) + 1

    def _record(self, name: str, offset: int, kind: type) -> Any:
        return self._decoded(name, offset, self._line(name, offset), kind)

    def _decoded(self, name: str, offset: int, line: bytes, kind: type, loads: Callable = json.loads) -> Any:
        try:
            record = loads(line)
        except ValueError as error:  # orjson's decode error is one too
            raise UnreadableRecord(self._at(name, offset), str(error)) from None
        if not isinstance(record, kind):
            raise UnreadableRecord(
                self._at(name, offset), Phrase(N_("not a JSON object") if kind is dict else N_("not a JSON list"))
            )
        return record

    def _at(self, name: str, offset: int) -> Phrase:
        return Phrase(N_("the record at byte {offset} of {log}"), offset=offset, log=self._files.where(name))

    def _lines_near(self, name: str, offsets: list[int]) -> dict[int, bytes]:
        """The committed lines at these offsets that lie within a read of the first: one read, not one each."""
        committed = self._committed.get(name, 0)
        ordered = sorted(offset for offset in offsets if offset < committed)
        if not ordered:
            return {}
        first = ordered[0]
        near = [offset for offset in ordered if offset - first < NEAR]
        data = self._files.read(name, first, min(committed, near[-1] + TAIL))
        lines = {}
        for offset in near:
            end = data.find(b"\n", offset - first)
            if end < 0:
                break  # longer than the tail read: read alone
            lines[offset] = data[offset - first : end]
        return lines

    def _add(self, name: str, record: Any) -> int:
        if name not in self._meta:
            self._meta[name] = {"length": 0, "pages": []} if name in KEYED else {"length": 0}
        state = self._meta[name]
        pending = self._pending.setdefault(name, bytearray())
        if state["length"] == 0:
            pending += HEADER % name.encode()
        offset = self._committed.get(name, 0) + len(pending)
        pending += codec.dumps(record, large=len(pending) > codec.LARGE) + b"\n"
        state["length"] = self._committed.get(name, 0) + len(pending)
        self._changed()
        return offset

    def _line(self, name: str, offset: int) -> bytes:
        committed = self._committed.get(name, 0)
        if offset < committed:
            return self._files.line(name, offset)
        pending = self._pending[name]
        start = offset - committed
        return bytes(pending[start : pending.index(b"\n", start)])


def _committed_length(name: str, state: Any, files: LogFiles) -> int:
    """What the document says of a log, read as a length and pages of offsets or refused."""
    pages = state.get("pages", []) if isinstance(state, dict) else None
    length = state.get("length") if isinstance(state, dict) else None
    if type(length) is not int or not isinstance(pages, list) or not all(type(page) is int for page in pages):
        raise UnreadableRecord(
            Phrase(N_("what the store's document says of {log}"), log=files.where(name)), f"{state!r:.60}"
        )
    return length
