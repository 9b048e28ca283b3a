"""The C4W2 main script as a user runs it: predict with untrained / pretrained weights, a tiny training
run, evaluate, and bad input (one line on stderr, exit code 2, nothing half-written)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

from assignments.common.classification.h5files import write_h5_split
from assignments.common.classification.synthetic_hands import draw_hand_signs
from assignments.common.cli import run_main
from assignments.resnet50.__main__ import main


def run_cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_module("assignments.resnet50", arguments, cwd=cwd)


def exit_code(argv) -> int:
    try:
        return run_main(main, argv)
    except SystemExit as stop:  # argparse's own errors
        return int(stop.code)


def test_predict_without_weights_runs_offline_and_says_untrained(tmp_path):
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (120, 90, 3), dtype=np.uint8)).save(tmp_path / "hand.jpg")
    result = run_cli("predict", "--input", "hand.jpg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "UNTRAINED WEIGHTS" in result.stdout and "hand.jpg" in result.stdout
    assert "Wrote: out/resnet50/predictions.csv, out/resnet50/predictions.png" in result.stdout
    rows = (tmp_path / "out" / "resnet50" / "predictions.csv").read_text().splitlines()
    assert len(rows) == 2 and rows[1].split(",")[1] in {"0", "1", "2", "3", "4", "5"}
    # The files say UNTRAINED too: a column in the CSV, a banner (and PNG comment) on the sheet.
    assert rows[0].endswith(",weights") and rows[1].endswith(",UNTRAINED"), rows
    with Image.open(tmp_path / "out" / "resnet50" / "predictions.png") as sheet:
        assert "UNTRAINED WEIGHTS" in sheet.text["Comment"]


def test_a_happy_house_model_is_refused(tmp_path, capsys):
    """A happy_house model is neither "the pretrained weights" nor a trained ResNet50."""
    import keras

    from assignments.happy_house import happyModel

    keras.utils.set_random_seed(0)
    happyModel().save(tmp_path / "happy.keras")
    Image.new("RGB", (64, 64), "white").save(tmp_path / "hand.png")
    for flag, expected in [
        (
            "--weights",
            "has 3 layers with weights, the course's ResNet50 has 107, and is not the course's ResNet50: at weight layer 1 of 107",
        ),
        ("--model-file", "has one yes/no (sigmoid) output, but the resnet50 model (ResNet50) has one output per class"),
    ]:
        code = exit_code(
            [
                "predict",
                flag,
                str(tmp_path / "happy.keras"),
                "--input",
                str(tmp_path / "hand.png"),
                "--output",
                str(tmp_path / "out"),
            ]
        )
        error = capsys.readouterr().err.strip()
        assert code == 2 and len(error.splitlines()) == 1 and expected in error, (flag, error)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow  # tracing ResNet50's training step alone takes 30-90 s on 2 CPU cores
def test_tiny_training_run_then_evaluate(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    write_h5_split(data / "train_signs.h5", "train", draw_hand_signs(12, seed=0))
    write_h5_split(data / "test_signs.h5", "test", draw_hand_signs(6, seed=1))
    code = exit_code(["train", "--data", str(data), "--epochs", "1", "--batch-size", "6", "--output", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    assert "Training data: train_signs.h5 (train split): 12 images" in out and "Test loss" in out
    names = sorted(path.name for path in (tmp_path / "out").iterdir() if not path.name.startswith("."))  # .lock aside
    assert names == ["confusion_matrix.png", "model.classes.json", "model.keras", "training_curves.png"]
    code = exit_code(
        [
            "evaluate",
            "--model-file",
            str(tmp_path / "out" / "model.keras"),
            "--test-data",
            str(data),
            "--output",
            str(tmp_path / "eval"),
        ]
    )
    assert code == 0 and "Test Accuracy = " in capsys.readouterr().out


def test_pretrained_weights_path_is_used_and_labelled(tmp_path, capsys):
    from test_resnet50_pretrained import write_keras2_file  # tests/ is on sys.path under pytest (rootdir conftest)

    from assignments.resnet50 import ResNet50

    write_keras2_file(ResNet50(), tmp_path / "resnet50.h5")
    Image.new("RGB", (64, 64), "white").save(tmp_path / "x.png")
    code = exit_code(
        [
            "predict",
            "--weights",
            str(tmp_path / "resnet50.h5"),
            "--input",
            str(tmp_path / "x.png"),
            "--output",
            str(tmp_path / "out"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "the pretrained weights" in out and "UNTRAINED" not in out


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cases = [
        (["train", "--epochs", "0"], "expected a whole number > 0"),
        (["train", "--batch-size", "-3"], "expected a whole number > 0"),
        (["predict", "--input", "nothing.jpg"], "does not exist"),
        (["predict", "--weights", "nowhere.h5", "--input", "."], "has no images"),
        (["evaluate", "--weights", "nowhere.h5"], "The weights file 'nowhere.h5' does not exist"),
        (["train", "--data", "nowhere"], "does not exist"),
    ]
    for argv, expected in cases:
        assert exit_code(argv) == 2, argv
        error = capsys.readouterr().err.strip()
        assert len(error.splitlines()) == 1 and expected in error, (argv, error)
    assert not (tmp_path / "out").exists()
