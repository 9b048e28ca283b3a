"""The `--distribute` flags of a training command, and the `TF_CONFIG` check, without importing TensorFlow.

A week declares the two flags in its training settings with `distribute_flag()` and `worker_timeout_flag()`
(or adds them to an argparse parser with `add_distribute_arguments(train_parser)`). Right after parsing it
reads the cluster ONCE, `cluster = read_cluster(settings.distribute)`, so a missing or malformed `TF_CONFIG`
stops the run with one sentence before TensorFlow is loaded, and passes that value on: to
`import_tensorflow_quietly(start_runtime=runtime_may_start_early(settings.distribute))` and to
`assignments.common.distribute.start_distribution(name, timeout, cluster)`, which starts the strategy.

`TF_CONFIG` is TensorFlow's own cluster description (JSON), the one `MultiWorkerMirroredStrategy` reads:

    {"cluster": {"worker": ["host1:12345", "host2:12345"]}, "task": {"type": "worker", "index": 0}}

A `"chief": ["host0:12345"]` entry is allowed too; the chief (or worker 0 when there is none) writes the outputs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from collections.abc import Mapping

from assignments.common.cli import flag, positive_float
from assignments.common.errors import UserError

STRATEGIES = ("none", "mirrored", "multi-worker")
# The task types a data-parallel worker can have; "ps" and "evaluator" belong to other strategies.
WORKER_TYPES = ("chief", "worker")
# How long workers wait for each other (joining the cluster, and any one collective step) by default:
# long enough for a slow machine to start, short enough that a wrong address ends the run the same hour.
DEFAULT_WORKER_TIMEOUT = 300.0
MAX_WORKER_TIMEOUT = 86400.0  # a day: longer is a typo, and TensorFlow takes the deadline in whole milliseconds
DOCS = "docs/distributed.md"


def worker_timeout(text: str) -> float:
    """`--worker-timeout`: seconds, more than 0 and at most a day (inf and nan are refused)."""
    value = positive_float(text)
    if not value <= MAX_WORKER_TIMEOUT:
        raise argparse.ArgumentTypeError(f"expected seconds between 0 and {MAX_WORKER_TIMEOUT:.0f}, got {text}")
    return value


DISTRIBUTE_HELP = (
    "none: one device (default); mirrored: every GPU of this machine (else its CPU), one replica each; "
    "multi-worker: the machines listed in $TF_CONFIG, all GPUs of each. --batch-size is per replica: the "
    f"global batch is it times the replica count (see {DOCS})"
)
WORKER_TIMEOUT_HELP = (
    "multi-worker only: how long to wait for every worker in $TF_CONFIG to join, and for any one step's "
    f"exchange between workers (default {DEFAULT_WORKER_TIMEOUT:.0f})"
)


def distribute_flag():
    """`--distribute`, as a field of a week's training settings."""
    return flag("none", choices=STRATEGIES, help=DISTRIBUTE_HELP)


def worker_timeout_flag():
    """`--worker-timeout SECONDS`, as a field of a week's training settings."""
    return flag(DEFAULT_WORKER_TIMEOUT, type=worker_timeout, metavar="SECONDS", help=WORKER_TIMEOUT_HELP)


def add_distribute_arguments(parser: argparse.ArgumentParser) -> None:
    """Adds `--distribute` and `--worker-timeout` to a training sub-command (argparse parsers)."""
    parser.add_argument("--distribute", choices=STRATEGIES, default="none", help=DISTRIBUTE_HELP)
    parser.add_argument(
        "--worker-timeout", type=worker_timeout, default=DEFAULT_WORKER_TIMEOUT, metavar="SECONDS", help=WORKER_TIMEOUT_HELP
    )


def runtime_may_start_early(distribute: str) -> bool:
    """Whether TensorFlow's runtime may start when TensorFlow is imported (`import_tensorflow_quietly`).

    Not for "multi-worker": `MultiWorkerMirroredStrategy` must configure the collective ops before the
    runtime starts. The one place this rule is written.
    """
    return distribute != "multi-worker"


@dataclasses.dataclass(frozen=True)
class ClusterConfig:
    """The parts of `TF_CONFIG` this project uses.

    Attributes:
        cluster: task type -> "host:port" addresses, e.g. {"worker": ["a:2222", "b:2222"]}.
        task_type: this process's task type ("chief" or "worker").
        task_index: this process's index among the tasks of its type.
    """

    cluster: Mapping[str, tuple[str, ...]]
    task_type: str
    task_index: int

    @property
    def is_chief(self) -> bool:
        """The chief writes the outputs: the "chief" task, else worker 0 (TensorFlow's own rule)."""
        if "chief" in self.cluster:
            return self.task_type == "chief"
        return self.task_type == "worker" and self.task_index == 0

    @property
    def worker_count(self) -> int:
        return sum(len(self.cluster.get(kind, ())) for kind in WORKER_TYPES)

    @property
    def address(self) -> str:
        return self.cluster[self.task_type][self.task_index]


def _invalid(problem: str) -> UserError:
    return UserError(f"--distribute multi-worker needs a valid TF_CONFIG, but {problem}: see {DOCS} for an example.")


def _check_address(address) -> str:
    if not isinstance(address, str) or ":" not in address:
        raise _invalid(f"the address {address!r} is not 'host:port'")
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise _invalid(f"the address {address!r} is not 'host:port' with a port between 1 and 65535")
    return address


def read_tf_config(environ: Mapping[str, str] | None = None) -> ClusterConfig:
    """Reads and checks `TF_CONFIG` from the environment.

    Raises:
        UserError: it is missing, not JSON, or does not name this task inside a cluster of chief/worker tasks.
    """
    environ = os.environ if environ is None else environ
    text = environ.get("TF_CONFIG", "").strip()
    if not text:
        raise UserError(
            "--distribute multi-worker reads the cluster from the TF_CONFIG environment variable, which is not set: "
            f"set it on every machine (see {DOCS}), or use --distribute mirrored for the GPUs of one machine."
        )
    try:
        config = json.loads(text)
    except json.JSONDecodeError as error:
        raise _invalid(f"it is not JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(config, dict) or not isinstance(config.get("cluster"), dict) or not isinstance(config.get("task"), dict):
        raise _invalid('it lacks a "cluster" object or a "task" object')
    cluster = {}
    for kind, addresses in config["cluster"].items():
        if kind not in WORKER_TYPES:
            raise _invalid(
                f'its cluster has "{kind}" tasks, and data-parallel training uses only {" and ".join(WORKER_TYPES)} tasks'
            )
        if not isinstance(addresses, list) or not addresses:
            raise _invalid(f'its cluster\'s "{kind}" entry is not a non-empty list of addresses')
        cluster[kind] = tuple(_check_address(address) for address in addresses)
    if len(cluster.get("chief", ())) > 1:
        raise _invalid("its cluster names more than one chief")
    if not cluster:
        raise _invalid('its cluster lists no "worker" (or "chief") addresses')
    every_address = [address for addresses in cluster.values() for address in addresses]
    if len(set(every_address)) != len(every_address):
        raise _invalid("its cluster lists an address twice")
    task_type, task_index = config["task"].get("type"), config["task"].get("index", 0)
    if task_type not in cluster:
        raise _invalid(f"its task type {task_type!r} is not one of the cluster's task types ({', '.join(cluster)})")
    if not isinstance(task_index, int) or isinstance(task_index, bool) or not 0 <= task_index < len(cluster[task_type]):
        raise _invalid(
            f"its task index {task_index!r} is not between 0 and {len(cluster[task_type]) - 1} (the {task_type} list has {len(cluster[task_type])})"
        )
    return ClusterConfig(cluster, task_type, task_index)


def read_cluster(distribute: str, environ: Mapping[str, str] | None = None) -> ClusterConfig | None:
    """The cluster a `--distribute` value trains on, read once, before TensorFlow: `TF_CONFIG` for
    "multi-worker" (checked, see `read_tf_config`), None otherwise. Pass the result on to `start_distribution`."""
    return read_tf_config(environ) if distribute == "multi-worker" else None


def check_distribute_arguments(arguments: argparse.Namespace) -> ClusterConfig | None:
    """The checks that need no TensorFlow: `TF_CONFIG` when `--distribute multi-worker` is asked for.

    Returns:
        the cluster (`read_cluster`), to pass on to `start_distribution` so that TF_CONFIG is read once.
    """
    return read_cluster(getattr(arguments, "distribute", "none"))
