"""The one encoder interface: face chip in, descriptor out, for the three encoders a run can use.

- `facenet`: the course's Inception-ResNet-v1 (160x160, unit-length encodings, threshold 0.7). Graded
  default; untrained unless you have the course's `model.h5`.
- `dlib`: dlib's pretrained ResNet (150x150 aligned chips, raw descriptors, threshold 0.6): real face
  recognition, offline from `$DLS_DATA_DIR` or downloaded once, hash-checked.
- `stand-in`: a tiny deterministic encoder that tests the pipeline in a second; no face model.

Each encoder knows how it wants its face cut out of a photo (`chip`) and how to turn a batch of chips
into descriptors (`encode`). With `--align none` the whole photo is the face, the course's behaviour: for
FaceNet the chip is then exactly `encoding.load_face_image`'s (nearest-neighbour resize to 160x160).
`encode_faces` runs the chips of many photos through the encoder in batches.

Every database remembers the `model_fingerprint` of the encoder that made it, because encodings from
different weights cannot be compared.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import keras
import numpy as np
from keras import layers
from PIL import Image

from assignments.common.data import resolve_data_file
from assignments.common.errors import UserError
from assignments.common.images import image_to_array
from assignments.common.models import check_finite_weights
from assignments.common.provenance import Provenance
from assignments.face_recognition.alignment import align_to_template, centred_crop
from assignments.face_recognition.detection import Face, PhotoFaces
from assignments.face_recognition.dlib_resnet import THRESHOLD as DLIB_THRESHOLD
from assignments.face_recognition.dlib_resnet import find_dlib_manifest, load_dlib_encoder
from assignments.face_recognition.facenet import WEIGHTS_NOTICE, load_facenet_model
from assignments.face_recognition.recognition import THRESHOLD as FACENET_THRESHOLD
from assignments.face_recognition.week import WEEK

ALIGNMENTS = ("mtcnn", "none")
DLIB_WEIGHTS = "dlib's face ResNet (dlib_face_recognition_resnet_model_v1, via face-api 1.7.15)"
DLIB_FIX = "pass an intact copy of face-api 1.7.15's face_recognition_model files"
FACENET_FIX = "pass an intact copy of the course's keras-facenet-h5/model.h5"
UNTRAINED_ADVICE = {
    "facenet": "pass --weights model.h5 (the course's FaceNet weights), or --encoder dlib, for real face recognition",
    "stand-in": "pass --encoder dlib for real face recognition",
}


@dataclasses.dataclass
class FaceEncoder:
    """An encoder and how it is fed.

    Attributes:
        kind: "facenet", "dlib" or "stand-in".
        alignment: "mtcnn" (find faces, align each) or "none" (the whole photo is the face).
        model: the Keras model, chips → descriptors.
        notice: one line for the console: which weights, and whether the distances mean anything.
        provenance: where the weights came from (pretrained dlib, the course's FaceNet weights, or UNTRAINED);
            every database it makes records it, and every answer from that database shows it.
        threshold: the distance below which two descriptors are the same person.
    """

    kind: str
    alignment: str
    model: keras.Model
    notice: str
    provenance: Provenance
    threshold: float

    @property
    def trained(self) -> bool:
        """False for seeded random weights and the stand-in (outputs are then labelled UNTRAINED)."""
        return not self.provenance.is_untrained

    @property
    def size(self) -> int:
        return int(self.model.input.shape[1])

    @property
    def fingerprint(self) -> str:
        return model_fingerprint(self.model)

    @property
    def closing(self) -> str:
        """The run's last line, after every distance: which encoder ran and how far to trust what it printed."""
        if self.trained:
            return f"Encoder used: {self.label}. {self.notice}"
        return f"Encoder used: {self.label}: every distance above is meaningless; {UNTRAINED_ADVICE[self.kind]}."

    @property
    def label(self) -> str:
        """ "dlib (pretrained)", "facenet (UNTRAINED)": for figure titles and CSV columns."""
        return f"{self.kind} ({'pretrained' if self.trained else 'UNTRAINED'})"

    def chip(self, photo: np.ndarray, face: Face) -> np.ndarray:
        """The encoder's input for one face of `photo` (uint8 (h, w, 3)): uint8 (size, size, 3)."""
        if face.landmarks is None:  # --align none: the course's whole-photo resize
            resample = "bilinear" if self.kind == "dlib" else "nearest"
            return image_to_array(Image.fromarray(photo), size=(self.size, self.size), resample=resample, scale=False)
        if self.kind == "dlib":
            return align_to_template(photo, face, self.size)
        return centred_crop(photo, face, self.size)

    def encode(self, chips: np.ndarray) -> np.ndarray:
        """Descriptors of a batch of chips, uint8 (n, size, size, 3) → float32 (n, 128)."""
        if self.kind == "dlib":
            # The model subtracts dlib's mean RGB and divides by 256 itself; descriptors stay unnormalised.
            return np.asarray(self.model.predict_on_batch(chips.astype(np.float32)), dtype=np.float32)
        # The course's arithmetic (see encoding.load_face_image), then unit length (see img_to_encoding).
        inputs = np.around(chips.astype(np.float64) / 255.0, decimals=12).astype(np.float32)
        embeddings = np.asarray(self.model.predict_on_batch(inputs), dtype=np.float32)
        return embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)


def default_alignment(kind: str) -> str:
    """dlib needs aligned chips; FaceNet and the stand-in keep the course's whole-photo input by default."""
    return "mtcnn" if kind == "dlib" else "none"


def build_encoder(kind: str, alignment: str | None, weights: str | None, seed: int) -> FaceEncoder:
    """The encoder the flags ask for.

    Args:
        kind: "facenet", "dlib" or "stand-in".
        alignment: "mtcnn", "none", or None for the encoder's default.
        weights: `--weights`: FaceNet's `model.h5`, or dlib's manifest (or its folder); None for the default.
        seed: seeds FaceNet's random weights and the stand-in.

    Raises:
        UserError: a weights file that is missing, damaged, of other shapes, or holds NaN or infinity.
    """
    alignment = alignment or default_alignment(kind)
    if kind == "stand-in":
        if weights is not None:
            raise UserError("--weights needs --encoder facenet or dlib: the stand-in encoder has no weights file.")
        notice = "STAND-IN ENCODER (UNTRAINED): a tiny test encoder, not a face model; every distance is meaningless."
        record = Provenance.untrained(f"the stand-in test encoder, seed {seed}, not a face model")
        return FaceEncoder(kind, alignment, stand_in_encoder(seed), notice, record, FACENET_THRESHOLD)
    if kind == "dlib":
        manifest = find_dlib_manifest(weights, dlib_course_copy())
        model = load_dlib_encoder(manifest)
        check_finite_weights(model, str(manifest), fix=DLIB_FIX)
        notice = f"dlib's pretrained face encoder (128-d ResNet, threshold {DLIB_THRESHOLD:g}) from {manifest}."
        record = Provenance.pretrained(DLIB_WEIGHTS, notes=(f"weights file {Path(manifest).name}",))
        return FaceEncoder(kind, alignment, model, notice, record, DLIB_THRESHOLD)
    if kind != "facenet":
        raise ValueError(f"kind must be facenet, dlib or stand-in, received {kind!r}")
    weights_path = resolve_data_file(WEEK.name, WEEK.default_inputs["weights"], weights, what="weights file")
    model = load_facenet_model(weights_path, seed=seed)
    if weights_path is None:
        record = Provenance.untrained(f"FaceNet with seeded random weights, seed {seed}")
        return FaceEncoder(kind, alignment, model, WEIGHTS_NOTICE, record, FACENET_THRESHOLD)
    check_finite_weights(model, str(weights_path), fix=FACENET_FIX)
    record = Provenance.pretrained(f"the course's FaceNet weights ({Path(weights_path).name})")
    notice = f"Pretrained FaceNet weights from {weights_path}."
    return FaceEncoder(kind, alignment, model, notice, record, FACENET_THRESHOLD)


def dlib_course_copy():
    """The shared copy of dlib's weights manifest under `$DLS_DATA_DIR`, or None."""
    return WEEK.default_input("dlib_weights")


def facenet_weights_present() -> bool:
    return WEEK.default_input("weights") is not None


def encode_faces(photos: list[PhotoFaces], encoder: FaceEncoder, batch_size: int = 32, largest_only: bool = False) -> None:
    """Fills each `PhotoFaces.descriptors`: every face's (or only the largest face's) descriptor.

    Chips of all photos go through the encoder together, `batch_size` at a time.

    Raises:
        UserError: a face is too small to align.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, received {batch_size}")
    chips, owners = [], []
    for index, item in enumerate(photos):
        for face in item.faces[: 1 if largest_only else None]:
            chips.append(encoder.chip(item.photo, face))
            owners.append(index)
    descriptors = encode_chips(np.asarray(chips, dtype=np.uint8).reshape(-1, encoder.size, encoder.size, 3), encoder, batch_size)
    owners = np.asarray(owners, dtype=int)
    for index, item in enumerate(photos):
        item.descriptors = descriptors[owners == index]


def encode_chips(chips: np.ndarray, encoder: FaceEncoder, batch_size: int = 32) -> np.ndarray:
    """(n, size, size, 3) uint8 chips → (n, d) float32 descriptors, in batches."""
    rows = [encoder.encode(chips[start : start + batch_size]) for start in range(0, len(chips), batch_size)]
    return np.concatenate(rows) if rows else np.zeros((0, int(encoder.model.output.shape[-1])), dtype=np.float32)


def model_fingerprint(model) -> str:
    """A short hash of the model's architecture name, input size and every weight value.

    Two models with the same fingerprint give the same encodings; a database made with one model is
    only searched with a model of the same fingerprint.
    """
    digest = hashlib.sha256()
    digest.update(f"{model.name}|{tuple(model.input.shape)}|{tuple(model.output.shape)}".encode())
    for variable in model.weights:
        value = np.ascontiguousarray(variable.numpy())
        digest.update(f"{variable.path}|{value.shape}|{value.dtype}".encode())
        digest.update(value.tobytes())
    return f"{model.name}-{digest.hexdigest()[:20]}"


def stand_in_encoder(seed: int = 0, input_size: int = 160, embedding_size: int = 128):
    """A tiny deterministic encoder with FaceNet's interface, for testing the pipeline without weights.

    It averages the image down to 8x8 and projects the 192 values with fixed seeded weights:
    identical images get identical encodings, different images different ones. It is no face model.
    """
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(input_size, input_size, 3), name="image")
    x = layers.AveragePooling2D(pool_size=input_size // 8, name="downsample")(inputs)  # (8, 8, 3)
    x = layers.Flatten(name="flatten")(x)  # (192,)
    outputs = layers.Dense(embedding_size, use_bias=False, name="projection")(x)  # (128,)
    model = keras.Model(inputs, outputs, name="stand_in_encoder")
    model.weights_source = None
    return model
