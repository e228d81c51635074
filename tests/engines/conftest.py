"""The engine under test: every test of this folder runs once per engine.

Adding an engine is one line in ENGINES (its name and a factory that opens a fresh, empty
store of it); the PostgreSQL one takes its URL from the `postgres_url` fixture of
tests/postgres_cluster.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from lesaitutte_cli.store import open_store

if TYPE_CHECKING:
    from collections.abc import Callable

    from lesaitutte_cli.store.engine import Store


def _file_engine(request: pytest.FixtureRequest) -> Store:
    return open_store(str(request.getfixturevalue("tmp_path") / "store.json"))


def _postgres_engine(request: pytest.FixtureRequest) -> Store:
    return open_store(request.getfixturevalue("postgres_url"))


ENGINES: dict[str, Callable[[pytest.FixtureRequest], Store]] = {
    "file": _file_engine,
    "postgres": _postgres_engine,
}


@pytest.fixture(params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> Store:
    """A new, empty store (only the default categories) of each engine in turn."""
    return ENGINES[request.param](request)
