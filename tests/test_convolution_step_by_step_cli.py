"""The week's main script as a user runs it: the PNG sheet and the gradient check, and bad input in one sentence."""

from __future__ import annotations

import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

from assignments.common.cli import run_main
from assignments.convolution_step_by_step.__main__ import main

MODULE = "assignments.convolution_step_by_step"


def test_main_script_writes_the_sheet_and_checks_the_gradients(tmp_path):
    photo = tmp_path / "photo.png"
    Image.fromarray((np.random.default_rng(0).random((40, 60, 4)) * 255).astype(np.uint8), "RGBA").save(photo)
    result = run_module(
        MODULE, ["--input", photo, "--size", "32", "--filters", "edge", "random", "--output", tmp_path / "out"], cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "-> Z (1, 21, 32, 2)" in result.stdout
    assert "pool_forward (max): {'f': 2, 'stride': 2} -> A (1, 10, 16, 2)" in result.stdout
    assert result.stdout.count("(passed)") == 5
    assert Image.open(tmp_path / "out" / "feature_maps.png").size[0] > 500


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--size", "8", "--filter-size", "11", "--pad", "0"], "A 11x11 filter does not fit the 8x5 image padded by 0"),
        (["--size", "8", "--stride", "6", "--pool-size", "3"], "pooling window does not fit"),
        (["--input", "truncated.jpg"], "is damaged or truncated"),
        (["--input", "missing.jpg"], "does not exist"),
        (["--filters", "laplace"], "invalid choice"),
        (["--size", "0"], "an image size from 4 to 1024"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2_with_nothing_written(tmp_path, monkeypatch, capsys, arguments, message):
    monkeypatch.chdir(tmp_path)
    Image.new("RGB", (80, 50), "white").save(tmp_path / "wide.png")
    Image.fromarray((np.random.default_rng(0).random((64, 64, 3)) * 255).astype(np.uint8)).save(tmp_path / "whole.jpg")
    (tmp_path / "truncated.jpg").write_bytes((tmp_path / "whole.jpg").read_bytes()[:600])
    if "--input" not in arguments:
        arguments = ["--input", "wide.png", *arguments]
    try:  # in this process: argparse's errors exit from inside, the week's own come back as run_main's code
        code = run_main(main, [*arguments, "--output", str(tmp_path / "out")])
    except SystemExit as exit:
        code = exit.code
    error = capsys.readouterr().err
    assert code == 2, error
    assert message in error and len(error.strip().splitlines()) == 1, error
    assert not (tmp_path / "out").exists()


def test_the_docs_flag_table_is_generated_from_the_parser():
    from pathlib import Path

    from assignments.common import flag_tables

    text = (Path(__file__).resolve().parents[1] / "docs" / "convolution_step_by_step.md").read_text(encoding="utf-8")
    assert "<!-- flags: python -m assignments.convolution_step_by_step -->" in text
    assert flag_tables.render(text) == text, (
        "docs/convolution_step_by_step.md: regenerate with python -m assignments.common.flag_tables --write"
    )
    assert flag_tables.stray_flag_rows(text) == []
