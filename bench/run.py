"""Benchmark: every command's latency as a ratio to a floor measured in the same run.

The floor is the interpreter importing the design card's two core packages,
`python -c "import click, tinydb"`: no command of this tool can start faster. Stores of
several sizes are built in a temporary folder through the tool's own `seed` and commands;
each command then runs many times, each run right after a run of the floor, and the
medians are compared. Every run also reports its own peak memory.

    python bench/run.py                      # 1k, 20k and 100k questions
    python bench/run.py --sizes 20000 --runs 9 --json results.json
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
FRESH_TARGET = 1.2
READ_TARGETS = {20_000: 1.6, 100_000: 2.0}  # the issue sets none for 1k: reported only
WRITE_TARGETS = {20_000: 2.2, 100_000: 3.0}
MEMORY_LIMIT_MB = 150
SEED_LIMITS_S = {20_000: 5.0}

FLOOR = [sys.executable, "-c", "import click, tinydb"]
# A command run the way the console script runs it, reporting its own peak memory at exit:
# the kernel's high-water mark of this program's memory (ru_maxrss would include the size of
# the process it was started from, here one holding a whole fixture).
COMMAND = """
import sys
from lesaitutte_cli.cli import main
sys.argv = ["lesaitutte", *sys.argv[1:]]
try:
    main()
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write(f"\\npeak {peak}\\n")
"""


def timed(argv: list[str]) -> tuple[float, str, int]:
    """Seconds taken, what went to standard error, exit status."""
    started = time.perf_counter()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - started, result.stderr, result.returncode


def command(db: Path, user: str, *args: str) -> list[str]:
    return [sys.executable, "-c", COMMAND, "--db", str(db), "--user", user, *args]


def tool(db: Path, *args: str, user: str = "admin") -> str:
    """Run a command for setting up, not timed."""
    result = subprocess.run(
        [sys.executable, "-m", "lesaitutte_cli", "--db", str(db), "--user", user, *args], capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"setup failed: {' '.join(args)}: {result.stderr}")
    return result.stdout


def fixture(size: int) -> dict:
    """A community of `size` questions in every state: most answered and rated, a few open."""
    rng = random.Random(size)
    members = [f"member{n}" for n in range(max(20, size // 100))]
    experts = {f"expert{n}": rng.sample(CATEGORIES, 2) for n in range(max(8, size // 400))}
    questions = []
    for number in range(size):
        category = rng.choice(CATEGORIES)
        day, minute = 1 + number % 28, number % 1440
        moment = f"2026-10-{day:02d}T{minute // 60:02d}:{minute % 60:02d}"
        question = {
            "asker": rng.choice(members),
            "category": category,
            "created_at": f"{moment}:00Z",
            "text": f"Question {number} about {category}: why does my "
            f"{rng.choice(['plan', 'phone', 'SIM', 'bill', 'router'])} "
            f"{rng.choice(['stop working', 'cost more', 'drop calls', 'show an error'])} after {number % 50} days?",
        }
        if rng.random() < 0.99:  # a live community leaves few questions open
            expert = rng.choice([name for name, certified in experts.items() if category in certified])
            question |= {
                "answered_by": expert,
                "answer": f"Answer {number}: restart it, then check the settings page.",
                "answered_at": f"{moment}:30Z",
            }
            if rng.random() < 0.8:
                question["rating"] = "up" if rng.random() < 0.8 else "down"
        questions.append(question)
    exam = {
        "category": "phones",
        "questions_per_attempt": 1,
        "pass_mark": 1,
        "questions": [
            {"id": "ph-1", "text": "Which code shows the IMEI?", "choices": ["*#06#", "*100#"], "answer": [0]}
        ],
    }
    return {
        "users": [
            {"name": "admin", "roles": ["admin"]},
            *({"name": name} for name in members),
            *({"name": name, "certifications": certified} for name, certified in experts.items()),
        ],
        "exams": [exam],
        "rewards": [{"id": "sticker", "title": "Sticker", "cost": 1}],
        "questions": questions,
    }


def build(folder: Path, size: int) -> tuple[Path, float]:
    """A store of `size` questions with a ledger, exam attempts and history; and how long seeding took."""
    path = folder / f"fixture-{size}.json"
    path.write_text(json.dumps(fixture(size)))
    db = folder / f"store-{size}.json"
    started = time.perf_counter()
    tool(db, "seed", str(path))
    seed_seconds = time.perf_counter() - started
    tool(db, "settings", "pair-points-per-day", "1000000")  # so that every timed `rate up` earns
    tool(db, "points", "adjust", "member0", "1000000", "--reason", "benchmark")
    answers = folder / "answers.json"
    for number, right in enumerate([[1], [1], [0]]):  # two failed attempts and a pass
        answers.write_text(json.dumps({"ph-1": right}))
        tool(db, "take-exam", "phones", "--answers", str(answers), user=f"member{number + 1}")
    return db, seed_seconds


def run_size(folder: Path, size: int, runs: int) -> dict:
    db, seed_seconds = build(folder, size)
    expert = next(
        row["user"]
        for row in json.loads(tool(db, "leaderboard", "--limit", "1000", "--json"))
        if "expert" in row["user"]
    )
    category = json.loads(tool(db, "me", "--json", user=expert))["certifications"][0]
    answered = json.loads(tool(db, "questions", "--status", "rated", "--limit", "1", "--json"))[0]["id"]
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    floors = []
    for _ in range(runs):
        # One round: reads, then a question's whole life, leaving the store ready for the next.
        posted = json.loads(
            tool(db, "ask", "Why does my router drop?", "-c", category, "--yes", "--json", user="member1")
        )
        steps = [
            ("read", "me", command(db, "member0", "me")),
            ("read", "show", command(db, "member0", "show", str(answered))),
            ("read", "questions --limit 20", command(db, "member0", "questions", "--limit", "20")),
            ("read", "leaderboard", command(db, "member0", "leaderboard")),
            (
                "write",
                "ask",
                command(db, "member1", "ask", "Why is my bill higher this month?", "-c", "phones", "--yes"),
            ),
            ("write", "claim", command(db, expert, "claim", str(posted["id"]))),
            ("write", "release", command(db, expert, "release", str(posted["id"]))),
            ("write", "claim --next", command(db, expert, "claim", "--next")),
        ]
        for kind, label, argv in steps:
            measure(samples, floors, kind, label, argv)
        held = json.loads(tool(db, "me", "--json", user=expert))["active_claim"]
        asker = json.loads(tool(db, "show", str(held), "--json"))["asker"]
        measure(samples, floors, "write", "answer", command(db, expert, "answer", str(held), "Restart the phone."))
        measure(samples, floors, "write", "rate", command(db, asker, "rate", str(held), "up"))
        measure(samples, floors, "write", "redeem", command(db, "member0", "redeem", "sticker"))
    floor = statistics.median(floors)
    rows = []
    for (kind, label), values in samples.items():
        median = statistics.median(seconds for seconds, _ in values)
        target = (READ_TARGETS if kind == "read" else WRITE_TARGETS)[size] if size in READ_TARGETS else None
        rows.append(row(size, label, kind, median, floor, target, max(peak for _, peak in values)))
    return {"size": size, "floor_ms": round(floor * 1000, 1), "seed_s": round(seed_seconds, 2), "rows": rows}


def measure(samples: dict, floors: list[float], kind: str, label: str, argv: list[str]) -> None:
    floors.append(timed(FLOOR)[0])
    seconds, stderr, status = timed(argv)
    if status != 0:
        raise SystemExit(f"{label} failed: exit {status}: {stderr}")
    peak_mb = int(stderr.rsplit("peak ", 1)[1]) / 1024
    samples.setdefault((kind, label), []).append((seconds, peak_mb))


def row(size: int, label: str, kind: str, median: float, floor: float, target: float | None, peak: float) -> dict:
    return {
        "size": size,
        "command": label,
        "kind": kind,
        "median_ms": round(median * 1000, 1),
        "ratio": round(median / floor, 2),
        "target": target,
        "peak_mb": round(peak, 1),
    }


def run_fresh(folder: Path, runs: int) -> dict:
    """--help, and a command on a store that has just been created."""
    db = folder / "fresh.json"
    tool(db, "register", user="newcomer")
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    floors: list[float] = []
    for _ in range(runs):
        measure(samples, floors, "fresh", "--help", [sys.executable, "-c", COMMAND, "--help"])
        measure(samples, floors, "fresh", "me (fresh store)", command(db, "newcomer", "me"))
    floor = statistics.median(floors)
    rows = [
        row(0, label, kind, statistics.median(s for s, _ in values), floor, FRESH_TARGET, max(p for _, p in values))
        for (kind, label), values in samples.items()
    ]
    return {"size": 0, "floor_ms": round(floor * 1000, 1), "rows": rows}


def report(results: list[dict]) -> int:
    """Print the table; the number of targets missed."""
    print(f"{'store':>8}  {'command':<22} {'median':>8} {'floor':>8} {'ratio':>6} {'target':>6} {'peak MB':>8}  met")
    missed = 0
    for result in results:
        store = f"{result['size']:,}" if result["size"] else "fresh"
        for item in result["rows"]:
            met = (item["target"] is None or item["ratio"] <= item["target"]) and item["peak_mb"] <= MEMORY_LIMIT_MB
            missed += not met
            target = f"{item['target']:.1f}" if item["target"] else "-"
            print(
                f"{store:>8}  {item['command']:<22} {item['median_ms']:>6.1f}ms {result['floor_ms']:>6.1f}ms "
                f"{item['ratio']:>6.2f} {target:>6} {item['peak_mb']:>8.1f}  {'yes' if met else 'NO'}"
            )
        if "seed_s" in result:
            limit = SEED_LIMITS_S.get(result["size"])
            met = limit is None or result["seed_s"] <= limit
            missed += not met
            print(
                f"{store:>8}  {'seed':<22} {result['seed_s']:>7.2f}s {'':>8} {'':>6} "
                f"{f'{limit:.0f}s' if limit else '-':>6} {'':>8}  {'yes' if met else 'NO'}"
            )
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,20000,100000", help="store sizes in questions, comma-separated")
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command (default 15)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        results = [run_fresh(folder, options.runs)] + [run_size(folder, size, options.runs) for size in sizes]
    missed = report(results)
    if options.json:
        machine = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "platform": sys.platform}
        Path(options.json).write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
