"""`--distribute`: the TF_CONFIG check, the refusals that need no TensorFlow, and the one-device summary.

The runs on two logical CPU devices are in test_distribute_mirrored.py, the two-process cluster in
test_distribute_multi_worker.py.
"""

from __future__ import annotations

import json
import types

import pytest

from assignments.common.cli import run_main
from assignments.common.distribute_cli import read_tf_config
from assignments.common.errors import UserError

TWO_WORKERS = {"cluster": {"worker": ["localhost:2222", "localhost:2223"]}, "task": {"type": "worker", "index": 1}}


def tf_config(value) -> dict[str, str]:
    return {"TF_CONFIG": value if isinstance(value, str) else json.dumps(value)}


def test_a_valid_tf_config_names_this_task_and_the_chief():
    worker = read_tf_config(tf_config(TWO_WORKERS))
    assert (worker.task_type, worker.task_index, worker.address, worker.worker_count, worker.is_chief) == (
        "worker",
        1,
        "localhost:2223",
        2,
        False,
    )
    assert read_tf_config(tf_config({**TWO_WORKERS, "task": {"type": "worker", "index": 0}})).is_chief
    with_chief = {"cluster": {"chief": ["a:1"], "worker": ["b:1"]}, "task": {"type": "worker", "index": 0}}
    assert not read_tf_config(tf_config(with_chief)).is_chief  # with a "chief" task, worker 0 is not the chief
    assert read_tf_config(tf_config({**with_chief, "task": {"type": "chief", "index": 0}})).is_chief


@pytest.mark.parametrize(
    "value, words",
    [
        ("", "which is not set"),
        ("{not json", "it is not JSON"),
        ({"cluster": {"worker": ["localhost:2222"]}}, 'lacks a "cluster" object or a "task"'),
        ({"cluster": {"worker": ["localhost"]}, "task": {"type": "worker", "index": 0}}, "is not 'host:port'"),
        ({"cluster": {"worker": ["localhost:99999"]}, "task": {"type": "worker", "index": 0}}, "port between 1 and 65535"),
        ({"cluster": {"worker": ["a:1"], "ps": ["b:1"]}, "task": {"type": "worker", "index": 0}}, 'has "ps" tasks'),
        ({"cluster": {"worker": ["a:1", "a:1"]}, "task": {"type": "worker", "index": 0}}, "lists an address twice"),
        ({**TWO_WORKERS, "task": {"type": "worker", "index": 2}}, "task index 2 is not between 0 and 1"),
        ({**TWO_WORKERS, "task": {"type": "chief", "index": 0}}, "task type 'chief' is not one of"),
    ],
)
def test_a_missing_or_invalid_tf_config_is_refused_with_one_sentence(value, words):
    with pytest.raises(UserError) as caught:
        read_tf_config(tf_config(value) if value else {})
    message = str(caught.value)
    assert words in message and "docs/distributed.md" in message and "\n" not in message


@pytest.mark.parametrize("week, flags", [("unet_segmentation", []), ("happy_house", ["--model", "signs"]), ("resnet50", [])])
def test_multi_worker_without_tf_config_exits_2_before_training(week, flags, tmp_path, monkeypatch, capsys):
    import importlib

    main = importlib.import_module(f"assignments.{week}.__main__").main
    monkeypatch.delenv("TF_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert run_main(main, ["train", *flags, "--distribute", "multi-worker", "--output", "run"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: --distribute multi-worker reads the cluster from the TF_CONFIG") and error.count("\n") == 0
    assert not (tmp_path / "run").exists()  # refused before anything was written


def test_distribute_rejects_an_unknown_strategy(tmp_path, monkeypatch, capsys):
    from assignments.unet_segmentation.__main__ import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["train", "--distribute", "tpu"])
    assert stopped.value.code == 2 and "invalid choice: 'tpu'" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "-5", "inf", "nan", "90000", "soon"])
def test_a_worker_timeout_that_is_not_a_sensible_number_of_seconds_is_refused(value, capsys):
    from assignments.unet_segmentation.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["train", "--distribute", "multi-worker", "--worker-timeout", value])
    error = capsys.readouterr().err
    assert stopped.value.code == 2 and "--worker-timeout" in error and error.count("\n") == 1


def test_mirrored_on_one_device_runs_one_replica_and_says_so():
    from assignments.common.distribute import start_distribution

    distribution = start_distribution("mirrored")  # this test process sees one CPU device
    line = distribution.describe(per_replica_batch=8)
    assert distribution.replicas == 1
    assert "mirrored (MirroredStrategy), 1 replica (this machine shows one device" in line
    assert "batch 8 per replica, global batch 8" in line
    assert start_distribution("none").describe(8) == (
        "Distribution: none (default strategy), 1 replica on 1 device: CPU:0; batch 8 per replica, global batch 8 (scaled with the replica count)."
    )


def test_a_split_that_leaves_a_replica_an_empty_batch_is_refused():
    from assignments.common.distribute import Distribution

    two_replicas = Distribution("mirrored", types.SimpleNamespace(num_replicas_in_sync=2), ("GPU:0", "GPU:1"))
    assert two_replicas.global_batch_size(4) == 8
    for count in (2, 8, 10, 16):  # last global batches of 2, 8, 2, 8: every replica gets at least one
        two_replicas.check_split(count, "the validation split", per_replica_batch=4)
    with pytest.raises(UserError) as caught:
        two_replicas.check_split(9, "the training split", per_replica_batch=4)
    assert str(caught.value) == (
        "The training split has 9 examples, so its last global batch (of 8) holds 1, fewer than the 2 replicas of "
        "--distribute mirrored: a replica would get an empty batch; pass --batch-size 3, or use more data or fewer devices."
    )
    with pytest.raises(UserError, match=r"^The test set has 1 example, .* holds 1, .*; use more data or fewer devices\.$"):
        two_replicas.check_split(1, "the test set", per_replica_batch=4)


def test_only_the_chief_writes_to_the_output_folder(tmp_path):
    from assignments.common.distribute import Distribution
    from assignments.common.distribute_cli import ClusterConfig

    output = tmp_path / "run"
    (output / "checkpoint").mkdir(parents=True)
    (output / "checkpoint" / "last.keras").write_text("model")
    (output / "best_model.keras").write_text("best")
    cluster = {"worker": ("localhost:1", "localhost:2")}
    strategy = types.SimpleNamespace(num_replicas_in_sync=2)
    chief = Distribution("multi-worker", strategy, ("CPU:0",), ClusterConfig(cluster, "worker", 0))
    worker = Distribution("multi-worker", strategy, ("CPU:0",), ClusterConfig(cluster, "worker", 1))
    assert chief.writable_folder(output, keep=("checkpoint", "best_model.keras")) == output
    folder = worker.writable_folder(output, keep=("checkpoint", "best_model.keras", "not_there"))
    # The worker gets its own folder (removed at exit) holding copies of what it resumes from.
    assert folder != output and folder.name.startswith("dls-worker1-")
    assert (folder / "checkpoint" / "last.keras").read_text() == "model" and (folder / "best_model.keras").read_text() == "best"
    assert sorted(path.name for path in folder.iterdir()) == ["best_model.keras", "checkpoint"]


def test_a_worker_lost_during_training_becomes_one_sentence_on_a_cluster_only():
    import tensorflow as tf

    from assignments.common.distribute import Distribution
    from assignments.common.distribute_cli import ClusterConfig

    strategy = types.SimpleNamespace(num_replicas_in_sync=2)
    lost = tf.errors.UnavailableError(None, None, "Collective ops is aborted by: task 1 crashed")
    on_cluster = Distribution("multi-worker", strategy, ("CPU:0",), ClusterConfig({"worker": ("a:1", "b:1")}, "worker", 0))
    with pytest.raises(
        UserError,
        match=r"^A worker of the cluster stopped answering during training \(UnavailableError\), so this worker stopped too: resume\.$",
    ):
        with on_cluster.report_lost_workers("resume."):
            raise lost
    with pytest.raises(tf.errors.UnavailableError):  # one machine: not a cluster problem, TensorFlow's error stays
        with Distribution("mirrored", strategy, ("GPU:0", "GPU:1")).report_lost_workers("resume."):
            raise lost


def test_tf_config_is_read_once_while_the_flags_are_checked(monkeypatch):
    """`decide` reads the cluster and passes it on in the frozen settings; nothing later parses TF_CONFIG."""
    from assignments.common.classification.cli import decide, starts_runtime_early
    from assignments.common.cli import parse_settings
    from assignments.happy_house.cli import build_parser
    from assignments.happy_house.spec import SPEC

    monkeypatch.setenv("TF_CONFIG", json.dumps(TWO_WORKERS))
    parsed = parse_settings(build_parser(), ["train", "--model", "signs", "--distribute", "multi-worker"])
    assert parsed.cluster is None
    settings = decide(parsed, SPEC)
    assert settings.cluster == read_tf_config(tf_config(TWO_WORKERS)) and not starts_runtime_early(settings)
    one_device = decide(parse_settings(build_parser(), ["train", "--model", "signs"]), SPEC)
    assert one_device.cluster is None and starts_runtime_early(one_device)
