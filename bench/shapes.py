"""The communities the benchmark measures, built through the tool's own `seed` and commands.

Each shape is a fixture (or a few, seeded in turn; a large one as several files in one `seed`) plus a little set-up done by commands. What
`size` counts depends on the shape:

- settled: `size` questions asked over four weeks ending a month ago, 99% answered and 80% of
  those rated, so they are in the archive (the benchmark's store before issue 16);
- backlog: `size` questions, all open (experts are outnumbered);
- crowd: `size` registered users beyond a settled community of 1,000 questions, seeded 10,000 at
  a time (the first batch is the timed "seed 10,000 users"); while seeding users takes time
  quadratic in their number (issue 16), a crowd of 100,000 takes hours to build: pick smaller;
- busy: one expert, `busy`, certified in every category, with `size` questions answered and
  rated up in the last few days, so `size` ledger entries from this week, beside a settled
  community of 1,000 questions.

Every shape also has: an admin (`admin`), members `member0`... (member0 holds 1,000,000 points
to redeem), experts `expert0`..., one open question asked by member1 in the measured expert's
category (`posted`, to claim and release), three exam attempts, and a pair-points limit high
enough that every measured `rate up` earns.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cluster import Cluster

CATEGORIES = ["tariffs", "services", "phones", "internet"]
SHAPES = ("settled", "backlog", "crowd", "busy")
USER_BATCH = 10_000  # the crowd's users are seeded this many at a time
BUSY = "busy"
QUESTIONS_PER_FILE = 250_000  # a fixture file of this many questions is about 80 MB


@dataclass
class Seeding:
    """One timed `seed` of a shape's build."""

    label: str
    seconds: float
    peak_kb: int


@dataclass
class Community:
    """A built store and who does what in it."""

    shape: str
    size: int
    location: str
    expert: str  # claims, answers; `me` and `history` are theirs
    reader: str  # reads `me`, `show`, `questions`, `leaderboard`
    spender: str  # redeems
    show_id: int
    posted_id: int
    search: str
    seedings: list[Seeding] = field(default_factory=list)


# The engine seam: where a store lives and how to copy one. A file store is a path; its side
# logs (`STORE.*.log`) and lock file (`STORE.lock`) sit beside it. A PostgreSQL store is a
# database in the benchmark's throwaway cluster (see use_cluster), copied with
# CREATE DATABASE ... TEMPLATE.

ENGINES = ("file", "postgres")
_cluster: Cluster | None = None


def use_cluster(cluster: Cluster | None) -> None:
    """The cluster the postgres engine's stores live in."""
    global _cluster
    _cluster = cluster


def _postgres() -> Cluster:
    if _cluster is None:
        raise SystemExit("the postgres engine needs a cluster: use_cluster() first")
    return _cluster


def _database(location: str) -> str:
    return unquote(urlsplit(location).path.lstrip("/"))


def new_location(engine: str, folder: Path, name: str) -> str:
    if engine == "postgres":
        return _postgres().create(name.replace("-", "_"))
    if engine != "file":
        raise SystemExit(f"engine {engine!r} is not supported by the benchmark (only: {', '.join(ENGINES)})")
    return str(folder / f"{name}.json")


def copy_store(engine: str, location: str, folder: Path, name: str) -> str:
    """A copy of a store (with its side files) that commands may change, leaving the original as built."""
    if engine == "postgres":
        return _postgres().create(name.replace("-", "_"), template=_database(location))
    source = Path(location)
    target = Path(new_location(engine, folder, name))
    for path in source.parent.glob(f"{source.name}*"):
        if path == source or path.name.startswith(f"{source.name}."):
            shutil.copy2(path, target.parent / (target.name + path.name[len(source.name) :]))
    return str(target)


def remove_store(engine: str, location: str) -> None:
    if engine == "postgres":
        _postgres().drop(_database(location))
        return
    source = Path(location)
    for path in source.parent.glob(f"{source.name}*"):
        if path == source or path.name.startswith(f"{source.name}."):
            path.unlink()


# Fixtures


def settled_fixture(size: int, now: datetime, open_share: float = 0.01) -> dict:
    """A community of `size` questions over four weeks ending a month before `now`: most answered and
    rated (so archived), `open_share` open."""
    rng, experts = experts_of(size)
    members = [f"member{n}" for n in range(max(20, size // 100))]
    days = [(now - timedelta(days=60 - day)).strftime("%Y-%m-%d") for day in range(28)]
    # Listed once, not per question: at 1,000,000 questions and 2,500 experts that is hours.
    certified = {category: [name for name, held in experts.items() if category in held] for category in CATEGORIES}
    questions = []
    for number in range(size):
        category = rng.choice(CATEGORIES)
        minute = number % 1440
        moment = f"{days[number % 28]}T{minute // 60:02d}:{minute % 60:02d}"
        question = {
            "asker": rng.choice(members),
            "category": category,
            "created_at": f"{moment}:00Z",
            "text": question_text(rng, number, category),
        }
        if rng.random() >= open_share:
            expert = rng.choice(certified[category])
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


def experts_of(size: int) -> tuple[random.Random, dict[str, list[str]]]:
    """The experts of the settled fixture of `size` questions and their categories; the fixture's generator."""
    rng = random.Random(size)
    return rng, {f"expert{n}": rng.sample(CATEGORIES, 2) for n in range(max(8, size // 400))}


def question_text(rng: random.Random, number: int, category: str) -> str:
    return (
        f"Question {number} about {category}: why does my "
        f"{rng.choice(['plan', 'phone', 'SIM', 'bill', 'router'])} "
        f"{rng.choice(['stop working', 'cost more', 'drop calls', 'show an error'])} after {number % 50} days?"
    )


def crowd_fixture(first: int, count: int) -> dict:
    return {"users": [{"name": f"crowd{n}"} for n in range(first, first + count)]}


def busy_fixture(size: int, now: datetime) -> dict:
    """`size` questions answered by the busy expert and rated up, over the last three days."""
    rng = random.Random(size + 1)
    members = [f"member{n}" for n in range(20)]
    questions = []
    for number in range(size):
        category = CATEGORIES[number % len(CATEGORIES)]
        asked = now - timedelta(days=3) + timedelta(seconds=number * (2 * 86_400) // max(size, 1))
        questions.append(
            {
                "asker": members[number % len(members)],
                "category": category,
                "created_at": iso(asked),
                "text": question_text(rng, 1_000_000 + number, category),
                "answered_by": BUSY,
                "answer": f"Answer {number}: restart it, then check the settings page.",
                "answered_at": iso(asked + timedelta(minutes=3)),
                "rating": "up",
                "rated_at": iso(asked + timedelta(minutes=30)),
            }
        )
    return {"users": [{"name": BUSY, "certifications": CATEGORIES}], "questions": questions}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Building


class Builder:
    """Builds a shape's store in `folder` with `tool` (runs a command untimed, returns its stdout)
    and `seed` (runs a timed `seed`, returns a Seeding)."""

    def __init__(self, engine: str, folder: Path, tool, seed) -> None:
        self.engine = engine
        self.folder = folder
        self.tool = tool
        self.seed = seed

    def build(self, shape: str, size: int) -> Community:
        location = new_location(self.engine, self.folder, f"{shape}-{size}")
        seedings = []
        now = datetime.now(UTC).replace(microsecond=0)
        show_id = 1 + size // 2
        reader = spender = "member0"
        if shape == "settled":
            seedings.append(self._seed(location, settled_fixture(size, now), f"seed {size:,} questions"))
        elif shape == "backlog":
            seedings.append(self._seed(location, settled_fixture(size, now, open_share=1.0), f"seed {size:,} open"))
        elif shape == "crowd":
            self._seed(location, settled_fixture(1000, now), "seed the community")
            show_id = 500
            for first in range(0, size, USER_BATCH):
                count = min(USER_BATCH, size - first)
                label = f"seed {count:,} users" if first == 0 else f"seed {count:,} more users"
                seedings.append(self._seed(location, crowd_fixture(first, count), label))
        elif shape == "busy":
            self._seed(location, settled_fixture(1000, now), "seed the community")
            seedings.append(self._seed(location, busy_fixture(size, now), f"seed {size:,} answered"))
            show_id = 1000 + 1 + size // 2
            reader = spender = BUSY
        else:
            raise SystemExit(f"unknown shape {shape!r} (known: {', '.join(SHAPES)})")
        self.tool(location, "settings", "pair-points-per-day", "1000000")  # so that every timed `rate up` earns
        self.tool(location, "points", "adjust", "member0", "1000000", "--reason", "benchmark")
        answers = self.folder / "answers.json"
        for number, right in enumerate([[1], [1], [0]]):  # two failed attempts and a pass
            answers.write_text(json.dumps({"ph-1": right}))
            self.tool(location, "take-exam", "phones", "--answers", str(answers), user=f"member{number + 1}")
        expert = BUSY if shape == "busy" else "expert0"
        community = size if shape in ("settled", "backlog") else 1000
        category = CATEGORIES[0] if shape == "busy" else experts_of(community)[1][expert][0]
        posted = json.loads(
            self.tool(location, "ask", "Why does my router drop?", "-c", category, "--yes", "--json", user="member1")
        )
        return Community(
            shape=shape,
            size=size,
            location=location,
            expert=expert,
            reader=reader,
            spender=spender,
            show_id=show_id,
            posted_id=posted["id"],
            search="phone stop working",
            seedings=seedings,
        )

    def _seed(self, location: str, fixture: dict, label: str) -> Seeding:
        """One `seed` of the fixture, its questions split over several files as `seed` caps a
        file at 256 MB (1,000,000 questions are about 320 MB)."""
        questions = fixture.get("questions", [])
        parts = [fixture | {"questions": questions[:QUESTIONS_PER_FILE]}]
        parts += [
            {"questions": questions[first : first + QUESTIONS_PER_FILE]}
            for first in range(QUESTIONS_PER_FILE, len(questions), QUESTIONS_PER_FILE)
        ]
        paths = [self.folder / f"fixture-{number}.json" for number in range(len(parts))]
        for path, part in zip(paths, parts, strict=True):
            path.write_text(json.dumps(part))
        seeding = self.seed(location, [str(path) for path in paths], label)
        for path in paths:
            path.unlink()
        return seeding
