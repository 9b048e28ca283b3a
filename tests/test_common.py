"""The shared plumbing: one-line CLI errors, data lookup, atomic writes, image loading, grading messages."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import grading
import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

from assignments import WEEKS
from assignments.common import cli, data, files, images, weights
from assignments.common.errors import UserError

REPO = Path(__file__).resolve().parent.parent


def run_assignments(*arguments: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    return run_module("assignments", arguments, cwd=REPO, data_dir=data_dir)


# --- CLI ------------------------------------------------------------------------------------------
def test_run_main_turns_user_error_into_one_line_and_exit_2(capsys):
    def main(argv):
        raise UserError("The names file 'x.txt' does not exist: check the path.")

    assert cli.run_main(main, []) == 2
    err = capsys.readouterr().err
    assert err == "error: The names file 'x.txt' does not exist: check the path.\n"


def test_argument_parser_error_is_one_line(capsys):
    parser = cli.ArgumentParser(prog="prog")
    parser.add_argument("--count", type=cli.positive_int)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["--count", "-3"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "expected a whole number > 0, got -3" in err


@pytest.mark.parametrize(
    "parse, text, ok",
    [
        (cli.positive_int, "3", True),
        (cli.positive_int, "0", False),
        (cli.non_negative_int, "0", True),
        (cli.non_negative_int, "x", False),
        (cli.positive_float, "0.5", True),
        (cli.positive_float, "0", False),
        (cli.probability, "1", True),
        (cli.probability, "1.5", False),
    ],
)
def test_argument_types(parse, text, ok):
    import argparse

    if ok:
        parse(text)
    else:
        with pytest.raises(argparse.ArgumentTypeError):
            parse(text)


# --- registry and `python -m assignments` ------------------------------------------------------------
def test_registry_lists_the_weeks_in_course_order():
    assert list(WEEKS) == [
        "python_basics",
        "logistic_regression",
        "planar_data",
        "deep_nn_step_by_step",
        "deep_nn_application",
        "initialization",
        "regularization",
        "gradient_checking",
        "optimization_methods",
        "tensorflow_introduction",
        "convolution_step_by_step",
        "happy_house",
        "resnet50",
        "transfer_learning_mobilenet",
        "car_detection",
        "unet_segmentation",
        "face_recognition",
        "style_transfer",
        "rnn_step_by_step",
        "dinosaur_island",
        "neural_machine_translation",
        "transformer",
    ]
    # Each week declares itself once, in its own week.py; the registry holds those very objects.
    from assignments.dinosaur_island.week import WEEK

    assert WEEKS["dinosaur_island"] is WEEK
    assert all(week.graded for week in WEEKS.values())


def test_list_and_data_commands(tmp_path):
    listed = run_assignments("list")
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^dinosaur_island +C5W1A2 +Dinosaur Island", listed.stdout, re.MULTILINE)
    (tmp_path / "dinosaur_island").mkdir()
    (tmp_path / "dinosaur_island" / "dinos.txt").write_text("abc\n")
    shown = run_assignments("data", data_dir=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert f"found    dinos.txt  ({tmp_path / 'dinosaur_island' / 'dinos.txt'})" in shown.stdout
    assert "missing  test_happy.h5" in shown.stdout


def test_unknown_command_is_one_line():
    result = run_assignments("frobnicate")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "invalid choice" in result.stderr


# --- data lookup -----------------------------------------------------------------------------------------
def test_data_lookup_order(tmp_path, monkeypatch):
    monkeypatch.setenv("DLS_DATA_DIR", str(tmp_path))
    assert data.find_course_file("dinosaur_island", "dinos.txt") is None
    (tmp_path / "dinosaur_island").mkdir()
    course = tmp_path / "dinosaur_island" / "dinos.txt"
    course.write_text("a\n")
    assert data.resolve_data_file("dinosaur_island", "dinos.txt") == course
    mine = tmp_path / "mine.txt"
    mine.write_text("b\n")
    assert data.resolve_data_file("dinosaur_island", "dinos.txt", explicit=mine) == mine
    with pytest.raises(UserError, match="does not exist"):
        data.resolve_data_file("dinosaur_island", "dinos.txt", explicit=tmp_path / "nope.txt")
    monkeypatch.delenv("DLS_DATA_DIR")
    assert data.find_course_file("dinosaur_island", "dinos.txt") is None


# --- atomic writes ---------------------------------------------------------------------------------------
def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "result.txt"
    with pytest.raises(RuntimeError):
        with files.atomic_path(target) as temporary:
            temporary.write_text("half")
            raise RuntimeError("crash while writing")
    assert list(tmp_path.iterdir()) == []
    files.write_text_atomic(target, "whole")
    assert target.read_text() == "whole" and list(tmp_path.iterdir()) == [target]


def test_atomic_writes_get_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        written = files.write_text_atomic(tmp_path / "shared.txt", "x")
    finally:
        os.umask(umask)
    assert written.stat().st_mode & 0o777 == 0o644


def test_output_dir_that_is_a_file(tmp_path):
    occupied = tmp_path / "out"
    occupied.write_text("")
    with pytest.raises(UserError, match="is a file, not a folder"):
        files.ensure_output_dir(occupied)


# --- images ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA", "P", "CMYK", "I;16", "1"])
def test_load_rgb_image_accepts_every_mode(tmp_path, mode):
    source = Image.new("RGB", (8, 6), (200, 100, 50))
    if mode == "I;16":
        image = Image.fromarray(np.full((6, 8), 40000, dtype=np.uint16))
    else:
        image = source.convert(mode)
    suffix = ".tif" if mode == "CMYK" else ".png"
    path = tmp_path / f"image{suffix}"
    image.save(path)
    loaded = images.load_rgb_image(path)
    assert loaded.mode == "RGB" and loaded.size == (8, 6)
    if mode == "I;16":
        # 40000 / 65535 of full scale, not clipped to white.
        assert abs(int(np.asarray(loaded)[0, 0, 0]) - round(40000 / 65535 * 255)) <= 1


def test_load_rgb_image_applies_exif_rotation(tmp_path):
    image = Image.new("RGB", (10, 4), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    path = tmp_path / "rotated.jpg"
    image.save(path, exif=exif)
    assert images.load_rgb_image(path).size == (4, 10)


@pytest.mark.parametrize(
    "content, message",
    [(b"this is not an image", "is not an image"), (None, "does not exist")],
)
def test_load_rgb_image_bad_files(tmp_path, content, message):
    path = tmp_path / "photo.jpg"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        images.load_rgb_image(path)


def test_truncated_image(tmp_path):
    path = tmp_path / "cut.png"
    Image.new("RGB", (64, 64), "blue").save(path)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(UserError, match="damaged or truncated"):
        images.load_rgb_image(path)


def test_list_images(tmp_path):
    with pytest.raises(UserError, match="has no images"):
        images.list_images(tmp_path)
    Image.new("RGB", (4, 4)).save(tmp_path / "b.png")
    Image.new("RGB", (4, 4)).save(tmp_path / "a.JPG")
    (tmp_path / "notes.txt").write_text("x")
    assert [path.name for path in images.list_images(tmp_path)] == ["a.JPG", "b.png"]


def test_save_image_round_trip(tmp_path):
    array = np.linspace(0, 1, 4 * 5 * 3, dtype=np.float32).reshape(4, 5, 3)
    path = images.save_image(array, tmp_path / "x.png")
    assert np.abs(np.asarray(Image.open(path)) / 255.0 - array).max() <= 0.5 / 255 + 1e-6


# --- weights -----------------------------------------------------------------------------------------------
def test_resolve_weights(tmp_path):
    assert weights.resolve_weights(None) is None
    with pytest.raises(UserError, match="does not exist"):
        weights.resolve_weights(tmp_path / "missing.h5")
    present = tmp_path / "w.h5"
    present.write_bytes(b"12345")
    assert weights.resolve_weights(str(present)) == present
    cached = weights.converted_cache_path(present, "test")
    assert cached.name.startswith("test-") and cached.name.endswith(".weights.h5")


def test_download_offline_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    unreachable = weights.WeightsFile(
        key="demo", url="http://127.0.0.1:9/nothing.h5", file_name="nothing.h5", file_hash=None, description="demo weights"
    )
    with pytest.raises(UserError, match="Could not download the demo weights") as error:
        weights.resolve_weights("demo", unreachable)
    assert "--weights" in str(error.value)


# --- grading messages ----------------------------------------------------------------------------------------
def test_assert_close_message_names_the_worst_entry():
    with pytest.raises(AssertionError) as error:
        grading.assert_close("scores", [1.0, 2.0, 3.0], [1.0, 2.5, 3.0])
    assert "worst difference 0.5 at index (1,)" in str(error.value)
    grading.assert_close("scores", [1.0, 2.0], [1.0, 2.0 + 1e-9])
    with pytest.raises(AssertionError, match="expected shape"):
        grading.assert_close("scores", [1.0], [1.0, 2.0])


def test_assert_summary_reports_first_differing_layer():
    expected = [["InputLayer", [(None, 4)], 0], ["Dense", (None, 2), 10, "relu"]]
    grading.assert_summary([["InputLayer", (None, 4), 0], ["Dense", (None, 2), 10, "relu"]], expected)
    with pytest.raises(AssertionError) as error:
        grading.assert_summary([["InputLayer", (None, 4), 0], ["Dense", (None, 2), 10, "sigmoid"]], expected)
    assert "layer 1 differs in its activation" in str(error.value)
    with pytest.raises(AssertionError, match="expected 2 layers, got 1"):
        grading.assert_summary([["InputLayer", (None, 4), 0]], expected)


def test_summarize_model_matches_course_format():
    import keras

    inputs = keras.Input((8, 8, 3))
    hidden = keras.layers.ZeroPadding2D((1, 1))(inputs)
    hidden = keras.layers.Conv2D(2, 3, padding="valid")(hidden)
    hidden = keras.layers.MaxPooling2D(2)(hidden)
    hidden = keras.layers.Dropout(0.25)(hidden)
    outputs = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Flatten()(hidden))
    rows = grading.summarize_model(keras.Model(inputs, outputs))
    grading.assert_summary(
        rows,
        [
            ["InputLayer", [(None, 8, 8, 3)], 0],
            ["ZeroPadding2D", (None, 10, 10, 3), 0, ((1, 1), (1, 1))],
            ["Conv2D", (None, 8, 8, 2), 56, "valid", "linear", "GlorotUniform"],
            ["MaxPooling2D", (None, 4, 4, 2), 0, (2, 2), (2, 2), "valid"],
            ["Dropout", (None, 4, 4, 2), 0, 0.25],
            ["Flatten", (None, 32), 0],
            ["Dense", (None, 1), 33, "sigmoid"],
        ],
    )


def test_atomic_path_keeps_every_suffix_and_stale_temporaries_are_found(tmp_path):
    target = tmp_path / "yolo.weights.h5"
    with files.atomic_path(target) as temporary:
        assert temporary.name.startswith(".yolo.") and temporary.name.endswith(".weights.h5")
        temporary.write_bytes(b"x")
    leftover = tmp_path / ".yolo.tmp-abc123.weights.h5"  # as a run killed mid-write leaves it
    leftover.write_bytes(b"half")
    unrelated = tmp_path / ".other.tmp-abc123.weights.h5"
    unrelated.write_bytes(b"keep")
    files.remove_stale_temporaries(target)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".other.tmp-abc123.weights.h5", "yolo.weights.h5"]


def test_data_command_hints_when_dls_data_dir_points_at_nothing(tmp_path):
    from cli_runner import run_module

    for target, hint in ((tmp_path / "missing", "is not a folder"), (tmp_path, "has none of the week folders")):
        completed = run_module("assignments", ["data"], cwd=tmp_path, data_dir=target)
        assert completed.returncode == 0 and hint in completed.stdout, completed.stdout[:500]
