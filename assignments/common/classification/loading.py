"""The model a command runs, and what it knows about it: a trained `.keras` file (with the provenance and
class names stored inside it), pretrained weights, or seeded random weights (UNTRAINED)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import keras

from assignments.common.classification.outputs import read_metadata
from assignments.common.classification.specs import ModelSpec
from assignments.common.classification.training import check_model_fits
from assignments.common.errors import UserError
from assignments.common.models import check_finite_weights, load_keras_model_file
from assignments.common.provenance import Provenance, read_keras_file
from assignments.common.weights import resolve_weights

# A .keras file from elsewhere (or from a version before provenance was stored) says nothing about itself.
UNKNOWN_ORIGIN = "data the file does not record (it carries no provenance)"


@dataclasses.dataclass(frozen=True)
class LoadedModel:
    """A model ready to run, with what is known about it.

    Attributes:
        model: the Keras model.
        class_names: the classes it was trained on (from the file), or None (numbers are shown).
        description: where it came from, in words ("the trained model out/happy_house/model.keras").
        provenance: what it was trained on and how good it was; `Provenance.untrained` for random weights.
    """

    model: object
    class_names: list[str] | None
    description: str
    provenance: Provenance

    @property
    def trained(self) -> bool:
        return not self.provenance.is_untrained


def _from_model_file(file: Path, model_spec: ModelSpec) -> LoadedModel:
    model = load_keras_model_file(file, "pass the model.keras that 'train' wrote")
    metadata = read_metadata(file)
    if metadata and metadata.get("model", model_spec.name) != model_spec.name:
        raise UserError(
            f"The model file '{file}' was trained as the '{metadata['model']}' model, not '{model_spec.name}': "
            f"pass it to the command that trained it, or a model that 'train --model {model_spec.name}' wrote."
        )
    check_model_fits(model, model_spec, str(file))
    check_finite_weights(model, str(file), "re-train it (lower --learning-rate) or pass another model file")
    provenance = read_keras_file(file) or Provenance(trained_on=UNKNOWN_ORIGIN, data="user")
    return LoadedModel(model, metadata["class_names"] if metadata else None, f"the trained model {file}", provenance)


def load_model_for(settings, model_spec: ModelSpec, classes: int | None = None) -> LoadedModel:
    """The model a command runs: --model-file, else --weights (pretrained), else seeded random weights.

    Args:
        settings: the command's settings (`model_file`, `weights` where the week has it, `seed`).
        classes: the number of classes of the data at hand; None: the course dataset's.

    Raises:
        UserError: the file is missing, damaged, another model's, or holds weights that are not finite.
    """
    classes = classes or len(model_spec.dataset.class_names)
    if getattr(settings, "model_file", None) is not None:
        return _from_model_file(settings.model_file.expanduser(), model_spec)
    if getattr(settings, "weights", None) is not None:
        path = resolve_weights(settings.weights, *model_spec.weights_files)
        model = model_spec.load_weights(path, classes)
        check_model_fits(model, model_spec, str(path))
        check_finite_weights(model, str(path), "pass the course's pretrained file")
        return LoadedModel(model, None, f"the pretrained weights {path}", Provenance.pretrained(weights=Path(path).name))
    keras.utils.set_random_seed(settings.seed)
    return LoadedModel(model_spec.build(classes), None, "seeded random weights", Provenance.untrained("seeded random weights"))
