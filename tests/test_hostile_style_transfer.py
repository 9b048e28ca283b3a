"""Style transfer as a hostile but fair user meets it, in real subprocesses: the slow sweep behind this week's
rows of docs/bad_input.md (`python -m pytest -m slow tests/test_hostile_style_transfer.py`).

Each refused case ends with exit code 2, exactly one line on stderr, no traceback and no file in the output
folder; each accepted case writes a correct result.
"""

from __future__ import annotations

import h5py
import numpy as np
import pytest
from cli_runner import run_module
from decompression_bomb import write_bomb_png
from style_transfer_helpers import write_keras2_h5

pytestmark = pytest.mark.slow

MODULE = "assignments.style_transfer"
# A proxy on a closed local port: every download fails at once, whether or not this machine has a network.
NO_NETWORK = {"https_proxy": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "TF_CPP_MIN_LOG_LEVEL": "3"}
SMALL = ["--size", "48", "--iterations", "2", "--save-every", "0"]


def assert_refused(completed, output, expected: str) -> None:
    lines = [line for line in completed.stderr.splitlines() if line.strip()]
    assert completed.returncode == 2, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr and len(lines) == 1, completed.stderr[-2000:]
    assert lines[0].startswith("error: ") and expected in lines[0], lines[0]
    left = [path for path in output.rglob("*") if path.is_file() and path.name != ".lock"] if output.exists() else []
    assert left == [], left


@pytest.mark.parametrize("flag", ["--content", "--style"])
def test_a_decompression_bomb_is_one_sentence(tmp_path, flag):
    write_bomb_png(tmp_path / "bomb.png")
    completed = run_module(MODULE, [flag, "bomb.png", *SMALL, "--weights", "untrained", "--output", "out"], cwd=tmp_path)
    assert_refused(completed, tmp_path / "out", "is 30000x30000 pixels")


def test_a_notop_file_holding_nan_is_refused(tmp_path):
    from assignments.style_transfer.network import build_vgg19
    from assignments.style_transfer.vgg_weights import WeightsChoice

    path = write_keras2_h5(build_vgg19((32, 32), WeightsChoice(None, "random"), seed=3), tmp_path / "vgg19_notop.h5")
    with h5py.File(path, "r+") as handle:
        kernel = handle["block1_conv1"]["block1_conv1/kernel:0"]
        kernel[0, 0, 0, 0] = np.inf
    completed = run_module(MODULE, [*SMALL, "--weights", path, "--output", "out"], cwd=tmp_path)
    assert_refused(completed, tmp_path / "out", "are not all finite numbers")


def test_a_failed_download_is_one_line_without_tensorflow_chatter(tmp_path):
    arguments = [*SMALL, "--weights", "imagenet", "--output", "out"]
    completed = run_module(MODULE, arguments, cwd=tmp_path, extra_env={**NO_NETWORK, "KERAS_HOME": str(tmp_path / "keras")})
    assert_refused(completed, tmp_path / "out", "Could not download")


def test_a_killed_runs_debris_is_removed_at_the_next_start(tmp_path):
    output = tmp_path / "out"
    (output / ".staging-abc123").mkdir(parents=True)
    (output / ".staging-abc123" / "result.png").write_bytes(b"half")
    (output / ".costs.csv.tmp-abcd1234.csv").write_text("half-written")
    completed = run_module(MODULE, [*SMALL, "--weights", "untrained", "--output", output], cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr[-2000:]
    names = sorted(path.name for path in output.iterdir())
    assert names == [".lock", "comparison.png", "cost_curve.png", "costs.csv", "result.png"], names
