"""Benchmark: every command's latency as a ratio to a floor measured in the same run.

The floor is the interpreter importing the design card's two core packages,
`python -c "import click, tinydb"`: no command of this tool can start faster. Stores of
several sizes are built in a temporary folder through the tool's own `seed` and commands;
each command then runs many times, interleaved with the floor, and the medians are compared.

    python bench/run.py                      # 1k, 20k and 100k questions
    python bench/run.py --sizes 1000 --runs 5 --json results.json
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CATEGORIES = ["tariffs", "services", "phones", "internet"]
TARGETS = {"fresh": 1.2, "read": {1_000: 1.6, 20_000: 1.6, 100_000: 2.0}, "write": {1_000: 2.2, 20_000: 2.2, 100_000: 3.0}}
MEMORY_LIMIT_MB = 150
SEED_LIMIT_S = {20_000: 5.0}


def tool() -> list[str]:
    script = Path(sys.executable).with_name("lesaitutte")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lesaitutte_cli"]


FLOOR = [sys.executable, "-c", "import click, tinydb"]


def measure(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Seconds taken, peak memory in MB, exit status."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.stderr.read()
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def run(db: Path, *args: str, user: str = "admin", check: bool = True) -> str:
    result = subprocess.run([*tool(), "--db", str(db), "--user", user, *args], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"setup failed: {' '.join(args)}: {result.stderr}")
    return result.stdout


def fixture(size: int, rng: random.Random) -> dict:
    """A community of `size` questions in every state, with ratings, points and a catalogue."""
    members = [f"member{n}" for n in range(max(20, size // 100))]
    experts = {f"expert{n}": rng.sample(CATEGORIES, 2) for n in range(max(8, size // 400))}
    questions = []
    for number in range(size):
        category = rng.choice(CATEGORIES)
        asker = rng.choice(members)
        day, minute = 1 + number % 28, number % 1440
        created = f"2026-10-{day:02d}T{minute // 60:02d}:{minute % 60:02d}:00Z"
        question = {"asker": asker, "category": category, "created_at": created,
                    "text": f"Question {number} about {category}: why does my {rng.choice(['plan', 'phone', 'SIM', 'bill', 'router'])} "
                            f"{rng.choice(['stop working', 'cost more', 'drop calls', 'show an error'])} after {number % 50} days?"}
        if rng.random() < 0.97:  # answered, most of them rated; a live community leaves few open
            expert = rng.choice([name for name, certified in experts.items() if category in certified])
            answered = f"2026-10-{day:02d}T{minute // 60:02d}:{minute % 60:02d}:30Z"
            question |= {"answered_by": expert, "answer": f"Answer {number}: restart it, then check the settings page.",
                         "answered_at": answered}
            if rng.random() < 0.8:
                question["rating"] = "up" if rng.random() < 0.8 else "down"
        questions.append(question)
    return {
        "users": [{"name": "admin", "roles": ["admin"]}, *({"name": name} for name in members),
                  *({"name": name, "certifications": certified} for name, certified in experts.items())],
        "rewards": [{"id": "sticker", "title": "Sticker", "cost": 1}],
        "questions": questions,
    }


def build(folder: Path, size: int) -> tuple[Path, float]:
    rng = random.Random(size)
    path = folder / f"fixture-{size}.json"
    path.write_text(json.dumps(fixture(size, rng)))
    db = folder / f"store-{size}.json"
    started = time.perf_counter()
    run(db, "seed", str(path))
    seed_seconds = time.perf_counter() - started
    run(db, "settings", "pair-points-per-day", "1000000")  # so that every timed `rate up` earns
    run(db, "points", "adjust", "member0", "1000000", "--reason", "benchmark")
    return db, seed_seconds


def commands(db: Path) -> list[tuple[str, str, list[str]]]:
    """(kind, label, argv) in the order one round runs them; the writes leave the store ready for the next round."""
    base = [*tool(), "--db", str(db), "--user"]
    answered = json.loads(run(db, "questions", "--status", "answered", "--limit", "1", "--json"))[0]["id"]
    return [
        ("read", "me", [*base, "member0", "me"]),
        ("read", "show", [*base, "member0", "show", str(answered)]),
        ("read", "questions --limit 20", [*base, "member0", "questions", "--limit", "20"]),
        ("read", "leaderboard", [*base, "member0", "leaderboard"]),
        ("write", "ask", [*base, "member1", "ask", "Why is my bill higher this month?", "--category", "phones", "--yes"]),
        ("write", "claim", [*base, "EXPERT", "claim", "QID"]),
        ("write", "release", [*base, "EXPERT", "release", "QID"]),
        ("write", "claim --next", [*base, "EXPERT", "claim", "--next"]),
        ("write", "answer", [*base, "EXPERT", "answer", "QID", "Restart the phone."]),
        ("write", "rate", [*base, "ASKER", "rate", "QID", "up"]),
        ("write", "redeem", [*base, "member0", "redeem", "sticker"]),
    ]


def bench_size(folder: Path, size: int, runs: int) -> dict:
    db, seed_seconds = build(folder, size)
    plan = commands(db)
    times: dict[str, list[float]] = {label: [] for _, label, _ in plan}
    memory: dict[str, float] = {}
    floors = []
    experts = [name for name in json.loads(run(db, "leaderboard", "--limit", "1000", "--json"))]
    expert = next(row["user"] for row in experts if row["user"].startswith("expert"))
    for _ in range(runs):
        question, asker = None, None
        for _, label, argv in plan:
            if label == "claim":
                # the question the last `ask` posted, in a category this expert may claim
                question = json.loads(run(db, "ask", "Why does my router drop?", "--category",
                                          certified_category(db, expert), "--yes", "--json", user="member1"))["id"]
            names = {"QID": str(question), "EXPERT": expert, "ASKER": asker}
            argv = [names.get(arg, arg) for arg in argv]
            floor_seconds, _, _ = measure(FLOOR)
            floors.append(floor_seconds)
            seconds, peak, status = measure(argv)
            if status != 0:
                raise SystemExit(f"{label} failed at {size}: exit {status}")
            times[label].append(seconds)
            memory[label] = max(memory.get(label, 0), peak)
            if label == "claim --next":
                question = json.loads(run(db, "me", "--json", user=expert))["active_claim"]
                asker = json.loads(run(db, "show", str(question), "--json"))["asker"]
    floor = statistics.median(floors)
    rows = []
    for kind, label, _ in plan:
        median = statistics.median(times[label])
        target = TARGETS[kind][size] if size in TARGETS[kind] else TARGETS[kind][min(TARGETS[kind], key=lambda s: abs(s - size))]
        rows.append({"size": size, "command": label, "kind": kind, "median_ms": round(median * 1000, 1),
                     "ratio": round(median / floor, 2), "target": target, "peak_mb": round(memory[label], 1)})
    return {"size": size, "floor_ms": round(floor * 1000, 1), "seed_s": round(seed_seconds, 2), "rows": rows}


def certified_category(db: Path, expert: str) -> str:
    return json.loads(run(db, "me", "--json", user=expert))["certifications"][0]


def bench_fresh(folder: Path, runs: int) -> dict:
    """--help, and a command on a store that has just been created."""
    db = folder / "fresh.json"
    run(db, "register", user="newcomer")
    plan = [("--help", [*tool(), "--help"]), ("me (fresh store)", [*tool(), "--db", str(db), "--user", "newcomer", "me"])]
    floors, times = [], {label: [] for label, _ in plan}
    memory = {}
    for _ in range(runs):
        for label, argv in plan:
            floors.append(measure(FLOOR)[0])
            seconds, peak, _ = measure(argv)
            times[label].append(seconds)
            memory[label] = max(memory.get(label, 0), peak)
    floor = statistics.median(floors)
    rows = [{"size": 0, "command": label, "kind": "fresh", "median_ms": round(statistics.median(times[label]) * 1000, 1),
             "ratio": round(statistics.median(times[label]) / floor, 2), "target": TARGETS["fresh"],
             "peak_mb": round(memory[label], 1)} for label, _ in plan]
    return {"size": 0, "floor_ms": round(floor * 1000, 1), "rows": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,20000,100000", help="store sizes in questions, comma-separated")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command (default 15)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        results = [bench_fresh(folder, options.runs)] + [bench_size(folder, size, options.runs) for size in sizes]
    print(f"{'size':>7}  {'command':<22} {'median':>8} {'floor':>7} {'ratio':>6} {'target':>6} {'peak MB':>8}  ok")
    failures = 0
    for result in results:
        for row in result["rows"]:
            ok = row["ratio"] <= row["target"] and row["peak_mb"] <= MEMORY_LIMIT_MB
            failures += not ok
            size = f"{row['size']:,}" if row["size"] else "fresh"
            print(f"{size:>7}  {row['command']:<22} {row['median_ms']:>6.1f}ms {result['floor_ms']:>5.1f}ms "
                  f"{row['ratio']:>6.2f} {row['target']:>6.1f} {row['peak_mb']:>8.1f}  {'yes' if ok else 'NO'}")
        if "seed_s" in result:
            limit = SEED_LIMIT_S.get(result["size"])
            seed_ok = limit is None or result["seed_s"] <= limit
            failures += not seed_ok
            print(f"{result['size']:>7,}  {'seed':<22} {result['seed_s']:>7.2f}s {'':>7} {'':>6} "
                  f"{('< ' + str(limit) + 's') if limit else '':>6} {'':>8}  {'yes' if seed_ok else 'NO'}")
    if options.json:
        Path(options.json).write_text(json.dumps({"python": sys.version.split()[0], "cpus": os.cpu_count(), "results": results}, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
