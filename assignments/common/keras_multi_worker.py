"""Two repairs that let Keras 3.15's `Model.fit` train under `MultiWorkerMirroredStrategy` (the one trick here).

Keras 3 with the TensorFlow backend fails at the first step of a multi-worker run (keras-team/keras#20585,
open): TensorFlow's own multi-worker Keras tutorial stops with
"Attempt to convert a value (PerReplica...) with an unsupported type". Two functions of
`keras.src.backend.tensorflow.trainer` take a single-machine path on a cluster:

1. `_maybe_symbolic_build` peeks one batch to build the model and averages it over replicas with
   `strategy.reduce(..., axis=None)` over the whole (images, labels) tuple, which the multi-worker strategy
   cannot reduce. It needs only the batch's shapes and dtypes, so here it takes this worker's first replica's
   part instead.
2. `reduce_per_replica` combines each step's per-replica outputs (loss and metric values, scalars) across
   workers with a mean over axis 0, which a scalar does not have. Here scalars are averaged over every
   replica (axis=None), as the single-machine path does; anything else keeps Keras's own reduction.

`apply()` installs both; `start_distribution("multi-worker")` calls it and nothing else does, so one-device
and mirrored runs use Keras unchanged. The two-worker test (tests/test_distribute_multi_worker.py) fails
without it. Remove it when Keras fixes #20585.
"""

from __future__ import annotations

import tensorflow as tf
from keras.src import tree
from keras.src.backend.tensorflow import trainer as keras_trainer

_ORIGINAL_REDUCE = keras_trainer.reduce_per_replica


def _first_local_part(value):
    """A per-replica value's part on this worker's first replica; other values unchanged."""
    if isinstance(value, tf.distribute.DistributedValues):
        return value.values[0]
    return value


def _maybe_symbolic_build(self, iterator=None, data_batch=None):
    """Keras's `_maybe_symbolic_build`, building from this worker's first replica's part of a batch."""
    if self._distribute_strategy is None:
        return
    if iterator is not None:
        for _, _, batches in iterator:
            data_batch = tree.map_structure(_first_local_part, next(batches))
            break
    with self.distribute_strategy.scope():
        self._symbolic_build(data_batch=data_batch)


def _reduce_per_replica(values, strategy, reduction):
    """Keras's `reduce_per_replica`, with scalars averaged over every replica on a multi-worker strategy."""
    if reduction == "auto" and keras_trainer._collective_all_reduce_multi_worker(strategy):

        def reduce(value):
            # With one device per worker the step's outputs arrive as plain tensors, else as PerReplica.
            local = value.values[0] if isinstance(value, tf.distribute.DistributedValues) else value
            if getattr(local, "shape", None) is not None and local.shape.rank == 0:
                return strategy.reduce("MEAN", value, axis=None)
            return _ORIGINAL_REDUCE(value, strategy, reduction)

        return tree.map_structure(reduce, values)
    return _ORIGINAL_REDUCE(values, strategy, reduction)


def apply() -> None:
    """Installs both repairs (idempotent)."""
    keras_trainer.TensorFlowTrainer._maybe_symbolic_build = _maybe_symbolic_build
    keras_trainer.reduce_per_replica = _reduce_per_replica
