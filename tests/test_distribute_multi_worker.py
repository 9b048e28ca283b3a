"""MultiWorkerMirroredStrategy with two local processes, each with its own TF_CONFIG, on free localhost ports.

The smoke test trains the U-Net for one short epoch on a two-worker cluster and checks that only the
chief's outputs are left (the other worker's temporary folder, under its own TMPDIR here, is removed). The
bad-input test starts one worker of two and expects one sentence and exit 2 within the worker timeout.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

from cli_runner import REPO

TINY = [
    "--n-filters",
    "4",
    "--image-size",
    "32",
    "32",
    "--scenes",
    "8",
    "--batch-size",
    "2",
    "--validation-split",
    "0.25",
    "--epochs",
    "1",
]


def free_ports(count: int) -> list[int]:
    """Ports the system hands out now; held together so that they differ, then released for the workers."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for handle in sockets:
            handle.bind(("localhost", 0))
        return [handle.getsockname()[1] for handle in sockets]
    finally:
        for handle in sockets:
            handle.close()


def start_worker(index: int, ports: list[int], folder, *flags, tmp: str | None = None) -> subprocess.Popen:
    """Worker `index` of a localhost cluster on `ports`, training into `folder/run`, its TMPDIR `folder/tmp<index>`."""
    config = {"cluster": {"worker": [f"localhost:{port}" for port in ports]}, "task": {"type": "worker", "index": index}}
    temporary = folder / (tmp or f"tmp{index}")
    temporary.mkdir()
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "MPLBACKEND": "Agg",
        "TF_CONFIG": json.dumps(config),
        "TMPDIR": str(temporary),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assignments.unet_segmentation",
            "train",
            *TINY,
            "--output",
            "run",
            "--distribute",
            "multi-worker",
            *flags,
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(processes: list[subprocess.Popen], timeout: float) -> list[tuple[int, str, str]]:
    """Each process's (exit code, stdout, stderr); kills them all when they take longer than `timeout`."""
    try:
        outputs = [process.communicate(timeout=timeout) for process in processes]
        return [(process.returncode, *output) for process, output in zip(processes, outputs)]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()


def test_two_workers_train_resume_and_only_the_chief_writes(tmp_path):
    ports = free_ports(2)
    processes = [start_worker(index, ports, tmp_path, "--worker-timeout", "120") for index in range(2)]
    (chief_code, chief_out, chief_err), (worker_code, worker_out, worker_err) = finish(processes, timeout=400)
    assert chief_code == 0, chief_err[-3000:]
    assert worker_code == 0, worker_err[-3000:]
    assert "2 replicas on 2 workers; this is worker 0" in chief_out and "the chief: it writes the outputs" in chief_out
    assert "this is worker 1" in worker_out and "global batch 4" in worker_out
    # The two workers took the same steps: the same validation loss is printed by both.
    score = lambda text: next(line for line in text.splitlines() if line.startswith("Best model"))  # noqa: E731
    assert score(chief_out) == score(worker_out)
    for name in ("best_model.keras", "history.csv", "predictions.png", "checkpoint/last.keras"):
        assert (tmp_path / "run" / name).is_file(), name
    # (TMPDIR also gets the __pycache__ of the modules tf.function writes there; that is not ours.)
    assert not list((tmp_path / "tmp1").glob("dls-*")), "the worker's temporary outputs were not removed"
    assert not list((tmp_path / "tmp0").glob("dls-*")), "the chief wrote a temporary output folder"

    # --resume on the cluster: the worker continues from a copy of the chief's checkpoint in its own folder.
    ports = free_ports(2)
    processes = [
        start_worker(index, ports, tmp_path, "--worker-timeout", "120", "--epochs", "2", "--resume", tmp=f"resume{index}")
        for index in range(2)
    ]
    (chief_code, chief_out, chief_err), (worker_code, worker_out, worker_err) = finish(processes, timeout=400)
    assert chief_code == 0 and worker_code == 0, (chief_err + worker_err)[-3000:]
    assert "Resuming from run/checkpoint: 1 epoch(s) done" in chief_out
    assert "Resuming from " in worker_out and "/dls-worker1-" in worker_out and "1 epoch(s) done" in worker_out
    assert score(chief_out) == score(worker_out)
    assert len((tmp_path / "run" / "history.csv").read_text().splitlines()) == 3  # header + 2 epochs
    assert not list((tmp_path / "resume1").glob("dls-*"))


def test_a_worker_that_never_joins_ends_the_run_with_one_sentence(tmp_path):
    started = time.monotonic()
    ((code, _, stderr),) = finish([start_worker(0, free_ports(2), tmp_path, "--worker-timeout", "5")], timeout=240)
    # TensorFlow's own C++ log lines (TF_CPP_MIN_LOG_LEVEL=2 keeps errors) surround ours: ours is the one "error:" line.
    ours = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert code == 2, stderr[-3000:]
    assert (
        len(ours) == 1
        and ours[0].startswith("error: Not every worker of TF_CONFIG (worker 0 at localhost:")
        and "joined within 5 s" in ours[0]
    )
    assert time.monotonic() - started < 240
    assert not (tmp_path / "run" / "best_model.keras").exists()
    assert not list((tmp_path / "tmp0").glob("dls-*"))
