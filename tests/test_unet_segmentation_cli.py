"""U-Net week: the main script as a user runs it.

One short training run (a small U-Net: 8 filters at 48x64, 48 generated scenes, 6 epochs) is shared by
the tests: its outputs, its validation accuracy against the majority-class baseline (measured here from
the saved model and the validation masks), --resume, predict on the user's images, and bad input.
"""

from __future__ import annotations

import csv
import shutil

import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

from assignments.common.cli import run_main
from assignments.unet_segmentation.__main__ import main
from assignments.unet_segmentation.data import find_pairs, split_pairs
from assignments.unet_segmentation.pipeline import make_dataset
from assignments.unet_segmentation.synthetic import write_synthetic_dataset

SMALL = ["--n-filters", "8", "--image-size", "48", "64", "--scenes", "48", "--batch-size", "4", "--learning-rate", "0.003"]


def run(arguments, cwd, extra_env=None):
    return run_module("assignments.unet_segmentation", arguments, cwd=cwd, extra_env=extra_env)


@pytest.fixture(scope="module")
def scenes(tmp_path_factory):
    """The 48 scenes the small run trained on (seed 0): generated again, as they are not kept in --output."""
    return write_synthetic_dataset(tmp_path_factory.mktemp("unet_scenes") / "scenes", count=48, seed=0)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A finished small training run: (working folder, output folder, stdout)."""
    folder = tmp_path_factory.mktemp("unet_cli")
    result = run(["train", *SMALL, "--epochs", "6", "--output", "run"], folder)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder, folder / "run", result.stdout


def test_train_writes_the_model_curves_and_predictions(trained):
    _, output, stdout = trained
    for name in ("best_model.keras", "training_curves.png", "predictions.png", "history.csv", "checkpoint/last.keras"):
        assert (output / name).is_file(), name
    for name in ("training_curves.png", "predictions.png"):
        with Image.open(output / name) as image:
            assert image.width > 300 and image.height > 200
    with open(output / "history.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6 and {"loss", "accuracy", "mean_iou", "val_loss", "val_accuracy", "val_mean_iou"} <= set(rows[0])
    assert "generated road scenes" in stdout and "not pretrained" in stdout and "Wrote:" in stdout
    # The folder's lock file stays (empty); no temporary is left behind, and the scenes are not kept here.
    assert [path.name for path in output.rglob(".*")] == [".lock"]
    assert not (output / "synthetic_scenes").exists() and "removed at the end of the run" in stdout
    assert "for 6 epoch(s) at the current speed; --epochs, --scenes or --image-size to shorten" in stdout
    assert "\r" not in stdout  # not a terminal: Keras prints one line per epoch, no redrawn bar


def test_the_saved_model_carries_its_provenance(trained):
    from assignments.common.provenance import read_keras_file

    _, output, stdout = trained
    record = read_keras_file(output / "best_model.keras")
    assert record.data == "generated" and record.examples == 38 and record.steps.endswith("epoch(s)")
    assert "of 48 generated road scenes (seed 0)" in record.trained_on
    assert set(record.figures) == {"validation pixel accuracy", "validation mean IoU"} == set(record.baselines)
    assert not record.at_baseline() and record.label() == "trained"
    assert f"Model: {record.summary()}" in stdout


def test_short_training_beats_the_majority_class_baseline(trained, scenes):
    """Validation pixel accuracy of the saved best model, measured here, against always guessing the most common class."""
    import keras

    _, output, _ = trained
    _, validation = split_pairs(find_pairs(scenes), 0.2, seed=0)
    model = keras.models.load_model(output / "best_model.keras", compile=False)
    correct = total = 0
    counts = np.zeros(23, dtype=np.int64)
    for images, masks in make_dataset(validation, (48, 64), batch_size=16):
        predicted = np.argmax(model.predict(images, verbose=0), axis=-1)
        truth = masks.numpy()[..., 0]
        correct += int(np.sum(predicted == truth))
        total += truth.size
        counts += np.bincount(truth.ravel(), minlength=23)
    accuracy, baseline = correct / total, counts.max() / counts.sum()
    assert accuracy > baseline + 0.05, f"validation pixel accuracy {accuracy:.4f} vs majority-class baseline {baseline:.4f}"


def test_resume_continues_without_losing_epochs(trained, tmp_path, capsys, monkeypatch):
    folder, output, _ = trained
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    shutil.copytree(output, tmp_path / "run")
    with open(output / "history.csv") as handle:
        before = list(csv.DictReader(handle))
    assert run_main(main, ["train", *SMALL, "--epochs", "7", "--output", "run", "--resume"]) == 0
    stdout = capsys.readouterr().out
    assert "Resuming from" in stdout and "6 epoch(s) done" in stdout and "Epoch 7/7" in stdout
    assert "Epoch 1/7" not in stdout
    with open(tmp_path / "run" / "history.csv") as handle:
        after = list(csv.DictReader(handle))
    assert len(after) == 7 and after[:6] == before
    # Other settings than the interrupted run's are refused in one line.
    error = _bad_run(["train", *SMALL[:2], "--epochs", "8", "--output", "run", "--resume"], capsys)
    assert "image_size was [48, 64], now [96, 128]" in error


def test_predict_writes_masks_overlays_and_fractions(trained, scenes, tmp_path, capsys):
    _, output, _ = trained
    photos = tmp_path / "photos"
    photos.mkdir()
    scene = Image.open(next((scenes / "CameraRGB").iterdir()))
    scene.save(photos / "street.png")
    scene.convert("RGBA").resize((101, 77)).save(photos / "odd_size.png")  # alpha, size not a multiple of 16
    scene.convert("L").save(photos / "gray.jpg")
    argv = [
        "predict",
        "--model-file",
        str(output / "best_model.keras"),
        "--input",
        str(photos),
        "--output",
        str(tmp_path / "pred"),
    ]
    assert run_main(main, argv) == 0
    stdout = capsys.readouterr().out
    for stem, size in (("street", scene.size), ("odd_size", (101, 77)), ("gray", scene.size)):
        with Image.open(tmp_path / "pred" / f"{stem}_mask.png") as image:
            assert image.size == size and image.mode == "RGB"
        with Image.open(tmp_path / "pred" / f"{stem}_overlay.png") as image:  # the provenance caption below it
            assert image.width == size[0] and image.height > size[1] and image.mode == "RGB"
    with open(tmp_path / "pred" / "class_fractions.csv") as handle:
        comment = handle.readline()
        rows = list(csv.reader(handle))
    assert comment.startswith("# model: trained on 38 training images of 48 generated road scenes")
    assert rows[0][:2] == ["image", "unlabeled"] and len(rows[0]) == 24 and len(rows) == 4
    for row in rows[1:]:
        assert abs(sum(float(value) for value in row[1:]) - 1.0) < 1e-4
    assert "street.png:" in stdout and "sky" in stdout and comment[len("# model: ") :].strip() in stdout


def test_predict_with_hostile_names_writes_everything_together(trained, scenes, tmp_path, capsys):
    """A 250-character file name (its `_overlay.png` would not fit) and a name a spreadsheet would run as a formula."""
    _, output, _ = trained
    photos = tmp_path / "photos"
    photos.mkdir()
    scene = Image.open(next((scenes / "CameraRGB").iterdir())).resize((64, 48))
    long_name = "street-" * 34 + "view.png"  # 250 characters
    scene.save(photos / long_name)
    scene.save(photos / "=HYPERLINK(1).png")
    out = tmp_path / "pred"
    assert (
        run_main(
            main, ["predict", "--model-file", str(output / "best_model.keras"), "--input", str(photos), "--output", str(out)]
        )
        == 0
    )
    written = sorted(path.name for path in out.iterdir())
    assert len(written) == 6 and written[0] == ".lock" and "class_fractions.csv" in written  # no staging folder left
    assert all(len(name.encode()) <= 255 for name in written)
    with open(out / "class_fractions.csv", encoding="utf-8") as handle:
        handle.readline()
        cells = [row[0] for row in csv.reader(handle)][1:]
    assert any(cell.endswith("=HYPERLINK(1).png") for cell in cells) and any(cell.endswith(long_name) for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_class_fractions_cells_from_file_names_are_neutralised(tmp_path):
    from assignments.common.provenance import Provenance
    from assignments.unet_segmentation.outputs import write_class_fractions

    path = write_class_fractions(tmp_path / "f.csv", [["=HYPERLINK(1).png", "1.0"]], 1, Provenance.untrained())
    assert path.read_text().splitlines()[1:] == ["image,unlabeled", "'=HYPERLINK(1).png,1.0"]


def test_predict_refuses_a_model_with_nan_weights(trained, tmp_path, capsys):
    import keras

    _, output, _ = trained
    model = keras.models.load_model(output / "best_model.keras", compile=False)
    model.layers[-1].kernel.assign(np.full(model.layers[-1].kernel.shape, np.nan, dtype="float32"))
    model.save(tmp_path / "nan.keras")
    Image.new("RGB", (32, 32)).save(tmp_path / "photo.png")
    error = _bad_run(
        [
            "predict",
            "--model-file",
            str(tmp_path / "nan.keras"),
            "--input",
            str(tmp_path / "photo.png"),
            "--output",
            str(tmp_path / "o"),
        ],
        capsys,
    )
    assert "are not all finite numbers" in error and not (tmp_path / "o").exists()


def test_a_second_training_on_the_same_folder_is_refused(tmp_path, capsys, monkeypatch):
    from assignments.common.locking import exclusive

    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    monkeypatch.setenv("DLS_LOCK_WAIT_S", "0.2")
    with exclusive(tmp_path / "run", "the output folder"):
        error = _bad_run(["train", *SMALL, "--epochs", "1", "--output", str(tmp_path / "run")], capsys)
    assert "Another run is writing the output folder" in error
    assert sorted(path.name for path in (tmp_path / "run").iterdir()) == [".lock"]


@pytest.mark.needs_data
def test_predict_on_a_real_carla_frame(trained, course_file, tmp_path, capsys):
    _, output, _ = trained
    frame = course_file("unet_segmentation", "lyft_carla_samples") / "CameraRGB" / "val_1.png"
    code = run_main(
        main,
        ["predict", "--model-file", str(output / "best_model.keras"), "--input", str(frame), "--output", str(tmp_path / "pred")],
    )
    assert code == 0
    with Image.open(tmp_path / "pred" / "val_1_mask.png") as mask:
        assert mask.size == (800, 600)
    assert "val_1.png:" in capsys.readouterr().out


def _scenes_copy(scenes, target):
    shutil.copytree(scenes, target)
    return target


def _bad_run(argv, capsys):
    code = run_main(main, argv)
    error = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in error and error.startswith("error: ") and "Traceback" not in error, error
    return error


def test_bad_training_data_is_one_line_and_writes_nothing(scenes, tmp_path, capsys):
    data = _scenes_copy(scenes, tmp_path / "data")
    out = tmp_path / "out"
    train = ["train", "--output", str(out), "--data", str(data), "--epochs", "1"]
    (data / "CameraMask" / "scene_0005.png").rename(data / "CameraMask" / "scene_x.png")
    assert "scene_0005.png" in _bad_run(train, capsys) and "scene_x.png" in _bad_run(train, capsys)
    (data / "CameraMask" / "scene_x.png").rename(data / "CameraMask" / "scene_0005.png")
    Image.fromarray(np.full((240, 320, 3), (40, 0, 0), dtype=np.uint8)).save(data / "CameraMask" / "scene_0007.png")
    assert "class id 40" in _bad_run(train, capsys)
    (data / "CameraRGB" / "scene_0003.png").write_bytes(b"not an image")
    assert "scene_0003.png' is not a readable image" in _bad_run([*train, "--n-classes", "50"], capsys)
    (tmp_path / "empty" / "CameraRGB").mkdir(parents=True)
    (tmp_path / "empty" / "CameraSeg").mkdir()
    assert "has no PNG/JPEG images" in _bad_run(["train", "--output", str(out), "--data", str(tmp_path / "empty")], capsys)
    assert "not divisible by 16" in _bad_run(["train", "--output", str(out), "--image-size", "100", "128"], capsys)
    assert "found no checkpoint" in _bad_run(["train", "--output", str(out), "--resume"], capsys)
    assert not out.exists()


def test_bad_predict_input_is_one_line_and_writes_nothing(trained, tmp_path, capsys):
    _, output, _ = trained
    out = tmp_path / "out"
    photos = tmp_path / "photos"
    photos.mkdir()
    Image.new("RGB", (20, 20)).save(photos / "fine.png")
    (photos / "broken.jpg").write_bytes(b"\xff\xd8\xff garbage")
    model = str(output / "best_model.keras")
    assert "broken.jpg" in _bad_run(["predict", "--model-file", model, "--input", str(photos), "--output", str(out)], capsys)
    assert "does not exist" in _bad_run(
        ["predict", "--model-file", model, "--input", str(tmp_path / "no"), "--output", str(out)], capsys
    )
    (photos / "broken.jpg").unlink()
    (tmp_path / "model.keras").write_bytes(b"not a zip")
    assert "is not a Keras model archive" in _bad_run(
        ["predict", "--model-file", str(tmp_path / "model.keras"), "--input", str(photos), "--output", str(out)], capsys
    )
    assert not out.exists()


def test_bad_flag_is_one_line_exit_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--epochs", "0"])
    error = capsys.readouterr().err
    assert exit_info.value.code == 2 and error.count("\n") == 1 and "--epochs" in error and "whole number > 0" in error
    assert not (tmp_path / "out").exists()
