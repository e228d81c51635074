"""Stress test: many processes run random commands against one store at the same time.

Each worker process picks random users and commands (ask, claim --next, answer, rate,
release, withdraw, redeem, and reads) and notes everything the tool told it was done.
At the end the store must hold all of it (lost = 0) and pass `check` (violations = 0).

    python scripts/stress.py --processes 8 --seconds 60
    python scripts/stress.py --processes 3 --commands 20 --json
    python scripts/stress.py --db postgresql://localhost/lesaitutte_stress --seconds 30

--db takes a store file or a PostgreSQL URL (a database that is empty or holds only
this script's community).
"""

import argparse
import contextlib
import io
import json
import multiprocessing
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

MEMBERS = [f"member{n}" for n in range(6)]
EXPERTS = [f"expert{n}" for n in range(6)]
CATEGORIES = ["tariffs", "services", "phones", "internet"]
FIXTURE = {
    "users": [
        {"name": "admin", "roles": ["admin"]},
        *({"name": name} for name in MEMBERS),
        *({"name": name, "certifications": random.Random(n).sample(CATEGORIES, 2)} for n, name in enumerate(EXPERTS)),
    ],
    "rewards": [
        {"id": "sticker", "title": "Sticker", "cost": 1, "stock": 25},
        {"id": "topup", "title": "Top-up", "cost": 2},
    ],
}


def run(db: str, user: str, *args: str) -> tuple[int, str]:
    """One command in this process, as the console script would run it: (exit status, stdout)."""
    from lesaitutte_cli.cli import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            status = cli.main(["--db", db, "--user", user, *args], prog_name="lesaitutte", standalone_mode=False)
        except SystemExit as exit_:
            status = exit_.code
    return status or 0, out.getvalue()


def worker(db: str, seed: int, commands: int, deadline: float, results: multiprocessing.Queue) -> None:
    rng = random.Random(seed)
    done = {"outcomes": Counter(), "asked": [], "answered": [], "ups": 0, "vouchers": [], "commands": 0}

    def command(user: str, *args: str) -> str | None:
        status, out = run(db, user, *args)
        done["commands"] += 1
        done["outcomes"][{0: "ok", 1: "refused"}.get(status, f"exit {status}")] += 1
        return out if status == 0 else None

    while done["commands"] < commands and time.monotonic() < deadline:
        choice = rng.random()
        if choice < 0.25:
            user = rng.choice(MEMBERS)
            text = f"Stress question {seed}-{done['commands']} from {user}?"
            out = command(user, "ask", text, "--category", rng.choice(CATEGORIES), "--json")
            if out:
                done["asked"].append([json.loads(out)["id"], text])
        elif choice < 0.45:
            expert = rng.choice(EXPERTS)
            out = command(expert, "claim", "--next", "--json")
            if out and rng.random() < 0.85:
                question = json.loads(out)["id"]
                if command(expert, "answer", str(question), f"Answer by {expert}.", "--json"):
                    done["answered"].append([question, expert])
            elif out:
                command(expert, "release", str(json.loads(out)["id"]))
        elif choice < 0.65:
            member = rng.choice(MEMBERS)
            out = command(member, "questions", "--mine", "--status", "answered", "--json")
            for question in json.loads(out or "[]")[:2]:
                rating = "up" if rng.random() < 0.8 else "down"
                if command(member, "rate", str(question["id"]), rating, "--json") and rating == "up":
                    done["ups"] += 1
        elif choice < 0.75:
            expert = rng.choice(EXPERTS)
            out = command(expert, "redeem", rng.choice(["sticker", "topup"]), "--json")
            if out:
                done["vouchers"].append(json.loads(out)["voucher"])
        elif choice < 0.8:
            member = rng.choice(MEMBERS)
            out = command(member, "questions", "--mine", "--json")
            for question in json.loads(out or "[]")[:1]:
                command(member, "withdraw", str(question["id"]))
        else:
            user = rng.choice(MEMBERS + EXPERTS)
            command(user, rng.choice(["me", "questions", "leaderboard", "rewards"]), "--json")
    results.put(done)


def audit(db: str, reports: list[dict]) -> dict:
    """What the workers were told against what the store holds, and the store's own check."""
    _, everything = run(db, "admin", "questions", "--status", "all", "--json")
    stored = {question["id"]: question for question in json.loads(everything)}
    lost = []
    for report in reports:
        lost += [f"question {qid}" for qid, text in report["asked"] if stored.get(qid, {}).get("text") != text]
        lost += [
            f"answer to {qid}" for qid, expert in report["answered"] if stored.get(qid, {}).get("answered_by") != expert
        ]
    _, redemptions = run(db, "admin", "redemptions", "--all", "--json")
    vouchers = {item["voucher"] for item in json.loads(redemptions)}
    lost += [f"voucher {voucher}" for report in reports for voucher in report["vouchers"] if voucher not in vouchers]
    _, board = run(db, "admin", "leaderboard", "--limit", "1000", "--json")
    earned = sum(row["points"] for row in json.loads(board))
    ups = sum(report["ups"] for report in reports)
    if earned != ups:
        lost.append(f"{ups} up ratings reported, {earned} points in the ledger")
    status, _ = run(db, "admin", "check")
    return {"lost": lost, "violations": 0 if status == 0 else 1, "check_exit": status}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--commands", type=int, default=10**9, help="per process (default: until --seconds)")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--db", help="the store to use: a file or a postgresql:// URL (default: a new file in a temporary folder)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()

    folder = tempfile.TemporaryDirectory()
    db = options.db or str(Path(folder.name) / "stress.json")
    fixture = Path(folder.name) / "fixture.json"
    fixture.write_text(json.dumps(FIXTURE))
    run(db, "admin", "seed", str(fixture))
    run(db, "admin", "settings", "pair-points-per-day", "100000")  # every up earns: points can be counted

    results: multiprocessing.Queue = multiprocessing.Queue()
    started = time.monotonic()
    deadline = started + options.seconds
    workers = [
        multiprocessing.Process(target=worker, args=(db, seed, options.commands, deadline, results))
        for seed in range(options.processes)
    ]
    for process in workers:
        process.start()
    reports = [results.get() for _ in workers]
    for process in workers:
        process.join()
    elapsed = time.monotonic() - started

    outcomes = sum((Counter(report["outcomes"]) for report in reports), Counter())
    commands = sum(report["commands"] for report in reports)
    figures = {
        "processes": options.processes,
        "commands": commands,
        "seconds": round(elapsed, 1),
        "commands_per_second": round(commands / elapsed, 1),
        "outcomes": dict(outcomes),
        "questions_asked": sum(len(report["asked"]) for report in reports),
        "answers": sum(len(report["answered"]) for report in reports),
        "up_ratings": sum(report["ups"] for report in reports),
        "redemptions": sum(len(report["vouchers"]) for report in reports),
        **audit(db, reports),
    }
    errors = sum(count for outcome, count in outcomes.items() if outcome not in ("ok", "refused"))
    if options.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:>20}: {len(value) if key == 'lost' else value}")
        for item in figures["lost"]:
            print(f"LOST: {item}")
    return 0 if errors == 0 and not figures["lost"] and figures["violations"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
