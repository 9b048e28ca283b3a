"""Dinosaur Island under a hostile but fair user: the probes behind its rows in docs/bad_input.md.

Each probe runs `python -m assignments.dinosaur_island` as a real subprocess and ends either with exit 2 and
one sentence (no traceback, nothing written to the output folder) or with exit 0 and a correct result.
Marked `slow`: `python -m pytest -m slow tests/test_hostile_dinosaur_island.py`; the fast tests of the same
classes are in test_dinosaur_island_trust.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from cli_runner import run_module

from assignments.dinosaur_island import build_vocabulary, initialize_parameters
from assignments.dinosaur_island.checkpoint import load_model, save_model

pytestmark = pytest.mark.slow


def edited_model(path, **changes):
    char_to_ix, ix_to_char = build_vocabulary(["abc"])
    save_model(path, initialize_parameters(4, len(char_to_ix), len(char_to_ix)), ix_to_char, 10, 1.0)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    np.savez(path, **{**arrays, **changes})
    return path


def inputs(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "long_line.txt").write_text("rex\n" + "a" * 1_000_000 + "\n")
    (folder / "words.txt").write_text("rex\nraptor\n")
    return {
        "nan_model": edited_model(folder / "nan.npz", Wax=np.full((4, 4), np.inf)),
        "repeated": edited_model(folder / "repeated.npz", characters=np.array(["\n", "b", "b", "c"])),
        "negative": edited_model(folder / "negative.npz", iterations=np.array(-5)),
        "no_newline": edited_model(folder / "no_newline.npz", characters=np.array(["z", "a", "b", "c"])),
        "good_model": edited_model(folder / "good.npz"),
        "long_line": folder / "long_line.txt",
        "words": folder / "words.txt",
    }


REFUSED = [
    ("non-finite weights", ["--load", "{nan_model}"], "NaN or infinite values in Wax"),
    ("a repeated character", ["--load", "{repeated}"], "holds the character 'b' twice"),
    ("-5 iterations", ["--load", "{negative}"], "records -5 training iterations"),
    ("no newline", ["--load", "{no_newline}"], "has no newline"),
    ("--load with --names", ["--load", "{good_model}", "--names", "{words}"], "--names would be ignored"),
    ("a 1 MB line", ["--names", "{long_line}"], "a line of 1,000,000 characters"),
]


@pytest.mark.parametrize("case, arguments, needle", REFUSED, ids=[case for case, _, _ in REFUSED])
def test_refused_in_one_sentence_with_nothing_written(case, arguments, needle, tmp_path):
    made = inputs(tmp_path / "inputs")
    output = tmp_path / "out"
    filled = [argument.format(**made) for argument in arguments] + ["--output", str(output)]
    completed = run_module("assignments.dinosaur_island", filled, cwd=tmp_path, timeout=120)
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2 and len(lines) == 1 and needle in lines[0], completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr and not output.exists()


def test_a_console_that_cannot_encode_names_keeps_the_training(tmp_path):
    words = tmp_path / "cities.txt"
    words.write_text("東京\n大阪\n", encoding="utf-8")
    completed = run_module(
        "assignments.dinosaur_island",
        ["--names", words, "--iterations", "300", "--print-every", "100"],
        cwd=tmp_path,
        extra_env={"PYTHONIOENCODING": "ascii"},
    )
    assert completed.returncode == 0 and "Traceback" not in completed.stderr, completed.stderr[-2000:]
    assert load_model(tmp_path / "out" / "dinosaur_island" / "model.npz").iterations == 300


def test_a_second_writer_is_refused_and_the_first_keeps_its_folder(tmp_path):
    from assignments.common.locking import exclusive

    output = tmp_path / "out"
    with exclusive(output, "the output folder"):
        completed = run_module(
            "assignments.dinosaur_island",
            ["--iterations", "5", "--output", output],
            cwd=tmp_path,
            extra_env={"DLS_LOCK_WAIT_S": "1"},
        )
    assert completed.returncode == 2 and "Another run is writing the output folder" in completed.stderr
    assert [path.name for path in output.iterdir()] == [".lock"]
