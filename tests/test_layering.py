"""Commands load only what they use: the heavy libraries stay out of the hot paths."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = {"questionary", "prompt_toolkit", "tabulate", "wcwidth", "dateutil"}
MODULES_AFTER = """
import json, sys
from lesaitutte_cli.cli import main
sys.argv = ["lesaitutte", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_loaded(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", MODULES_AFTER, *args], capture_output=True, text=True, cwd=ROOT)
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.fixture
def store(tmp_path) -> Path:
    fixture = tmp_path / "f.json"
    fixture.write_text(
        json.dumps(
            {
                "users": [{"name": "anna"}, {"name": "marco", "certifications": ["phones"]}],
                "questions": [{"asker": "anna", "category": "phones", "text": "IMEI?"}],
            }
        )
    )
    path = tmp_path / "store.json"
    subprocess.run(
        [sys.executable, "-m", "lesaitutte_cli", "--db", str(path), "seed", str(fixture)], check=True, cwd=ROOT
    )
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["--user", "marco", "claim", "1"],
        ["--user", "anna", "ask", "Roaming?", "-c", "tariffs"],
        ["--user", "anna", "me"],
    ],
    ids=["claim", "ask", "me"],
)
def test_everyday_commands_do_not_import_the_heavy_libraries(store, args):
    loaded = modules_loaded("--db", str(store), *args)
    assert "lesaitutte_cli.services.questions" in loaded or "lesaitutte_cli.services.membership" in loaded
    assert not {module.split(".")[0] for module in loaded} & HEAVY


def test_help_loads_none_of_the_commands():
    from lesaitutte_cli.cli import COMMANDS

    loaded = modules_loaded("--help")
    assert not loaded & {f"lesaitutte_cli.cli.{module}" for module, _ in COMMANDS.values()}
    assert not [module for module in loaded if module.startswith(("lesaitutte_cli.services", "lesaitutte_cli.store"))]
    assert "tinydb" not in loaded


DOMAIN_MODULES_LOADED = """
import json, pkgutil, importlib, sys
import lesaitutte_cli.domain as domain
for module in pkgutil.walk_packages(domain.__path__, "lesaitutte_cli.domain."):
    importlib.import_module(module.name)
print(json.dumps(sorted(sys.modules)))
"""


def test_the_domain_never_reads_or_words_the_time_itself():
    """Rules take times as arguments and hand them to their refusals as datetimes: the clock,
    and the local time zone people read, belong to the layers around the domain."""
    result = subprocess.run([sys.executable, "-c", DOMAIN_MODULES_LOADED], capture_output=True, text=True, cwd=ROOT)
    loaded = set(json.loads(result.stdout))
    assert "lesaitutte_cli.domain.questions" in loaded and "lesaitutte_cli.domain.exams" in loaded
    assert "lesaitutte_cli.clock" not in loaded
