"""Car detection as a hostile but fair user meets it, in real subprocesses: the slow sweep behind this week's
rows of docs/bad_input.md (`python -m pytest -m slow tests/test_hostile_car_detection.py`).

Each refused case ends with exit code 2, exactly one line on stderr, no traceback and no file in the output
folder; each accepted case writes a correct result.
"""

from __future__ import annotations

import csv

import numpy as np
import pytest
from car_detection_helpers import write_tiny
from cli_runner import run_module
from decompression_bomb import write_bomb_png
from PIL import Image

pytestmark = pytest.mark.slow

MODULE = "assignments.car_detection"
# A proxy on a closed local port: every download fails at once, whether or not this machine has a network.
NO_NETWORK = {"https_proxy": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "TF_CPP_MIN_LOG_LEVEL": "3"}


def tiny_network(folder):
    cfg, weights, _ = write_tiny(folder)
    (folder / "two.txt").write_text("cat\ndog\n")
    (folder / "three.txt").write_text("1,1, 2,2, 3,3\n")
    return weights, ["--cfg", cfg, "--classes", folder / "two.txt", "--anchors", folder / "three.txt", "--input-size", "64"]


def assert_refused(completed, output, expected: str) -> None:
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr and len(lines) == 1, completed.stderr[-2000:]
    assert lines[0].startswith("error: ") and expected in lines[0], lines[0]
    left = [path for path in output.rglob("*") if path.is_file() and path.name != ".lock"] if output.exists() else []
    assert left == [], left


def test_a_decompression_bomb_is_one_sentence(tmp_path):
    write_bomb_png(tmp_path / "bomb.png")
    completed = run_module(MODULE, ["--input", "bomb.png", "--input-size", "64", "--output", "out"], cwd=tmp_path)
    assert_refused(completed, tmp_path / "out", "is 30000x30000 pixels")


def test_darknet_weights_holding_nan_are_refused(tmp_path):
    weights, flags = tiny_network(tmp_path)
    data = bytearray(weights.read_bytes())
    data[-4:] = np.array([np.nan], "<f4").tobytes()
    weights.write_bytes(bytes(data))
    Image.new("RGB", (40, 30)).save(tmp_path / "photo.png")
    arguments = ["--input", "photo.png", "--weights", weights, "--output", "out", *flags]
    completed = run_module(MODULE, arguments, cwd=tmp_path, extra_env={"KERAS_HOME": str(tmp_path / "keras")})
    assert_refused(completed, tmp_path / "out", "are not all finite numbers")
    assert not list((tmp_path / "keras").rglob("*.h5")), "NaN weights were cached"


def test_long_formula_and_stale_names(tmp_path):
    """A 250-character name, a name a spreadsheet would run, and the debris of a killed run in --output."""
    weights, flags = tiny_network(tmp_path)
    photos, output = tmp_path / "photos", tmp_path / "out"
    photos.mkdir()
    output.mkdir()
    (output / ".detections.csv.tmp-abcd1234.csv").write_text("half-written")
    names = ["q" * 246 + ".jpg", "=1+2.png", "@SUM(A1).png"]
    for name in names:
        Image.new("RGB", (40, 30), "white").save(photos / name)
    arguments = ["--input", photos, "--weights", weights, "--output", output, "--score-threshold", "0", "--max-boxes", "1"]
    completed = run_module(MODULE, [*arguments, *flags], cwd=tmp_path, extra_env={"KERAS_HOME": str(tmp_path / "keras")})
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert sorted(path.name for path in output.iterdir()) == sorted(
        [".lock", "detections.csv", "q" * 246 + ".png", "=1+2.png", "@SUM(A1).png"]
    )
    with open(output / "detections.csv", newline="") as handle:
        files = sorted(row["file"] for row in csv.DictReader(handle))
    assert files == sorted(["q" * 246 + ".jpg", "'=1+2.png", "'@SUM(A1).png"])


def test_a_failed_download_is_one_line_without_tensorflow_chatter(tmp_path):
    Image.new("RGB", (40, 30)).save(tmp_path / "photo.png")
    arguments = ["--model", "tiny-yolo-face", "--weights", "face-api", "--input", "photo.png", "--output", "out"]
    completed = run_module(MODULE, arguments, cwd=tmp_path, extra_env={**NO_NETWORK, "KERAS_HOME": str(tmp_path / "keras")})
    assert_refused(completed, tmp_path / "out", "Could not download")
