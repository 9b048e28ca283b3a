"""The main script as a user runs it: training, reloading, own data, and every kind of bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import REPO, run_module


def run(*arguments: str, cwd: Path, data_dir: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return run_module("assignments.dinosaur_island", arguments, cwd=cwd, data_dir=data_dir, timeout=timeout)


def test_default_run_uses_the_embedded_list_then_reloads(tmp_path):
    result = run("--iterations", "300", "--print-every", "100", "--samples", "4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "embedded list of real dinosaur genera" in result.stdout
    assert "Iteration: 200, Loss:" in result.stdout + result.stderr  # course-style blocks (through tqdm.write)
    output = tmp_path / "out" / "dinosaur_island"
    # The folder's lock file stays (empty); no temporary is left behind.
    assert sorted(path.name for path in output.iterdir()) == [".lock", "loss_curve.png", "model.npz", "samples.txt"]
    assert (output / "loss_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    first = (output / "samples.txt").read_text().splitlines()
    assert len(first) == 5 and first[0].startswith("# trained on 695 names from the embedded list")
    assert "300 iterations; loss per name" in first[0] and "(uniform model " in first[0]
    assert f"Model: {first[0][2:]}" in result.stdout

    again = run("--load", str(output / "model.npz"), "--samples", "4", "--output", str(tmp_path / "again"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "samples.txt").read_text().splitlines() == first
    assert first[0][2:] in again.stdout  # the provenance travels with the model


def test_course_file_is_used_when_data_dir_has_it(tmp_path):
    (tmp_path / "data" / "dinosaur_island").mkdir(parents=True)
    (tmp_path / "data" / "dinosaur_island" / "dinos.txt").write_text("Aardonyx\nAbelisaurus")
    result = run("--iterations", "5", "--print-every", "0", cwd=tmp_path, data_dir=str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "the course's dinos.txt" in result.stdout and "2 names" in result.stdout


def test_own_names_file(tmp_path):
    words = tmp_path / "pokemon.txt"
    words.write_text("pikachu\nbulbasaur\ncharmander\nsquirtle\n", encoding="utf-8")
    result = run("--names", str(words), "--iterations", "50", "--print-every", "0", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "your names file" in result.stdout and "4 names" in result.stdout
    assert "seeds 3..12" in result.stdout


@pytest.mark.parametrize(
    "arguments, needle",
    [
        (["--names", "missing.txt"], "does not exist"),
        (["--names", "empty.txt"], "has no names"),
        (["--names", "binary.txt"], "is not UTF-8 text"),
        (["--temperature", "0"], "expected a finite number > 0, got 0"),
        (["--temperature", "-1"], "expected a finite number > 0"),
        (["--iterations", "-5"], "expected a number of iterations from 0 to 10000000, got -5"),
        (["--samples", "many"], "expected a number of names from 1 to 100000, got 'many'"),
        # Numbers too large for numpy: each was a traceback (ValueError from np.empty or np.random.seed).
        (["--iterations", "1" + "0" * 30], "expected a number of iterations from 0 to 10000000"),
        (["--seed", "4294967296"], "expected a seed from 0 to 4294967295"),
        (["--seed", "4294967290"], "--seed 4294967290 is too large for 10 samples"),
        (["--load", "nope.npz"], "does not exist"),
        (["--load", "empty.txt"], "not a readable .npz"),
        (["--colour", "blue"], "unrecognized arguments: --colour blue"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, arguments, needle):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(128, 256)))
    result = run(*arguments, "--iterations" if "--iterations" not in arguments else "--seed", "1", cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert needle in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


# Hostile but fair input.
def assert_one_line_error(result, needle):
    assert result.returncode == 2, (result.stdout, result.stderr)
    # The progress bar also draws on stderr (a terminal shows it as one line redrawn in place).
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("training:")]
    assert len(lines) == 1 and "error: " in lines[0] and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_bad_output_is_found_before_training(tmp_path):
    (tmp_path / "a_file").write_text("not a folder")
    result = run("--output", str(tmp_path / "a_file" / "out"), "--iterations", "50", "--print-every", "0", cwd=tmp_path)
    assert_one_line_error(result, "lies under the file")
    assert "Training on" not in result.stdout  # refused before a single iteration ran


def test_a_pipe_is_read_as_the_names_file(tmp_path):
    # `--names /dev/stdin` (and `--names <(...)`, which bash turns into /dev/fd/63) is a pipe, not a regular file.
    env = {key: value for key, value in os.environ.items() if key != "DLS_DATA_DIR"}
    env.update(PYTHONPATH=str(REPO))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assignments.dinosaur_island",
            "--names",
            "/dev/stdin",
            "--iterations",
            "20",
            "--print-every",
            "0",
        ],
        input="pikachu\nbulbasaur\ncharmander\n",
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "your names file" in result.stdout and "3 names" in result.stdout


def test_infinite_learning_rate_is_refused(tmp_path):
    result = run("--learning-rate", "inf", "--iterations", "5", cwd=tmp_path)
    assert_one_line_error(result, "expected a finite number > 0, got inf")
    assert not (tmp_path / "out").exists()


def test_a_diverging_run_stops_and_keeps_the_last_finite_weights(tmp_path):
    import numpy as np

    result = run("--learning-rate", "1e6", "--iterations", "500", "--print-every", "0", cwd=tmp_path)
    assert_one_line_error(result, "the loss became inf")
    output = tmp_path / "out" / "dinosaur_island"
    assert not (output / "model.npz").exists()  # never a NaN model under the final name
    with np.load(output / "model.last_finite.npz") as kept:
        assert all(np.isfinite(kept[key]).all() for key in ("Wax", "Waa", "Wya", "b", "by"))
    assert "model.last_finite.npz" in result.stderr


def test_absurd_hidden_size_is_refused_up_front(tmp_path):
    result = run("--hidden-size", "60000", "--iterations", "1", cwd=tmp_path, timeout=30)
    assert_one_line_error(result, "--hidden-size 60000 is over the limit of 4096")
    assert "86 GB" in result.stderr and "Training on" not in result.stdout


def test_untrained_samples_file_says_so(tmp_path):
    result = run("--iterations", "0", "--samples", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "out" / "dinosaur_island" / "samples.txt").read_text().splitlines()
    assert lines[0].startswith("# UNTRAINED (0 training iterations") and len(lines) == 4
    assert "Model: UNTRAINED" in result.stdout


def test_a_model_that_cannot_be_written_at_the_end_is_kept_elsewhere(tmp_path, monkeypatch, capsys):
    """The output folder is taken away during training (here: a file takes its place): the model is not lost."""
    from assignments.common.cli import run_main
    from assignments.dinosaur_island import commands
    from assignments.dinosaur_island.__main__ import main
    from assignments.dinosaur_island.checkpoint import load_model

    output = tmp_path / "out"
    real_train = commands.train

    def train_then_lose_the_folder(*args, **kwargs):
        result = real_train(*args, **kwargs)
        shutil.rmtree(output)
        output.write_text("the folder is gone")
        return result

    monkeypatch.setattr(commands, "train", train_then_lose_the_folder)
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    monkeypatch.setenv("DLS_RESCUE_DIR", str(tmp_path / "rescue"))
    assert run_main(main, ["--iterations", "30", "--print-every", "0", "--output", str(output)]) == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith(f"error: Could not write '{output / 'model.npz'}'") and "the finished result was kept at" in error
    kept = Path(error.split("kept at '")[1].split("'")[0])
    assert kept.parent.parent == tmp_path / "rescue"
    loaded = load_model(kept)
    assert loaded.iterations == 30 and loaded.provenance.steps == "30 iterations"


def test_when_the_rescue_folder_fails_too_it_is_one_sentence(tmp_path, monkeypatch, capsys):
    from assignments.common.cli import run_main
    from assignments.dinosaur_island import commands
    from assignments.dinosaur_island.__main__ import main

    output = tmp_path / "out"
    real_train = commands.train

    def train_then_lose_the_folder(*args, **kwargs):
        result = real_train(*args, **kwargs)
        shutil.rmtree(output)
        output.write_text("the folder is gone")
        return result

    monkeypatch.setattr(commands, "train", train_then_lose_the_folder)
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    monkeypatch.setenv("DLS_RESCUE_DIR", "/proc/dls-no-rescue")  # cannot be created, not even by root
    assert run_main(main, ["--iterations", "5", "--print-every", "0", "--output", str(output)]) == 2
    error = [line for line in capsys.readouterr().err.strip().splitlines() if not line.startswith("training:")]
    assert len(error) == 1 and "nor a rescue copy in" in error[0] and "Traceback" not in error[0], error


def test_the_docs_flag_table_is_generated_from_the_parser():
    from assignments.common import flag_tables

    text = (REPO / "docs" / "dinosaur_island.md").read_text(encoding="utf-8")
    assert "<!-- flags: python -m assignments.dinosaur_island -->" in text
    assert flag_tables.render(text) == text, (
        "docs/dinosaur_island.md: regenerate with python -m assignments.common.flag_tables --write"
    )
    assert flag_tables.stray_flag_rows(text) == []
