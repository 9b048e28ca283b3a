"""A hostile but fair user, across every main script and `grade`: the sweep behind docs/bad_input.md.

Every case must end with exit code 2, one line on stderr naming the problem, no traceback, and no output
file left behind in the (fresh) output folder. The sweep takes a few minutes (each case is a real
subprocess, most of them load TensorFlow), so it is marked `slow`: `python -m pytest -m slow
tests/test_hostile_sweep.py`. The fast per-class tests live beside each week and in test_bad_input_*.py.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

pytestmark = pytest.mark.slow


def _files(folder):
    """Bad files a user might pass, written once per test into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "missing": folder / "does-not-exist.jpg",
        "folder": folder / "a-folder",
        "empty_folder": folder / "empty",
        "empty_file": folder / "empty.txt",
        "garbage_jpg": folder / "garbage.jpg",
        "truncated_jpg": folder / "truncated.jpg",
        "garbage_h5": folder / "garbage.h5",
        "garbage_keras": folder / "garbage.keras",
        "garbage_npz": folder / "garbage.npz",
        "garbage_weights": folder / "garbage.weights",
        "landscape": folder / "landscape.png",
        "binary_names": folder / "names.bin",
        "people_without_faces": folder / "people",
    }
    made["folder"].mkdir(exist_ok=True)
    made["empty_folder"].mkdir(exist_ok=True)
    made["empty_file"].write_bytes(b"")
    made["garbage_jpg"].write_bytes(b"this is not a picture")
    good = folder / "good.jpg"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), dtype=np.uint8)).save(good)
    made["truncated_jpg"].write_bytes(good.read_bytes()[:200])
    for key in ("garbage_h5", "garbage_keras", "garbage_npz", "garbage_weights"):
        made[key].write_bytes(os.urandom(512))
    sky = np.zeros((120, 160, 3), np.uint8)
    sky[:60] = (120, 170, 230)
    sky[60:] = (60, 140, 60)
    Image.fromarray(sky).save(made["landscape"])
    made["binary_names"].write_bytes(bytes(range(256)) * 4)
    (made["people_without_faces"] / "ann").mkdir(parents=True, exist_ok=True)
    Image.fromarray(sky).save(made["people_without_faces"] / "ann" / "field.png")
    return made


# (id, module, arguments with {placeholders}); {out} is a fresh output folder that must stay empty.
CASES = [
    ("dinosaur missing names", "assignments.dinosaur_island", ["--names", "{missing}", "--output", "{out}"]),
    ("dinosaur names is a folder", "assignments.dinosaur_island", ["--names", "{folder}", "--output", "{out}"]),
    ("dinosaur empty names", "assignments.dinosaur_island", ["--names", "{empty_file}", "--output", "{out}"]),
    ("dinosaur binary names", "assignments.dinosaur_island", ["--names", "{binary_names}", "--output", "{out}"]),
    ("dinosaur inf learning rate", "assignments.dinosaur_island", ["--learning-rate", "inf", "--output", "{out}"]),
    ("dinosaur huge hidden size", "assignments.dinosaur_island", ["--hidden-size", "60000", "--output", "{out}"]),
    ("dinosaur corrupt --load", "assignments.dinosaur_island", ["--load", "{garbage_npz}", "--output", "{out}"]),
    ("dinosaur unwritable output", "assignments.dinosaur_island", ["--output", "/proc/dls-sweep/out"]),
    ("dinosaur negative iterations", "assignments.dinosaur_island", ["--iterations", "-1", "--output", "{out}"]),
    ("car missing input", "assignments.car_detection", ["--input", "{missing}", "--output", "{out}"]),
    ("car garbage image", "assignments.car_detection", ["--input", "{garbage_jpg}", "--output", "{out}"]),
    ("car truncated image", "assignments.car_detection", ["--input", "{truncated_jpg}", "--output", "{out}"]),
    ("car empty folder", "assignments.car_detection", ["--input", "{empty_folder}", "--output", "{out}"]),
    ("car garbage .weights", "assignments.car_detection", ["--weights", "{garbage_weights}", "--output", "{out}"]),
    ("car garbage .h5", "assignments.car_detection", ["--weights", "{garbage_h5}", "--output", "{out}"]),
    ("car huge input size", "assignments.car_detection", ["--input-size", "32000", "--output", "{out}"]),
    ("car inf threshold", "assignments.car_detection", ["--score-threshold", "inf", "--output", "{out}"]),
    ("car unknown model", "assignments.car_detection", ["--model", "yolo9000", "--output", "{out}"]),
    ("unet one scene", "assignments.unet_segmentation", ["train", "--scenes", "1", "--output", "{out}"]),
    ("unet too few classes", "assignments.unet_segmentation", ["train", "--n-classes", "3", "--output", "{out}"]),
    ("unet huge image", "assignments.unet_segmentation", ["train", "--image-size", "16000", "16000", "--output", "{out}"]),
    ("unet inf learning rate", "assignments.unet_segmentation", ["train", "--learning-rate", "inf", "--output", "{out}"]),
    (
        "unet garbage model",
        "assignments.unet_segmentation",
        ["predict", "--model-file", "{garbage_keras}", "--input", "{landscape}", "--output", "{out}"],
    ),
    (
        "unet model is a folder",
        "assignments.unet_segmentation",
        ["predict", "--model-file", "{folder}", "--input", "{landscape}", "--output", "{out}"],
    ),
    (
        "face unknown person",
        "assignments.face_recognition",
        [
            "verify",
            "--encoder",
            "stand-in",
            "--image",
            "{landscape}",
            "--identity",
            "nobody",
            "--db",
            "{garbage_npz}",
            "--output",
            "{out}",
        ],
    ),
    (
        "face garbage database",
        "assignments.face_recognition",
        ["identify", "--image", "{landscape}", "--db", "{garbage_npz}", "--output", "{out}"],
    ),
    (
        "face empty people folder",
        "assignments.face_recognition",
        ["enroll", "--encoder", "stand-in", "--people", "{empty_folder}", "--db", "{out}/faces.npz"],
    ),
    ("face inf threshold", "assignments.face_recognition", ["identify", "--threshold", "inf", "--image", "{landscape}"]),
    ("face missing image", "assignments.face_recognition", ["identify", "--image", "{missing}", "--db", "{garbage_npz}"]),
    (
        "face garbage weights",
        "assignments.face_recognition",
        ["enroll", "--weights", "{garbage_h5}", "--people", "{people_without_faces}", "--db", "{out}/faces.npz"],
    ),
    ("style missing content", "assignments.style_transfer", ["--content", "{missing}", "--output", "{out}"]),
    ("style garbage style image", "assignments.style_transfer", ["--style", "{garbage_jpg}", "--output", "{out}"]),
    ("style huge size", "assignments.style_transfer", ["--size", "100000", "--output", "{out}"]),
    ("style inf beta", "assignments.style_transfer", ["--beta", "inf", "--output", "{out}"]),
    ("style inf style weight", "assignments.style_transfer", ["--style-weights", "inf", "--output", "{out}"]),
    ("style garbage weights", "assignments.style_transfer", ["--weights", "{garbage_h5}", "--output", "{out}"]),
    ("happy garbage data", "assignments.happy_house", ["train", "--data", "{garbage_h5}", "--output", "{out}"]),
    ("happy inf learning rate", "assignments.happy_house", ["train", "--learning-rate", "inf", "--output", "{out}"]),
    (
        "happy garbage model",
        "assignments.happy_house",
        ["predict", "--model", "signs", "--model-file", "{garbage_keras}", "--input", "{landscape}", "--output", "{out}"],
    ),
    (
        "resnet garbage weights",
        "assignments.resnet50",
        ["predict", "--weights", "{garbage_h5}", "--input", "{landscape}", "--output", "{out}"],
    ),
    ("resnet missing input", "assignments.resnet50", ["predict", "--input", "{missing}", "--output", "{out}"]),
    ("resnet unwritable output", "assignments.resnet50", ["train", "--output", "/proc/dls-sweep/out"]),
    ("grade missing solution", "assignments", ["grade", "dinosaur_island", "--solution", "{missing}"]),
    ("grade empty solution", "assignments", ["grade", "dinosaur_island", "--solution", "{empty_file}"]),
    ("grade unknown week", "assignments", ["grade", "no_such_week"]),
]


@pytest.mark.parametrize("case, module, arguments", CASES, ids=[case for case, _, _ in CASES])
def test_bad_input_gets_one_line_and_exit_2(case, module, arguments, tmp_path):
    made = _files(tmp_path / "inputs")
    output = tmp_path / "out"
    filled = [argument.format(out=output, **made) for argument in arguments]
    if case == "grade empty solution":
        made["empty_file"].rename(made["empty_file"].with_suffix(".py"))
        filled = [argument.replace("empty.txt", "empty.py") for argument in filled]
    completed = run_module(module, filled, cwd=tmp_path, timeout=300)
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2, f"{case}: exit {completed.returncode}\n{completed.stderr[-2000:]}"
    assert "Traceback" not in completed.stderr, f"{case}: traceback\n{completed.stderr[-2000:]}"
    assert len(lines) == 1, f"{case}: {len(lines)} lines on stderr\n{completed.stderr[-2000:]}"
    left = [path for path in output.rglob("*") if path.is_file()] if output.exists() else []
    assert left == [], f"{case}: left {left}"
