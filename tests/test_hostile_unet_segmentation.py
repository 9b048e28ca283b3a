"""The U-Net week under a hostile but fair user: the probes behind its rows in docs/bad_input.md.

Each probe runs `python -m assignments.unet_segmentation` as a real subprocess and ends either with exit 2
and one sentence (no traceback) or with exit 0 and a correct result. Marked `slow` (a tiny model is trained
first): `python -m pytest -m slow tests/test_hostile_unet_segmentation.py`.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys

import numpy as np
import pytest
from cli_runner import REPO, run_module
from PIL import Image

pytestmark = pytest.mark.slow

TINY = ["--n-filters", "4", "--image-size", "32", "32", "--scenes", "8", "--batch-size", "2"]


def unet(arguments, cwd, **keywords):
    return run_module("assignments.unet_segmentation", arguments, cwd=cwd, timeout=600, **keywords)


def one_sentence(completed) -> str:
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), completed.stderr[-3000:]
    assert "Traceback" not in completed.stderr
    return lines[0]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_unet")
    completed = unet(["train", *TINY, "--epochs", "1", "--output", "run"], folder)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return folder / "run" / "best_model.keras"


def test_a_model_with_nan_weights_is_refused(model, tmp_path):
    import keras

    loaded = keras.models.load_model(model, compile=False)
    loaded.set_weights([np.full_like(weights, np.nan) for weights in loaded.get_weights()])
    loaded.save(tmp_path / "nan.keras")
    Image.new("RGB", (40, 30)).save(tmp_path / "photo.png")
    error = one_sentence(unet(["predict", "--model-file", "nan.keras", "--input", "photo.png", "--output", "o"], tmp_path))
    assert "not all finite numbers" in error and not (tmp_path / "o").exists()


def test_long_and_formula_file_names_give_every_output_together(model, tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    for name in ("x" * 246 + ".png", "=HYPERLINK(1).png", "+cmd.png"):
        Image.new("RGB", (40, 30), (90, 90, 90)).save(photos / name)
    completed = unet(["predict", "--model-file", model, "--input", "photos", "--output", "o"], tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert len([path for path in (tmp_path / "o").iterdir() if path.suffix == ".png"]) == 6
    assert not [path for path in (tmp_path / "o").iterdir() if path.name.startswith(".staging")]
    # One image given by itself, from the folder it is in: its CSV cell is the bare name, neutralised.
    completed = unet(["predict", "--model-file", model, "--input", "=HYPERLINK(1).png", "--output", "../one"], photos)
    assert completed.returncode == 0, completed.stderr[-3000:]
    with open(tmp_path / "one" / "class_fractions.csv", encoding="utf-8") as handle:
        rows = [row for row in csv.reader(handle) if not row[0].startswith("#")]
    assert rows[1][0] == "'=HYPERLINK(1).png"


def test_a_decompression_bomb_is_one_sentence(model, tmp_path):
    Image.new("1", (11_000, 11_000)).save(tmp_path / "bomb.png")  # 121 megapixels, a small file
    error = one_sentence(unet(["predict", "--model-file", model, "--input", "bomb.png", "--output", "o"], tmp_path))
    assert "11000x11000 pixels" in error and "megapixels" in error


def test_a_second_training_on_one_folder_is_refused(tmp_path):
    from assignments.common.locking import exclusive

    with exclusive(tmp_path / "run", "the output folder"):
        completed = unet(["train", *TINY, "--epochs", "1", "--output", "run"], tmp_path, extra_env={"DLS_LOCK_WAIT_S": "1"})
    assert "Another run is writing the output folder" in one_sentence(completed)


def test_stale_temporaries_are_removed_and_the_scenes_kept_out_of_the_output(tmp_path):
    (tmp_path / "run" / "checkpoint").mkdir(parents=True)
    (tmp_path / "run" / ".best_model.tmp-abcdefgh.keras").write_bytes(b"half")
    (tmp_path / "run" / "checkpoint" / ".last.tmp-abcdefgh.keras").write_bytes(b"half")
    completed = unet(["train", *TINY, "--epochs", "1", "--output", "run"], tmp_path)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert not [path for path in (tmp_path / "run").rglob(".*tmp-*")]
    assert not (tmp_path / "run" / "synthetic_scenes").exists()


def test_removing_the_output_folder_mid_run_gives_no_traceback(tmp_path):
    """The scenes are not in --output, so training goes on; the next save makes the folder again (or, if it
    cannot, keeps the model in the rescue folder and says so in one sentence)."""
    env = {key: value for key, value in os.environ.items() if key != "DLS_DATA_DIR"}
    env.update(PYTHONPATH=str(REPO), TF_CPP_MIN_LOG_LEVEL="3", PYTHONUNBUFFERED="1", DLS_RESCUE_DIR=str(tmp_path / "rescue"))
    process = subprocess.Popen(
        [sys.executable, "-m", "assignments.unet_segmentation", "train", *TINY, "--epochs", "3", "--output", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in process.stdout:
            if line.startswith("Epoch 1/"):
                shutil.rmtree(tmp_path / "run")
                break
        _, errors = process.communicate(timeout=600)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
    assert "Traceback" not in errors, errors[-3000:]
    if process.returncode == 0:
        assert (tmp_path / "run" / "best_model.keras").is_file() and (tmp_path / "run" / "history.csv").is_file()
    else:
        lines = [line for line in errors.splitlines() if line.startswith("error: ")]
        assert process.returncode == 2 and len(lines) == 1 and "kept at" in lines[0], errors[-3000:]
