"""C2W2A1's main script: the runs side by side and one table; bad flags refused before any work."""

from __future__ import annotations

import pytest

from assignments.common.cli import run_main
from assignments.optimization_methods.__main__ import main


def test_main_draws_the_runs_side_by_side(tmp_path):
    assert run_main(main, ["--runs", "gd", "adam-decay", "--epochs", "30", "--output", str(tmp_path)]) == 0
    table = (tmp_path / "results.md").read_text().splitlines()
    assert [row.split(" | ")[0].lstrip("| ") for row in table[2:]] == ["gd", "adam-decay"]
    assert "schedule_lr_decay" in table[3]
    assert (tmp_path / "boundaries.png").is_file() and (tmp_path / "costs.png").is_file()


@pytest.mark.parametrize("flags", [["--runs", "rmsprop"], ["--epochs", "0"], ["--mini-batch-size", "0"], ["--epochs", "inf"]])
def test_bad_flags_exit_2(tmp_path, capsys, flags):
    with pytest.raises(SystemExit) as stop:
        main([*flags, "--output", str(tmp_path / "out")])
    assert stop.value.code == 2 and len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
