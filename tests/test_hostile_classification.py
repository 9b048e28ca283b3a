"""Hostile files, faults and a second writer against the two classification weeks (happy_house, resnet50).

Each probe runs the main script as a user does (a subprocess, `cli_runner.run_module`) or calls the shared
code where a fault must be injected, and asserts exit code 2 with one line and nothing left half-written,
or exit 0 with a correct result. Marked `slow` (real subprocesses that load TensorFlow, a few short
trainings): `python -m pytest -m slow tests/test_hostile_classification.py`.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import h5py
import numpy as np
import pytest
from cli_runner import REPO, run_module
from PIL import Image

from assignments.common.classification.h5files import write_h5_split
from assignments.common.classification.synthetic_hands import draw_hand_signs

pytestmark = pytest.mark.slow


def one_line_refusal(completed: subprocess.CompletedProcess, expected: str) -> str:
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr and len(lines) == 1, completed.stderr[-2000:]
    assert expected in lines[0], lines[0]
    return lines[0]


def results_in(folder: Path) -> list[str]:
    """What a user sees in an output folder (hidden lock and temporaries aside)."""
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith(".")) if folder.exists() else []


def nan_weight_model(path: Path) -> Path:
    import keras

    from assignments.happy_house import convolutional_model

    keras.utils.set_random_seed(0)
    model = convolutional_model((64, 64, 3))
    weights = model.get_weights()
    weights[0][0, 0, 0, 0] = np.nan
    model.set_weights(weights)
    model.save(path)
    return path


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A tiny PNG that declares width x height pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )
    return path


def test_an_h5_that_declares_two_million_images_is_refused_before_reading(tmp_path):
    bomb = tmp_path / "train_signs.h5"
    with h5py.File(bomb, "w") as handle:  # 2 KB on disk, 22.9 GiB declared
        handle.create_dataset("train_set_x", shape=(2_000_000, 64, 64, 3), dtype="uint8", chunks=(1, 64, 64, 3))
        handle.create_dataset("train_set_y", shape=(2_000_000,), dtype="int64", chunks=(1000,))
        handle.create_dataset("list_classes", data=np.arange(6))
    assert bomb.stat().st_size < 10_000
    completed = run_module(
        "assignments.happy_house", ["train", "--model", "signs", "--data", bomb, "--output", "out"], cwd=tmp_path
    )
    one_line_refusal(completed, "declares 2,000,000 entries in 'train_set_x' (22.9 GiB) but stores only")
    assert results_in(tmp_path / "out") == []


def test_nan_pixels_in_an_h5_are_refused_not_trained_on(tmp_path):
    images = np.random.default_rng(0).random((12, 64, 64, 3))
    images[3, 10, 10, 1] = np.nan
    with h5py.File(tmp_path / "train_signs.h5", "w") as handle:
        handle.create_dataset("train_set_x", data=images)
        handle.create_dataset("train_set_y", data=np.arange(12) % 6)
        handle.create_dataset("list_classes", data=np.arange(6))
    completed = run_module(
        "assignments.resnet50", ["train", "--data", tmp_path / "train_signs.h5", "--output", "out"], cwd=tmp_path
    )
    one_line_refusal(completed, "holds 1 NaN or infinite pixel values")
    assert results_in(tmp_path / "out") == []


def test_a_model_with_nan_weights_writes_no_predictions(tmp_path):
    model = nan_weight_model(tmp_path / "nan.keras")
    Image.new("RGB", (64, 64), "white").save(tmp_path / "hand.png")
    arguments = ["predict", "--model", "signs", "--model-file", model, "--input", tmp_path / "hand.png", "--output", "out"]
    completed = run_module("assignments.happy_house", arguments, cwd=tmp_path)
    one_line_refusal(completed, "are not all finite numbers (1 NaN or infinite values in")
    assert results_in(tmp_path / "out") == []


def test_a_decompression_bomb_header_is_refused_by_predict(tmp_path):
    bomb = png_header_only(tmp_path / "bomb.png", 30000, 30000)
    completed = run_module("assignments.resnet50", ["predict", "--input", bomb, "--output", "out"], cwd=tmp_path)
    one_line_refusal(completed, "is 30000x30000 pixels")
    assert results_in(tmp_path / "out") == []


def test_a_killed_runs_temporaries_are_removed_and_earlier_results_kept(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    # What a SIGKILL during the final model.save leaves: a hidden, half-written temporary.
    (output / ".model.tmp-k1ll3d00.keras").write_bytes(b"PK\x03\x04half")
    (output / ".staging-k1ll3d00").mkdir()
    (output / ".staging-k1ll3d00" / "confusion_matrix.png").write_bytes(b"half")
    (output / "model.keras").write_bytes(b"the previous run's model")
    arguments = ["generate", "--model", "signs", "--train-size", "6", "--test-size", "6", "--output", output]
    completed = run_module("assignments.happy_house", arguments, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert sorted(path.name for path in output.iterdir()) == [".lock", "model.keras", "test_signs.h5", "train_signs.h5"]
    assert (output / "model.keras").read_bytes() == b"the previous run's model"


def test_a_failed_save_leaves_the_previous_runs_set_whole(tmp_path, monkeypatch, capsys):
    """The outputs of a run appear together: a failure at the final save leaves no new confusion matrix."""
    from assignments.common.classification import commands
    from assignments.common.cli import run_main
    from assignments.common.errors import UserError
    from assignments.happy_house.__main__ import main

    data = tmp_path / "data"
    write_h5_split(data / "train_signs.h5", "train", draw_hand_signs(12, seed=0))
    write_h5_split(data / "test_signs.h5", "test", draw_hand_signs(6, seed=1))
    output = tmp_path / "out"
    output.mkdir()
    (output / "model.keras").write_bytes(b"old model")
    (output / "confusion_matrix.png").write_bytes(b"old matrix")

    def full_disk(*_arguments, **_keywords):
        raise UserError("Could not write 'model.keras' (No space left on device): free some disk space.")

    monkeypatch.setattr(commands, "save_classifier", full_disk)
    argv = ["train", "--model", "signs", "--data", str(data), "--epochs", "1", "--output", str(output)]
    assert run_main(main, argv) == 2
    assert "No space left" in capsys.readouterr().err
    assert results_in(output) == ["confusion_matrix.png", "model.keras"]
    assert (output / "confusion_matrix.png").read_bytes() == b"old matrix"
    assert not [path for path in output.iterdir() if path.name.startswith(".staging-")]


def test_a_rescued_model_keeps_its_classes_and_provenance(tmp_path, monkeypatch):
    import keras

    from assignments.common.classification.outputs import read_metadata, save_classifier
    from assignments.common.errors import UserError
    from assignments.common.provenance import Provenance, read_keras_file
    from assignments.happy_house import convolutional_model

    monkeypatch.setenv("DLS_RESCUE_DIR", str(tmp_path / "rescue"))
    keras.utils.set_random_seed(0)
    target = tmp_path / "out" / "model.keras"
    (target / "in-the-way").mkdir(parents=True)  # the final rename fails: a folder stands where the file goes
    record = Provenance(trained_on="12 images of my folder", data="user", examples=12, steps="1 epoch")
    classes = {"class_names": ["rock", "paper", "scissors"], "model": "signs"}
    with pytest.raises(UserError, match="the finished result was kept at"):
        save_classifier(convolutional_model((64, 64, 3), classes=3), target, record, classes)
    (rescued,) = (tmp_path / "rescue").glob("*/model.keras")  # rescue/<time stamp>/model.keras
    assert read_metadata(rescued)["class_names"] == ["rock", "paper", "scissors"]  # no classes.json beside it
    assert not rescued.with_name("model.classes.json").exists() and read_keras_file(rescued) == record


def test_two_trainings_into_one_output_folder_never_both_succeed(tmp_path):
    data = tmp_path / "data"
    write_h5_split(data / "train_signs.h5", "train", draw_hand_signs(256, seed=0))
    write_h5_split(data / "test_signs.h5", "test", draw_hand_signs(12, seed=1))
    arguments = ["train", "--model", "signs", "--data", data, "--epochs", "60", "--batch-size", "8", "--output", "out"]
    env = {"PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2", "DLS_LOCK_WAIT_S": "1", "PATH": "/usr/bin:/bin"}
    first = subprocess.Popen(
        [sys.executable, "-m", "assignments.happy_house", *map(str, arguments)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in first.stdout:  # the estimate is printed while the first run trains, holding the lock
            if "at the current speed" in line:
                break
        else:
            pytest.fail(f"the first training ended early: {first.stderr.read()[-2000:]}")
        second = run_module("assignments.happy_house", arguments, cwd=tmp_path, extra_env={"DLS_LOCK_WAIT_S": "1"})
        one_line_refusal(second, "Another run is writing the output folder")
    finally:
        first.kill()
        first.wait(timeout=60)
    started = time.monotonic()
    quick = ["train", "--model", "signs", "--data", data, "--epochs", "1", "--batch-size", "64", "--output", "out"]
    again = run_module("assignments.happy_house", quick, cwd=tmp_path)
    # The killed run's lock went with its process, and its staging folder goes at the next start.
    assert again.returncode == 0 and time.monotonic() - started < 300, again.stderr[-2000:]
    assert results_in(tmp_path / "out") == ["confusion_matrix.png", "model.classes.json", "model.keras", "training_curves.png"]
