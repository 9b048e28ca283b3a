"""The parent side of grading: start the grading process for a week, wait for it, read what it wrote.

The learner's code runs only in the child (`assignments.grading.child`), under a time limit. Whatever the
child wrote is kept; how it ended is judged here: a `finished` record means pytest ran to its end;
otherwise the learner's code ended it early (`os._exit`), ran past the limit (killed), or crashed the
interpreter (a signal), and the report says which, in one sentence, and fails.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from assignments.common.errors import UserError
from assignments.grading.report import Check, GradingResults
from assignments.grading.solution import REVISION_ENV, SOLUTION_ENV

DEFAULT_TIMEOUT_S = 300.0
# Before the learner's file has loaded (interpreter, pytest, TensorFlow, the file's own top level): this
# much more than the limit.
STARTUP_ALLOWANCE_S = 120.0
POLL_S = 0.1


@dataclasses.dataclass
class WeekRun:
    """One week's grading process: its records, read back, and how it ended."""

    week: str
    records: list[dict]
    returncode: int | None  # None: killed at the time limit
    output: str  # pytest's output (shown with --verbose or pytest options)


def run_week(
    week: str,
    solution: Path | None,
    revision: str | None,
    pytest_args: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT_S,
    verbose: bool = False,
    show_output: bool = False,
) -> WeekRun:
    """Runs the week's graders in a child process; `timeout` seconds once the learner's file has loaded."""
    env = dict(os.environ)
    env.pop(SOLUTION_ENV, None)
    env.pop(REVISION_ENV, None)
    if solution is not None:
        env[SOLUTION_ENV] = str(solution)
    if revision:
        env[REVISION_ENV] = revision
    env["DLS_GRADE_VERBOSE"] = "1" if verbose else "0"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # Tiny matrices (Dinosaur Island's 100x100) run slower when BLAS spreads them over threads that other
    # processes also want; one thread per grading process is faster on a shared machine.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(variable, "1")
    with tempfile.TemporaryDirectory(prefix="dls-grade-") as folder:
        results = Path(folder) / "records.jsonl"
        results.touch()
        command = [sys.executable, "-m", "assignments.grading.child", str(results), week, *pytest_args]
        child = subprocess.Popen(
            command,
            env=env,
            stdout=None if show_output else subprocess.PIPE,
            stderr=None if verbose else subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # The whole group is stopped at the limit (the learner's threads too).
        )
        output: list[str] = []
        reader = threading.Thread(target=lambda: output.append(child.stdout.read()), daemon=True) if child.stdout else None
        if reader is not None:
            reader.start()
        returncode = _wait(child, results, timeout)
        if reader is not None:
            reader.join(timeout=10)
        records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
    return WeekRun(week, records, returncode, "".join(output))


def _wait(child: subprocess.Popen, records: Path, timeout: float) -> int | None:
    """Waits for the child: `timeout` seconds from when it has loaded the learner's file (and the start-up
    allowance before that, for the interpreter, pytest and TensorFlow). Returns its exit code, None if killed."""
    started = time.monotonic()
    deadline = started + STARTUP_ALLOWANCE_S + timeout
    loaded = False
    while True:
        try:
            return child.wait(timeout=POLL_S)
        except subprocess.TimeoutExpired:
            pass
        if not loaded and b'"event": "loaded"' in records.read_bytes():
            loaded, deadline = True, time.monotonic() + timeout
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            return None


def results_of(run: WeekRun, results: GradingResults, timeout: float) -> int | None:
    """Adds a week's records to `results`; returns pytest's status, or None when the child ended early.

    Raises:
        UserError: the learner's file cannot be graded (the child's one sentence), or it ended the process
            while it was being loaded.
    """
    week, running = run.week, None
    for record in run.records:
        event = record["event"]
        if event == "error":
            raise UserError(record["message"])
        if event == "loaded":
            if record["from_solution"] is not None:
                results.from_solution = {**(results.from_solution or {}), week: record["from_solution"]}
            results.mismatches[week] = record["mismatches"]
            results.signature_notes[week] = record.get("signature_notes", {})
            results.unfilled[week] = tuple(record["unfilled"])
            results.learner_names[week] = tuple(record.get("learner_names", ()))
        elif event == "collected":
            for nodeid, check_week, functions in record["checks"]:
                results.checks[nodeid] = Check(nodeid, check_week, tuple(functions))
        elif event == "start":
            running = record["nodeid"]
        elif event == "check":
            fields = {key: value for key, value in record.items() if key != "event"}
            results.checks[record["nodeid"]] = Check(
                **{**fields, "functions": tuple(fields["functions"]), "detail": tuple(fields["detail"])}
            )
            if running == record["nodeid"]:
                running = None
        elif event == "collection_error":
            results.collection_errors.append(record["text"])
        elif event == "finished":
            return record["status"]
    loaded = any(record["event"] == "loaded" for record in run.records)
    sentence = _how_it_ended(run, timeout, running, loaded)
    if not loaded:
        raise UserError(f"Grading {week}: {sentence}")
    check = results.checks.get(running) if running else None
    if check is not None and check.functions and check.outcome in ("not run", "passed"):
        check.outcome, check.detail = "failed", ("Your code ended the grading", sentence)
    # The sentence goes under the week's heading too, unless a graded function's line already says it.
    results.ended[week] = "" if check is not None and check.functions else sentence
    results.stopped = True
    return None


def _how_it_ended(run: WeekRun, timeout: float, running: str | None, loaded: bool) -> str:
    where = (
        f"while {running.split('::')[-1]} was running"
        if running
        else "while your file was being loaded"
        if not loaded
        else "between checks"
    )
    if run.returncode is None:
        return (
            f"the grading stopped at the time limit of {timeout:g} s {where}: your code did not finish (an endless "
            "loop?); fix it, or give it more time with --timeout SECONDS."
        )
    if run.returncode < 0:
        name = (
            signal.Signals(-run.returncode).name if -run.returncode in signal.Signals._value2member_map_ else str(-run.returncode)
        )
        return f"the grading process was killed by {name} {where}: your code crashed the Python interpreter, so nothing after it was graded."
    return (
        f"your code ended the grading process (exit code {run.returncode}) {where}, e.g. with os._exit(): "
        "nothing after it was graded, and that is not a pass."
    )
