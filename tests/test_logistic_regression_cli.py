"""C1W2A2's main script: a tiny real run end to end, and hostile input refused in one sentence with exit 2."""

from __future__ import annotations

import numpy as np
import pytest
from course1_files import photo, size_bomb, tiny_cat_folder, write_cat_h5

from assignments.common.cli import run_main
from assignments.logistic_regression.__main__ import main


def run(argv, capsys):
    code = run_main(main, argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_trains_saves_and_classifies_with_the_trust_line(tmp_path, capsys):
    data = tiny_cat_folder(tmp_path / "data")
    out = tmp_path / "out"
    picture = photo(tmp_path / "orange.png")
    code, stdout, _ = run(["--data", str(data), "--iterations", "3", "--input", str(picture), "--output", str(out)], capsys)
    assert code == 0
    assert "trained on 6 of the course's cat / non-cat images, 3 iterations; test accuracy" in stdout
    rows = (out / "predictions.csv").read_text().splitlines()
    assert rows[0] == "file,label,p_cat,model" and "orange.png" in rows[1] and "test accuracy" in rows[1]
    assert (out / "predictions.png").stat().st_size > 1000 and (out / "costs.png").is_file()
    # The saved model classifies again, with the same trust line.
    code, again, _ = run(["--model-file", str(out / "model.npz"), "--input", str(picture), "--output", str(out)], capsys)
    assert code == 0 and "trained on 6 of the course's" in again
    # Six random images: no better than a constant answer, and every output says so.
    assert "NO BETTER THAN THE BASELINE" in again and "NO BETTER THAN THE BASELINE" in rows[1]


def hostile_cases(tmp_path):
    good = tiny_cat_folder(tmp_path / "good")
    not_image = tmp_path / "notes.jpg"
    not_image.write_text("not a picture")
    empty = tmp_path / "empty"
    (empty / "datasets").mkdir(parents=True)
    (empty / "datasets" / "train_catvnoncat.h5").write_bytes(b"")
    (empty / "datasets" / "test_catvnoncat.h5").write_bytes(b"")
    bomb = tiny_cat_folder(tmp_path / "bomb")
    size_bomb(bomb / "datasets" / "train_catvnoncat.h5")
    nan = tiny_cat_folder(tmp_path / "nan")
    write_cat_h5(nan / "datasets" / "train_catvnoncat.h5", "train", np.full((2, 64, 64, 3), np.nan), np.array([0, 1]))
    no_images = tiny_cat_folder(tmp_path / "none")
    write_cat_h5(no_images / "datasets" / "train_catvnoncat.h5", "train", np.zeros((0, 64, 64, 3), np.uint8), np.zeros(0, int))
    garbage_model = tmp_path / "model.npz"
    garbage_model.write_bytes(b"PK garbage")
    return {
        "a photo that is not an image": (["--data", str(good), "--input", str(not_image)], "not an image"),
        "a learning rate of inf": (["--data", str(good), "--learning-rate", "inf"], "finite number"),
        "an empty h5": (["--data", str(empty)], "not a readable HDF5 file"),
        "an h5 that declares two million images": (["--data", str(bomb)], "declares 'train_set_x' as (2000000, 64, 64, 3)"),
        "NaN pixels": (["--data", str(nan)], "NaN"),
        "no images": (["--data", str(no_images)], "m > 0"),
        "a missing data folder": (["--data", str(tmp_path / "nowhere")], "does not exist"),
        "a damaged model file": (["--model-file", str(garbage_model)], "is not a cat model"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "a photo that is not an image",
        "a learning rate of inf",
        "an empty h5",
        "an h5 that declares two million images",
        "NaN pixels",
        "no images",
        "a missing data folder",
        "a damaged model file",
    ],
)
def test_hostile_input_gets_one_sentence_and_exit_2(tmp_path, capsys, case):
    argv, expected = hostile_cases(tmp_path)[case]
    out = tmp_path / "out"
    try:
        code, stdout, stderr = run([*argv, "--iterations", "2", "--output", str(out)], capsys)
    except SystemExit as stop:  # argparse refuses bad flags itself, with exit 2
        code, stderr = stop.code, capsys.readouterr().err
    assert code == 2, stderr
    assert expected in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    assert not out.exists() or list(out.iterdir()) == [], "nothing may be half-written"
