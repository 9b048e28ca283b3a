"""The main script as a user runs it: training, reloading, own data, and every kind of bad input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cli_runner import run_module



def run(*arguments: str, cwd: Path, data_dir: str | None = None) -> subprocess.CompletedProcess:
    return run_module("assignments.dinosaur_island", arguments, cwd=cwd, data_dir=data_dir)


def test_default_run_uses_the_embedded_list_then_reloads(tmp_path):
    result = run("--iterations", "300", "--print-every", "100", "--samples", "4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "embedded list of real dinosaur genera" in result.stdout
    assert "Iteration: 200, Loss:" in result.stdout + result.stderr  # course-style blocks (through tqdm.write)
    output = tmp_path / "out" / "dinosaur_island"
    assert sorted(path.name for path in output.iterdir()) == ["loss_curve.png", "model.npz", "samples.txt"]
    assert (output / "loss_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    first = (output / "samples.txt").read_text().splitlines()
    assert len(first) == 4

    again = run("--load", str(output / "model.npz"), "--samples", "4", "--output", str(tmp_path / "again"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "samples.txt").read_text().splitlines() == first


def test_course_file_is_used_when_data_dir_has_it(tmp_path):
    (tmp_path / "data" / "dinosaur_island").mkdir(parents=True)
    (tmp_path / "data" / "dinosaur_island" / "dinos.txt").write_text("Aardonyx\nAbelisaurus")
    result = run("--iterations", "5", "--print-every", "0", cwd=tmp_path, data_dir=str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "the course's dinos.txt" in result.stdout and "2 names" in result.stdout


def test_own_names_file(tmp_path):
    words = tmp_path / "pokemon.txt"
    words.write_text("pikachu\nbulbasaur\ncharmander\nsquirtle\n", encoding="utf-8")
    result = run("--names", str(words), "--iterations", "50", "--print-every", "0", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "your names file" in result.stdout and "4 names" in result.stdout
    assert "seeds 3..12" in result.stdout


@pytest.mark.parametrize(
    "arguments, needle",
    [
        (["--names", "missing.txt"], "does not exist"),
        (["--names", "empty.txt"], "has no names"),
        (["--names", "binary.txt"], "is not UTF-8 text"),
        (["--temperature", "0"], "expected a number > 0, got 0"),
        (["--temperature", "-1"], "expected a number > 0"),
        (["--iterations", "-5"], "expected a whole number >= 0, got -5"),
        (["--samples", "many"], "expected a whole number > 0, got 'many'"),
        (["--load", "nope.npz"], "does not exist"),
        (["--load", "empty.txt"], "not a readable .npz"),
        (["--colour", "blue"], "unrecognized arguments: --colour blue"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, arguments, needle):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(128, 256)))
    result = run(*arguments, "--iterations" if "--iterations" not in arguments else "--seed", "1", cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert needle in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
