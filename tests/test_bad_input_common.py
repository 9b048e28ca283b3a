"""The classes of bad input, fixed at their root in the shared plumbing (one test per class).

The week-specific cases (sizes, foreign models, UNTRAINED in outputs) are tested beside each week; the
CLI-wide cases (a read-only --output in every week) in test_bad_input_cli.py.
"""

from __future__ import annotations

import argparse
import os

import numpy as np
import pytest

from assignments.common import cli, data, files
from assignments.common.errors import UserError


# --- 1. the output folder cannot be written ------------------------------------------------------------------
def test_output_folder_is_checked_before_any_work(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(argparse.ArgumentTypeError, match="lies under the file"):
        cli.output_folder(str(blocker / "results"))
    with pytest.raises(argparse.ArgumentTypeError, match="cannot be written"):
        cli.output_folder("/proc/dls-assignments-test/results")  # not writable, even for root
    new = tmp_path / "new" / "deeper"
    assert cli.output_folder(str(new)) == new
    assert not (tmp_path / "new").exists(), "checking --output must not create anything"


def test_the_default_output_folder_is_checked_too(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").write_text("a file where out/<week>/ would go")
    parser = cli.ArgumentParser(prog="week")
    cli.add_common_arguments(parser, "some_week")
    with pytest.raises(SystemExit) as stop:
        parser.parse_args([])
    assert stop.value.code == 2 and "lies under the file 'out'" in capsys.readouterr().err


def test_a_failed_final_write_keeps_the_work_in_a_rescue_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(files.RESCUE_DIR_ENV, str(tmp_path / "rescue"))
    output = tmp_path / "out"
    output.mkdir()
    target = output / "gone" / "model.npz"
    (output / "gone").write_text("the folder was replaced by a file mid-run")
    with pytest.raises(UserError, match=r"finished result was kept at '.*rescue.*model\.npz'") as caught:
        files.atomic_save(target, lambda path: np.savez(path, weights=np.arange(3)))
    rescued = [path for path in (tmp_path / "rescue").rglob("model.npz")]
    assert len(rescued) == 1 and str(rescued[0]) in str(caught.value)
    np.testing.assert_array_equal(np.load(rescued[0])["weights"], np.arange(3))


# --- 2. infinity passes no number check ----------------------------------------------------------------------
@pytest.mark.parametrize("parse", [cli.positive_float, cli.non_negative_float, cli.probability])
@pytest.mark.parametrize("text", ["inf", "-inf", "nan", "Infinity"])
def test_number_types_refuse_non_finite_values(parse, text):
    with pytest.raises(argparse.ArgumentTypeError):
        parse(text)


def test_bounded_sizes_name_their_range():
    size = cli.bounded_int(16, 4096, "an image size")
    assert size("608") == 608
    with pytest.raises(argparse.ArgumentTypeError, match="an image size from 16 to 4096"):
        size("32000")


# --- 3. a file name that is not valid UTF-8 -------------------------------------------------------------------
def test_text_outputs_keep_non_utf8_file_names_losslessly(tmp_path):
    raw_name = b"caf\xe9.png"  # Latin-1, as an older camera or a Windows share writes it
    (tmp_path / os.fsdecode(raw_name)).write_bytes(b"")
    listed = next(path.name for path in tmp_path.iterdir())
    csv_path = files.write_text_atomic(tmp_path / "detections.csv", f"file,score\n{listed},0.9\n")
    assert csv_path.read_bytes() == b"file,score\n" + raw_name + b",0.9\n"


# --- 6. messages that mislead ---------------------------------------------------------------------------------
def test_a_pipe_is_read_and_a_folder_is_named_as_a_folder(tmp_path):
    read_end, write_end = os.pipe()
    try:
        assert data.existing_file(f"/dev/fd/{read_end}", "names file").exists()
    finally:
        os.close(read_end)
        os.close(write_end)
    with pytest.raises(UserError, match="is a folder"):
        data.existing_file(tmp_path, "names file")
    with pytest.raises(UserError, match="does not exist"):
        data.existing_file(tmp_path / "missing.txt", "names file")


def test_a_damaged_keras_file_is_not_reported_as_missing(tmp_path):
    from assignments.common.models import load_keras_model_file

    garbage = tmp_path / "model.keras"
    garbage.write_bytes(b"not a zip at all")
    with pytest.raises(UserError, match="not a Keras model archive"):
        load_keras_model_file(garbage)
    folder = tmp_path / "folder.keras"
    folder.mkdir()
    with pytest.raises(UserError, match="is a folder"):
        load_keras_model_file(folder)


# --- 2 (training). a loss that stops being a number stops the run with one sentence --------------------------
def test_training_stops_on_a_non_finite_loss():
    import keras

    from assignments.common.callbacks import StopOnNonFiniteLoss

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(1e30), "mse")
    guard = StopOnNonFiniteLoss()
    model.fit(np.full((64, 3), 1e3), np.ones((64, 1)), batch_size=8, epochs=3, verbose=0, callbacks=[guard])
    assert guard.stopped_at is not None and guard.stopped_at[0] == 1
    with pytest.raises(UserError, match="the loss became .* at epoch 1"):
        guard.raise_if_stopped()
