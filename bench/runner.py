"""Runs one program at a time for the benchmark: how long it took, its own peak memory, its exit status.

Run as a small helper process of its own (`python -I -S bench/runner.py`), it reads one JSON
line per program to run (`{"argv": [...], "env": {...}}`) and answers one JSON line
(`{"seconds": s, "peak_kb": k, "status": n, "stderr": "..."}`): it forks, the child execs the
program with standard input and output on /dev/null, and `os.wait4` returns the child's
resource usage.

Why a helper: the kernel's `ru_maxrss` for a child is not only the child's own peak. At exec it
keeps the high-water mark of the memory the child was forked from (of the parent's whole peak
when Python forks with vfork, as `subprocess` does; of its size at the fork otherwise). From the
benchmark's main process, which has held whole fixtures, every command would report the
benchmark's own size. Forked from this helper, a command's peak is its own or the helper's
(about 10 MB, less than the floor), whichever is larger.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def serve() -> None:
    null = os.open(os.devnull, os.O_RDWR)
    with tempfile.TemporaryFile() as errors:
        for line in sys.stdin:
            request = json.loads(line)
            errors.seek(0)
            errors.truncate()
            started = time.perf_counter()
            pid = os.fork()
            if pid == 0:  # the child: only exec, or leave at once
                try:
                    os.dup2(null, 0)
                    os.dup2(null, 1)
                    os.dup2(errors.fileno(), 2)
                    os.execve(request["argv"][0], request["argv"], request["env"])
                finally:
                    os._exit(127)
            _, status, usage = os.wait4(pid, 0)
            seconds = time.perf_counter() - started
            errors.seek(0)
            answer = {
                "seconds": seconds,
                "peak_kb": usage.ru_maxrss,  # kilobytes on Linux
                "status": os.waitstatus_to_exitcode(status),
                "stderr": errors.read()[-4000:].decode(errors="replace"),
            }
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()


class Runner:
    """The benchmark's side of the helper."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: list[str], env: dict[str, str]) -> dict:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps({"argv": argv, "env": env}) + "\n")
        self._process.stdin.flush()
        return json.loads(self._process.stdout.readline())

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    serve()
