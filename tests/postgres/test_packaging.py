"""The SQL files are package data: a wheel built from a clean clone must carry every one."""

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lesaitutte_cli" / "store" / "postgres"


def test_every_sql_file_of_the_engine_is_declared_as_package_data():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = declared["lesaitutte_cli.store.postgres"]
    shipped = sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.sql"))
    assert "migrations/0001_initial.sql" in shipped and "queries.sql" in shipped
    assert [path for path in shipped if not any(fnmatch(path, pattern) for pattern in patterns)] == []
