"""`python -m assignments grade WEEK --solution FILE|NOTEBOOK|DIR`: the learner's functions are graded, one
line each, and nothing of theirs ever passes by default."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest
from cli_runner import run_module
from learner_notebooks import course_notebook, dinosaur_notebook

from assignments import __main__ as command
from assignments.common.errors import UserError

WRONG_CLIP = """
import numpy as np

def clip(gradients, maxValue):
    # A classic mistake: clips to [0, maxValue] instead of [-maxValue, maxValue].
    return {key: np.clip(gradients[key], 0, maxValue) for key in ("dWax", "dWaa", "dWya", "db", "dby")}
"""


def grade(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_module("assignments", ["grade", *arguments], cwd=cwd)


def test_wrong_clip_is_one_line_per_function_in_the_courses_words(tmp_path):
    solution = tmp_path / "my_solution.py"
    solution.write_text(WRONG_CLIP)
    result = grade("dinosaur_island", "--solution", str(solution), cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    assert lines[0] == f"dinosaur_island (C5W1A2), graded from {solution}"
    assert lines[1] == "  graded as the v2.0 revision (the default: 'my_solution.py' does not tell v2.0, v1.1, 2021 apart)"
    assert lines[2].split() == ["clip", "failed:", "Wrong", "value"]
    assert lines[3].strip() == "clip(gradients, 10) dWax[3][1]: expected -10.0, got 0.0."
    assert lines[4].strip() == "(first failing check: test_clip[10-expected0])"
    assert [line.split(maxsplit=1) for line in lines[5:8]] == [
        ["sample", "not in your file"],
        ["optimize", "not in your file"],
        ["model", "not in your file"],
    ]
    assert lines[-1] == "0 of 4 graded functions pass (1 failed, 3 not in your file)."
    assert "FAILED" not in result.stdout and "passed in" not in result.stdout  # pytest's own report only on demand.


def test_pytest_options_after_the_double_dash(tmp_path):
    solution = tmp_path / "my_solution.py"
    solution.write_text(WRONG_CLIP)
    result = grade("dinosaur_island", "--solution", str(solution), "--", "-k", "clip", "-x", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed" in result.stdout and "stopping after 1 failures" in result.stdout  # pytest's output, -x obeyed.
    assert result.stdout.rstrip().endswith("0 of 4 graded functions pass (1 failed, 3 not in your file).")


def test_a_worked_notebook_is_graded_without_running_its_other_cells(tmp_path):
    notebook = dinosaur_notebook(tmp_path / "Dinosaurus_Island.ipynb")
    result = grade("dinosaur_island", "--solution", str(notebook), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[2].split() == ["clip", "passed"]  # The fixed clip, the last definition.
    assert result.stdout.rstrip().endswith("1 of 4 graded functions pass (3 not in your file).")
    assert not (tmp_path / "out").exists()  # The training cell never ran.


def test_nothing_of_theirs_checked_is_not_a_pass(tmp_path):
    notebook = dinosaur_notebook(tmp_path / "Dinosaurus_Island.ipynb")
    result = grade("dinosaur_island", "--solution", str(notebook), "--", "-k", "no_such_check", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "  clip      not run" in result.stdout.splitlines()
    assert result.stdout.rstrip().endswith("0 of 4 graded functions pass (1 not run, 3 not in your file).")


def test_a_folder_with_all_weeks_gives_one_table(tmp_path):
    dinosaur_notebook(tmp_path / "Dinosaurus_Island.ipynb")
    (tmp_path / "utils.py").write_text("def softmax(x):\n    pass\n")  # A course helper: not a solution.
    result = grade("--all", "--solution", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    table = result.stdout.splitlines()[-3:]
    assert table[0].split()[:4] == ["week", "graded", "from", "pass"]
    assert table[1].split() == ["dinosaur_island", "Dinosaurus_Island.ipynb", "1", "of", "4", "0", "3", "0"]
    assert table[2] == "All weeks: 1 of 4 graded functions pass."


def test_a_file_that_defines_none_of_the_graded_functions_is_an_error(tmp_path):
    (tmp_path / "notes.py").write_text("def my_helper():\n    return 1\n")
    result = grade("dinosaur_island", "--solution", "notes.py", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "defines none of dinosaur_island's graded functions (clip, sample, optimize, model)" in result.stderr


def test_sys_exit_or_an_error_at_import_is_one_line_with_its_line_number(tmp_path):
    (tmp_path / "exits.py").write_text("import sys\n\ndef clip(gradients, maxValue):\n    return gradients\n\nsys.exit()\n")
    result = grade("dinosaur_island", "--solution", "exits.py", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "stops on line 6 (it calls sys.exit())" in result.stderr
    (tmp_path / "raises.py").write_text("def clip(gradients, maxValue):\n    return gradients\n\nprint(undefined_name)\n")
    result = grade("dinosaur_island", "--solution", "raises.py", cwd=tmp_path)
    assert result.returncode == 2 and "stops on line 4 (NameError: name 'undefined_name' is not defined)" in result.stderr


def test_solution_that_does_not_load(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("def clip(:\n")
    result = grade("dinosaur_island", "--solution", str(broken), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: The solution file") and "syntax error on line 1" in result.stderr
    missing = grade("dinosaur_island", "--solution", str(tmp_path / "nope.py"), cwd=tmp_path)
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_solution_file_needs_a_week(tmp_path):
    (tmp_path / "x.py").write_text(WRONG_CLIP)
    result = grade("--solution", "x.py", cwd=tmp_path)
    assert result.returncode == 2 and "--solution FILE grades one week" in result.stderr


def test_grade_outside_a_clone_says_it_needs_one(tmp_path, monkeypatch):
    monkeypatch.setattr(command, "GRADERS_DIR", tmp_path / "site-packages" / "tests" / "graders")
    with pytest.raises(UserError, match="'grade' needs a clone of the project's repository"):
        command.main(["grade", "dinosaur_island"])


# --- The learner's code cannot decide the verdict: it runs in a child process with a time limit ---------


@pytest.mark.parametrize(
    "body, sentence",
    [
        ("    import os\n    os._exit(0)\n", "your code ended the grading process (exit code 0) while test_clip"),
        ("    while True:\n        pass\n", "the grading stopped at the time limit of 3 s while test_clip"),
        ("    import ctypes\n    ctypes.string_at(0)\n", "the grading process was killed by SIGSEGV while test_clip"),
        ("    import sys\n    sys.exit(3)\n", "it calls sys.exit(3) while being graded"),
    ],
    ids=["os._exit", "endless loop", "interpreter crash", "sys.exit"],
)
def test_an_early_exit_a_hang_or_a_crash_is_one_sentence_and_a_failure(tmp_path, body, sentence):
    (tmp_path / "mine.py").write_text(f"def clip(gradients, maxValue):\n{body}")
    result = grade("dinosaur_island", "--solution", "mine.py", "--timeout", "3", "--", "-k", "test_clip and 10", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    clip_line = next(index for index, line in enumerate(result.stdout.splitlines()) if line.lstrip().startswith("clip "))
    assert result.stdout.splitlines()[clip_line].split()[:2] == ["clip", "failed:"]
    assert sentence in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("0 of 4 graded functions pass (1 failed, 3 not in your file).")


def test_a_file_that_ends_the_process_while_loading_is_one_sentence(tmp_path):
    (tmp_path / "mine.py").write_text("import os\nos._exit(0)\n\ndef clip(gradients, maxValue):\n    return gradients\n")
    result = grade("dinosaur_island", "--solution", "mine.py", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert "ended the grading process (exit code 0) while your file was being loaded" in result.stderr


def test_an_unfilled_template_exits_2(tmp_path):
    course_notebook(tmp_path / "Dinosaurus_Island.ipynb", "dinosaur_island", "v2.0", template=True)
    result = grade("dinosaur_island", "--solution", "Dinosaurus_Island.ipynb", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "defines none of dinosaur_island's graded functions (clip, sample, optimize, model)" in result.stderr
    assert "are still the course's unfilled template" in result.stderr


@pytest.mark.parametrize(
    "document, named",
    [
        ({"cells": {"a": {}}, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, "its 'cells' is a JSON object, not a list"),
        (
            {"cells": [{"cell_type": "code", "source": 5, "metadata": {}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
            "cell 1's source is a JSON number, not text",
        ),
    ],
    ids=["cells is an object", "source is a number"],
)
def test_a_malformed_notebook_is_one_sentence(tmp_path, document, named):
    (tmp_path / "broken.ipynb").write_text(json.dumps(document))
    result = grade("dinosaur_island", "--solution", "broken.ipynb", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert named in result.stderr and "jsonschema" not in result.stderr


def test_a_solution_from_a_pipe_is_graded(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=lambda: pipe.write_text(WRONG_CLIP))
    writer.start()
    result = grade("dinosaur_island", "--solution", str(pipe), "--", "-k", "test_clip and 10", cwd=tmp_path)
    writer.join(timeout=10)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "clip(gradients, 10) dWax[3][1]: expected -10.0, got 0.0." in result.stdout


def test_an_unknown_revision_is_one_sentence(tmp_path):
    (tmp_path / "x.py").write_text(WRONG_CLIP)
    result = grade("dinosaur_island", "--solution", "x.py", "--revision", "v9", cwd=tmp_path)
    assert result.returncode == 2
    assert "--revision v9 is not a graded revision of dinosaur_island: the graded ones are v2.0, v1.1, 2021." in result.stderr
