"""C2W1A3's main script: the planted bugs are found and named; the fixed pass agrees; bad flags refused."""

from __future__ import annotations

import pytest

from assignments.common.cli import run_main
from assignments.gradient_checking.__main__ import main


def test_main_finds_and_names_the_planted_bugs(tmp_path, capsys):
    assert run_main(main, ["--output", str(tmp_path)]) == 0
    stdout = capsys.readouterr().out
    assert "difference = 0.2850931567761623" in stdout and "wrong gradients: db1, dW2" in stdout
    assert "every parameter's gradient agrees" in stdout
    rows = (tmp_path / "results.csv").read_text().splitlines()
    assert rows[2].endswith(",db1 dW2") and rows[3].endswith(",none")


@pytest.mark.parametrize("flags, code", [(["--epsilon", "inf"], 2), (["--epsilon", "0"], 2), (["--epsilon", "1"], 2)])
def test_bad_epsilon_exits_2(tmp_path, capsys, flags, code):
    try:
        got = run_main(main, [*flags, "--output", str(tmp_path / "out")])
    except SystemExit as stop:
        got = stop.code
    assert got == code and len(capsys.readouterr().err.strip().splitlines()) == 1
