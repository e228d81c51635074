"""The `login` identity policy, proved with a real second OS account rather than a patched lookup."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"


def _why_not() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "running as another OS account needs root"
    if shutil.which("runuser") is None:
        return "needs runuser (util-linux) to run as the account 'nobody'"
    if not os.path.exists(SYSTEM_PYTHON):
        return f"needs the system's own {SYSTEM_PYTHON}: a venv in root's home cannot run as nobody"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import venv, ensurepip"], capture_output=True)
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} has no venv/ensurepip (Debian: apt-get install python3-venv)"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")


@pytest.fixture(scope="module")
def install():
    """The tool installed once on the system's python3, in a folder the account nobody may read and run.

    Not the test's own venv: its interpreter lives under root's home, which nobody cannot enter.
    """
    folder = Path(tempfile.mkdtemp(prefix="lesaitutte-nobody-"))
    try:
        folder.chmod(0o755)
        subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(folder / "venv")], check=True, capture_output=True)
        subprocess.run(
            [str(folder / "venv" / "bin" / "pip"), "install", "-q", str(ROOT)],
            check=True,
            capture_output=True,
            timeout=600,
        )
        yield folder / "venv" / "bin" / "lesaitutte"
    finally:
        shutil.rmtree(folder)


@pytest.fixture(params=["login"])
def store(request, tmp_path, install):
    """A store under the identity policy given as the parameter, with anna registered, that nobody may use."""
    folder = Path(tempfile.mkdtemp(prefix="lesaitutte-store-"))
    db = folder / "store.json"
    fixture = tmp_path / "fixture.json"
    fixture.write_text(json.dumps({"users": [{"name": "ada", "roles": ["admin"]}, {"name": "anna"}]}))
    for args in (["seed", str(fixture)], ["--user", "ada", "settings", "identity", request.param]):
        subprocess.run([str(install), "--db", str(db), *args], check=True, capture_output=True)
    folder.chmod(0o777)  # mkdtemp makes it root's alone; nobody must take the lock beside the store
    for path in folder.iterdir():
        path.chmod(0o666)
    yield db
    shutil.rmtree(folder)


def as_nobody(install: Path, db: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "LANG": "C.UTF-8", **env}
    return subprocess.run(
        [
            "runuser",
            "-u",
            "nobody",
            "--",
            "env",
            "-i",
            *(f"{k}={v}" for k, v in environment.items()),
            str(install),
            "--db",
            str(db),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_login_policy_is_not_fooled_by_logname(install, store):
    before = store.read_bytes()
    result = as_nobody(install, store, "--user", "anna", "me", LOGNAME="anna", USER="anna")
    assert result.returncode == 1, result.stderr
    assert "you are logged in as 'nobody'" in result.stderr
    assert store.read_bytes() == before
    # Naming nobody is the account acting, whatever LOGNAME says: nobody joins, not anna.
    result = as_nobody(install, store, "register", "--json", LOGNAME="anna", USER="anna")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "nobody"


@pytest.mark.parametrize("store", ["trust"], indirect=True)
def test_the_trust_policy_keeps_the_environments_login_name(install, store):
    result = as_nobody(install, store, "me", "--json", LOGNAME="anna", USER="anna")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "anna"
