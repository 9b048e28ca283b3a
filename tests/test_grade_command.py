"""`python -m assignments grade WEEK --solution FILE`: a learner's functions are graded, ours fill the gaps."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cli_runner import run_module


WRONG_CLIP = '''
import numpy as np

def clip(gradients, maxValue):
    # A classic mistake: clips to [0, maxValue] instead of [-maxValue, maxValue].
    return {key: np.clip(gradients[key], 0, maxValue) for key in ("dWax", "dWaa", "dWya", "db", "dby")}
'''


def grade(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_module("assignments", ["grade", *arguments], cwd=cwd)


def test_wrong_clip_fails_with_a_readable_diff_and_the_rest_pass(tmp_path):
    solution = tmp_path / "my_solution.py"
    solution.write_text(WRONG_CLIP)
    result = grade("dinosaur_island", "--solution", str(solution), cwd=tmp_path)
    output = result.stdout
    assert result.returncode == 1, output + result.stderr
    assert f"graded from {solution}: clip; from assignments.dinosaur_island: softmax" in output
    assert "FAILED" in output and "test_clip[10-expected0]" in output
    assert "test_sample PASSED" not in output  # -q: only failures are itemised
    # The diff a learner reads: what was expected, what their code computed.
    assert "clip(gradients, 10) dWax[3][1]: values differ" in output
    assert "expected -10.0, got 0.0" in output
    # Both clip value checks fail; the aliasing check, sample and optimize (ours) pass.
    assert "2 failed, 3 passed" in output


def test_solution_that_does_not_load(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("def clip(:\n")
    result = grade("dinosaur_island", "--solution", str(broken), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: The solution file") and "syntax error on line 1" in result.stderr
    missing = grade("dinosaur_island", "--solution", str(tmp_path / "nope.py"), cwd=tmp_path)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_solution_needs_a_week(tmp_path):
    result = grade("--solution", "x.py", cwd=tmp_path)
    assert result.returncode == 2 and "--solution grades one week" in result.stderr
