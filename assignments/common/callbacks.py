"""Keras callbacks shared by the training weeks."""

from __future__ import annotations

import math
import time

import keras

from assignments.common.errors import UserError
from assignments.common.progress import time_estimate


class StopOnNonFiniteLoss(keras.callbacks.TerminateOnNaN):
    """Keras' `TerminateOnNaN`, remembering where the loss stopped being finite so the run can say so.

    After `fit`, call `raise_if_stopped(...)` before saving anything under its final name: a model whose
    loss became NaN or infinite has NaN weights, and must never be reported or saved as trained.
    """

    def __init__(self):
        super().__init__()
        self.epoch = 0
        self.stopped_at: tuple[int, int, float] | None = None  # (epoch, batch, loss), 1-based

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)) and self.stopped_at is None:
            self.stopped_at = (self.epoch + 1, batch + 1, float(loss))
        super().on_batch_end(batch, logs)

    def raise_if_stopped(self, kept: str = "no model was saved") -> None:
        """Raises `UserError` when training stopped on a non-finite loss.

        Args:
            kept: what the run kept, for the end of the sentence ("the last finite checkpoint is in ...").
        """
        if self.stopped_at is not None:
            epoch, batch, loss = self.stopped_at
            raise UserError(
                f"Training stopped: the loss became {loss} at epoch {epoch}, batch {batch}, so the weights are no "
                f"longer numbers; {kept}. Lower --learning-rate and run again."
            )


class TimeEstimate(keras.callbacks.Callback):
    """Prints, once, how long the whole `fit` will take, measured from its first batches.

    Args:
        total_batches: batches in the whole run (epochs x steps per epoch).
        what: the run in words ("10 epochs").
        shorten: the flags that shorten it ("--epochs or --max-images").
        after_batches: how many batches to time first (the very first one, which builds the graph, is skipped).
        print_fn: where the sentence goes (default `print`).
    """

    def __init__(self, total_batches: int, what: str, shorten: str, after_batches: int = 3, print_fn=print):
        super().__init__()
        self.total_batches, self.what, self.shorten = total_batches, what, shorten
        self.after_batches, self.print_fn = after_batches, print_fn
        self.seen, self.started, self.done = 0, None, False

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        if self.done:
            return
        if self.seen == 1:
            self.started = time.monotonic()  # from the end of the first batch: graph tracing excluded
        elif self.seen == 1 + self.after_batches:
            per_batch = (time.monotonic() - self.started) / self.after_batches
            self.print_fn(time_estimate(per_batch, max(self.total_batches - self.seen, 0), self.what, self.shorten).capitalize())
            self.done = True


class HeldOutExactMatch(keras.callbacks.Callback):
    """Measures a sequence model on held-out examples after every epoch, keeps the best epoch's weights (an
    epoch can overshoot at a constant learning rate), and stops training once the target is reached.

    Args:
        validation: the held-out examples.
        target: stop once the exact-match share reaches this.
        measure: `measure(model, validation) -> (exact-match share, character share)`, the week's own decoding.
    """

    def __init__(self, validation, target: float, measure):
        super().__init__()
        self.validation, self.target, self.measure = validation, target, measure
        self.history, self.losses = [], []
        self.best_weights, self.best_epoch = None, 0

    def on_epoch_end(self, epoch, logs=None):
        exact, characters = self.measure(self.model, self.validation)
        self.history.append(exact)
        self.losses.append(float((logs or {}).get("loss", float("nan"))))
        print(f"epoch {epoch + 1}: validation exact match {exact:.4f}, characters {characters:.4f}", flush=True)
        if exact >= max(self.history):
            self.best_weights, self.best_epoch = self.model.get_weights(), epoch + 1
        if exact >= self.target:
            self.model.stop_training = True

    def restore_best(self) -> None:
        """Puts the best epoch's weights back into the model (no-op before the first epoch)."""
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)
