"""C1W4A1's main script: the gradient check and a short training run, and layer sizes that do not chain."""

from __future__ import annotations

import pytest

from assignments.common.cli import run_main
from assignments.deep_nn_step_by_step.__main__ import main


def test_main_checks_the_gradient_and_trains(tmp_path, capsys):
    argv = ["--layers", "2", "8", "1", "--iterations", "300", "--learning-rate", "0.5", "--output", str(tmp_path)]
    assert run_main(main, argv) == 0
    stdout = capsys.readouterr().out
    assert "numeric gradient: relative difference" in stdout and "(agrees)" in stdout
    row = (tmp_path / "results.csv").read_text().splitlines()[1].split(",")
    assert row[0] == "2 8 1" and float(row[5]) > 0.8  # test accuracy of a small network on the moons
    assert (tmp_path / "boundary.png").is_file() and (tmp_path / "costs.png").is_file()


@pytest.mark.parametrize(
    "flags, expected",
    [
        (["--layers", "3", "5", "1"], "does not chain"),
        (["--layers", "2", "5", "2"], "does not chain"),
        (["--layers", "2"], "does not chain"),
    ],
)
def test_layer_sizes_that_do_not_chain_get_one_sentence(tmp_path, capsys, flags, expected):
    assert run_main(main, [*flags, "--output", str(tmp_path / "out")]) == 2
    stderr = capsys.readouterr().err
    assert expected in stderr and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "flags", [["--layers", "2", "0", "1"], ["--learning-rate", "inf"], ["--learning-rate", "nan"], ["--init", "zeros"]]
)
def test_bad_flags_exit_2(tmp_path, capsys, flags):
    with pytest.raises(SystemExit) as stop:
        main([*flags, "--output", str(tmp_path / "out")])
    assert stop.value.code == 2 and "error:" in capsys.readouterr().err
