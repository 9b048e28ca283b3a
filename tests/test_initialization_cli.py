"""C2W1A1's main script: the three initialisations side by side in PNGs and one table; bad flags refused."""

from __future__ import annotations

import pytest

from assignments.common.cli import run_main
from assignments.initialization.__main__ import main


def test_main_compares_the_methods_side_by_side(tmp_path, capsys):
    assert run_main(main, ["--iterations", "300", "--output", str(tmp_path)]) == 0
    table = (tmp_path / "results.md").read_text().splitlines()
    assert [row.split(" | ")[0].lstrip("| ") for row in table[2:]] == ["zeros", "random * 10", "He"]
    assert table[2].endswith("| 0.5000 | 0.5000 |")  # zeros never breaks symmetry
    assert (tmp_path / "boundaries.png").stat().st_size > 10_000 and (tmp_path / "costs.png").is_file()
    assert "Cost after iteration 0: inf" in capsys.readouterr().out


@pytest.mark.parametrize(
    "flags", [["--methods", "xavier"], ["--learning-rate", "inf"], ["--iterations", "0"], ["--learning-rate", "-1"]]
)
def test_bad_flags_exit_2(tmp_path, capsys, flags):
    with pytest.raises(SystemExit) as stop:
        main([*flags, "--output", str(tmp_path / "out")])
    assert stop.value.code == 2 and len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
