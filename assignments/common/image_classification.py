"""Small-image classification shared by C4W1 (Happy House, SIGNS) and C4W2 (ResNet50 on SIGNS).

Both weeks read the same kinds of data and their main scripts have the same `train` / `evaluate` /
`predict` / `generate` shape, so that logic lives here once:

- `ImageSet` (uint8 images + integer labels + class names) and its sources: the course's h5 files
  (`train_set_x`, `train_set_y`, `list_classes`; `test_set_*`), a folder with one sub-folder per class
  (how a user brings their own classes; every image is resized to 64x64), and seeded generators.
- `make_dataset`: the `tf.data` pipeline (cache, shuffle, batch, prefetch; scaling to [0, 1] in the graph).
- `draw_hand_signs`: our seeded generator of SIGNS-like pictures (a hand raising 0-5 fingers).
- `add_*_arguments` and `run_train` / `run_evaluate` / `run_predict` / `run_generate`: the sub-commands,
  parameterised by a `WeekSpec` that says which files and model builders a week uses.

TensorFlow is imported inside the functions that need it, so `--help` and bad-input errors stay fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from assignments.common.cli import ArgumentParser, add_common_arguments, non_negative_int, positive_float, positive_int, probability
from assignments.common.data import find_course_file
from assignments.common.errors import UserError
from assignments.common.files import atomic_path, ensure_output_dir, write_text_atomic
from assignments.common.images import IMAGE_SUFFIXES, image_to_array, list_images, load_rgb_image
from assignments.common.models import load_keras_model_file, save_keras_model

IMAGE_SIZE = (64, 64)  # (height, width) of every course image; folder images are resized to it.
SPLITS = ("train", "test")


# ----------------------------------------------------------------------------- the data in memory
@dataclasses.dataclass
class ImageSet:
    """Labelled images, as the course's h5 files hold them.

    Attributes:
        images: uint8 array (m, height, width, 3).
        labels: int64 array (m,), values in [0, len(class_names)).
        class_names: one name per class (the h5's `list_classes` as text, or the folder names).
        source: where they came from, for messages ("the course's test_signs.h5", ...).
    """

    images: np.ndarray
    labels: np.ndarray
    class_names: list[str]
    source: str

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def subset(self, indices: np.ndarray, source: str | None = None) -> "ImageSet":
        return ImageSet(self.images[indices], self.labels[indices], list(self.class_names), source or self.source)


def course_arrays(train: ImageSet, test: ImageSet):
    """The course loaders' return value: X_train, Y_train (1, m), X_test, Y_test (1, m), classes."""
    classes = np.array([int(name) if name.isdigit() else name for name in train.class_names])
    return (
        train.images,
        train.labels.reshape(1, -1),
        test.images,
        test.labels.reshape(1, -1),
        classes,
    )


# ----------------------------------------------------------------------------- course h5 files
def read_h5_split(path: str | os.PathLike, split: str | None = None) -> ImageSet:
    """Reads one split of a course h5 file (`<split>_set_x`, `<split>_set_y`, `list_classes`).

    Args:
        path: the .h5 file.
        split: "train" or "test"; None takes whichever of the two the file holds.

    Raises:
        UserError: the file is missing, not HDF5, or lacks the keys / shapes of the course's schema.
    """
    import h5py

    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"The data file '{path}' does not exist: check the path (course files are named like train_signs.h5).")
    try:
        handle = h5py.File(file, "r")
    except OSError:
        raise UserError(f"'{path}' is not a readable HDF5 file (damaged, or another format): use the course's .h5 file.") from None
    with handle:
        keys = sorted(handle.keys())
        if split is None:
            split = next((name for name in SPLITS if f"{name}_set_x" in handle), None)
            if split is None:
                raise UserError(
                    f"'{path}' has none of the course's keys (train_set_x or test_set_x; it has {', '.join(keys) or 'no keys'}): "
                    "pass a course h5 file or a folder with one sub-folder per class."
                )
        x_key, y_key = f"{split}_set_x", f"{split}_set_y"
        for key in (x_key, y_key):
            if key not in handle:
                raise UserError(
                    f"'{path}' has no '{key}' (it has {', '.join(keys) or 'no keys'}): pass the course's {split} file."
                )
        try:
            images = np.asarray(handle[x_key][()])
            labels = np.asarray(handle[y_key][()])
            classes = np.asarray(handle["list_classes"][()]) if "list_classes" in handle else None
        except (OSError, TypeError, AttributeError) as error:
            raise UserError(f"'{path}' could not be read ({error}): the file is damaged; download it again.") from None
    if images.ndim != 4 or images.shape[-1] != 3 or images.shape[0] == 0:
        raise UserError(
            f"'{path}' key '{x_key}' has shape {images.shape}: expected (m, height, width, 3) RGB images with m > 0."
        )
    labels = labels.reshape(-1)
    if labels.shape[0] != images.shape[0]:
        raise UserError(
            f"'{path}' has {images.shape[0]} images but {labels.shape[0]} labels in '{y_key}': the file is inconsistent."
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise UserError(f"'{path}' key '{y_key}' holds {labels.dtype} values: expected whole-number class labels.")
    if np.issubdtype(images.dtype, np.floating):
        # Someone saved scaled floats: accept [0, 1] or [0, 255] and store as the course's uint8.
        scale = 255.0 if images.max(initial=0.0) <= 1.0 else 1.0
        images = np.clip(images * scale + 0.5, 0, 255).astype(np.uint8)
    elif images.dtype != np.uint8:
        images = np.clip(images, 0, 255).astype(np.uint8)
    if classes is None:
        class_names = [str(index) for index in range(int(labels.max()) + 1)]
    else:
        class_names = [item.decode() if isinstance(item, bytes) else str(item) for item in classes.reshape(-1).tolist()]
    if labels.min() < 0 or labels.max() >= len(class_names):
        raise UserError(
            f"'{path}' has labels from {labels.min()} to {labels.max()} but {len(class_names)} classes in 'list_classes': the file is inconsistent."
        )
    return ImageSet(images, labels.astype(np.int64), class_names, f"{file.name} ({split} split)")


def load_course_split(week: str, split: str, file_name: str, data_dir, generate, seed: int) -> ImageSet:
    """One split for the course's loader functions: `data_dir/file_name`, else `$DLS_DATA_DIR/<week>/file_name`,
    else `generate(split, seed, None)` (with a note on stderr, since the numbers then are not the course's)."""
    if data_dir is not None:
        candidate = Path(data_dir).expanduser() / file_name
        path = candidate if candidate.is_file() else None
    else:
        path = find_course_file(week, file_name)
    if path is not None:
        return read_h5_split(path, split)
    print(f"note: {file_name} not found; using generated data in its place.", file=sys.stderr)
    return generate(split, seed, None)


def write_h5_split(path: str | os.PathLike, split: str, data: ImageSet) -> Path:
    """Writes images and labels in the course's schema (`<split>_set_x` uint8, `<split>_set_y` int64, `list_classes`), atomically."""
    import h5py

    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    classes = [int(name) if name.isdigit() else name.encode() for name in data.class_names]
    with atomic_path(path) as temporary:
        with h5py.File(temporary, "w") as handle:
            handle.create_dataset(f"{split}_set_x", data=data.images.astype(np.uint8))
            handle.create_dataset(f"{split}_set_y", data=data.labels.astype(np.int64))
            handle.create_dataset("list_classes", data=np.array(classes))
    return Path(path)


# ----------------------------------------------------------------------------- folder-per-class data
def read_image_folder(folder: str | os.PathLike, size: tuple[int, int] = IMAGE_SIZE) -> ImageSet:
    """Reads a folder with one sub-folder of images per class (`folder/<class>/*.jpg`), resized to `size`.

    Classes are the sub-folder names in sorted order (numbers sort as numbers: 2 before 10). Any format
    `load_rgb_image` reads works (EXIF rotation, grayscale, RGBA, 16-bit PNG become 8-bit RGB).

    Raises:
        UserError: no class sub-folders, a class folder without images, or a file that is no image.
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UserError(f"The data folder '{folder}' does not exist: pass a folder with one sub-folder of images per class.")
    class_folders = [path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")]
    if not class_folders:
        raise UserError(
            f"The folder '{folder}' has no class sub-folders: put each class's images in its own sub-folder (e.g. {folder}/0/, {folder}/1/)."
        )
    class_folders.sort(key=lambda path: (0, int(path.name), "") if path.name.isdigit() else (1, 0, path.name))
    images, labels = [], []
    for label, class_folder in enumerate(class_folders):
        files = sorted(path for path in class_folder.iterdir() if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise UserError(
                f"The class folder '{class_folder}' has no images ({', '.join(IMAGE_SUFFIXES[:4])}, ...): add images or remove the folder."
            )
        for file in files:
            images.append(image_to_array(load_rgb_image(file), size=size, scale=False))
            labels.append(label)
    if len(class_folders) < 2:
        raise UserError(f"The folder '{folder}' has only one class ('{class_folders[0].name}'): a classifier needs at least two class sub-folders.")
    return ImageSet(np.stack(images), np.asarray(labels, dtype=np.int64), [path.name for path in class_folders], f"the image folder {root}")


def is_class_folder_dataset(folder: Path) -> bool:
    return folder.is_dir() and any(path.is_dir() and not path.name.startswith(".") for path in folder.iterdir())


def read_source(path: Path, split: str, course_file: str) -> ImageSet:
    """Reads `--data` / `--test-data`: an h5 file, a folder holding `course_file`, or a folder-per-class dataset."""
    path = path.expanduser()
    if not path.exists():
        raise UserError(f"The data path '{path}' does not exist: pass a course .h5 file or a folder (see --help).")
    if path.is_file():
        return read_h5_split(path, None)
    if (path / course_file).is_file():
        return read_h5_split(path / course_file, split)
    if is_class_folder_dataset(path):
        return read_image_folder(path)
    raise UserError(
        f"The folder '{path}' has neither the course's {course_file} nor class sub-folders of images: "
        "pass the folder with the course's h5 files or one sub-folder per class."
    )


def holdout_split(data: ImageSet, fraction: float, seed: int) -> tuple[ImageSet, ImageSet]:
    """Splits off a seeded, per-class test share (at least one image per class when the class has two or more)."""
    random = np.random.default_rng(seed)
    test_indices = []
    for label in range(len(data.class_names)):
        members = np.flatnonzero(data.labels == label)
        random.shuffle(members)
        count = min(len(members) - 1, max(1, round(fraction * len(members)))) if len(members) > 1 else 0
        test_indices.extend(members[:count].tolist())
    test_mask = np.zeros(len(data), dtype=bool)
    test_mask[test_indices] = True
    if not test_mask.any():
        raise UserError(f"{data.source} is too small to hold out test images: add images or pass --test-data.")
    return (
        data.subset(np.flatnonzero(~test_mask), f"{data.source}, {int((~test_mask).sum())} images kept for training"),
        data.subset(np.flatnonzero(test_mask), f"{data.source}, {int(test_mask.sum())} images held out for testing"),
    )


def check_same_classes(train: ImageSet, test: ImageSet) -> None:
    if train.class_names != test.class_names:
        raise UserError(
            f"The training classes {train.class_names} and the test classes {test.class_names} differ: "
            "pass test data with the same classes (--test-data)."
        )


# ----------------------------------------------------------------------------- tf.data
def make_dataset(data: ImageSet, batch_size: int, *, shuffle: bool, seed: int, one_hot: bool = False):
    """The input pipeline: uint8 images → float32 in [0, 1], cached, shuffled each epoch, batched, prefetched.

    Args:
        data: the images (m, 64, 64, 3) uint8 and labels (m,).
        batch_size: images per step.
        shuffle: reshuffle every epoch (training) or keep the order (evaluation).
        seed: the shuffle seed.
        one_hot: labels as one-hot (m, classes) float32, else integers (for sparse losses / binary models).
    """
    import tensorflow as tf

    classes = len(data.class_names)
    dataset = tf.data.Dataset.from_tensor_slices((data.images, data.labels))

    def scale(image, label):
        # (64, 64, 3) uint8 → float32 / 255, as the course's X_train / 255.
        label = tf.one_hot(label, classes) if one_hot else tf.cast(label, tf.float32 if classes == 2 else tf.int64)
        return tf.cast(image, tf.float32) / 255.0, label

    dataset = dataset.map(scale, num_parallel_calls=tf.data.AUTOTUNE).cache()
    if shuffle:
        dataset = dataset.shuffle(len(data), seed=seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)


# ----------------------------------------------------------------------------- generated SIGNS-like hands
SKIN_TONES = np.array(
    [[241, 194, 167], [224, 172, 138], [198, 134, 98], [161, 102, 70], [111, 70, 46], [233, 190, 160], [205, 150, 120]],
    dtype=np.float64,
)
# Which of (thumb, index, middle, ring, little) each count raises; counts with two common forms list both.
FINGER_SETS = {
    0: [(0, 0, 0, 0, 0)],
    1: [(0, 1, 0, 0, 0)],
    2: [(0, 1, 1, 0, 0)],
    3: [(0, 1, 1, 1, 0), (1, 1, 1, 0, 0)],
    4: [(0, 1, 1, 1, 1)],
    5: [(1, 1, 1, 1, 1)],
}


def _rotate(points: np.ndarray, center: np.ndarray, angle: float) -> np.ndarray:
    cos, sin = math.cos(angle), math.sin(angle)
    offset = points - center
    return center + offset @ np.array([[cos, sin], [-sin, cos]])


def _draw_hand(draw, random: np.random.Generator, count: int, canvas: int) -> None:
    """Draws one hand raising `count` fingers on a PIL ImageDraw of size canvas x canvas."""
    scale = canvas / 128.0 * random.uniform(0.8, 1.1)
    center = np.array([canvas / 2 + random.uniform(-6, 6) * canvas / 128, canvas * 0.68 + random.uniform(-5, 5) * canvas / 128])
    angle = math.radians(random.uniform(-12, 12))
    skin = np.clip(SKIN_TONES[random.integers(len(SKIN_TONES))] + random.normal(0, 8, 3), 0, 255)
    fill = tuple(int(value) for value in skin)
    edge = tuple(int(value * 0.7) for value in skin)
    palm_w, palm_h = 23 * scale, 26 * scale
    # The wrist/forearm: a band from the palm to the bottom edge.
    wrist = _rotate(np.array([[center[0] - 14 * scale, center[1]], [center[0] + 14 * scale, center[1]],
                              [center[0] + 16 * scale, canvas * 1.3], [center[0] - 16 * scale, canvas * 1.3]]), center, angle)
    draw.polygon([tuple(point) for point in wrist], fill=fill, outline=edge)
    # Fingers: bases along the top of the palm; raised ones are long rounded bars, folded ones short knuckles.
    raised = FINGER_SETS[count][random.integers(len(FINGER_SETS[count]))]
    finger_width = 9.0 * scale
    bases = [(-palm_w * 0.95, 4), (-palm_w * 0.6, -palm_h * 0.9), (-palm_w * 0.2, -palm_h * 1.0), (palm_w * 0.2, -palm_h * 0.95), (palm_w * 0.58, -palm_h * 0.8)]
    directions = [-1.05, -0.22, -0.05, 0.1, 0.28]  # radians off vertical, thumb sideways
    lengths = [26, 34, 38, 35, 27]
    for index, (up, (bx, by), direction, length) in enumerate(zip(raised, bases, directions, lengths)):
        base = center + np.array([bx, by])
        reach = (length * scale * random.uniform(0.9, 1.1)) if up else 8 * scale
        tilt = direction + random.normal(0, 0.06)
        tip = base + reach * np.array([math.sin(tilt), -math.cos(tilt)])
        base_point, tip_point = _rotate(np.stack([base, tip]), center, angle)
        width = finger_width * (1.15 if index == 0 else 1.0)
        draw.line([tuple(base_point), tuple(tip_point)], fill=edge, width=int(width + 2))
        draw.line([tuple(base_point), tuple(tip_point)], fill=fill, width=int(width))
        radius = width / 2
        draw.ellipse([tip_point[0] - radius, tip_point[1] - radius, tip_point[0] + radius, tip_point[1] + radius], fill=fill, outline=edge)
    # The palm last, so the finger roots disappear into it.
    palm = [center[0] - palm_w, center[1] - palm_h, center[0] + palm_w, center[1] + palm_h * 0.9]
    corners = _rotate(np.array([[palm[0], palm[1]], [palm[2], palm[1]], [palm[2], palm[3]], [palm[0], palm[3]]]), center, angle)
    draw.polygon([tuple(point) for point in corners], fill=fill, outline=edge)


def draw_hand_signs(count: int, seed: int, size: tuple[int, int] = IMAGE_SIZE) -> ImageSet:
    """Generates SIGNS-like images: a hand raising 0-5 fingers on a light background, balanced classes.

    The pictures are drawn at twice the size and downsampled (anti-aliased), with a random skin tone,
    position, size, tilt, background shade and sensor noise, so a model has to count fingers, not pixels.

    Args:
        count: number of images.
        seed: the generator's seed (same seed, same images).
        size: (height, width) of the images.

    Returns:
        ImageSet with classes "0".."5" (the course's `list_classes`).
    """
    from PIL import Image, ImageDraw, ImageFilter

    if count <= 0:
        raise ValueError(f"count must be > 0, got {count}")
    random = np.random.default_rng(seed)
    height, width = size
    canvas = 2 * max(height, width)
    labels = np.arange(count, dtype=np.int64) % 6
    random.shuffle(labels)
    images = np.empty((count, height, width, 3), dtype=np.uint8)
    for index, label in enumerate(labels):
        shade = random.uniform(195, 250)
        tint = random.normal(0, 6, 3)
        background = tuple(int(np.clip(shade + value, 0, 255)) for value in tint)
        picture = Image.new("RGB", (canvas, canvas), background)
        _draw_hand(ImageDraw.Draw(picture), random, int(label), canvas)
        picture = picture.filter(ImageFilter.GaussianBlur(random.uniform(0.3, 1.2))).resize((width, height), Image.Resampling.BILINEAR)
        noisy = np.asarray(picture, dtype=np.float64) + random.normal(0, 4, (height, width, 3))
        images[index] = np.clip(noisy + 0.5, 0, 255).astype(np.uint8)
    return ImageSet(images, labels, [str(label) for label in range(6)], f"generated hand signs (seed {seed})")


# ----------------------------------------------------------------------------- a week's data and models
@dataclasses.dataclass(frozen=True)
class ModelSpec:
    """One model a week trains.

    Attributes:
        name: the `--model` value ("happy", "signs", "resnet50").
        build: (classes, seed) → an uncompiled Keras model taking (64, 64, 3) images in [0, 1].
        course_files: (train file, test file) names in `$DLS_DATA_DIR/<week>/` and in a `--data` folder.
        generate: (split, seed, count) → ImageSet, the embedded default (count None: the course's size).
        substitute: (week, path) of a real training set used when the course's training file is absent.
        display_names: class name → what to print (e.g. "1" → "happy").
        learning_rate: the default Adam step.
    """

    name: str
    build: Callable[[int, int], object]
    course_files: tuple[str, str]
    generate: Callable[[str, int, int | None], ImageSet]
    substitute: tuple[str, str] | None = None
    display_names: dict[str, str] = dataclasses.field(default_factory=dict)
    learning_rate: float = 0.001


@dataclasses.dataclass(frozen=True)
class WeekSpec:
    """What a week's main script needs from the shared sub-commands."""

    week: str
    models: dict[str, ModelSpec]
    default_epochs: int
    default_batch_size: int
    load_weights: Callable[[Path, int], object] | None = None  # (path, classes) → model, for --weights
    weights_files: tuple = ()  # WeightsFile constants whose `key` --weights may name (downloaded)


def load_train_test(spec: ModelSpec, week: str, data: Path | None, test_data: Path | None, seed: int):
    """Picks and reads the training and test sets; see the `train` sub-command's help for the order."""
    train_file, test_file = spec.course_files
    if data is not None:
        train = read_source(data, "train", train_file)
    elif (found := find_course_file(week, train_file)) is not None:
        train = read_h5_split(found, "train")
        train.source = f"the course's {train_file} ({found})"
    elif spec.substitute is not None and (found := find_course_file(*spec.substitute)) is not None:
        train = read_image_folder(found)
        train.source = f"the Sign Language Digits substitute ({found}; {train_file} is not in $DLS_DATA_DIR/{week}/)"
    else:
        train = spec.generate("train", seed, None)
        train.source += " (the embedded default; put the course's files in $DLS_DATA_DIR or pass --data)"
    if test_data is not None:
        test = read_source(test_data, "test", test_file)
    elif data is not None and data.is_dir() and (data / test_file).is_file():
        test = read_h5_split(data / test_file, "test")
    elif data is not None:
        train, test = holdout_split(train, 0.15, seed)
    elif (found := find_course_file(week, test_file)) is not None:
        test = read_h5_split(found, "test")
        test.source = f"the course's {test_file} ({found})"
    else:
        test = spec.generate("test", seed + 1, None)
        test.source += " (the embedded default)"
    check_same_classes(train, test)
    return train, test


def limit(data: ImageSet, count: int | None, seed: int) -> ImageSet:
    """At most `count` images, a seeded random choice (for quick tries with --max-images)."""
    if count is None or count >= len(data):
        return data
    chosen = np.sort(np.random.default_rng(seed).choice(len(data), size=count, replace=False))
    return data.subset(chosen, f"{data.source}, {count} of {len(data)} images")


def output_units(model) -> int:
    """Units of the model's output layer (1: a sigmoid yes/no model)."""
    return int(model.outputs[0].shape[-1])


def compile_model(model, classes: int, learning_rate: float):
    import keras

    units = output_units(model)
    if units != (1 if classes == 2 and units == 1 else classes):
        raise UserError(f"The model has {units} outputs but the data has {classes} classes: use data with the classes the model was built for.")
    loss = "binary_crossentropy" if units == 1 else "sparse_categorical_crossentropy"
    # jit_compile=False: on CPU, XLA took longer to compile ResNet50 than to train an epoch, and ran slower.
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss=loss, metrics=["accuracy"], jit_compile=False)
    return model


def batchnorm_layers(model) -> list:
    """Every BatchNormalization layer of `model`, including those inside nested models, in layer order."""
    import keras

    found, stack = [], list(reversed(getattr(model, "layers", [])))
    while stack:
        layer = stack.pop()
        if isinstance(layer, keras.layers.BatchNormalization):
            found.append(layer)
        stack.extend(reversed(getattr(layer, "layers", [])))
    return found


def refresh_batchnorm_statistics(model, dataset, passes: int) -> int:
    """Re-estimates every trainable BatchNormalization layer's moving_mean / moving_variance; nothing else changes.

    After training from scratch, the moving averages (momentum 0.99: they remember roughly the last 100
    steps) still mix in statistics of earlier, different weights, so inference mode can disagree badly
    with training mode. This replaces them with the plain average of the per-batch statistics the
    *final* weights produce, over `passes` passes of `dataset`:

    - each layer's momentum is set to 0 for the duration, so a training-mode forward pass makes
      `moving_mean` equal that batch's mean and `moving_variance` that batch's (biased) variance, exactly
      as Keras's BatchNormalization.call computes them (moving * 0 + batch * 1);
    - after each batch those values are read and summed in float64; in training mode every
      BatchNormalization normalises with its batch's own statistics, never the moving ones, so
      overwriting them mid-pass does not change what the next layers see;
    - at the end each layer gets sum / batches (every batch counts equally, the last smaller one too),
      i.e. the cumulative average, and the momenta are restored (also on error).

    Kernels, gamma, beta and the optimizer are not touched (no gradients, no optimizer step). Layers
    that are frozen (trainable=False) run in inference mode even when training=True, so they are left as
    they are.

    Args:
        model: a built Keras model.
        dataset: batches of (images, labels) or of images, as `fit` takes them.
        passes: how many times to iterate over `dataset`, >= 1.

    Returns:
        the number of BatchNormalization layers refreshed.

    Raises:
        ValueError: passes < 1, a layer uses batch renormalisation, or the dataset yields no batch.
    """
    import tensorflow as tf

    if passes < 1:
        raise ValueError(f"passes must be at least 1, got {passes}")
    layers = [layer for layer in batchnorm_layers(model) if layer.trainable]
    for layer in layers:
        if layer.renorm:
            raise ValueError(f"BatchNormalization layer {layer.name!r} uses renorm, whose statistics this refresh does not handle")
    if not layers:
        return 0
    momenta = [layer.momentum for layer in layers]
    means = [np.zeros(layer.moving_mean.shape, dtype=np.float64) for layer in layers]
    variances = [np.zeros(layer.moving_variance.shape, dtype=np.float64) for layer in layers]
    batches = 0
    try:
        for layer in layers:
            layer.momentum = 0.0  # read when the step below is traced, so set before the first call

        @tf.function(reduce_retracing=True)
        def forward(images):
            model(images, training=True)  # (batch, 64, 64, 3); only the BN moving statistics change

        for _ in range(passes):
            for batch in dataset:
                forward(batch[0] if isinstance(batch, (tuple, list)) else batch)
                batches += 1
                for index, layer in enumerate(layers):
                    means[index] += np.asarray(layer.moving_mean.numpy(), dtype=np.float64)
                    variances[index] += np.asarray(layer.moving_variance.numpy(), dtype=np.float64)
        if batches == 0:
            raise ValueError("the dataset yielded no batch, so there are no statistics to estimate")
        for index, layer in enumerate(layers):
            layer.moving_mean.assign((means[index] / batches).astype(layer.moving_mean.dtype))
            layer.moving_variance.assign((variances[index] / batches).astype(layer.moving_variance.dtype))
    finally:
        for layer, momentum in zip(layers, momenta):
            layer.momentum = momentum
    return len(layers)


def predicted_classes(probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class index, its probability) per row; a one-unit sigmoid output means classes 0 and 1."""
    probabilities = np.asarray(probabilities)
    if probabilities.shape[-1] == 1:
        positive = probabilities[:, 0]
        classes = (positive >= 0.5).astype(np.int64)
        return classes, np.where(classes == 1, positive, 1.0 - positive)
    classes = probabilities.argmax(axis=-1)
    return classes, probabilities[np.arange(len(classes)), classes]


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, classes: int) -> np.ndarray:
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def metadata_path(model_file: Path) -> Path:
    """The JSON beside a saved model that records its class names and input size."""
    return model_file.with_name(model_file.stem + ".classes.json")


# ----------------------------------------------------------------------------- argument parsing
def add_subcommands(parser: argparse.ArgumentParser, spec: WeekSpec) -> None:
    """Adds `train`, `evaluate`, `predict` and `generate` to a week's parser."""
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    model_names = sorted(spec.models)
    default_model = model_names[0] if len(model_names) == 1 else None

    def add_model_choice(sub):
        sub.add_argument(
            "--model",
            choices=model_names,
            default=default_model,
            required=default_model is None,
            help="which course model: " + ", ".join(model_names) + (f" (default {default_model})" if default_model else ""),
        )

    def add_test_data(sub):
        sub.add_argument(
            "--test-data",
            type=Path,
            help="test set: a course h5 file, a folder holding it, or a folder with one sub-folder per class "
            "(default: the test file in --data, else 15%% of --data held out, else $DLS_DATA_DIR's, else generated)",
        )

    train = commands.add_parser(
        "train",
        help="train a model, evaluate it on the test set, save it with its curves and confusion matrix",
        description="Trains with a progress bar, evaluates on the test set and writes model.keras, "
        "model.classes.json, training_curves.png and confusion_matrix.png to --output. Training data: --data, "
        "else the course's training file in $DLS_DATA_DIR/<week>/"
        + (", else the Sign Language Digits substitute" if any(model.substitute for model in spec.models.values()) else "")
        + ", else the embedded generated data.",
    )
    add_model_choice(train)
    train.add_argument(
        "--data",
        type=Path,
        help="training data: a course h5 file (train_set_x / train_set_y / list_classes), a folder holding the course's "
        "files, or a folder with one sub-folder of images per class (resized to 64x64)",
    )
    add_test_data(train)
    train.add_argument("--epochs", type=positive_int, default=spec.default_epochs, help=f"passes over the training set (default {spec.default_epochs})")
    train.add_argument("--batch-size", type=positive_int, default=spec.default_batch_size, help=f"images per step (default {spec.default_batch_size})")
    train.add_argument("--learning-rate", type=positive_float, default=None, help="Adam step size (default: the model's, 0.001)")
    train.add_argument("--max-images", type=positive_int, default=None, help="train on at most this many images (quick tries)")
    train.add_argument(
        "--refresh-batchnorm",
        type=non_negative_int,
        default=0,
        metavar="N",
        help="after training, re-estimate every BatchNormalization layer's moving mean and variance from N passes "
        "over the training data in training mode, weights unchanged, before the final evaluation and saving "
        "(default 0: off, as the course trains; helps models trained from scratch, see docs/resnet50.md)",
    )
    if spec.load_weights is not None:
        add_common_arguments(train, spec.week, seed=None, output=False, weights=True)
    add_common_arguments(train, spec.week, seed=0)

    evaluate = commands.add_parser(
        "evaluate",
        help="loss, accuracy and confusion matrix of a saved model on a test set",
        description="Evaluates --model-file" + (" or --weights" if spec.load_weights else "") + " on the test set and writes confusion_matrix.png.",
    )
    add_model_choice(evaluate)
    add_model_source(evaluate, spec)
    add_test_data(evaluate)
    evaluate.add_argument("--batch-size", type=positive_int, default=spec.default_batch_size, help=f"images per step (default {spec.default_batch_size})")
    add_common_arguments(evaluate, spec.week, seed=0)

    predict = commands.add_parser(
        "predict",
        help="class and probability for each of your images",
        description="Classifies each image of --input (any size and common format; resized to 64x64 the way "
        "folder datasets are) and writes predictions.csv and predictions.png.",
    )
    add_model_choice(predict)
    add_model_source(predict, spec)
    predict.add_argument("--input", type=Path, required=True, help="an image file or a folder of images")
    predict.add_argument("--threshold", type=probability, default=0.0, help="mark predictions below this probability as unsure (default 0: never)")
    add_common_arguments(predict, spec.week, seed=0)

    generate = commands.add_parser(
        "generate",
        help="write the embedded generated data as course-schema h5 files",
        description="Writes the generated training and test sets in the course's h5 schema, so you can inspect them or pass them to --data.",
    )
    add_model_choice(generate)
    generate.add_argument("--train-size", type=positive_int, default=None, help="training images (default: the course's count)")
    generate.add_argument("--test-size", type=positive_int, default=None, help="test images (default: the course's count)")
    add_common_arguments(generate, spec.week, seed=0)


def add_model_source(sub, spec: WeekSpec) -> None:
    sub.add_argument("--model-file", type=Path, help="a model.keras written by 'train' (its .classes.json beside it names the classes)")
    if spec.load_weights is not None:
        add_common_arguments(sub, spec.week, seed=None, output=False, weights=True)


# ----------------------------------------------------------------------------- sub-commands
def _verbose() -> int:
    return 1 if sys.stdout.isatty() else 2


def load_model_for(arguments, spec: WeekSpec, classes_hint: int | None = None):
    """The model a command runs: --model-file, else --weights (pretrained), else seeded random weights.

    Returns:
        (model, class_names or None, description, pretrained: bool)
    """
    import keras

    model_spec = spec.models[arguments.model]
    if getattr(arguments, "model_file", None) is not None:
        file = arguments.model_file.expanduser()
        model = load_keras_model_file(file, "pass the model.keras that 'train' wrote")
        names = None
        if metadata_path(file).is_file():
            try:
                names = json.loads(metadata_path(file).read_text(encoding="utf-8"))["class_names"]
            except (ValueError, KeyError, TypeError):
                raise UserError(f"'{metadata_path(file)}' is damaged: delete it (classes are then shown as numbers) or re-train.") from None
        return model, names, f"the trained model {file}", True
    if getattr(arguments, "weights", None) is not None and spec.load_weights is not None:
        from assignments.common.weights import resolve_weights

        path = resolve_weights(arguments.weights, *spec.weights_files)
        return spec.load_weights(path, classes_hint or 6), None, f"the pretrained weights {path}", True
    keras.utils.set_random_seed(arguments.seed)
    classes = classes_hint or (2 if arguments.model == "happy" else 6)
    return model_spec.build(classes, arguments.seed), None, "seeded random weights", False


def _display(names: Sequence[str], model_spec: ModelSpec) -> list[str]:
    return [model_spec.display_names.get(name, name) for name in names]


def _evaluate_and_plot(model, test: ImageSet, batch_size: int, output: Path, model_spec: ModelSpec, title: str) -> tuple[float, float, list[Path]]:
    from assignments.common.plots import save_confusion_matrix

    dataset = make_dataset(test, batch_size, shuffle=False, seed=0)
    probabilities = model.predict(dataset, verbose=0)
    predictions, _ = predicted_classes(probabilities)
    accuracy = float(np.mean(predictions == test.labels))
    loss = float(model.evaluate(dataset, verbose=0, return_dict=True)["loss"]) if model.compiled else float("nan")
    matrix = confusion_matrix(test.labels, predictions, len(test.class_names))
    written = [
        save_confusion_matrix(
            output / "confusion_matrix.png",
            matrix,
            _display(test.class_names, model_spec),
            title=f"{title}: test accuracy {accuracy:.3f} ({len(test)} images)",
        )
    ]
    return loss, accuracy, written


def run_train(arguments, spec: WeekSpec) -> int:
    import keras

    from assignments.common.plots import save_curves

    model_spec = spec.models[arguments.model]
    train, test = load_train_test(model_spec, spec.week, arguments.data, arguments.test_data, arguments.seed)
    train = limit(train, arguments.max_images, arguments.seed)
    classes = len(train.class_names)
    if arguments.model == "happy" and classes != 2:
        raise UserError(f"happyModel answers yes/no, but {train.source} has {classes} classes: use --model signs for more than two classes.")
    print(f"Training data: {train.source}: {len(train)} images, classes {_display(train.class_names, model_spec)}.")
    print(f"Test data:     {test.source}: {len(test)} images.")

    keras.utils.set_random_seed(arguments.seed)
    pretrained = getattr(arguments, "weights", None) is not None and spec.load_weights is not None
    if pretrained:
        model, _, description, _ = load_model_for(arguments, spec, classes)
        print(f"Starting from {description} (pretrained).")
    else:
        model = model_spec.build(classes, arguments.seed)
    compile_model(model, classes, arguments.learning_rate or model_spec.learning_rate)
    refresh_passes = getattr(arguments, "refresh_batchnorm", 0)
    if refresh_passes and not any(layer.trainable for layer in batchnorm_layers(model)):
        # Checked before training, so nobody waits through the epochs to learn the flag cannot apply.
        raise UserError(f"--refresh-batchnorm needs BatchNormalization layers, and the {arguments.model} model has none: leave it at 0 for this model.")
    output = ensure_output_dir(arguments.output)

    train_dataset = make_dataset(train, arguments.batch_size, shuffle=True, seed=arguments.seed)
    test_dataset = make_dataset(test, arguments.batch_size, shuffle=False, seed=0)
    started = time.perf_counter()
    history = model.fit(train_dataset, epochs=arguments.epochs, validation_data=test_dataset, shuffle=False, verbose=_verbose())  # the pipeline shuffles
    seconds = time.perf_counter() - started
    refresh_note = None
    if refresh_passes:
        refresh_started = time.perf_counter()
        refreshed = refresh_batchnorm_statistics(model, train_dataset, refresh_passes)
        refresh_note = (
            f"BatchNorm statistics re-estimated from {refresh_passes} pass{'es' if refresh_passes != 1 else ''} over "
            f"{len(train)} training images ({refreshed} layer{'s' if refreshed != 1 else ''}, {time.perf_counter() - refresh_started:.1f} s); "
            f"test accuracy before the refresh (last epoch's validation): {history.history['val_accuracy'][-1]:.4f}."
        )
    loss, accuracy, written = _evaluate_and_plot(model, test, arguments.batch_size, output, model_spec, f"{arguments.model} after {arguments.epochs} epochs")

    model_file = output / "model.keras"
    save_keras_model(model, model_file)
    metadata = {"class_names": train.class_names, "display_names": _display(train.class_names, model_spec), "image_size": list(IMAGE_SIZE), "model": arguments.model}
    written = [model_file, write_text_atomic(metadata_path(model_file), json.dumps(metadata, indent=2) + "\n")] + written
    series = {name: history.history.get(name, []) for name in ("accuracy", "val_accuracy", "loss", "val_loss")}
    written.append(
        save_curves(
            output / "training_curves.png",
            {"train accuracy": series["accuracy"], "test accuracy": series["val_accuracy"], "train loss": series["loss"], "test loss": series["val_loss"]},
            title=f"{arguments.model}: {len(train)} training images, {arguments.epochs} epochs",
            ylabel="accuracy / loss",
        )
    )
    print(f"\nTrained {arguments.epochs} epochs in {seconds:.1f} s ({arguments.epochs * len(train) / seconds:.0f} images/s).")
    if refresh_note:
        print(refresh_note)
    print(f"Test loss {loss:.4f}, test accuracy {accuracy:.4f} on {len(test)} images of {test.source}.")
    print("Weights: trained in this run, starting from " + ("the pretrained weights." if pretrained else "seeded random weights."))
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_evaluate(arguments, spec: WeekSpec) -> int:
    from assignments.common.weights import UNTRAINED_NOTICE

    model_spec = spec.models[arguments.model]
    if arguments.test_data is not None:
        test = read_source(arguments.test_data, "test", model_spec.course_files[1])
    else:
        _, test = load_train_test(model_spec, spec.week, None, None, arguments.seed)
    model, names, description, pretrained = load_model_for(arguments, spec, len(test.class_names))
    if names is not None and names != test.class_names:
        raise UserError(f"The model was trained on classes {names} but the test data has {test.class_names}: pass matching --test-data.")
    compile_model(model, len(test.class_names), model_spec.learning_rate)
    print(f"Model: {description}." + ("" if pretrained else f"\n{UNTRAINED_NOTICE}"))
    print(f"Test data: {test.source}: {len(test)} images.")
    output = ensure_output_dir(arguments.output)
    loss, accuracy, written = _evaluate_and_plot(model, test, arguments.batch_size, output, model_spec, arguments.model)
    print(f"Loss = {loss:.7f}\nTest Accuracy = {accuracy:.4f}")
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def load_inputs(path: Path) -> tuple[list[Path], np.ndarray]:
    """Every image of --input, resized to 64x64 as folder datasets are, as uint8 (m, 64, 64, 3)."""
    files = list_images(path)
    return files, np.stack([image_to_array(load_rgb_image(file), size=IMAGE_SIZE, scale=False) for file in files])


def save_prediction_sheet(path: Path, images: np.ndarray, labels: list[str]) -> Path:
    """A PNG grid of the inputs (as the model saw them, enlarged) with their predicted class under each."""
    from PIL import Image, ImageDraw

    from assignments.common.images import save_image

    tile, caption, columns = 128, 18, min(6, len(images))
    rows = math.ceil(len(images) / columns)
    sheet = Image.new("RGB", (columns * tile, rows * (tile + caption)), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (image, label) in enumerate(zip(images, labels)):
        left, top = (index % columns) * tile, (index // columns) * (tile + caption)
        sheet.paste(Image.fromarray(image).resize((tile, tile), Image.Resampling.NEAREST), (left, top))
        draw.text((left + 3, top + tile + 3), label[:22], fill="black")
    return save_image(sheet, path)


def run_predict(arguments, spec: WeekSpec) -> int:
    from assignments.common.weights import UNTRAINED_NOTICE

    model_spec = spec.models[arguments.model]
    files, images = load_inputs(arguments.input)
    model, names, description, pretrained = load_model_for(arguments, spec)
    outputs = output_units(model)
    names = names or [str(index) for index in range(max(outputs, 2))]
    print(f"Model: {description}." + ("" if pretrained else f"\n{UNTRAINED_NOTICE}"))
    probabilities = model.predict(images.astype(np.float32) / 255.0, verbose=0)
    classes, confidence = predicted_classes(probabilities)
    display = _display(names, model_spec)
    lines, captions = ["file,class,name,probability"], []
    width = max(len(file.name) for file in files)
    for file, label, class_probability in zip(files, classes, confidence):
        unsure = " (unsure)" if class_probability < arguments.threshold else ""
        print(f"{file.name:<{width}}  class {names[label]} ({display[label]}), probability {class_probability:.3f}{unsure}")
        lines.append(f"\"{file}\",{names[label]},{display[label]},{class_probability:.6f}")
        captions.append(f"{display[label]} {class_probability:.2f}")
    output = ensure_output_dir(arguments.output)
    written = [
        write_text_atomic(output / "predictions.csv", "\n".join(lines) + "\n"),
        save_prediction_sheet(output / "predictions.png", images, captions),
    ]
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_generate(arguments, spec: WeekSpec) -> int:
    model_spec = spec.models[arguments.model]
    train = model_spec.generate("train", arguments.seed, arguments.train_size)
    test = model_spec.generate("test", arguments.seed + 1, arguments.test_size)
    output = ensure_output_dir(arguments.output)
    train_file, test_file = model_spec.course_files
    written = [write_h5_split(output / train_file, "train", train), write_h5_split(output / test_file, "test", test)]
    print(f"Generated {len(train)} training and {len(test)} test images ({train.source}).")
    print("Wrote: " + ", ".join(str(path) for path in written) + f"  (train on them with --data {output})")
    return 0


def build_parser(spec: WeekSpec, description: str) -> ArgumentParser:
    """The week's parser: `python -m assignments.<week>` with the four sub-commands."""
    parser = ArgumentParser(prog=f"python -m assignments.{spec.week}", description=description)
    add_subcommands(parser, spec)
    return parser


def week_main(spec: WeekSpec, description: str, argv: Sequence[str] | None = None) -> int:
    """Parses a command line and runs its sub-command (the body of each week's `main`)."""
    parser = build_parser(spec, description)
    arguments = parser.parse_args(argv)
    commands = {"train": run_train, "evaluate": run_evaluate, "predict": run_predict, "generate": run_generate}
    if arguments.command not in commands:
        parser.print_help()
        return 0
    return commands[arguments.command](arguments, spec)
