"""The file engine's commands never pay for psycopg."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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


def test_a_command_on_a_store_file_does_not_import_psycopg(tmp_path):
    args = ["--db", str(tmp_path / "store.json"), "--user", "anna", "register"]
    result = subprocess.run([sys.executable, "-c", MODULES_AFTER, *args], capture_output=True, text=True, cwd=ROOT)
    loaded = json.loads(result.stderr.strip().splitlines()[-1])
    assert "lesaitutte_cli.services.membership" in loaded
    assert not [module for module in loaded if module.split(".")[0] == "psycopg" or ".postgres" in module]
