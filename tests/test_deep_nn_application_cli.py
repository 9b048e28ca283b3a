"""C1W4A2's main script: a tiny real run end to end with the trust line, and hostile input refused."""

from __future__ import annotations

import pytest
from course1_files import photo, tiny_cat_folder

from assignments.common.cli import run_main
from assignments.deep_nn_application.__main__ import main


def test_trains_saves_and_classifies_with_the_trust_line(tmp_path, capsys):
    data, out = tiny_cat_folder(tmp_path / "data"), tmp_path / "out"
    picture = photo(tmp_path / "grey.png", (128, 128, 128))
    argv = [
        "--data",
        str(data),
        "--layers",
        "12288",
        "3",
        "1",
        "--iterations",
        "2",
        "--input",
        str(picture),
        "--output",
        str(out),
    ]
    assert run_main(main, argv) == 0
    stdout = capsys.readouterr().out
    assert "Cost after iteration 1:" in stdout and "trained on 6 of the course's cat / non-cat images, 2 iterations" in stdout
    assert "grey.png" in (out / "predictions.csv").read_text() and (out / "model.npz").is_file()
    assert run_main(main, ["--model-file", str(out / "model.npz"), "--input", str(picture), "--output", str(out)]) == 0
    assert "test accuracy" in capsys.readouterr().out


def test_the_generated_pictures_say_so(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    argv = [
        "--model",
        "two-layer",
        "--layers",
        "12288",
        "2",
        "1",
        "--iterations",
        "1",
        "--output",
        str(tmp_path),
        "--input",
        str(photo(tmp_path / "p.png")),
    ]
    assert run_main(main, argv) == 0
    assert "GENERATED pictures (not real photos)" in (tmp_path / "predictions.csv").read_text()


@pytest.mark.parametrize(
    "flags, expected",
    [
        (["--layers", "100", "7", "1"], "does not chain"),
        (["--layers", "12288", "7", "2"], "does not chain"),
        (["--model", "two-layer", "--layers", "12288", "7", "5", "1"], "takes three sizes"),
    ],
)
def test_layer_sizes_that_do_not_chain(tmp_path, capsys, flags, expected):
    assert run_main(main, [*flags, "--output", str(tmp_path / "out")]) == 2
    stderr = capsys.readouterr().err
    assert expected in stderr and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_photo_that_is_not_an_image_is_refused_before_training(tmp_path, capsys):
    not_image = tmp_path / "cat.png"
    not_image.write_bytes(b"\x89PNG but not really")
    argv = ["--data", str(tiny_cat_folder(tmp_path / "d")), "--input", str(not_image), "--output", str(tmp_path / "out")]
    assert run_main(main, argv) == 2
    assert "Cost after" not in capsys.readouterr().out and not (tmp_path / "out").exists()


@pytest.mark.parametrize("flags", [["--learning-rate", "inf"], ["--iterations", "0"], ["--layers", "12288", "-3", "1"]])
def test_bad_flags_exit_2(tmp_path, capsys, flags):
    with pytest.raises(SystemExit) as stop:
        main([*flags, "--output", str(tmp_path / "out")])
    assert stop.value.code == 2 and "error:" in capsys.readouterr().err
