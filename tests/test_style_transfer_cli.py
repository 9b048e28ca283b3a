"""The main script as a user meets it: a tiny offline run, the course's images from $DLS_DATA_DIR, blended styles,
Ctrl-C, and bad input (one line on stderr, exit code 2, nothing written)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from cli_runner import run_module
from decompression_bomb import write_bomb_png
from PIL import Image

from assignments.common.cli import run_main
from assignments.style_transfer.__main__ import main
from assignments.style_transfer.week import WEEK

OUTPUTS = ("result.png", "comparison.png", "cost_curve.png", "costs.csv")


def test_offline_smoke_run(tmp_path):
    """A fresh offline machine: the project's photos from images/, seeded random weights said to be UNTRAINED, every output written."""
    arguments = ["--size", "64", "--iterations", "2", "--save-every", "1", "--weights", "untrained"]
    completed = run_module(WEEK.package, arguments, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "UNTRAINED" in completed.stdout and "chelsea.jpg" in completed.stdout and "starry_night.jpg" in completed.stdout
    folder = tmp_path / "out" / WEEK.name
    assert str(folder) in completed.stdout or f"out/{WEEK.name}" in completed.stdout
    for name in OUTPUTS + ("image_00001.png",):
        assert (folder / name).is_file(), name
    # The content's aspect (chelsea.jpg is 451x300) is kept: --size is the longer side.
    assert Image.open(folder / "result.png").size == (64, round(64 * 300 / 451))
    rows = (folder / "costs.csv").read_text().splitlines()
    assert rows[0] == "iteration,J,J_content,J_style,weights,provenance" and len(rows) == 3
    assert rows[1].endswith(",UNTRAINED,UNTRAINED (seeded random weights (--weights untrained)): its outputs are meaningless")
    assert "UNTRAINED (seeded random weights (--weights untrained)): its outputs are meaningless." in completed.stdout
    # The panel people look at says it below the pictures; every PNG carries it in its metadata too.
    comparison = Image.open(folder / "comparison.png")
    assert (np.asarray(comparison.convert("RGB"))[-2, :4] == (200, 0, 0)).all()
    assert Image.open(folder / "result.png").text["provenance"].startswith("UNTRAINED")


@pytest.mark.needs_data
def test_course_images_and_blended_styles(tmp_path, course_file, monkeypatch, capsys):
    content = course_file(WEEK.name, "images/louvre_small.jpg")
    stone = course_file(WEEK.name, "images/stone_style.jpg")
    monkeypatch.setenv("DLS_DATA_DIR", str(content.parents[2]))
    monet = content.parent / "monet.jpg"
    argv = [
        "--style",
        str(monet),
        str(stone),
        "--style-weights",
        "0.7",
        "0.3",
        "--size",
        "64",
        "--square",
        "--iterations",
        "2",
        "--tv-weight",
        "1",
        "--init",
        "noise",
        "--preprocess",
        "vgg",
        "--weights",
        "untrained",
        "--output",
        str(tmp_path / "run"),
    ]
    assert run_main(main, argv) == 0
    printed = capsys.readouterr().out
    assert "louvre_small.jpg" in printed and "stone_style.jpg" in printed and "UNTRAINED" in printed
    assert Image.open(tmp_path / "run" / "result.png").size == (64, 64)
    # comparison.png: content | two styles | result, side by side.
    assert Image.open(tmp_path / "run" / "comparison.png").width > 3 * Image.open(tmp_path / "run" / "comparison.png").height


def wrap_the_step(monkeypatch, change):
    """Makes the main script's compiled step run `change(call_number, step)` instead of `step()`."""
    from assignments.style_transfer import commands

    real = commands.make_train_step

    def patched(*args, **kwargs):
        step, calls = real(*args, **kwargs), []

        def wrapped():
            calls.append(1)
            return change(len(calls), step)

        return wrapped

    monkeypatch.setattr(commands, "make_train_step", patched)


def test_ctrl_c_keeps_the_last_saved_image(tmp_path, monkeypatch, capsys):
    def interrupt_the_third(call, step):
        if call == 3:
            raise KeyboardInterrupt
        return step()

    wrap_the_step(monkeypatch, interrupt_the_third)
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    code = run_main(
        main, ["--size", "48", "--iterations", "5", "--save-every", "1", "--weights", "untrained", "--output", str(tmp_path)]
    )
    captured = capsys.readouterr()
    assert code == 130
    assert "Stopped at iteration 3 of 5" in captured.out and "image_00002.png" in captured.out
    assert (tmp_path / "image_00002.png").is_file() and not (tmp_path / "result.png").exists()
    hidden = [path.name for path in tmp_path.iterdir() if path.name.startswith(".")]
    assert hidden == [".lock"], f"a temporary file or staging folder was left behind: {hidden}"


def make_bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    write_bomb_png(folder / "bomb.png")
    corrupt = folder / "corrupt.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    good = folder / "good.png"
    Image.fromarray(np.full((40, 50, 3), 120, np.uint8)).save(good)
    wrong_weights = folder / "weights.h5"
    wrong_weights.write_text("not an hdf5 file")
    return {"corrupt": corrupt, "good": good, "weights": wrong_weights, "bomb": folder / "bomb.png"}


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--content", "{missing}"], "does not exist"),
        (["--content", "{corrupt}"], "damaged or truncated"),
        (["--style", "{good}", "{good}", "--style-weights", "1"], "--style-weights has 1 numbers for 2 style image"),
        (["--style-weights", "0.5", "0.5"], "for 1 style image"),
        (["--content", "{good}", "--size", "30"], "under VGG19's minimum of 32"),
        (["--size", "40"], "under VGG19's minimum of 32"),
        (["--weights", "{weights}"], "not an HDF5 file"),
        (["--content", "{bomb}"], "is 30000x30000 pixels"),
        (["--style", "{bomb}"], "is 30000x30000 pixels"),
    ],
)
def test_bad_input_is_one_line(tmp_path, capsys, monkeypatch, arguments, message):
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    files = make_bad_files(tmp_path / "inputs")
    filled = [argument.format(missing=tmp_path / "absent.jpg", **files) for argument in arguments]
    output = tmp_path / "out"
    code = run_main(main, filled + ["--output", str(output)])
    stderr = capsys.readouterr().err
    assert code == 2
    assert message in stderr and stderr.count("\n") == 1, stderr
    assert not output.exists(), "nothing may be written for bad input"


@pytest.mark.parametrize("flag", [["--iterations", "0"], ["--alpha", "-1"], ["--init", "zeros"], ["--learning-rate", "x"]])
def test_bad_flags_exit_2(flag, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(flag)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_bad_input_from_the_shell(tmp_path):
    """End to end: no traceback, exit code 2, one line."""
    completed = run_module(WEEK.package, ["--content", "nope.jpg"], cwd=tmp_path)
    assert completed.returncode == 2
    lines = [line for line in completed.stderr.splitlines() if line.startswith("error:")]
    assert lines == ["error: The image 'nope.jpg' does not exist: check the path."], completed.stderr
    assert "Traceback" not in completed.stderr and not (tmp_path / "out").exists()


def test_output_that_is_a_file(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    taken = tmp_path / "taken"
    taken.write_text("a file")
    # The shared --output type refuses it while the flags are parsed: argparse's exit code 2.
    with pytest.raises(SystemExit) as exit_info:
        run_main(main, ["--output", str(taken), "--weights", "untrained"])
    assert exit_info.value.code == 2
    assert "is a file, not a folder" in capsys.readouterr().err


# Hostile but fair input.
@pytest.mark.parametrize(
    "flag", [["--beta", "inf"], ["--alpha", "inf"], ["--style-weights", "inf"], ["--learning-rate", "1e999"]]
)
def test_infinite_numbers_are_refused(tmp_path, capsys, flag):
    with pytest.raises(SystemExit) as exit_info:
        main(flag + ["--size", "48", "--iterations", "1", "--weights", "untrained", "--output", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    stderr = capsys.readouterr().err
    assert "expected a finite number" in stderr and stderr.count("\n") == 1, stderr
    assert not (tmp_path / "out").exists()


def test_a_non_finite_cost_stops_without_a_result(tmp_path, capsys, monkeypatch):
    """A cost that overflows (weights too large for float32) stops the run: no black result.png, exit 2, one line."""

    def overflow_the_third(call, step):
        J, J_content, J_style = step()
        return (J * float("inf"), J_content, J_style) if call == 3 else (J, J_content, J_style)

    wrap_the_step(monkeypatch, overflow_the_third)
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    code = run_main(
        main, ["--size", "48", "--iterations", "5", "--save-every", "2", "--weights", "untrained", "--output", str(tmp_path)]
    )
    stderr = capsys.readouterr().err
    assert code == 2
    # The progress bar draws on stderr too (one line redrawn in place with \r); the error is one line after it.
    errors = [line for line in stderr.replace("\r", "\n").splitlines() if "error:" in line]
    assert len(errors) == 1 and errors[0].startswith("error: Stopped at iteration 3: the cost became inf"), stderr
    assert "image_00002.png" in errors[0] and "Traceback" not in stderr
    assert not (tmp_path / "result.png").exists() and (tmp_path / "image_00002.png").is_file()


def test_absurd_size_is_refused_up_front(tmp_path, capsys):
    assert run_main(main, ["--size", "100000", "--output", str(tmp_path / "out")]) == 2
    stderr = capsys.readouterr().err
    assert "--size 100000 is over the limit of 2048 pixels" in stderr and "GB" in stderr and stderr.count("\n") == 1, stderr
    assert not (tmp_path / "out").exists()


def test_untrained_pictures_say_so(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    argv = ["--size", "64", "--iterations", "2", "--save-every", "1", "--weights", "untrained", "--output", str(tmp_path)]
    assert run_main(main, argv) == 0
    for name in ("result.png", "comparison.png", "image_00001.png"):
        top_row = np.asarray(Image.open(tmp_path / name).convert("RGB"))[0]
        # The red UNTRAINED band across the top of every picture of an untrained run.
        assert (top_row == (200, 0, 0)).all(), name


def test_defaults_fall_back_from_the_course_to_images_to_generated_pictures(monkeypatch):
    from assignments.style_transfer import pictures

    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    assert "chelsea.jpg" in pictures.default_content()[1] and "starry_night.jpg" in pictures.default_style()[1]
    monkeypatch.setattr(pictures, "project_image", lambda name: None)  # an installed package without images/
    assert "generated" in pictures.default_content()[1] and "generated" in pictures.default_style()[1]


def test_a_long_run_says_how_long_it_will_take(tmp_path, capsys, monkeypatch):
    """Measured on the first steps (the first one traces the step), printed before the rest of the run."""
    from assignments.style_transfer import commands

    monkeypatch.setattr(commands, "LONG_RUN_S", 0.0)  # every run counts as long here
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    argv = ["--size", "48", "--iterations", "4", "--save-every", "0", "--weights", "untrained", "--output", str(tmp_path)]
    assert run_main(main, argv) == 0
    printed = capsys.readouterr().out
    assert __import__("re").search(r"About \d+ s for 4 iterations at the current speed; --iterations to shorten\.", printed), (
        printed
    )


def test_the_docs_flag_table_is_generated_from_the_parser():
    from assignments.common import flag_tables

    text = (Path(__file__).resolve().parents[1] / "docs" / "style_transfer.md").read_text(encoding="utf-8")
    assert "<!-- flags: python -m assignments.style_transfer -->" in text
    assert flag_tables.render(text) == text, (
        "docs/style_transfer.md: regenerate with python -m assignments.common.flag_tables --write"
    )
    assert flag_tables.stray_flag_rows(text) == []
    # The offline defaults the prose names are the code's.
    from assignments.style_transfer import pictures

    assert pictures.PROJECT_CONTENT in text and pictures.PROJECT_STYLE in text and "embedded" not in text
