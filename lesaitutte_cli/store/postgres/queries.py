"""The named queries of queries.sql, looked up by name."""

from __future__ import annotations

import functools
import re
from importlib.resources import files

HEADER = re.compile(r"^-- ([a-z0-9_]+) --$", re.MULTILINE)


def query(name: str) -> str:
    """The SQL of the query called `name` in queries.sql, without its description."""
    return _queries()[name]


@functools.cache
def _queries() -> dict[str, str]:
    return parse_queries(files(__package__).joinpath("queries.sql").read_text(encoding="utf-8"))


def parse_queries(text: str) -> dict[str, str]:
    """Each `-- name --` section of `text`, its leading comment lines dropped."""
    parts = HEADER.split(text)
    # parts: the preamble, then name and body by turns.
    queries = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name in queries:
            raise ValueError(f"queries.sql names {name} twice")
        lines = body.strip().splitlines()
        while lines and lines[0].startswith("--"):
            lines.pop(0)
        queries[name] = "\n".join(lines).strip()
    return queries
