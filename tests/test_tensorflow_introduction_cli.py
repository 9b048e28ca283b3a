"""C2W3A1's main script: a tiny run with its curves and its trust line; bad files refused in one sentence."""

from __future__ import annotations

import pytest

from assignments.common.cli import run_main
from assignments.tensorflow_introduction.__main__ import main


def test_a_tiny_run_plots_its_curves_and_says_how_far_to_trust_it(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DLS_DATA_DIR", raising=False)
    assert run_main(main, ["--train-count", "12", "--epochs", "2", "--output", str(tmp_path)]) == 0
    stdout = capsys.readouterr().out
    assert "Cost after epoch 0:" in stdout and "trained on 12 GENERATED hand pictures, 2 epochs" in stdout
    lines = (tmp_path / "results.csv").read_text().splitlines()
    assert (
        lines[0].startswith("# trained on 12 GENERATED")
        and lines[1] == "epoch,cost,train_accuracy,test_accuracy"
        and len(lines) == 4
    )
    assert (tmp_path / "curves.png").stat().st_size > 5_000


@pytest.mark.parametrize("case", ["missing", "not h5"])
def test_a_bad_test_file_gets_one_sentence(tmp_path, capsys, case):
    path = tmp_path / "test_signs.h5"
    if case == "not h5":
        path.write_text("not hdf5")
    assert run_main(main, ["--test", str(path), "--train-count", "12", "--epochs", "1", "--output", str(tmp_path / "out")]) == 2
    stderr = capsys.readouterr().err
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("flags", [["--learning-rate", "inf"], ["--epochs", "0"], ["--train-count", "1"]])
def test_bad_flags_exit_2(tmp_path, capsys, flags):
    with pytest.raises(SystemExit) as stop:
        main([*flags, "--output", str(tmp_path / "out")])
    assert stop.value.code == 2
