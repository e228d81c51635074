import getpass
import json
import pwd
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from lesaitutte_cli.cli import cli as lesaitutte
from lesaitutte_cli.store import open_store

pytest_plugins = ["tests.postgres_cluster"]

# Local time is not UTC here, so that tests see the difference between stored and shown times.
LOCAL_ZONE = "Europe/Rome"

COMMUNITY = {
    "users": [
        {"name": "anna"},
        {"name": "carla"},
        {"name": "marco", "certifications": ["phones", "internet"]},
        {"name": "paola", "certifications": ["phones"]},
        {"name": "bruno", "certifications": ["tariffs"]},
        {"name": "tina", "roles": ["trainer"]},
        {"name": "ada", "roles": ["admin"]},
    ]
}


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """No test reads or writes a real home folder, and all run in the same local zone and in English."""
    own = ("LESAITUTTE_DB", "LESAITUTTE_USER", "LESAITUTTE_LOCK_TIMEOUT", "LESAITUTTE_DEBUG", "LESAITUTTE_LANG")
    for name in (*own, "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English, whatever the locale of whoever runs the tests
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("TZ", LOCAL_ZONE)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


class Runner:
    """Runs `lesaitutte` commands in-process against one store: a file path or a PostgreSQL URL.

    `folder` holds the fixture files it writes (the store file's folder on the file engine).
    """

    def __init__(self, db: Path | str, folder: Path | None = None):
        self.db = db
        self.folder = folder if folder is not None else Path(db).parent

    @property
    def engine(self) -> str:
        return "postgres" if str(self.db).startswith(("postgresql://", "postgres://")) else "file"

    def __call__(self, *args: str, user: str | None = None, input: str | None = None):
        argv = ["--db", str(self.db)]
        if user is not None:
            argv += ["--user", user]
        return CliRunner().invoke(lesaitutte, [*argv, *args], input=input, catch_exceptions=False)

    def json(self, *args: str, user: str | None = None, input: str | None = None):
        result = self(*args, "--json", user=user, input=input)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def seed(self, document: dict, tmp: Path | None = None, user: str = "ada") -> None:
        """Seed as `user`: anyone on a new store, an admin (ada in COMMUNITY) on one with users."""
        path = (tmp or self.folder) / f"fixture-{len(list(self.folder.glob('fixture-*')))}.json"
        path.write_text(json.dumps(document))
        result = self("seed", str(path), user=user)
        assert result.exit_code == 0, result.output

    def question(self, question_id: int):
        store = open_store(str(self.db))
        try:
            with store.transaction() as tx:
                return tx.question(question_id)
        finally:
            close = getattr(store, "close", None)
            if close is not None:
                close()

    def raw(self) -> bytes:
        """The store's whole content: the file's bytes, or every PostgreSQL table's rows in order."""
        if self.engine == "file":
            return Path(self.db).read_bytes()
        return postgres_snapshot(str(self.db))


def postgres_snapshot(url: str) -> bytes:
    """Every row of every table of the database, sorted, as bytes to compare before and after."""
    import psycopg

    lines = []
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        ).fetchall()
        for (table,) in tables:
            rows = connection.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1').fetchall()
            lines += [f"{table}: {row}" for (row,) in rows]
    return "\n".join(lines).encode()


ENGINES = ["file", "postgres"]


@pytest.fixture
def engine(request) -> str:
    """The engine a `run` store uses: "file" unless the test is parametrised over ENGINES."""
    return getattr(request, "param", "file")


@pytest.fixture
def run(tmp_path, engine, request) -> Runner:
    if engine == "postgres":
        return Runner(request.getfixturevalue("postgres_url"), folder=tmp_path)
    return Runner(tmp_path / "store.json")


@pytest.fixture
def community(run) -> Runner:
    """A store with members, experts in phones/internet and tariffs, a trainer and an admin."""
    run.seed(COMMUNITY)
    return run


def single_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1


@pytest.fixture
def logged_in_as(monkeypatch):
    """Pretend the process runs as an OS account: its real user id's name and its login name."""

    def pretend(name: str) -> None:
        monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_name=name))
        monkeypatch.setattr(getpass, "getuser", lambda: name)

    return pretend
