"""One way to open a store: the location picks the engine."""

import importlib.util

import pytest

from lesaitutte_cli.errors import InvalidInput
from lesaitutte_cli.store import open_store
from lesaitutte_cli.store.file import FileStore

POSTGRES_ENGINE_HERE = importlib.util.find_spec("lesaitutte_cli.store.postgres.engine") is not None


def test_a_path_opens_the_file_engine_without_touching_the_file(tmp_path):
    store = open_store(str(tmp_path / "store.json"))
    assert isinstance(store, FileStore)
    assert store.location == str(tmp_path / "store.json")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(POSTGRES_ENGINE_HERE, reason="the PostgreSQL engine is here: its own tests open it")
def test_a_postgresql_url_is_bad_input_until_the_engine_is_here(run):
    with pytest.raises(InvalidInput, match="not supported yet"):
        open_store("postgresql://nobody@/community")
    run.db = "postgresql://nobody@/community"
    result = run("me", user="anna")
    assert result.exit_code == 2
    assert "not supported yet" in result.stderr
