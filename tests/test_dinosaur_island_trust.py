"""Dinosaur Island: every result says how far to trust it, and no fault loses work or ends in a traceback.

Provenance in model.npz and in every output; a model no better than a uniform one said to be so; plain
progress lines in a log; Ctrl-C keeps the weights reached; damaged or edited model files refused in one
sentence; an over-long line, a console that cannot encode the names, a second run on the same folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from cli_runner import REPO, run_module

from assignments.common.errors import UserError
from assignments.common.provenance import from_npz
from assignments.dinosaur_island import build_vocabulary, initialize_parameters, read_names
from assignments.dinosaur_island.checkpoint import load_model, save_model
from assignments.dinosaur_island.data import MAX_NAME_LENGTH


def run(*arguments, cwd, extra_env=None, timeout=120):
    return run_module("assignments.dinosaur_island", arguments, cwd=cwd, extra_env=extra_env, timeout=timeout)


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("training:")]
    assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_a_model_no_better_than_a_uniform_one_is_said_to_be_so(tmp_path):
    # A learning rate of 1e-9 leaves the weights where they started: the loss per name stays at the uniform model's.
    result = run("--iterations", "20", "--print-every", "0", "--learning-rate", "1e-9", "--samples", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    output = tmp_path / "out" / "dinosaur_island"
    header = (output / "samples.txt").read_text().splitlines()[0]
    assert "NO BETTER THAN THE BASELINE" in header and "(uniform model " in header
    assert "NO BETTER THAN THE BASELINE" in result.stdout
    with np.load(output / "model.npz", allow_pickle=False) as archive:
        record = from_npz(archive)
    assert record.at_baseline() and record.data == "substitute" and record.examples == 695 and record.steps == "20 iterations"
    assert record.figures["loss per name"] >= 0.98 * record.baselines["loss per name"]


def test_a_log_gets_plain_progress_lines_not_a_bar(tmp_path):
    """`> log 2>&1`: stderr is a file, so no carriage returns are mixed into the printed lines."""
    result = run("--iterations", "200", "--print-every", "100", "--samples", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\r" not in result.stderr and "\r" not in result.stdout
    assert "training: 200/200 (100%)" in result.stderr
    assert "Iteration: 100, Loss:" in result.stdout


def test_ctrl_c_keeps_the_weights_reached_labelled_interrupted(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DLS_DATA_DIR"}
    env.update(PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "assignments.dinosaur_island", "--iterations", "5000000", "--print-every", "0", "--samples", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().startswith("Training on"), process.stderr.read()
        time.sleep(1.5)  # some hundreds of iterations
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr and "Stopped by Ctrl-C after" in stdout
    loaded = load_model(tmp_path / "out" / "dinosaur_island" / "model.npz")
    assert loaded.provenance.interrupted and 0 < loaded.iterations < 5_000_000
    assert loaded.provenance.steps == f"{loaded.iterations:,} of 5,000,000 iterations"
    header = (tmp_path / "out" / "dinosaur_island" / "samples.txt").read_text().splitlines()[0]
    assert "interrupted before the end" in header


def small_model(tmp_path, **changes):
    """A saved model with some arrays replaced (a file edited by hand or damaged)."""
    char_to_ix, ix_to_char = build_vocabulary(["abc"])
    parameters = initialize_parameters(4, len(char_to_ix), len(char_to_ix))
    path = save_model(tmp_path / "model.npz", parameters, ix_to_char, 10, 1.0)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    arrays.update(changes)
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize(
    "changes, needle",
    [
        ({"Waa": np.full((4, 4), np.nan)}, "holds 16 NaN or infinite values in Waa, so it cannot sample"),
        ({"characters": np.array(["\n", "a", "a", "c"])}, "its vocabulary holds the character 'a' twice"),
        ({"characters": np.array(["x", "a", "b", "c"])}, "its vocabulary has no newline, the character that ends every name"),
        ({"iterations": np.array(-5)}, "it records -5 training iterations"),
        ({"Wya": np.zeros((3, 4))}, "Wya has shape (3, 4), but its 4-character vocabulary and hidden size 4 need (4, 4)"),
    ],
)
def test_damaged_or_edited_models_are_refused_in_one_sentence(tmp_path, changes, needle):
    with pytest.raises(UserError, match="damaged|NaN") as refused:
        load_model(small_model(tmp_path, **changes))
    assert needle in str(refused.value) and "\n" not in str(refused.value)


def test_a_nan_model_is_refused_by_the_cli_before_the_output_is_touched(tmp_path):
    path = small_model(tmp_path, Waa=np.full((4, 4), np.nan))
    error = one_error_line(run("--load", path, "--output", tmp_path / "out", cwd=tmp_path))
    assert "NaN or infinite values in Waa" in error and not (tmp_path / "out").exists()


def test_load_with_names_is_refused(tmp_path):
    error = one_error_line(run("--load", "model.npz", "--names", "words.txt", cwd=tmp_path))
    assert "--names would be ignored" in error


def test_an_overlong_line_is_refused_at_once(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("rex\n" + "a" * 1_000_000 + "\nraptor\n")
    with pytest.raises(UserError, match=f"line of 1,000,000 characters \\(line 2\\), over the limit of {MAX_NAME_LENGTH:,}"):
        read_names(words)
    started = time.monotonic()
    error = one_error_line(run("--names", words, cwd=tmp_path))
    assert "over the limit" in error and time.monotonic() - started < 30


def test_a_console_that_cannot_encode_the_names_loses_nothing(tmp_path):
    words = tmp_path / "cities.txt"
    words.write_text("東京\n大阪\n京都\n", encoding="utf-8")
    result = run(
        "--names", words, "--iterations", "100", "--print-every", "50", "--samples", "3", cwd=tmp_path,
        extra_env={"PYTHONIOENCODING": "ascii"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "UnicodeEncodeError" not in result.stderr
    samples = (tmp_path / "out" / "dinosaur_island" / "samples.txt").read_text(encoding="utf-8")
    assert any(character in samples for character in "東京大阪都")  # the file keeps the real characters


def test_a_second_run_on_the_same_folder_is_refused(tmp_path):
    from assignments.common.locking import exclusive

    output = tmp_path / "out"
    with exclusive(output, "the output folder"):
        error = one_error_line(run("--iterations", "5", "--output", output, cwd=tmp_path, extra_env={"DLS_LOCK_WAIT_S": "0.5"}))
    assert "Another run is writing the output folder" in error
    assert sorted(path.name for path in output.iterdir()) == [".lock"]  # nothing written by the refused run


def test_stale_temporaries_are_removed_at_start(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    (output / ".model.tmp-abcdefgh.npz").write_bytes(b"half-written")
    result = run("--iterations", "5", "--print-every", "0", "--samples", "1", "--output", output, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (output / ".model.tmp-abcdefgh.npz").exists()
