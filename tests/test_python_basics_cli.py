"""C1W2A1's main script and vectorisation demo: loops and numpy agree, outputs are written, bad flags refused."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.python_basics import synthetic, vectorization
from assignments.python_basics.__main__ import main


def test_loop_and_numpy_versions_agree_on_the_notebooks_vectors():
    x1, x2 = np.array(vectorization.X1, float), np.array(vectorization.X2, float)
    assert vectorization.loop_dot(vectorization.X1, vectorization.X2) == 278
    assert vectorization.loop_elementwise(vectorization.X1, vectorization.X2).tolist() == [
        81,
        4,
        10,
        0,
        0,
        63,
        10,
        0,
        0,
        0,
        81,
        4,
        25,
        0,
        0,
    ]
    _, _, W = synthetic.demo_vectors(15, seed=0)
    for name, loop, vectorised in vectorization.demo_pairs(x1, x2, W, vectorization.X1, vectorization.X2):
        np.testing.assert_allclose(loop(), vectorised(), err_msg=name)


def test_main_writes_the_timings(tmp_path, capsys):
    assert main(["--size", "200", "--repeats", "1", "--output", str(tmp_path)]) == 0
    lines = (tmp_path / "vectorisation.csv").read_text().splitlines()
    assert lines[0] == "operation,size,loop_seconds,numpy_seconds,speedup"
    assert [line.split(",")[0] for line in lines[1:]] == ["dot", "outer", "elementwise", "general dot", "L1", "L2", "softmax"]
    assert (tmp_path / "vectorisation.png").stat().st_size > 1000
    assert "L1 = 1.1" in capsys.readouterr().out


@pytest.mark.parametrize("flags", [["--size", "0"], ["--size", "inf"], ["--repeats", "-1"], ["--size", str(10**9)]])
def test_bad_sizes_are_refused_before_any_work(tmp_path, flags, capsys):
    with pytest.raises(SystemExit) as stop:
        main([*flags, "--output", str(tmp_path)])
    assert stop.value.code == 2
    assert "error:" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
