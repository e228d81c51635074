"""A tiny run of the benchmark: it builds every shape and measures every command it is asked for.

Nothing here looks at a timing: at this size, and on a busy machine, they mean nothing.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import pytest  # noqa: E402
from cluster import server_binaries  # noqa: E402
from run import COMMANDS, MEMORY_LIMIT_MB, Target, judged, target_of  # noqa: E402
from shapes import SHAPES  # noqa: E402


def bench(tmp_path: Path, *options: str) -> list[dict]:
    results = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--sizes", "20", "--runs", "1", "--json", str(results), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr  # 1: a target missed, which is no failure here
    rows = json.loads(results.read_text())["rows"]
    assert len(result.stdout.splitlines()) == len(rows) + 1  # the table: a heading and a line per row
    return rows


def test_every_command_is_measured(tmp_path):
    rows = bench(tmp_path, "--shapes", "fresh,settled")
    measured = {(row["shape"], row["command"]) for row in rows if row["kind"] != "seed"}
    assert measured == {("fresh", "--help"), ("fresh", "me (fresh store)")} | {("settled", c) for c in COMMANDS}
    assert [row["command"] for row in rows if row["kind"] == "seed"] == ["seed 20 questions"]
    assert all(row["runs"] == 1 and row["median_ms"] > 0 and row["peak_mb"] > 0 for row in rows)


def test_every_shape_is_built_and_measured(tmp_path):
    rows = bench(tmp_path, "--shapes", ",".join(SHAPES), "--commands", "me,report")
    measured = {(row["shape"], row["size"], row["command"]) for row in rows if row["kind"] != "seed"}
    assert measured == {(shape, 20, command) for shape in SHAPES for command in ("me", "report")}
    assert {row["shape"]: row["command"] for row in rows if row["kind"] == "seed"} == {
        "settled": "seed 20 questions",
        "backlog": "seed 20 open",
        "crowd": "seed 20 users",
        "busy": "seed 20 answered",
    }
    assert all(isinstance(row["met"], bool) for row in rows)  # judged, whatever the verdict


def test_the_postgres_engine_is_measured_too(tmp_path):
    """The benchmark starts (and stops) a cluster of its own, where PostgreSQL's server is installed."""
    try:
        server_binaries()
    except SystemExit as missing:
        if os.environ.get("LESAITUTTE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{missing}, and LESAITUTTE_REQUIRE_POSTGRES=1 requires them", pytrace=False)
        pytest.skip(str(missing))
    rows = bench(tmp_path, "--engine", "postgres", "--shapes", "fresh,settled", "--commands", "me,report,ask,rate")
    measured = {(row["shape"], row["command"]) for row in rows if row["kind"] != "seed"}
    assert measured == {("fresh", "--help"), ("fresh", "me (fresh store)")} | {
        ("settled", c) for c in ("me", "report", "ask", "rate")
    }
    assert [row["command"] for row in rows if row["kind"] == "seed"] == ["seed 20 questions"]
    assert all(row["runs"] == 1 and row["median_ms"] > 0 and row["peak_mb"] > 0 for row in rows)


def test_each_engine_is_judged_by_its_own_targets():
    assert target_of("file", "settled", 100_000, "write", "ask") == Target(ratio=3.0)
    assert target_of("file", "settled", 100_000, "community", "check") == Target(seconds=1.0)
    # PostgreSQL (issue 13), at every size: one question 2x, the whole community 3x, check 2 s.
    for size in (1_000, 1_000_000):
        assert target_of("postgres", "settled", size, "write", "ask") == Target(ratio=2.0)
        assert target_of("postgres", "settled", size, "read", "me") == Target(ratio=2.0)
        assert target_of("postgres", "settled", size, "read", "leaderboard") == Target(ratio=3.0)
        assert target_of("postgres", "settled", size, "community", "search QUERY") == Target(ratio=3.0)
        assert target_of("postgres", "settled", size, "community", "check") == Target(seconds=2.0)
    assert target_of("postgres", "fresh", 0, "fresh", "me (fresh store)") == Target(ratio=2.0)
    assert target_of("postgres", "settled", 1_000_000, "seed", "seed 1,000,000 questions") == Target(seconds=60.0)
    assert target_of("postgres", "settled", 100_000, "seed", "seed 100,000 questions") is None


def test_postgres_commands_are_held_to_60_mb():
    row = {"kind": "read", "peak_mb": 80.0, "ratio": 1.5, "median_ms": 100.0}
    assert judged(dict(row), Target(ratio=2.0), MEMORY_LIMIT_MB["file"])["met"]
    assert not judged(dict(row), Target(ratio=2.0), MEMORY_LIMIT_MB["postgres"])["met"]
