"""One way to open a store: the location picks the engine."""

import pytest

from lesaitutte_cli.store import open_store
from lesaitutte_cli.store.file import FileStore
from lesaitutte_cli.store.postgres.engine import PostgresStore


def test_a_path_opens_the_file_engine_without_touching_the_file(tmp_path):
    store = open_store(str(tmp_path / "store.json"))
    assert isinstance(store, FileStore)
    assert store.location == str(tmp_path / "store.json")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_postgresql_url_opens_the_postgresql_engine_without_connecting(scheme):
    store = open_store(f"{scheme}://nobody:s3cret@/community?host=/nowhere", lock_timeout=2)
    assert isinstance(store, PostgresStore)
    assert store.location == f"{scheme}://nobody@/community?host=/nowhere"
