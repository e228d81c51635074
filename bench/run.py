"""Benchmark: every command's latency as a ratio to a floor measured right before it.

The floor is the interpreter importing the design card's two core packages,
`python -c "import click, tinydb"`: no command of this tool can start faster. The commands are
run as people run them, through the installed console script (`lesaitutte` beside this Python),
with bytecode caching on as after a `pip install`.

Stores of several shapes and sizes (see bench/shapes.py) are built once each in a temporary
folder through the tool's own `seed` and commands. Each round then copies the built store (with
its side logs and lock file; on PostgreSQL, CREATE DATABASE ... TEMPLATE the built one), so every
round starts from the same store, and runs every command
once, each right after a run of the floor. A command's ratio is the median over rounds of
(command time / the floor time just before it); the table also shows the median times and the
largest peak memory (the command's own, see bench/runner.py). Seeding is timed once per store.

    python bench/run.py                                  # every shape at 1k, 20k and 100k
    python bench/run.py --shapes settled,backlog --sizes 1000,20000 --runs 7
    python bench/run.py --sizes 5000 --commands me,rate,report --json results.json
    python bench/run.py --engine postgres --shapes settled --sizes 1000,20000 --runs 7
    python bench/run.py --shapes busy --sizes 20000 --runs 1 --keep-stores stores   # then, to profile:
    python -m cProfile -s cumtime .venv/bin/lesaitutte --db stores/busy-20000.json --user busy me --history

With --engine postgres the benchmark starts a throwaway PostgreSQL cluster of its own (see
bench/cluster.py; initdb and pg_ctl from `pg_config --bindir`), on a Unix socket, and stops it at
the end, also on Ctrl-C or SIGTERM. Each store is a database in it; the commands get its URL as
--db.

Each engine is judged by its own targets: the file engine by issue 16's (by shape and size),
PostgreSQL by issue 13's (at every shape and size). Exit status 1 when a target is missed, 0
when all are met.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster import Cluster  # noqa: E402
from runner import Runner  # noqa: E402
from shapes import (  # noqa: E402
    ENGINES,
    SHAPES,
    Builder,
    Community,
    Seeding,
    copy_store,
    new_location,
    remove_store,
    use_cluster,
)

# Peak memory of every measured command, every shape and size (seeding is reported, not judged):
# issue 16 for the file engine; issue 13 for PostgreSQL, the client's own.
MEMORY_LIMIT_MB = {"file": 150, "postgres": 60}

EVERYDAY_READS = ("me", "show", "questions --limit 20", "leaderboard")
WRITES = ("ask", "claim", "release", "claim --next", "answer", "rate", "redeem")
COMMUNITY = (
    "report",
    "check",
    "history USER",
    "search QUERY",
    "questions --status answered --limit 20",
    "me --history",
)
COMMANDS = EVERYDAY_READS + COMMUNITY + WRITES


@dataclass(frozen=True)
class Target:
    ratio: float | None = None  # at most this many times the floor
    seconds: float | None = None  # at most this long


# Ratios for (reads, writes), by shape and size: issue 16 (and the targets before it). The
# issue sets crowd and busy at 100,000; the same 2x holds at 20,000. At 1,000: reported only.
EVERYDAY_TARGETS = {
    ("settled", 20_000): (1.6, 2.2),
    ("settled", 100_000): (2.0, 3.0),
    ("backlog", 20_000): (1.6, 2.2),
    ("backlog", 100_000): (2.0, 3.0),
    ("crowd", 20_000): (2.0, 2.0),
    ("crowd", 100_000): (2.0, 2.0),
    ("busy", 20_000): (2.0, 2.0),
    ("busy", 100_000): (2.0, 2.0),
}
# Whole-community commands over 100,000 archived questions (`me --history` is a history too).
COMMUNITY_TARGETS = {
    ("settled", 100_000): {
        "report": Target(seconds=1.0),
        "check": Target(seconds=1.0),
        "history USER": Target(seconds=1.0),
        "me --history": Target(seconds=1.0),
        "questions --status answered --limit 20": Target(seconds=1.0),
        "search QUERY": Target(ratio=2.0),
    }
}
SEED_TARGETS = {
    ("settled", "seed 20,000 questions"): Target(seconds=5.0),
    ("settled", "seed 100,000 questions"): Target(seconds=10.0),
    ("crowd", "seed 10,000 users"): Target(seconds=2.0),
}
FRESH_TARGET = Target(ratio=1.2)

# PostgreSQL (issue 13): set at 1,000,000 questions and held at every shape and size, since a
# command on a database should not grow with the store. A command about one question, one
# user or one reward within 2x the floor; one that reads across the community within 3x;
# `check` under 2 s; seeding 1,000,000 questions under a minute.
POSTGRES_SINGLE = Target(ratio=2.0)
POSTGRES_COMMUNITY = Target(ratio=3.0)
POSTGRES_SINGLE_COMMANDS = {"me", "me (fresh store)", "show", *WRITES}
POSTGRES_TARGETS = {"--help": FRESH_TARGET, "check": Target(seconds=2.0)}
POSTGRES_SEED_TARGETS = {"seed 1,000,000 questions": Target(seconds=60.0)}


def target_of(engine: str, shape: str, size: int, kind: str, command: str) -> Target | None:
    if engine == "postgres":
        return postgres_target(kind, command)
    if kind == "fresh":
        return FRESH_TARGET
    if kind == "seed":
        return SEED_TARGETS.get((shape, command))
    if kind == "community":
        return COMMUNITY_TARGETS.get((shape, size), {}).get(command)
    ratios = EVERYDAY_TARGETS.get((shape, size))
    return None if ratios is None else Target(ratio=ratios[0] if kind == "read" else ratios[1])


def postgres_target(kind: str, command: str) -> Target | None:
    if kind == "seed":
        return POSTGRES_SEED_TARGETS.get(command)
    if command in POSTGRES_TARGETS:
        return POSTGRES_TARGETS[command]
    return POSTGRES_SINGLE if command in POSTGRES_SINGLE_COMMANDS else POSTGRES_COMMUNITY


def kind_of(command: str) -> str:
    return "read" if command in EVERYDAY_READS else "community" if command in COMMUNITY else "write"


class Bench:
    """Runs the console script and the floor through the runner helper."""

    def __init__(self, runner: Runner, engine: str, folder: Path) -> None:
        self.runner = runner
        self.engine = engine
        self.folder = folder
        self.script = console_script()
        # Bytecode is cached as an installed package's is (pip compiles at install); without
        # it, where PYTHONDONTWRITEBYTECODE is set, every run would recompile the package.
        self.env = {
            name: value
            for name, value in os.environ.items()
            if name != "PYTHONDONTWRITEBYTECODE" and not name.startswith("LESAITUTTE_")
        }
        self.floor = [sys.executable, "-c", "import click, tinydb"]
        # Compiled before the first run, so that no measured run pays for it. The installed
        # package, as the console script imports it (-I: not one in the current folder).
        package = subprocess.run(
            [sys.executable, "-I", "-c", "import lesaitutte_cli; print(lesaitutte_cli.__path__[0])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True, env=self.env)

    def argv(self, location: str | None, user: str | None, *args: str) -> list[str]:
        where = ["--db", location] if location else []
        who = ["--user", user] if user else []
        return [self.script, *where, *who, *args]

    def tool(self, location: str, *args: str, user: str = "admin") -> str:
        """Run a command for setting up, untimed; its standard output."""
        result = subprocess.run(self.argv(location, user, *args), capture_output=True, text=True, env=self.env)
        if result.returncode != 0:
            raise SystemExit(f"setup failed: {' '.join(args)}: {result.stderr}")
        return result.stdout

    def seed(self, location: str, fixtures: list[str], label: str) -> Seeding:
        outcome = self.checked(label, self.argv(location, "admin", "seed", *fixtures))
        return Seeding(label, outcome["seconds"], outcome["peak_kb"])

    def checked(self, label: str, argv: list[str]) -> dict:
        outcome = self.runner.run(argv, self.env)
        if outcome["status"] != 0:
            raise SystemExit(f"{label} failed: exit {outcome['status']}: {outcome['stderr']}")
        return outcome

    def pair(self, samples: dict, label: str, argv: list[str]) -> None:
        """The floor, then the command right after it."""
        floor = self.checked("the floor", self.floor)
        outcome = self.checked(label, argv)
        samples.setdefault(label, []).append((outcome["seconds"], floor["seconds"], outcome["peak_kb"]))


def console_script() -> str:
    beside = Path(sys.executable).parent / "lesaitutte"
    found = str(beside) if beside.exists() else shutil.which("lesaitutte")
    if found is None:
        raise SystemExit(f"no lesaitutte console script beside {sys.executable} or on PATH: pip install -e . first")
    return found


def run_round(bench: Bench, community: Community, samples: dict, commands: set[str], number: int) -> None:
    """One round on a fresh copy of the built store: the reads, then a question's whole life."""
    db = copy_store(bench.engine, community.location, bench.folder, f"round-{number}")
    c = community

    def timed(label: str, user: str, *args: str) -> None:
        if label in commands:
            bench.pair(samples, label, bench.argv(db, user, *args))

    def step(label: str, user: str, *args: str) -> None:
        if label in commands:
            timed(label, user, *args)
        else:
            bench.tool(db, *args, user=user)

    timed("me", c.reader, "me")
    timed("show", c.reader, "show", str(c.show_id))
    timed("questions --limit 20", c.reader, "questions", "--limit", "20")
    timed("leaderboard", c.reader, "leaderboard")
    timed("report", "admin", "report")
    timed("check", "admin", "check")
    timed("history USER", "admin", "history", c.expert)
    timed("search QUERY", c.reader, "search", c.search)
    timed("questions --status answered --limit 20", c.reader, "questions", "--status", "answered", "--limit", "20")
    timed("me --history", c.expert, "me", "--history")
    timed("ask", "member1", "ask", "Why is my bill higher this month?", "-c", "phones", "--yes")
    if {"claim", "release", "claim --next", "answer", "rate"} & commands:
        # Claim and release the posted question; then the next one, to answer and rate. A step
        # not measured still runs (untimed), as the ones after it need it.
        step("claim", c.expert, "claim", str(c.posted_id))
        step("release", c.expert, "release", str(c.posted_id))
        step("claim --next", c.expert, "claim", "--next")
        held = json.loads(bench.tool(db, "me", "--json", user=c.expert))["active_claim"]
        asker = json.loads(bench.tool(db, "show", str(held), "--json", user=c.expert))["asker"]
        step("answer", c.expert, "answer", str(held), "Restart the phone.")
        timed("rate", asker, "rate", str(held), "up")
    timed("redeem", c.spender, "redeem", "sticker")
    remove_store(bench.engine, db)


def summarise(engine: str, shape: str, size: int, samples: dict) -> list[dict]:
    rows = []
    for label, values in samples.items():
        kind = "fresh" if shape == "fresh" else kind_of(label)
        rows.append(
            judged(
                {
                    "shape": shape,
                    "size": size,
                    "command": label,
                    "kind": kind,
                    "runs": len(values),
                    "median_ms": round(statistics.median(seconds for seconds, _, _ in values) * 1000, 1),
                    "floor_ms": round(statistics.median(floor for _, floor, _ in values) * 1000, 1),
                    "ratio": round(statistics.median(seconds / floor for seconds, floor, _ in values), 2),
                    "peak_mb": round(max(peak for _, _, peak in values) / 1024, 1),
                    "pairs_ms": [[round(seconds * 1000, 1), round(floor * 1000, 1)] for seconds, floor, _ in values],
                },
                target_of(engine, shape, size, kind, label),
                MEMORY_LIMIT_MB[engine],
            )
        )
    return rows


def judged(row: dict, target: Target | None, memory_limit_mb: float) -> dict:
    row["target"] = None if target is None else {"ratio": target.ratio, "seconds": target.seconds}
    # Seeding reads a whole fixture file: its memory is reported, not judged.
    met = row["peak_mb"] <= memory_limit_mb or row["kind"] == "seed"
    if target is not None and target.ratio is not None:
        met = met and row["ratio"] <= target.ratio
    if target is not None and target.seconds is not None:
        met = met and row["median_ms"] <= target.seconds * 1000
    row["met"] = met
    return row


def seed_row(engine: str, shape: str, size: int, seeding: Seeding) -> dict:
    row = {
        "shape": shape,
        "size": size,
        "command": seeding.label,
        "kind": "seed",
        "runs": 1,
        "median_ms": round(seeding.seconds * 1000, 1),
        "floor_ms": None,
        "ratio": None,
        "peak_mb": round(seeding.peak_kb / 1024, 1),
    }
    return judged(row, target_of(engine, shape, size, "seed", seeding.label), MEMORY_LIMIT_MB[engine])


def run_fresh(bench: Bench, runs: int) -> list[dict]:
    """--help, and a command on a store that has just been created."""
    db = new_location(bench.engine, bench.folder, "fresh")
    bench.tool(db, "register", user="newcomer")
    samples: dict = {}
    for _ in range(runs):
        bench.pair(samples, "--help", bench.argv(None, None, "--help"))
        bench.pair(samples, "me (fresh store)", bench.argv(db, "newcomer", "me"))
    return summarise(bench.engine, "fresh", 0, samples)


def run_shape(
    bench: Bench, shape: str, size: int, runs: int, commands: set[str], keep: Path | None = None
) -> list[dict]:
    progress(f"building {shape} {size:,}")
    community = Builder(bench.engine, bench.folder, bench.tool, bench.seed).build(shape, size)
    if keep is not None:
        copy_store(bench.engine, community.location, keep, f"{shape}-{size}")
    samples: dict = {}
    for number in range(runs):
        progress(f"{shape} {size:,}: round {number + 1} of {runs}")
        run_round(bench, community, samples, commands, number)
    remove_store(bench.engine, community.location)
    rows = [seed_row(bench.engine, shape, size, seeding) for seeding in community.seedings]
    ordered = {label: samples[label] for label in COMMANDS if label in samples}
    return summarise(bench.engine, shape, size, ordered) + rows


def progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{message:<60}")
        sys.stderr.flush()


def report(rows: list[dict]) -> int:
    """Print the table; the number of rows that miss a target."""
    print(
        f"{'shape':<8} {'size':>7}  {'command':<39} {'median':>9} {'floor':>8} {'ratio':>6} {'target':>7} "
        f"{'peak MB':>8}  met"
    )
    missed = 0
    for row in rows:
        missed += not row["met"]
        target = row["target"] or {}
        wanted = f"{target['ratio']:.1f}x" if target.get("ratio") else f"{target['seconds']:g}s" if target else "-"
        median = f"{row['median_ms'] / 1000:.2f}s" if row["median_ms"] >= 1000 else f"{row['median_ms']:.1f}ms"
        floor = f"{row['floor_ms']:.1f}ms" if row["floor_ms"] is not None else ""
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else ""
        size = f"{row['size']:,}" if row["size"] else ""
        print(
            f"{row['shape']:<8} {size:>7}  {row['command']:<39} {median:>9} {floor:>8} {ratio:>6} {wanted:>7} "
            f"{row['peak_mb']:>8.1f}  {'yes' if row['met'] else 'NO'}"
        )
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shapes",
        default=",".join(("fresh", *SHAPES)),
        help="comma-separated, of: fresh, " + ", ".join(SHAPES) + " (default: all; see bench/shapes.py)",
    )
    parser.add_argument("--sizes", default="1000,20000,100000", help="store sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=11, help="rounds per store (default 11)")
    parser.add_argument("--commands", help="only these commands, comma-separated (default: all)")
    parser.add_argument("--engine", default="file", choices=ENGINES, help="the store engine (default: file)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--keep-stores", metavar="DIR", type=Path, help="also copy each store as built to DIR, e.g. to profile on it"
    )
    options = parser.parse_args()
    shapes = [shape for shape in options.shapes.split(",") if shape]
    unknown = set(shapes) - {"fresh", *SHAPES}
    if unknown:
        parser.error(f"unknown shape(s): {', '.join(sorted(unknown))}")
    sizes = [int(size) for size in options.sizes.split(",") if size]
    commands = set(COMMANDS if options.commands is None else options.commands.split(","))
    if commands - set(COMMANDS):
        parser.error(
            f"unknown command(s): {', '.join(sorted(commands - set(COMMANDS)))} (known: {', '.join(COMMANDS)})"
        )
    if options.keep_stores is not None and options.engine != "file":
        parser.error("--keep-stores keeps file stores only (the PostgreSQL cluster is thrown away)")
    if options.keep_stores is not None:
        options.keep_stores.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    # Killed as Ctrl-C stops it: leaving the `with` below, which stops the PostgreSQL cluster.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    with tempfile.TemporaryDirectory() as name, Runner() as runner, contextlib.ExitStack() as stack:
        if options.engine == "postgres":
            use_cluster(stack.enter_context(Cluster()))
        bench = Bench(runner, options.engine, Path(name))
        if "fresh" in shapes:
            rows += run_fresh(bench, options.runs)
        for shape in (shape for shape in SHAPES if shape in shapes):
            for size in sizes:
                rows += run_shape(bench, shape, size, options.runs, commands, options.keep_stores)
    progress("")
    missed = report(rows)
    if options.json:
        machine = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "platform": sys.platform}
        settings = {"engine": options.engine, "runs": options.runs, "memory_limit_mb": MEMORY_LIMIT_MB[options.engine]}
        Path(options.json).write_text(json.dumps({"machine": machine, "options": settings, "rows": rows}, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
