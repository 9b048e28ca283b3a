"""Compiling and training the U-Net, with checkpoints that survive an interrupted run.

`TrainingCheckpoint` is a Keras callback that, after every epoch, writes `last.keras` (model and
optimizer state) and `training_state.json` (epochs done, history, best score), and `best_model.keras` when
validation loss improved; both models carry their provenance (the data, the epoch, the validation figures
against the majority-class baseline: `common/provenance.py`). Every file is written to a temporary name and renamed, so a run killed in the
middle of a save leaves the previous checkpoint intact; `--resume` starts from these files.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import keras

from assignments.common.errors import UserError
from assignments.common.files import remove_stale_temporaries_in, write_text_atomic
from assignments.common.models import save_keras_model
from assignments.common.provenance import Provenance

CHECKPOINT_DIR = "checkpoint"
LAST_MODEL = "last.keras"
BEST_MODEL = "best_model.keras"
STATE_FILE = "training_state.json"
MONITOR = "val_loss"


def compile_model(model: keras.Model, n_classes: int, learning_rate: float = 1e-3) -> keras.Model:
    """Adam + sparse categorical cross-entropy on logits (as the course), with pixel accuracy and mean IoU."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[
            keras.metrics.SparseCategoricalAccuracy(name="accuracy"),
            # sparse_y_pred=False: the metric takes the argmax of the logits itself.
            keras.metrics.MeanIoU(num_classes=n_classes, sparse_y_pred=False, name="mean_iou"),
        ],
    )
    return model


class TrainingCheckpoint(keras.callbacks.Callback):
    """Saves the last and the best model plus the history after each epoch, atomically.

    Args:
        output: the run's output folder; the last model and the state go to `output/checkpoint/`, the
            best model to `output/best_model.keras`.
        history: the per-epoch metrics of epochs done before (when resuming), extended in place.
        best: the best validation loss so far (inf for a new run).
        settings: what the run was started with (data folder, sizes), stored for `--resume` to check.
        describe: (epoch number, the epoch's logs) -> the provenance saved inside the models.
    """

    def __init__(
        self,
        output: Path,
        history: dict[str, list[float]],
        best: float,
        settings: dict,
        describe: Callable[[int, dict], Provenance] | None = None,
    ):
        super().__init__()
        self.output = Path(output)
        self.history = history
        self.best = best
        self.settings = settings
        self.describe = describe
        self.best_provenance: Provenance | None = None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if not math.isfinite(float(logs.get("loss", 0.0))):
            return  # NaN weights are never saved: the last finite checkpoint stays (StopOnNonFiniteLoss reports it)
        for name, value in logs.items():
            self.history.setdefault(name, []).append(float(value))
        score = float(logs.get(MONITOR, logs.get("loss", math.inf)))
        provenance = self.describe(epoch + 1, logs) if self.describe is not None else None
        if score < self.best:
            self.best, self.best_provenance = score, provenance
            save_keras_model(self.model, self.output / BEST_MODEL, provenance)
        save_keras_model(self.model, self.output / CHECKPOINT_DIR / LAST_MODEL, provenance)
        # Written after the model: a kill in between repeats one epoch on resume rather than skipping one.
        state = {"epochs_done": epoch + 1, "best": self.best, "history": self.history, "settings": self.settings}
        write_text_atomic(self.output / CHECKPOINT_DIR / STATE_FILE, json.dumps(state, indent=1))


def require_checkpoint(output: Path) -> tuple[Path, Path]:
    """The (state, model) files of an interrupted run in `output`, or UserError when there are none."""
    state_path = output / CHECKPOINT_DIR / STATE_FILE
    model_path = output / CHECKPOINT_DIR / LAST_MODEL
    if not state_path.is_file() or not model_path.is_file():
        raise UserError(
            f"--resume found no checkpoint in '{output / CHECKPOINT_DIR}': pass the --output of the interrupted run, or drop --resume."
        )
    return state_path, model_path


def remove_stale_temporaries(output: Path) -> None:
    """Deletes half-written files that a killed run (SIGTERM, power loss) left in the run's folders."""
    remove_stale_temporaries_in(output)
    remove_stale_temporaries_in(output / CHECKPOINT_DIR)


def load_resume_state(output: Path, settings: dict) -> tuple[keras.Model, int, dict, float]:
    """The model, epochs done, history and best score of an interrupted run in `output`.

    Raises:
        UserError: there is no checkpoint, it is damaged, or it was trained with other settings.
    """
    state_path, model_path = require_checkpoint(output)
    remove_stale_temporaries(output)
    try:
        state = json.loads(state_path.read_text())
        epochs_done = int(state["epochs_done"])
        history = {name: [float(value) for value in values] for name, values in state["history"].items()}
        best = float(state["best"])
    except (OSError, ValueError, KeyError, TypeError):
        raise UserError(f"The checkpoint state '{state_path}' is damaged: start a new run without --resume.") from None
    different = {
        key: (state.get("settings", {}).get(key), value)
        for key, value in settings.items()
        if state.get("settings", {}).get(key) != value
    }
    if different:
        described = "; ".join(f"{key} was {old!r}, now {new!r}" for key, (old, new) in different.items())
        raise UserError(
            f"--resume must continue with the interrupted run's settings ({described}): repeat its flags or drop --resume."
        )
    try:
        model = keras.models.load_model(model_path)
    except Exception as error:  # Keras raises many types for a damaged zip / config.
        raise UserError(
            f"The checkpoint '{model_path}' cannot be loaded ({type(error).__name__}): start a new run without --resume."
        ) from None
    return model, epochs_done, history, best
