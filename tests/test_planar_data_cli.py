"""C1W3A1's main script: the side-by-side PNGs and the one table, and bad flags refused before any work."""

from __future__ import annotations

import pytest

from assignments.common.cli import run_main
from assignments.planar_data.__main__ import main


def test_main_draws_every_model_side_by_side(tmp_path, capsys):
    argv = ["--iterations", "200", "--hidden-sizes", "1", "5", "--sweep-iterations", "100", "--output", str(tmp_path)]
    assert run_main(main, argv) == 0
    stdout = capsys.readouterr().out
    assert "Accuracy of logistic regression: 47.00 %" in stdout
    table = (tmp_path / "results.md").read_text().splitlines()
    assert table[0] == "| model | hidden units | iterations | training accuracy % |"
    assert [row.split(" | ")[1] for row in table[2:]] == ["-", "4", "1", "5"]
    assert (tmp_path / "boundaries.png").stat().st_size > 10_000 and (tmp_path / "costs.png").stat().st_size > 5_000


@pytest.mark.parametrize("name", ["noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles", "no_structure"])
def test_the_extra_datasets_have_the_courses_shape(name):
    from assignments.planar_data.synthetic import load_extra_dataset

    X, Y = load_extra_dataset(name, seed=0)
    assert X.shape == (2, 200) and Y.shape == (1, 200) and set(Y.ravel().tolist()) <= {0, 1}


@pytest.mark.parametrize(
    "flags",
    [
        ["--hidden-sizes", "0"],
        ["--iterations", "inf"],
        ["--dataset", "spiral"],
        ["--hidden-sizes", "100000"],
        ["--sweep-iterations", "-5"],
    ],
)
def test_bad_flags_exit_2_with_one_line(tmp_path, capsys, flags):
    with pytest.raises(SystemExit) as stop:
        main([*flags, "--output", str(tmp_path / "out")])
    assert stop.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
