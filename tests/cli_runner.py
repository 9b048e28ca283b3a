"""Running a project command as a user does: `python -m <module> ...` in a subprocess, repo importable.

The course-data variables are removed from the child's environment unless a test passes `data_dir`,
so a smoke test sees a fresh offline machine even when the suite runs with `$DLS_DATA_DIR` set.
"""

from __future__ import annotations

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
