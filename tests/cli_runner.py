"""Running a project command as a user does: `python -m <module> ...` in a subprocess, repo importable.

The course-data variables are removed from the child's environment unless a test passes `data_dir`,
so a smoke test sees a fresh offline machine even when the suite runs with `$DLS_DATA_DIR` set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLEARED = ("DLS_DATA_DIR", "DLS_SOLUTION", "DLS_REQUIRE_DATA")


def run_module(
    module: str,
    arguments: Iterable = (),
    *,
    cwd: str | os.PathLike,
    data_dir: str | os.PathLike | None = None,
    extra_env: Mapping[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess:
    """Runs `python -m module *arguments` in `cwd`; returns the completed process (text stdout/stderr)."""
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update(PYTHONPATH=str(REPO), TF_CPP_MIN_LOG_LEVEL="2")
    if data_dir is not None:
        env["DLS_DATA_DIR"] = str(data_dir)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", module, *(str(argument) for argument in arguments)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# The import probe: runs a real main module in a fresh interpreter and reports which heavy modules were
# loaded when it exited (argparse errors and --help must come before TensorFlow).
PROBE = """
import json, runpy, sys
sys.argv = [sys.argv[1], *json.loads(sys.argv[2])]
try:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
    code = 0
except SystemExit as stop:
    code = stop.code
heavy = sorted(name for name in ("tensorflow", "keras", "matplotlib", "h5py") if name in sys.modules)
print(json.dumps({"code": code, "heavy": heavy}))
"""


def run_probe(module: str, arguments: list[str]) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE, module, json.dumps(arguments)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["stderr"] = completed.stderr
    return result
