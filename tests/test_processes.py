"""Real processes against one store: races, crowds and crashes."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Each racer imports everything first, then waits for the same start moment, so that the
# processes reach the store together rather than one Python start-up apart.
RACER = """
import sys, time
from lesaitutte_cli.cli import main
start = float(sys.argv[1])
sys.argv = ["lesaitutte", *sys.argv[2:]]
time.sleep(max(0.0, start - time.time()))
main()
"""

EXPERTS = [f"expert{number}" for number in range(10)]


def lesaitutte(db: Path | str, *args: str, user: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "lesaitutte_cli", "--db", str(db)]
    if user:
        argv += ["--user", user]
    result = subprocess.run([*argv, *args], capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=60)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def race(db: Path | str, commands: list[tuple[str, list[str]]]) -> list[subprocess.CompletedProcess]:
    """Start every command at the same moment; return their results in the same order."""
    start = time.time() + 1.0 + 0.05 * len(commands)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(start), "--db", str(db), "--user", user, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=_env(),
        )
        for user, args in commands
    ]
    results = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    return results


def _env() -> dict[str, str]:
    env = dict(os.environ, LESAITUTTE_LOCK_TIMEOUT="30")
    env.pop("LESAITUTTE_DB", None)
    return env


@pytest.fixture
def db(tmp_path) -> Path:
    fixture = tmp_path / "experts.json"
    fixture.write_text(
        json.dumps(
            {
                "users": [
                    {"name": "anna"},
                    {"name": "ada", "roles": ["admin"]},
                    *({"name": name, "certifications": ["phones"]} for name in EXPERTS),
                ]
            }
        )
    )
    path = tmp_path / "store.json"
    lesaitutte(path, "seed", str(fixture))
    return path


def test_ten_experts_claiming_one_question_at_once_make_exactly_one_winner(db):
    for round_number in range(1, 4):
        question = json.loads(
            lesaitutte(db, "ask", f"Race {round_number}?", "--category", "phones", "--json", user="anna").stdout
        )
        results = race(db, [(expert, ["claim", str(question["id"]), "--json"]) for expert in EXPERTS])
        winners = [expert for expert, result in zip(EXPERTS, results, strict=True) if result.returncode == 0]
        assert len(winners) == 1, [result.stderr for result in results]
        losers = [result for result in results if result.returncode != 0]
        assert all(result.returncode == 1 and "claimed first by" in result.stderr for result in losers)
        assert all("Traceback" not in result.stderr for result in results)
        stored = json.loads(lesaitutte(db, "show", str(question["id"]), "--json", user="anna").stdout)
        assert stored["claimed_by"] == winners[0]
        # Free the winner for the next round.
        lesaitutte(db, "release", str(question["id"]), user=winners[0])


def test_forty_processes_asking_at_once_lose_nothing_and_repeat_no_id(db):
    askers = [("anna", ["ask", f"Question number {number}?", "--category", "phones", "--json"]) for number in range(40)]
    results = race(db, askers)
    assert all(result.returncode == 0 for result in results), [result.stderr for result in results if result.returncode]
    returned_ids = [json.loads(result.stdout)["id"] for result in results]
    assert sorted(returned_ids) == list(range(1, 41))
    stored = json.loads(lesaitutte(db, "questions", "--status", "all", "--json", user="anna").stdout)
    assert sorted(question["text"] for question in stored) == sorted(
        f"Question number {number}?" for number in range(40)
    )
    assert sorted(question["id"] for question in stored) == list(range(1, 41))


# Asks question after question, printing each id once it is committed. With a kill point,
# the fifth write stops there (announcing "mid-write") so the kill lands inside the write.
WRITER = """
import os, sys, time
from pathlib import Path
from lesaitutte_cli.services import questions as questions_service
from lesaitutte_cli.services.session import Invocation
from lesaitutte_cli.store.file import file_store

point = sys.argv[2]
commits = 0
real_replace = os.replace

def replace_and_maybe_stop(source, target):
    if commits == 5 and point == "before-replace":
        print("mid-write", flush=True); time.sleep(60)
    real_replace(source, target)
    if commits == 5 and point == "after-replace":
        print("mid-write", flush=True); time.sleep(60)

os.replace = replace_and_maybe_stop
invocation = Invocation(store=file_store(Path(sys.argv[1])), actor="anna")
padding = "x" * 1500
for number in range(100000):
    question, _ = questions_service.ask(invocation, f"Crash test {number} {padding}", "phones")
    commits += 1
    print(question.id, flush=True)
"""


@pytest.mark.parametrize("point", ["before-replace", "after-replace", "anywhere"])
def test_a_writer_killed_mid_write_leaves_a_whole_store_with_every_committed_question(db, point):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), point], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    committed = []
    if point == "anywhere":
        time.sleep(0.8)
    else:
        for line in writer.stdout:
            if line.strip() == "mid-write":
                break
            committed.append(int(line))
    writer.send_signal(signal.SIGKILL)
    output, _ = writer.communicate()
    committed += [int(line) for line in output.split()]
    assert committed, "the writer committed nothing before it was killed"
    # The lock died with the writer: the next command gets it at once, and the store loads.
    started = time.monotonic()
    stored = json.loads(lesaitutte(db, "questions", "--json", user="anna").stdout)
    assert time.monotonic() - started < 10
    stored_ids = {question["id"] for question in stored}
    assert set(committed) <= stored_ids
    in_flight = stored_ids - set(committed)
    if point == "before-replace":
        assert in_flight == set()
    elif point == "after-replace":
        assert in_flight == {6}
    else:
        assert len(in_flight) <= 1
    lesaitutte(db, "ask", "After the crash?", "--category", "phones", user="anna")
    assert not list(db.parent.glob(".store.json.*.tmp"))


def test_a_corrupt_store_is_refused_by_a_real_process_and_left_byte_for_byte(db):
    corrupt = db.read_bytes()[:-40]
    db.write_bytes(corrupt)
    result = lesaitutte(db, "questions", user="anna", check=False)
    assert result.returncode == 3
    assert str(db) in result.stderr and "Traceback" not in result.stderr
    assert db.read_bytes() == corrupt


def test_a_lock_held_too_long_exits_3_and_names_the_holder(db):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDWR)\nfcntl.flock(fd, fcntl.LOCK_EX)\n"
            "os.ftruncate(fd, 0); os.pwrite(fd, f'{os.getpid()}\\n'.encode(), 0)\nprint('locked', flush=True)\ntime.sleep(60)",
            f"{db}.lock",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        env = dict(_env(), LESAITUTTE_LOCK_TIMEOUT="0.5")
        result = subprocess.run(
            [sys.executable, "-m", "lesaitutte_cli", "--db", str(db), "--user", "anna", "questions"],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        )
        assert result.returncode == 3
        assert f"locked by process {holder.pid}" in result.stderr
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture
def shop(db, tmp_path) -> Path:
    fixture = tmp_path / "shop.json"
    fixture.write_text(
        json.dumps(
            {
                "rewards": [
                    {"id": "phone", "title": "The last phone", "cost": 1, "stock": 1},
                    {"id": "tshirt", "title": "T-shirt", "cost": 1},
                ],
            }
        )
    )
    lesaitutte(db, "seed", str(fixture), user="ada")
    return db


def give_point(db: Path, name: str) -> None:
    lesaitutte(db, "points", "adjust", name, "1", "--reason", "race test", user="ada")


def test_many_users_redeeming_the_last_item_at_once_make_exactly_one_owner(shop):
    for expert in EXPERTS[:6]:
        give_point(shop, expert)
    results = race(shop, [(expert, ["redeem", "phone", "--json"]) for expert in EXPERTS[:6]])
    winners = [expert for expert, result in zip(EXPERTS[:6], results, strict=True) if result.returncode == 0]
    assert len(winners) == 1, [result.stderr for result in results]
    assert all(result.returncode == 1 and "out of stock" in result.stderr for result in results if result.returncode)
    for expert in EXPERTS[:6]:
        me = json.loads(lesaitutte(shop, "me", "--json", user=expert).stdout)
        assert me["points"] == (0 if expert in winners else 1)
    catalogue = json.loads(lesaitutte(shop, "rewards", "--json", user="anna").stdout)
    assert next(item for item in catalogue if item["id"] == "phone")["stock"] == 0


def test_one_user_redeeming_twice_at_once_with_points_for_one_succeeds_once(shop):
    give_point(shop, "anna")
    results = race(shop, [("anna", ["redeem", "tshirt", "--json"]) for _ in range(4)])
    assert sorted(result.returncode for result in results) == [0, 1, 1, 1], [result.stderr for result in results]
    assert all("you have 0: 1 more to go" in result.stderr for result in results if result.returncode)
    me = json.loads(lesaitutte(shop, "me", "--history", "--json", user="anna").stdout)
    assert me["points"] == 0
    assert [entry["kind"] for entry in me["history"]] == ["adjusted", "redeemed"]


def test_two_bounties_spending_the_last_points_at_once_make_exactly_one_winner(shop):
    for _ in range(3):
        give_point(shop, "anna")
    results = race(
        shop,
        [("anna", ["ask", f"Bounty race {number}?", "-c", "phones", "--bounty", "3", "--json"]) for number in (1, 2)],
    )
    assert sorted(result.returncode for result in results) == [0, 1], [result.stderr for result in results]
    assert all("You have no points to offer" in result.stderr for result in results if result.returncode)
    me = json.loads(lesaitutte(shop, "me", "--history", "--json", user="anna").stdout)
    assert me["points"] == 0
    assert [entry["kind"] for entry in me["history"]] == ["adjusted"] * 3 + ["bounty_offered"]
    assert len(json.loads(lesaitutte(shop, "questions", "--json", user="anna").stdout)) == 1
    lesaitutte(shop, "check", user="ada")


def test_a_search_read_slowly_does_not_hold_up_other_members(tmp_path):
    """`search ... | less` left open: the search's output waits in a pipe nobody reads, and
    meanwhile everyone else's commands go on (its hits were spooled, the store unlocked)."""
    answered = [
        {
            "asker": "anna",
            "category": "phones",
            "text": f"Roaming question number {number}: does my phone roam abroad?",
            "created_at": "2026-11-03T08:12:00Z",
            "answered_by": "expert0",
            "answer": "Roaming works abroad once it is switched on in the settings. " * 3,
            "answered_at": "2026-11-03T08:24:00Z",
        }
        for number in range(1500)  # some 400 KB of hits, far more than a pipe holds
    ]
    fixture = tmp_path / "answered.json"
    fixture.write_text(
        json.dumps(
            {"users": [{"name": "anna"}, {"name": "expert0", "certifications": ["phones"]}], "questions": answered}
        )
    )
    store = tmp_path / "store.json"
    lesaitutte(store, "seed", str(fixture))
    reader = subprocess.Popen(
        [sys.executable, "-m", "lesaitutte_cli", "--db", str(store), "--user", "anna", "search", "roaming"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=_env(),
    )
    try:
        assert reader.stdout is not None
        assert reader.stdout.read(1) == b"1"  # writing its hits now, soon stuck on the full pipe
        env = dict(_env(), LESAITUTTE_LOCK_TIMEOUT="2")
        asked = subprocess.run(
            [
                sys.executable,
                "-m",
                "lesaitutte_cli",
                "--db",
                str(store),
                "--user",
                "anna",
                "ask",
                "Still there?",
                "-c",
                "phones",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )
        assert asked.returncode == 0, asked.stderr
        assert reader.poll() is None  # the search was still waiting on its reader all along
        rest = reader.stdout.read()
        assert reader.wait(timeout=60) == 0
        assert rest.count(b"\n") == 2 * 1500  # every hit, two lines each
    finally:
        reader.kill()
        reader.wait()
