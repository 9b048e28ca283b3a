"""What a week tells the shared classification commands, as plain data (no TensorFlow imported).

A week declares its datasets and models once, as `DatasetSpec` / `ModelSpec` values, and the shared code
reads their fields; it never asks which model it runs. The shape follows `keras.applications`' generic
`ResNet(stack_fn, ...)`: the variant supplies its pieces, the shared code supplies the rest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from assignments.common.week import Week

if TYPE_CHECKING:  # for annotations only: importing them here would load h5py / Pillow for --help
    from assignments.common.classification.imageset import ImageSet
    from assignments.common.weights import WeightsFile


@dataclasses.dataclass(frozen=True)
class DatasetSpec:
    """One of the course's datasets, the same in every week that uses it.

    Attributes:
        name: what to call it in messages ("SIGNS").
        files: (train file, test file), looked up under a week's data folder (`week.course_file(name)`)
            and inside a `--data` folder.
        sizes: the course's image count per split ({"train": 1080, "test": 120}): what the generator
            draws when no count is asked for.
        class_names: the course's classes, as text ("0".."5").
        draw: (count, seed) → ImageSet, our seeded generator of look-alike pictures, the embedded default.
        substitute_role: the `Week.default_inputs` role of a real stand-in training set (a folder with one
            sub-folder per class), used when the course's training file is absent; None: there is none.
        substitute_name: the substitute's images in words after a count, for the model's provenance.
    """

    name: str
    files: tuple[str, str]
    sizes: Mapping[str, int]
    class_names: tuple[str, ...]
    draw: Callable[[int, int], ImageSet]
    substitute_role: str | None = None
    substitute_name: str = ""

    def generate(self, split: str, seed: int, count: int | None = None) -> ImageSet:
        """Generated pictures in the course's size for `split` ("train" / "test") unless `count` is given."""
        if split not in self.sizes:
            raise ValueError(f"split must be one of {sorted(self.sizes)}. Received: {split!r}")
        return self.draw(count or self.sizes[split], seed)


@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """One model a week trains, and everything the shared commands need to know about it.

    Attributes:
        name: the `--model` value ("happy", "signs", "resnet50").
        title: what the model is called in messages ("happyModel").
        build: classes → an uncompiled Keras model taking (64, 64, 3) images in [0, 1]. Called inside
            whatever scope the caller opens (a `tf.distribute` strategy's, for example).
        dataset: the course's dataset it trains on.
        binary: the model ends in one sigmoid unit (yes / no) whatever the data, so it refuses data with
            more than two classes; otherwise it ends in one softmax unit per class.
        more_classes_hint: for a binary model, what to use instead for more classes (end of a sentence).
        display_names: class name → what to print ("1" → "happy").
        batchnorm: the model has BatchNormalization layers, so `train --refresh-batchnorm` applies.
        learning_rate: the default Adam step.
        load_weights: (path, classes) → model, for `--weights` (pretrained files); None: no such files.
        weights_files: `WeightsFile` constants whose `key` `--weights` may name (downloaded).
        sample_photos: file names in the project's `images/` that `predict` classifies when no `--input`
            is given and the week declares no course image (real photos serve better than generated ones).
        out_of_domain: image files → one note per file, "" where the photo is what the model was made for
            and a short reason where it is not ("no face found"); None: the week cannot tell cheaply.
    """

    name: str
    title: str
    build: Callable[[int], object]
    dataset: DatasetSpec
    binary: bool = False
    more_classes_hint: str = ""
    display_names: Mapping[str, str] = dataclasses.field(default_factory=dict)
    batchnorm: bool = False
    learning_rate: float = 0.001
    load_weights: Callable[[object, int], object] | None = None
    weights_files: tuple[WeightsFile, ...] = ()
    sample_photos: tuple[str, ...] = ()
    out_of_domain: Callable[[list], list[str]] | None = None

    def display(self, class_names) -> list[str]:
        """The printable name of each class."""
        return [self.display_names.get(name, name) for name in class_names]


@dataclasses.dataclass(frozen=True)
class CommandSpec:
    """What a week's main script passes to the shared sub-commands.

    Attributes:
        week: the week's declaration (name, data folder, default inputs).
        models: `--model` value → ModelSpec; with one model, `--model` defaults to it.
        description: the parser's description.
        default_epochs, default_batch_size: the course's `fit` settings.
    """

    week: Week
    models: Mapping[str, ModelSpec]
    description: str
    default_epochs: int = 10
    default_batch_size: int = 32

    @property
    def weights_available(self) -> bool:
        return any(model.load_weights is not None for model in self.models.values())
