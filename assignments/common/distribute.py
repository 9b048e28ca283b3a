"""Data-parallel training with `tf.distribute`: one code path for one device, one machine's devices, or a cluster.

TensorFlow's own engine does the work. `MirroredStrategy` keeps a copy of the model on every GPU of this
machine (or its CPU), splits each global batch between them and adds up their gradients before every update;
`MultiWorkerMirroredStrategy` does the same across the machines listed in `TF_CONFIG`. With `--distribute
none` the default strategy runs everything on one device, through the same lines:

    cluster = read_cluster(settings.distribute)         # TF_CONFIG, read once while the flags are checked
    distribution = start_distribution(settings.distribute, settings.worker_timeout, cluster)
    print(distribution.describe(settings.batch_size))    # strategy, replicas, devices, per-replica/global batch
    output = distribution.writable_folder(output)       # the chief's --output; a temporary folder elsewhere
    with distribution.scope():                          # variables made here get a copy on every replica
        model = compile_model(build_model())
    batches = distribution.shard(make_dataset(..., distribution.global_batch_size(settings.batch_size)), "data")
    model.fit(batches, ...)

`--batch-size` is per replica, as in TensorFlow's guides: the pipeline batches `batch_size * replicas` examples
and the strategy hands each replica its `batch_size`, so each device does the work it did alone and a step
sees `replicas` times more examples. Keras averages the loss over the global batch, so with the same global
batch and seed a mirrored run takes the same steps as a one-device run (tests/test_distribute_mirrored.py; what differs: docs/distributed.md).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import shutil
import tempfile
from pathlib import Path

import tensorflow as tf

# The coordination service settings have no public API; see `_bound_cluster_registration`.
from tensorflow.compiler.xla.tsl.protobuf.coordination_config_pb2 import CoordinatedJob
from tensorflow.python.eager import context

from assignments.common import keras_multi_worker
from assignments.common.distribute_cli import DEFAULT_WORKER_TIMEOUT, DOCS, ClusterConfig, read_tf_config
from assignments.common.errors import UserError

# How `tf.data` splits the input between workers (within one machine the strategy splits every batch itself).
# DATA: every worker reads the whole pipeline and keeps its share of each batch; right for data held in memory
# or generated, and for file lists that reach the pipeline as tensors. FILE: each worker reads its own files;
# only for pipelines that read through a tf.data reader (TFRecordDataset, TextLineDataset, ...).
# What the summary line calls each strategy (TensorFlow's class names are internal: _DefaultDistributionStrategy,
# CollectiveAllReduceStrategy).
STRATEGY_TITLES = {"none": "default strategy", "mirrored": "MirroredStrategy", "multi-worker": "MultiWorkerMirroredStrategy"}
SHARD_POLICIES = {
    "data": tf.data.experimental.AutoShardPolicy.DATA,
    "file": tf.data.experimental.AutoShardPolicy.FILE,
}


@dataclasses.dataclass(frozen=True)
class Distribution:
    """A started strategy and what this process is in it.

    Attributes:
        name: the `--distribute` value ("none", "mirrored", "multi-worker").
        strategy: the `tf.distribute.Strategy`.
        devices: this process's devices, one replica each.
        cluster: the `TF_CONFIG` cluster for "multi-worker", else None.
    """

    name: str
    strategy: tf.distribute.Strategy
    devices: tuple[str, ...]
    cluster: ClusterConfig | None = None

    @property
    def replicas(self) -> int:
        """Model copies that train in step, over every worker."""
        return int(self.strategy.num_replicas_in_sync)

    @property
    def is_chief(self) -> bool:
        """Only the chief writes outputs (always True outside a cluster)."""
        return self.cluster is None or self.cluster.is_chief

    def scope(self):
        """Build, compile and load models inside this: their variables then live on every replica."""
        return self.strategy.scope()

    def global_batch_size(self, per_replica: int) -> int:
        """Examples per training step over all replicas: the per-replica batch times the replica count."""
        return per_replica * self.replicas

    def describe(self, per_replica_batch: int) -> str:
        """The run's summary line: strategy, replicas, devices, per-replica and global batch."""
        devices = ", ".join(self.devices)
        if self.cluster is not None:
            where = (
                f"{self.cluster.worker_count} workers; this is {self.cluster.task_type} {self.cluster.task_index} "
                f"({self.cluster.address}, {'the chief: it writes the outputs' if self.is_chief else 'not the chief: its outputs are temporary'}) on {devices}"
            )
        else:
            where = f"{len(self.devices)} device{'s' if len(self.devices) != 1 else ''}: {devices}"
        replicas = f"{self.replicas} replica{'s' if self.replicas != 1 else ''}"
        if self.name == "mirrored" and self.replicas == 1:
            replicas += " (this machine shows one device, so this is one-device training)"
        return (
            f"Distribution: {self.name} ({STRATEGY_TITLES[self.name]}), {replicas} on {where}; batch "
            f"{per_replica_batch} per replica, global batch {self.global_batch_size(per_replica_batch)} "
            f"(scaled with the replica count)."
        )

    def check_split(self, count: int, what: str, per_replica_batch: int) -> None:
        """UserError when a replica would get an empty batch: the split's last batch has fewer examples than replicas.

        The strategy splits each global batch between the replicas; a last batch of 1 on 2 replicas leaves
        one with nothing, and TensorFlow then fails deep inside a layer.

        Args:
            count: the split's example count.
            what: the split named for the message, e.g. "the validation split".
            per_replica_batch: `--batch-size`.
        """

        def last_batch(per_replica: int) -> int:
            global_batch = self.global_batch_size(per_replica)
            return count % global_batch or global_batch

        last, global_batch = last_batch(per_replica_batch), self.global_batch_size(per_replica_batch)
        if last >= self.replicas:
            return
        fits = [size for size in range(per_replica_batch - 1, 0, -1) if last_batch(size) >= self.replicas]
        fix = f"pass --batch-size {fits[0]}, or use more data or fewer devices" if fits else "use more data or fewer devices"
        raise UserError(
            f"{what[:1].upper()}{what[1:]} has {count} example{'s' if count != 1 else ''}, so its last global batch "
            f"(of {global_batch}) holds {last}, fewer than the {self.replicas} replicas of --distribute {self.name}: "
            f"a replica would get an empty batch; {fix}."
        )

    def shard(self, dataset: tf.data.Dataset, policy: str) -> tf.data.Dataset:
        """`dataset` with its auto-shard policy set ("data" or "file", see SHARD_POLICIES).

        The dataset must already be batched with `global_batch_size`: the strategy splits each batch.
        """
        if policy not in SHARD_POLICIES:
            raise ValueError(f"policy must be one of {sorted(SHARD_POLICIES)}. Received: {policy!r}")
        options = tf.data.Options()
        options.experimental_distribute.auto_shard_policy = SHARD_POLICIES[policy]
        return dataset.with_options(options)

    @contextlib.contextmanager
    def report_lost_workers(self, advice: str):
        """Around `fit`: a worker that stops answering mid-run becomes one sentence (UserError), not a traceback.

        The other workers notice within `--worker-timeout` (TensorFlow's coordination service tells them
        sooner when the process died) and stop with an UnavailableError or DeadlineExceededError.

        Args:
            advice: what the user can do next, e.g. how to continue from the last checkpoint.
        """
        try:
            yield
        except (tf.errors.UnavailableError, tf.errors.DeadlineExceededError, tf.errors.AbortedError) as error:
            if self.cluster is None:
                raise
            raise UserError(
                f"A worker of the cluster stopped answering during training ({type(error).__name__}), so this "
                f"{self.cluster.task_type} stopped too: {advice}"
            ) from None

    def writable_folder(self, output: Path, keep: tuple[str, ...] = ()) -> Path:
        """Where this process writes: `output` on the chief, a temporary folder on other workers.

        Every worker runs the same program (saving included), but only the chief's files are kept; the
        temporary folder is removed when the process exits, after an error too.

        Args:
            output: the run's output folder.
            keep: names inside `output` a worker starts from (a checkpoint to resume): copied into its
                temporary folder, so that it reads them there and never writes beside the chief's.
        """
        if self.is_chief:
            return Path(output)
        temporary = Path(tempfile.mkdtemp(prefix=f"dls-{self.cluster.task_type}{self.cluster.task_index}-"))
        atexit.register(shutil.rmtree, temporary, ignore_errors=True)
        for name in keep:
            source = Path(output) / name
            if source.is_dir():
                shutil.copytree(source, temporary / name)
            elif source.is_file():
                shutil.copy2(source, temporary / name)
        return temporary


def _short(device_name: str) -> str:
    """'/job:worker/replica:0/task:1/device:CPU:0' -> 'CPU:0'."""
    return device_name.rsplit("device:", 1)[-1]


def _local_devices() -> list[str]:
    """This machine's logical GPUs, else its logical CPUs (one, unless a program split it)."""
    devices = tf.config.list_logical_devices("GPU") or tf.config.list_logical_devices("CPU")
    return [device.name for device in devices]


def _bound_cluster_registration(cluster: ClusterConfig, timeout_seconds: float) -> None:
    """Makes a missing worker an error after `timeout_seconds` instead of an endless wait.

    `MultiWorkerMirroredStrategy` configures TensorFlow's coordination service with no registration
    deadline, so a worker whose address is wrong waits forever (and ignores SIGTERM while it waits). The
    strategy keeps a configuration that is already set, so this sets the same one first, with a deadline and
    a barrier at registration (without the barrier the deadline is not applied).
    """
    leader = "/job:chief/replica:0/task:0" if "chief" in cluster.cluster else "/job:worker/replica:0/task:0"
    jobs = [CoordinatedJob(name=kind, num_tasks=len(addresses)) for kind, addresses in cluster.cluster.items()]
    context.context().configure_coordination_service(
        service_type="standalone",
        service_leader=leader,
        cluster_register_timeout_in_ms=int(timeout_seconds * 1000),
        coordinated_jobs=jobs,
    )
    context.context().coordination_service.cluster_register_with_barrier = True


def start_distribution(
    name: str, worker_timeout: float = DEFAULT_WORKER_TIMEOUT, cluster: ClusterConfig | None = None
) -> Distribution:
    """Starts the strategy for a `--distribute` value; call it before any other TensorFlow work.

    Args:
        name: "none", "mirrored" or "multi-worker".
        worker_timeout: multi-worker only: seconds to wait for every worker to join, and for any one
            exchange between workers.
        cluster: multi-worker only: the cluster `distribute_cli.read_cluster` read while the arguments were
            checked; None reads TF_CONFIG here (for callers that did not read it already).

    Raises:
        UserError: for "multi-worker", TF_CONFIG is missing or invalid, or a worker did not join in time.
    """
    if name == "none":
        return Distribution(name, tf.distribute.get_strategy(), (_short(_local_devices()[0]),))
    if name == "mirrored":
        devices = _local_devices()
        return Distribution(name, tf.distribute.MirroredStrategy(devices=devices), tuple(_short(device) for device in devices))
    if name != "multi-worker":
        raise ValueError(f"name must be one of none, mirrored, multi-worker. Received: {name!r}")
    cluster = cluster or read_tf_config()
    _bound_cluster_registration(cluster, worker_timeout)
    options = tf.distribute.experimental.CommunicationOptions(timeout_seconds=worker_timeout)
    try:
        strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
    except (tf.errors.DeadlineExceededError, tf.errors.UnavailableError, tf.errors.AbortedError) as error:
        addresses = ", ".join(
            f"{kind} {index} at {address}" for kind, listed in cluster.cluster.items() for index, address in enumerate(listed)
        )
        raise UserError(
            f"Not every worker of TF_CONFIG ({addresses}) joined within {worker_timeout:g} s "
            f"({type(error).__name__}): start the same command on each of them with its own TF_CONFIG task, "
            f"check the addresses and ports, or raise --worker-timeout (see {DOCS})."
        ) from None
    keras_multi_worker.apply()  # Keras 3.15's fit fails on a cluster without it (keras-team/keras#20585)
    devices = tuple(_short(device) for device in strategy.extended.worker_devices)
    return Distribution(name, strategy, devices, cluster)
