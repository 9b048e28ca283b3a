"""C2W1A2's main script: the three models side by side and one table; a hostile data.mat refused."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.common.cli import run_main
from assignments.regularization.__main__ import main


def test_main_compares_the_three_models(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    assert run_main(main, ["--iterations", "200", "--output", str(tmp_path)]) == 0
    table = (tmp_path / "results.md").read_text().splitlines()
    assert [row.split(" | ")[0].lstrip("| ") for row in table[2:]] == [
        "no regularisation",
        "L2, lambda 0.7",
        "dropout, keep_prob 0.86",
    ]
    assert all(" | generated | " in row for row in table[2:]), "generated data must say so"
    assert (tmp_path / "boundaries.png").is_file() and (tmp_path / "costs.png").is_file()


def hostile_files(tmp_path):
    import scipy.io

    empty = tmp_path / "empty.mat"
    empty.write_bytes(b"")
    text = tmp_path / "notes.mat"
    text.write_text("MATLAB 5.0 MAT-file, not really")
    nan = tmp_path / "nan.mat"
    scipy.io.savemat(
        nan, {"X": np.full((3, 2), np.nan), "y": np.zeros((3, 1)), "Xval": np.zeros((2, 2)), "yval": np.zeros((2, 1))}
    )
    missing = tmp_path / "missing.mat"
    scipy.io.savemat(missing, {"X": np.zeros((3, 2)), "y": np.zeros((3, 1))})
    shape = tmp_path / "shape.mat"
    scipy.io.savemat(shape, {"X": np.zeros((3, 5)), "y": np.zeros((3, 1)), "Xval": np.zeros((2, 2)), "yval": np.zeros((2, 1))})
    return {"empty": empty, "text": text, "nan": nan, "missing": missing, "shape": shape, "absent": tmp_path / "nowhere.mat"}


@pytest.mark.parametrize(
    "case, expected",
    [
        ("empty", "not a MATLAB .mat file"),
        ("text", "not a MATLAB .mat file"),
        ("nan", "NaN"),
        ("missing", "no 'Xval'"),
        ("shape", "expected (m, 2) points"),
        ("absent", "does not exist"),
    ],
)
def test_a_hostile_data_file_gets_one_sentence(tmp_path, capsys, case, expected):
    path = hostile_files(tmp_path)[case]
    assert run_main(main, ["--data", str(path), "--iterations", "2", "--output", str(tmp_path / "out")]) == 2
    stderr = capsys.readouterr().err
    assert expected in stderr and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("flags", [["--keep-prob", "0"], ["--keep-prob", "1.5"], ["--lambd", "inf"], ["--learning-rate", "nan"]])
def test_bad_flags_exit_2(tmp_path, capsys, flags):
    with pytest.raises(SystemExit) as stop:
        main([*flags, "--output", str(tmp_path / "out")])
    assert stop.value.code == 2 and len(capsys.readouterr().err.strip().splitlines()) == 1
