"""Car detection main script: a smoke run as a new user would do it, folders, the tiny Darknet network, bad input."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from car_detection_helpers import write_tiny
from cli_runner import run_module
from decompression_bomb import write_bomb_png
from PIL import Image

from assignments.car_detection import commands
from assignments.car_detection.__main__ import main
from assignments.common.cli import run_main


def run_cli(arguments, cwd: Path, data_dir: str | None = None) -> subprocess.CompletedProcess:
    return run_module("assignments.car_detection", arguments, cwd=cwd, data_dir=data_dir or None)


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_default_run_on_a_fresh_machine(tmp_path):
    """No DLS_DATA_DIR, no weights: a generated scene, untrained weights said everywhere, image + CSV written."""
    result = run_cli(["--input-size", "128", "--score-threshold", "0", "--max-boxes", "3"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert "generated" in result.stdout and "UNTRAINED" in result.stdout
    assert "Found 3 boxes" in result.stdout and "out/car_detection/detections.csv" in result.stdout
    assert "\nUNTRAINED (seeded random weights, seed 0): its outputs are meaningless.\n" in result.stdout
    image = Image.open(tmp_path / "out" / "car_detection" / "generated_road_scene.png")
    assert image.width == 1280 and 720 < image.height < 800  # the scene, and the caption band below it
    rows = read_rows(tmp_path / "out" / "car_detection" / "detections.csv")
    assert len(rows) == 3 and {row["weights"] for row in rows} == {"UNTRAINED"}
    assert list(rows[0]) == ["file", "class", "score", "x1", "y1", "x2", "y2", "weights", "provenance"]
    assert {row["provenance"] for row in rows} == {"UNTRAINED (seeded random weights, seed 0): its outputs are meaningless"}
    pixels = np.asarray(image.convert("RGB"))
    banner = pixels[2:6, 2:6]  # the red UNTRAINED banner across the top-left
    assert (banner == (200, 0, 0)).all(axis=-1).any()
    assert (pixels[-2, :4] == (200, 0, 0)).all()  # the caption below the scene is red too: a warning


def test_a_file_name_that_is_not_utf8_is_written_losslessly(tmp_path):
    """Names are bytes on Linux: a Latin-1 café.png must not crash the CSV writer after the images are saved."""
    photos = tmp_path / "photos"
    photos.mkdir()
    latin1_name = os.fsdecode(b"caf\xe9.png")  # 'caf\udce9.png': not valid UTF-8
    Image.new("RGB", (64, 48), "blue").save(photos / latin1_name)
    result = run_cli(["--input", photos, "--input-size", "64", "--score-threshold", "0", "--max-boxes", "2"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert "caf\\xe9.png" in result.stdout  # shown escaped on the console
    output = tmp_path / "out" / "car_detection"
    assert os.fsencode(latin1_name) in [os.fsencode(path.name) for path in output.iterdir()]  # the image, same bytes
    table = (output / "detections.csv").read_bytes()
    assert table.count(b"\ncaf\xe9.png,") == 2  # the CSV names the file with its own bytes, both boxes
    with open(output / "detections.csv", newline="", encoding="utf-8", errors="surrogateescape") as handle:
        assert {row["file"] for row in csv.DictReader(handle)} == {latin1_name}


def test_bad_flag_is_one_line_without_tensorflow(tmp_path):
    result = run_cli(["--score-threshold", "1.5"], tmp_path)

    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "between 0 and 1" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def make_folder(folder: Path) -> None:
    folder.mkdir()
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (90, 160, 3), dtype=np.uint8)).save(folder / "a.jpg")
    Image.fromarray(rng.integers(0, 256, (50, 40, 4), dtype=np.uint8), "RGBA").save(folder / "a.png")
    Image.fromarray(rng.integers(0, 256, (70, 70), dtype=np.uint8), "L").save(folder / "gray.bmp")
    (folder / "notes.txt").write_text("not an image")


NAMES = ["a.png", "a_png.png", "detections.csv", "gray.png"]  # <stem>.png; a.jpg and a.png both want a.png


@pytest.mark.parametrize("batch_size", ["1", "2"])
def test_folder_with_the_tiny_darknet_network(tmp_path, monkeypatch, capsys, batch_size):
    """Every image in a folder, any format and size, through converted Darknet weights; boxes in each image's pixels."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    make_folder(tmp_path / "photos")
    cfg, weights, _ = write_tiny(tmp_path)
    (tmp_path / "two.txt").write_text("cat\ndog\n")
    (tmp_path / "three.txt").write_text("1,1, 2,2, 3,3\n")
    arguments = [
        "--input",
        str(tmp_path / "photos"),
        "--output",
        str(tmp_path / "out"),
        "--cfg",
        str(cfg),
        "--weights",
        str(weights),
        "--classes",
        str(tmp_path / "two.txt"),
        "--anchors",
        str(tmp_path / "three.txt"),
        "--input-size",
        "64",
        "--score-threshold",
        "0",
        "--max-boxes",
        "2",
        "--batch-size",
        batch_size,
        "--resize",
        "letterbox",
    ]
    assert run_main(main, arguments) == 0
    printed = capsys.readouterr().out

    assert "Darknet weights" in printed and "UNTRAINED" not in printed
    assert f"Pretrained weights: YOLOv2 Darknet weights {tmp_path / 'tiny.weights'}." in printed
    assert sorted(path.name for path in (tmp_path / "out").iterdir() if not path.name.startswith(".")) == NAMES
    assert [path.name for path in (tmp_path / "out").iterdir() if path.name.startswith(".")] == [".lock"]  # no debris
    rows = read_rows(tmp_path / "out" / "detections.csv")
    assert len(rows) == 6 and {row["weights"] for row in rows} == {"pretrained"}
    assert {row["provenance"] for row in rows} == {f"pretrained weights: YOLOv2 Darknet weights {tmp_path / 'tiny.weights'}"}
    assert "UNTRAINED" not in (tmp_path / "out" / "detections.csv").read_text()
    sizes = {"a.jpg": (160, 90), "a.png": (40, 50), "gray.bmp": (70, 70)}
    for row in rows:
        width, height = sizes[row["file"]]
        assert row["class"] in ("cat", "dog")
        assert 0 <= int(row["x1"]) <= int(row["x2"]) <= width and 0 <= int(row["y1"]) <= int(row["y2"]) <= height
    annotated = Image.open(tmp_path / "out" / "a_png.png")  # a.png's: 40x50, and the caption below it
    assert annotated.width == 40 and annotated.height > 50
    assert (np.asarray(annotated.convert("RGB"))[-2, 0] == (40, 40, 40)).all()  # grey: pretrained, no warning


@pytest.mark.parametrize(
    "case, extra, message",
    [
        ("corrupt image", ["--input", "{tmp}/broken.jpg"], "damaged or truncated"),
        ("not an image", ["--input", "{tmp}/classes3.txt"], "not an image Pillow can read"),
        ("folder without images", ["--input", "{tmp}/empty"], "has no images"),
        ("missing input", ["--input", "{tmp}/nowhere.jpg"], "does not exist"),
        ("decompression bomb", ["--input", "{tmp}/bomb.png"], r"is 30000x30000 pixels .* the limit is"),
        (
            "wrong-size weights",
            [
                "--input",
                "{tmp}/ok.png",
                "--weights",
                "{tmp}/short.weights",
                "--cfg",
                "{tmp}/tiny.cfg",
                "--classes",
                "{tmp}/classes2.txt",
                "--anchors",
                "{tmp}/anchors3.txt",
                "--input-size",
                "64",
            ],
            "bytes but this network needs",
        ),
        (
            "unsupported cfg",
            [
                "--input",
                "{tmp}/ok.png",
                "--cfg",
                "{tmp}/shortcut.cfg",
                "--classes",
                "{tmp}/classes2.txt",
                "--anchors",
                "{tmp}/anchors3.txt",
                "--input-size",
                "64",
            ],
            r"\[shortcut\]",
        ),
        (
            "classes count != cfg",
            [
                "--input",
                "{tmp}/ok.png",
                "--cfg",
                "{tmp}/tiny.cfg",
                "--classes",
                "{tmp}/classes3.txt",
                "--anchors",
                "{tmp}/anchors3.txt",
                "--input-size",
                "64",
            ],
            "2 classes but the classes file has 3 names",
        ),
        ("missing weights", ["--input", "{tmp}/ok.png", "--weights", "{tmp}/yolo.h5"], "does not exist"),
        ("threshold > 1", ["--iou-threshold", "2"], "between 0 and 1"),
        ("negative threshold", ["--score-threshold=-0.1"], "between 0 and 1"),
        ("max-boxes 0", ["--max-boxes", "0"], "whole number > 0"),
        ("input size not /32", ["--input-size", "100"], "multiples of 32"),
        ("absurd input size", ["--input-size", "32000"], "at most 4096"),
        (
            "more memory than there is",
            ["--input", "{tmp}/ok.png", "--input-size", "4096"],
            r"needs about 18\.8 GB .* 1\.0 GB are available",
        ),
        ("both NMS flags", ["--class-agnostic-nms", "--class-aware-nms"], "not allowed with"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, monkeypatch, capsys, case, extra, message):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    monkeypatch.setattr(commands, "available_memory_bytes", lambda: 2**30)
    (tmp_path / "empty").mkdir()
    Image.new("RGB", (64, 48), "red").save(tmp_path / "whole.jpg")
    (tmp_path / "broken.jpg").write_bytes((tmp_path / "whole.jpg").read_bytes()[:200])  # a JPEG cut short
    Image.new("RGB", (40, 30)).save(tmp_path / "ok.png")
    cfg, weights, _ = write_tiny(tmp_path)
    (tmp_path / "short.weights").write_bytes(weights.read_bytes()[:-4])
    (tmp_path / "shortcut.cfg").write_text(cfg.read_text().replace("[reorg]", "[shortcut]"))
    (tmp_path / "classes2.txt").write_text("cat\ndog\n")
    (tmp_path / "classes3.txt").write_text("cat\ndog\nbird\n")
    (tmp_path / "anchors3.txt").write_text("1,1, 2,2, 3,3\n")
    write_bomb_png(tmp_path / "bomb.png")
    arguments = [part.replace("{tmp}", str(tmp_path)) for part in extra] + ["--output", str(tmp_path / "out")]

    try:
        code = run_main(main, arguments)
    except SystemExit as exit:  # argparse errors exit directly
        code = exit.code
    stderr = capsys.readouterr().err

    assert code == 2, f"{case}: exit code {code}"
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, f"{case}: {stderr!r}"
    assert __import__("re").search(message, stderr), f"{case}: {stderr!r}"
    assert not (tmp_path / "out").exists(), f"{case}: something was written"


def test_the_docs_flag_table_is_generated_from_the_parser():
    from assignments.common import flag_tables

    text = (Path(__file__).resolve().parents[1] / "docs" / "car_detection.md").read_text(encoding="utf-8")
    assert "<!-- flags: python -m assignments.car_detection -->" in text
    assert flag_tables.render(text) == text, (
        "docs/car_detection.md: regenerate with python -m assignments.common.flag_tables --write"
    )
    assert flag_tables.stray_flag_rows(text) == []


def tiny_network_arguments(tmp_path: Path) -> list[str]:
    """Flags for the tiny Darknet network (2 classes, 3 anchors, 64x64): a real run in a second or two."""
    cfg, weights, _ = write_tiny(tmp_path)
    (tmp_path / "two.txt").write_text("cat\ndog\n")
    (tmp_path / "three.txt").write_text("1,1, 2,2, 3,3\n")
    return ["--cfg", cfg, "--weights", weights, "--classes", tmp_path / "two.txt", "--anchors", tmp_path / "three.txt"] + [
        "--input-size",
        "64",
        "--score-threshold",
        "0",
        "--max-boxes",
        "1",
    ]


def test_long_names_and_formula_names_end_to_end(tmp_path, monkeypatch, capsys):
    """A legal 250-character name (its temporaries must fit NAME_MAX too), and a name a spreadsheet would run."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    photos = tmp_path / "photos"
    photos.mkdir()
    long_name = "p" * 246 + ".png"
    formula_name = '=HYPERLINK("http:x";"y").png'
    for name in (long_name, formula_name):
        Image.new("RGB", (40, 30), "white").save(photos / name)
    output = tmp_path / "out"
    arguments = ["--input", photos, "--output", output] + tiny_network_arguments(tmp_path)
    assert run_main(main, [str(argument) for argument in arguments]) == 0
    capsys.readouterr()

    assert (output / long_name).is_file() and (output / f"{formula_name[:-4]}.png").is_file()
    rows = read_rows(output / "detections.csv")
    assert sorted(row["file"] for row in rows) == sorted([long_name, "'" + formula_name])  # neutralised, bytes kept
    assert not [path for path in output.iterdir() if path.name.startswith(".") and path.name != ".lock"]


def test_a_killed_runs_debris_is_removed_and_outputs_appear_together(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    output = tmp_path / "out"
    output.mkdir()
    (output / ".detections.csv.tmp-abcd1234.csv").write_text("half")  # what a SIGKILL mid-write leaves
    (output / ".staging-x1y2z3").mkdir()
    (output / ".staging-x1y2z3" / "photo.png").write_bytes(b"half")
    Image.new("RGB", (40, 30), "white").save(tmp_path / "photo.jpg")
    arguments = ["--input", tmp_path / "photo.jpg", "--output", output] + tiny_network_arguments(tmp_path)
    assert run_main(main, [str(argument) for argument in arguments]) == 0
    capsys.readouterr()
    assert sorted(path.name for path in output.iterdir()) == [".lock", "detections.csv", "photo.png"]
