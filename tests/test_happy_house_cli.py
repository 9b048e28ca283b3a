"""The C4W1 main script as a user runs it: train / predict / evaluate / generate, own data, and bad input
(one line on stderr, exit code 2, no traceback, nothing half-written). Also: the generated default data
is learnable (accuracy well above chance after a short training)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

from assignments.common.classification.h5files import write_h5_split
from assignments.common.classification.synthetic_hands import draw_hand_signs
from assignments.common.cli import run_main
from assignments.happy_house.__main__ import main
from assignments.happy_house.synthetic import draw_happy_faces


def run_cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_module("assignments.happy_house", arguments, cwd=cwd)


def one_line_error(capsys, argv, *, expected: str) -> str:
    try:
        code = run_main(main, argv)
    except SystemExit as stop:  # argparse's own errors exit from parse_args
        code = stop.code
    error = capsys.readouterr().err.strip()
    assert code == 2, error
    assert len(error.splitlines()) == 1 and "Traceback" not in error, error
    assert expected in error, error
    return error


@pytest.fixture(scope="module")
def small_signs(tmp_path_factory) -> Path:
    """A course-schema data folder with few generated hands (quick to train on)."""
    folder = tmp_path_factory.mktemp("signs_data")
    write_h5_split(folder / "train_signs.h5", "train", draw_hand_signs(48, seed=0))
    write_h5_split(folder / "test_signs.h5", "test", draw_hand_signs(18, seed=1))
    return folder


@pytest.fixture(scope="module")
def trained_signs(small_signs, tmp_path_factory) -> Path:
    """`train --model signs` run as a user would, in a subprocess: returns its output folder."""
    cwd = tmp_path_factory.mktemp("run")
    result = run_cli("train", "--model", "signs", "--data", str(small_signs), "--epochs", "2", "--batch-size", "16", cwd=cwd)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Training data: train_signs.h5 (train split): 48 images" in result.stdout
    assert "Test loss" in result.stdout and "Wrote: out/happy_house/model.keras" in result.stdout
    assert "starting from seeded random weights" in result.stdout
    # Before the long part, an estimate measured from the first steps.
    assert "for 2 epochs at the current speed; --epochs or --max-images to shorten" in result.stdout
    # Output to a pipe, not a terminal: Keras prints one line per epoch, never its redrawn bar.
    assert "━" not in result.stdout and re.search(r"^3/3 - .* - accuracy: ", result.stdout, re.MULTILINE), result.stdout
    (cwd / "train.log").write_text(result.stdout)
    return cwd / "out" / "happy_house"


def visible_files(folder: Path) -> list[str]:
    """The results in a folder (its lock file, `.lock`, is hidden)."""
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith("."))


def test_train_writes_model_curves_and_confusion_matrix(trained_signs):
    assert visible_files(trained_signs) == ["confusion_matrix.png", "model.classes.json", "model.keras", "training_curves.png"]
    for png in ("confusion_matrix.png", "training_curves.png"):
        assert (trained_signs / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((trained_signs / "model.classes.json").read_text())["class_names"] == ["0", "1", "2", "3", "4", "5"]


def test_the_saved_model_carries_its_provenance_and_classes(trained_signs, small_signs):
    """The record inside model.keras: data, count, epochs, the test figure against the majority class, version."""
    import zipfile

    from assignments import __version__
    from assignments.common.provenance import read_keras_file

    record = read_keras_file(trained_signs / "model.keras")
    assert (
        record.trained_on == f"48 images of {small_signs / 'train_signs.h5'}" and record.data == "user" and record.examples == 48
    )
    assert record.steps == "2 epochs" and record.version == __version__
    tested = f"accuracy on 18 images of {small_signs / 'test_signs.h5'}"
    assert list(record.baselines) == [tested] and record.baselines[tested] == pytest.approx(3 / 18)  # 6 classes, 3 each
    assert 0 <= record.figures[tested] <= 1 and "training accuracy" in record.figures
    with zipfile.ZipFile(trained_signs / "model.keras") as archive:  # the classes travel inside the model too
        assert json.loads(archive.read("classes.json"))["class_names"] == ["0", "1", "2", "3", "4", "5"]
    # The end of training says what the figures mean: "no better than the baseline" exactly when they are not.
    log = (trained_signs.parents[1] / "train.log").read_text()
    assert "Majority-class baseline on the same test set: 0.1667" in log and f"About the model: {record.summary()}" in log
    assert ("NO BETTER THAN THE BASELINE" in log) == (record.figures[tested] <= 3 / 18 + 0.02)


def test_predict_any_image_format_and_size(trained_signs, tmp_path, capsys):
    photos = tmp_path / "photos"
    photos.mkdir()
    random = np.random.default_rng(0)
    Image.fromarray(random.integers(0, 255, (300, 200, 3), dtype=np.uint8)).save(photos / "big.jpg")
    Image.fromarray(random.integers(0, 255, (40, 40), dtype=np.uint8)).save(photos / "gray.png")
    Image.fromarray(random.integers(0, 255, (64, 64, 4), dtype=np.uint8)).save(photos / "alpha.png")
    Image.fromarray(random.integers(0, 65535, (50, 70), dtype=np.uint16)).save(photos / "deep.png")
    (photos / "notes.txt").write_text("not an image, and not picked up from a folder")
    code = run_main(
        main,
        [
            "predict",
            "--model",
            "signs",
            "--model-file",
            str(trained_signs / "model.keras"),
            "--input",
            str(photos),
            "--output",
            str(tmp_path / "out"),
        ],
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    from assignments.common.provenance import read_keras_file

    summary = read_keras_file(trained_signs / "model.keras").summary()
    with open(tmp_path / "out" / "predictions.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["file", "class", "name", "probability", "note", "model", "weights"] and len(rows) == 5
    for row in rows[1:]:
        assert row[1] in {"0", "1", "2", "3", "4", "5"} and 0 < float(row[3]) <= 1
        assert row[5] == summary and row[6] in ("trained", "BASELINE-LEVEL")  # the model's record on every row
    with Image.open(tmp_path / "out" / "predictions.png") as sheet:
        assert summary in sheet.text["Comment"]
        assert read_keras_file(trained_signs / "model.keras").to_json() == sheet.text["Provenance"]
    assert "the trained model" in captured.out and "UNTRAINED" not in captured.out
    assert f"About the model: {summary}" in captured.out  # one console line


def test_evaluate_a_saved_model(trained_signs, small_signs, tmp_path, capsys):
    code = run_main(
        main,
        [
            "evaluate",
            "--model",
            "signs",
            "--model-file",
            str(trained_signs / "model.keras"),
            "--test-data",
            str(small_signs / "test_signs.h5"),
            "--output",
            str(tmp_path),
        ],
    )
    out = capsys.readouterr().out
    assert code == 0 and "Test Accuracy = " in out and (tmp_path / "confusion_matrix.png").is_file()
    assert "Majority-class baseline on this test set: 0.1667" in out and "About the model: trained on 48 images" in out
    with Image.open(tmp_path / "confusion_matrix.png") as matrix:  # the record is the PNG's caption and text
        assert f"trained on 48 images of {small_signs / 'train_signs.h5'}, 2 epochs" in matrix.text["Comment"]


def test_predict_without_a_model_says_untrained(tmp_path, capsys):
    Image.new("RGB", (64, 64), "white").save(tmp_path / "face.png")
    code = run_main(
        main, ["predict", "--model", "happy", "--input", str(tmp_path / "face.png"), "--output", str(tmp_path / "out")]
    )
    out = capsys.readouterr().out
    assert code == 0 and "UNTRAINED WEIGHTS" in out and ("happy" in out)
    # Every output file of an untrained run says so, not only the console.
    rows = (tmp_path / "out" / "predictions.csv").read_text().splitlines()
    assert rows[0] == "file,class,name,probability,note,model,weights" and rows[1].endswith(",UNTRAINED"), rows
    with Image.open(tmp_path / "out" / "predictions.png") as sheet:
        assert "UNTRAINED WEIGHTS" in sheet.text["Comment"]
        assert sheet.convert("RGB").getpixel((2, 2)) == (200, 0, 0)  # the red banner across the top
    # A white square is no face: said beside the prediction, on the console and in the CSV.
    assert "[no face found (MTCNN)" in out and "no face found (MTCNN)" in rows[1]


def test_predict_without_input_classifies_the_sample_photos(tmp_path, capsys):
    # No --input: the model's real sample photos from the project's images/ folder.
    code = run_main(main, ["predict", "--model", "signs", "--output", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err
    rows = (tmp_path / "out" / "predictions.csv").read_text().splitlines()
    assert [row.split(",")[0].strip('"').rsplit("/", 1)[-1] for row in rows[1:]] == ["hand_2.jpg", "hand_5.jpg"]


def test_photos_with_a_face_get_no_out_of_domain_note(tmp_path, capsys):
    # The smile model's sample photos are two portraits: MTCNN finds their faces, so no note is printed.
    code = run_main(main, ["predict", "--model", "happy", "--output", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0 and "astronaut.jpg" in out and "grace_hopper.jpg" in out and "no face found" not in out


def test_a_baseline_level_model_is_called_so_at_every_prediction(tmp_path, capsys):
    """A model whose test figure is the majority class's is never shown as plainly trained."""
    import keras

    from assignments.common.classification.outputs import save_classifier
    from assignments.common.provenance import Provenance
    from assignments.happy_house import convolutional_model

    keras.utils.set_random_seed(0)
    record = Provenance(trained_on="300 generated hand signs (seed 0)", data="generated", examples=300, steps="2 epochs")
    record = record.with_figures({"accuracy on 120 test images": 1 / 6}, {"accuracy on 120 test images": 1 / 6})
    classes = {"class_names": [str(index) for index in range(6)], "model": "signs"}
    save_classifier(convolutional_model((64, 64, 3)), tmp_path / "chance.keras", record, classes)
    Image.new("RGB", (64, 64), "white").save(tmp_path / "hand.png")
    argv = ["predict", "--model", "signs", "--model-file", str(tmp_path / "chance.keras"), "--input", str(tmp_path / "hand.png")]
    assert run_main(main, [*argv, "--output", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "NO BETTER THAN THE BASELINE, do not trust its answers" in out
    with open(tmp_path / "out" / "predictions.csv", newline="") as handle:
        assert list(csv.reader(handle))[1][-1] == "BASELINE-LEVEL"
    with Image.open(tmp_path / "out" / "predictions.png") as sheet:
        assert sheet.text["Comment"].startswith("BASELINE-LEVEL MODEL") and "NO BETTER THAN THE BASELINE" in sheet.text["Comment"]


def test_the_end_of_training_calls_a_chance_level_model_so(capsys):
    from assignments.common.classification.commands import report_training
    from assignments.common.provenance import Provenance
    from assignments.happy_house.cli import TrainSettings

    test = draw_hand_signs(12, seed=1)
    record = Provenance(trained_on="12 images", data="user", steps="2 epochs").with_figures({"test": 1 / 6}, {"test": 1 / 6})
    results = {"provenance": record, "accuracy": 1 / 6, "loss": 1.8, "seconds": 2.0, "refresh_note": None}
    report_training(TrainSettings(model="signs", epochs=2), test, test, results, None)
    out = capsys.readouterr().out
    assert "Weights: trained in this run, starting from seeded random weights, but it is NO BETTER THAN THE BASELINE" in out


def test_a_loss_that_stops_being_a_number_saves_no_model(tmp_path, capsys):
    # A huge (finite) learning rate drives the loss to NaN/inf: one line, exit 2, no model.keras.
    out = tmp_path / "out"
    code = run_main(
        main,
        ["train", "--model", "signs", "--epochs", "2", "--max-images", "32", "--learning-rate", "1e30", "--output", str(out)],
    )
    error = capsys.readouterr().err
    assert code == 2 and "Training stopped: the loss became" in error, error
    assert not (out / "model.keras").exists()


def test_a_model_of_the_other_kind_is_refused(tmp_path, capsys):
    """`predict --model signs` must not run a happy model: its output shape (one sigmoid unit) tells."""
    import keras

    from assignments.happy_house import happyModel

    keras.utils.set_random_seed(0)
    happyModel().save(tmp_path / "happy.keras")
    Image.new("RGB", (64, 64), "white").save(tmp_path / "face.png")
    argv = [
        "predict",
        "--model",
        "signs",
        "--model-file",
        str(tmp_path / "happy.keras"),
        "--input",
        str(tmp_path / "face.png"),
        "--output",
        str(tmp_path / "out"),
    ]
    one_line_error(
        capsys,
        argv,
        expected="has one yes/no (sigmoid) output, but the signs model (convolutional_model) has one output per class",
    )
    # With the classes.json that 'train' writes beside it, the model it was trained as is named.
    (tmp_path / "happy.classes.json").write_text(json.dumps({"class_names": ["0", "1"], "model": "happy"}))
    one_line_error(capsys, argv, expected="was trained as the 'happy' model, not 'signs'")
    assert not (tmp_path / "out").exists()


def test_generate_writes_course_schema_files(tmp_path, capsys):
    assert (
        run_main(main, ["generate", "--model", "happy", "--train-size", "6", "--test-size", "4", "--output", str(tmp_path)]) == 0
    )
    import h5py

    with h5py.File(tmp_path / "train_happy.h5", "r") as handle:
        assert handle["train_set_x"].shape == (6, 64, 64, 3) and handle["list_classes"][()].tolist() == [0, 1]
    with h5py.File(tmp_path / "test_happy.h5", "r") as handle:
        assert handle["test_set_x"].shape == (4, 64, 64, 3)


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "never"
    one_line_error(capsys, ["train", "--model", "signs", "--epochs", "0"], expected="--epochs: expected a whole number > 0")
    one_line_error(capsys, ["train", "--model", "smile"], expected="invalid choice")
    one_line_error(capsys, ["train", "--model", "signs", "--data", "missing/", "--output", str(out)], expected="does not exist")
    (tmp_path / "bad.h5").write_bytes(b"\x00" * 100)
    one_line_error(
        capsys, ["train", "--model", "signs", "--data", "bad.h5", "--output", str(out)], expected="not a readable HDF5 file"
    )
    (tmp_path / "empty").mkdir()
    one_line_error(capsys, ["predict", "--model", "signs", "--input", "empty", "--output", str(out)], expected="has no images")
    (tmp_path / "fake.jpg").write_bytes(b"GIF89a but broken")
    one_line_error(capsys, ["predict", "--model", "signs", "--input", "fake.jpg", "--output", str(out)], expected="fake.jpg")
    Image.new("RGB", (8, 8)).save(tmp_path / "ok.png")
    one_line_error(
        capsys,
        ["predict", "--model", "signs", "--model-file", "nope.keras", "--input", "ok.png", "--output", str(out)],
        expected="does not exist",
    )
    (tmp_path / "model.h5").write_bytes(b"x")
    one_line_error(
        capsys,
        ["predict", "--model", "signs", "--model-file", "model.h5", "--input", "ok.png", "--output", str(out)],
        expected="not a .keras file",
    )
    (tmp_path / "broken.keras").write_bytes(b"PK\x03\x04 not a zip")
    one_line_error(
        capsys,
        ["predict", "--model", "signs", "--model-file", "broken.keras", "--input", "ok.png", "--output", str(out)],
        expected="not a Keras model archive",
    )
    assert not out.exists()


def test_class_mismatches_are_explained(tmp_path, capsys):
    three = tmp_path / "three"
    for name in ("a", "b", "c"):
        (three / name).mkdir(parents=True)
        for index in range(2):
            Image.new("RGB", (20, 20), (index * 90, 10, 10)).save(three / name / f"{index}.png")
    one_line_error(
        capsys, ["train", "--model", "happy", "--data", str(three), "--output", str(tmp_path / "o")], expected="use --model signs"
    )
    write_h5_split(tmp_path / "test_signs.h5", "test", draw_hand_signs(6, seed=0))
    one_line_error(
        capsys,
        [
            "train",
            "--model",
            "signs",
            "--data",
            str(three),
            "--test-data",
            str(tmp_path / "test_signs.h5"),
            "--output",
            str(tmp_path / "o"),
        ],
        expected="training classes ['a', 'b', 'c'] and the test classes",
    )
    assert not (tmp_path / "o").exists()


def test_generated_faces_are_learnable_by_happy_model():
    """HappyModel on 600 generated faces for 4 epochs: test accuracy well above the 50% of guessing."""
    import keras

    from assignments.common.classification.pipeline import make_dataset
    from assignments.common.classification.training import compile_model
    from assignments.happy_house import happyModel

    keras.utils.set_random_seed(0)
    model = compile_model(happyModel(), 2, 0.001)
    train, test = draw_happy_faces(600, seed=0), draw_happy_faces(100, seed=1)
    model.fit(make_dataset(train, 16, shuffle=True, seed=0), epochs=4, shuffle=False, verbose=0)
    accuracy = model.evaluate(make_dataset(test, 50, shuffle=False, seed=0), verbose=0, return_dict=True)["accuracy"]
    assert accuracy > 0.75, f"HappyModel reached only {accuracy:.2f} on generated faces"
