"""The week's main script, in this process on tiny data: both training phases, evaluate and predict with the
model's provenance in every output, and bad input in one sentence. MobileNetV2 runs at alpha 0.35 on 32 x 32
pictures, eagerly (tracing its training step costs more than these few steps); the course-sized run is slow."""

from __future__ import annotations

import zipfile

import keras
import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

from assignments.common.cli import run_main
from assignments.common.provenance import read_keras_file
from assignments.transfer_learning_mobilenet.__main__ import main
from assignments.transfer_learning_mobilenet.synthetic import write_picture_folder

TINY = ["--image-size", "32", "--alpha", "0.35", "--batch-size", "8"]


def run(arguments) -> int:
    try:
        code = run_main(main, [str(argument) for argument in arguments])
    except SystemExit as exit:  # argparse's errors
        code = exit.code
    return code


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A model trained by `train` on 2 x 10 generated pictures: 1 epoch frozen, then the course's fine-tuning."""
    folder = tmp_path_factory.mktemp("tlm")
    write_picture_folder(folder / "data", per_class=10, size=32, seed=0)
    compile_eagerly = keras.Model.compile

    def eager(self, *arguments, **keywords):
        return compile_eagerly(self, *arguments, **{**keywords, "run_eagerly": True})

    patch = pytest.MonkeyPatch()
    patch.setattr(keras.Model, "compile", eager)
    arguments = [
        "train",
        "--data",
        folder / "data",
        *TINY,
        "--epochs",
        "1",
        "--fine-tune-epochs",
        "1",
        "--output",
        folder / "out",
    ]
    code = run(arguments)
    patch.undo()
    assert code == 0
    return folder


def test_train_writes_the_model_with_its_provenance_and_both_phases_curves(trained, capsys):
    output = trained / "out"
    assert {path.name for path in output.iterdir()} >= {"model.keras", "training_curves.png", "augmentation_preview.png"}
    record = read_keras_file(output / "model.keras")
    assert record.data == "user" and record.examples == 16 and record.weights is None
    assert "randomly initialised base (no ImageNet weights)" in record.summary()
    assert "1 epoch with the base frozen + 2 fine-tuning from layer 120" in record.steps
    assert set(record.figures) == {"validation accuracy"} and record.baselines["validation accuracy"] == 0.5
    with zipfile.ZipFile(output / "model.keras") as archive:
        assert "transfer_learning.json" in archive.namelist()


def test_evaluate_and_predict_show_the_provenance_everywhere(trained, capsys):
    photos = trained / "photos"
    photos.mkdir()
    Image.fromarray(np.full((50, 70), 128, np.uint8), "L").save(photos / "gray.png")
    Image.fromarray(np.zeros((40, 40, 4), np.uint8), "RGBA").save(photos / "=cmd.png")
    model = trained / "out" / "model.keras"
    assert run(["evaluate", "--model-file", model, "--output", trained / "evaluated"]) == 0
    assert "always answering the largest class gives 0.5000" in capsys.readouterr().out
    assert (trained / "evaluated" / "confusion_matrix.png").exists()

    assert run(["predict", "--model-file", model, "--input", photos, "--output", trained / "predicted"]) == 0
    console = capsys.readouterr().out
    assert console.count("randomly initialised base (no ImageNet weights)") == 1 and console.count("[BASELINE-LEVEL]") == 2
    table = (trained / "predicted" / "predictions.csv").read_text().splitlines()
    assert table[0].startswith("# model: trained on 16 images") and table[1] == "file,class,probability,model"
    assert len(table) == 4 and all("no ImageNet weights" in row for row in table[2:])
    assert Image.open(trained / "predicted" / "predictions.png").height > 224


@pytest.mark.parametrize(
    "layout, message",
    [
        ({"only": 3}, "has only one class sub-folder ('only')"),
        ({"a": 2, "b": 0}, "has no images"),
        ({}, "has no class sub-folders"),
        ({"a": 2, "b": "corrupt"}, "is damaged or truncated"),
        ({"a": 2, "b": 2}, "leaves no validation images"),
    ],
)
def test_bad_training_folders_are_one_sentence_and_nothing_written(tmp_path, capsys, layout, message):
    data = tmp_path / "data"
    data.mkdir()
    for name, count in layout.items():
        (data / name).mkdir()
        if count == "corrupt":
            Image.new("RGB", (40, 40), "red").save(data / name / "whole.jpg")
            (data / name / "broken.jpg").write_bytes((data / name / "whole.jpg").read_bytes()[:300])
        for index in range(count if isinstance(count, int) else 0):
            Image.new("RGB", (8, 8), (index, 0, 0)).save(data / name / f"{index}.png")
    assert run(["train", "--data", data, *TINY, "--output", tmp_path / "out"]) == 2
    error = capsys.readouterr().err
    assert message in error and len(error.strip().splitlines()) == 1, error
    assert not (tmp_path / "out").exists()


def test_weights_of_another_model_are_refused_in_one_sentence(trained, tmp_path, capsys):
    other = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    other.save_weights(tmp_path / "other.weights.h5")
    other.save(tmp_path / "other.keras")
    arguments = ["train", "--data", trained / "data", *TINY, "--output", tmp_path / "out"]
    assert run([*arguments, "--weights", tmp_path / "other.weights.h5"]) == 2
    assert "holds another model's weights" in capsys.readouterr().err
    assert run([*arguments, "--weights", tmp_path / "other.keras"]) == 2
    assert "is a whole Keras model, not base-network weights" in capsys.readouterr().err
    assert run(["predict", "--model-file", tmp_path / "other.keras", "--output", tmp_path / "out"]) == 2
    assert "was not written by this week's train" in capsys.readouterr().err
    assert not (tmp_path / "out" / "model.keras").exists()


def test_help_and_flag_errors_do_not_load_tensorflow(tmp_path):
    result = run_module(
        "assignments.transfer_learning_mobilenet",
        ["train", "--validation-split", "1.5"],
        cwd=tmp_path,
        extra_env={"PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 2 and "expected a number between 0 and 1 (exclusive), got 1.5" in result.stderr


@pytest.mark.needs_data
def test_the_course_split(course_file):
    from assignments.transfer_learning_mobilenet.data import check_image_folder, make_datasets

    folder = check_image_folder(
        course_file("transfer_learning_mobilenet", "dataset_160x160"), "the course's images", verify=False
    )
    assert folder.class_names == ("alpaca", "not alpaca") and folder.total == 327
    _, _, counts = make_datasets(folder, (160, 160), 32, 0.2, 42)
    assert counts == (262, 65)


@pytest.mark.slow
def test_the_course_sized_run_offline(tmp_path):
    """The default command on a fresh machine: generated pictures, a random base, the course's sizes and epochs."""
    result = run_module("assignments.transfer_learning_mobilenet", ["train", "--output", tmp_path], cwd=tmp_path, timeout=3600)
    assert result.returncode == 0, result.stderr
    assert "randomly initialised base" in result.stdout


def test_the_docs_flag_tables_are_generated_from_the_parser():
    from pathlib import Path

    from assignments.common import flag_tables

    text = (Path(__file__).resolve().parents[1] / "docs" / "transfer_learning_mobilenet.md").read_text(encoding="utf-8")
    for command in ("train", "evaluate", "predict"):
        assert f"<!-- flags: python -m assignments.transfer_learning_mobilenet {command} -->" in text
    assert flag_tables.render(text) == text, (
        "docs/transfer_learning_mobilenet.md: regenerate with python -m assignments.common.flag_tables --write"
    )
    assert flag_tables.stray_flag_rows(text) == []
