"""The three encoders a run can use, behind one interface: face chip in, descriptor out.

- `facenet`: the course's Inception-ResNet-v1 (160x160, unit-length encodings, threshold 0.7). Graded
  default; untrained unless you have the course's `model.h5`.
- `dlib`: dlib's pretrained ResNet (150x150 aligned chips, raw descriptors, threshold 0.6): real face
  recognition, offline from `$DLS_DATA_DIR` or downloaded once, hash-checked.
- `stand-in`: a tiny deterministic encoder that tests the pipeline in a second; no face model.

Each encoder knows how it wants its face cut out of a photo (`chip`) and how to turn a batch of chips
into descriptors (`encode`). With `--align none` the whole photo is the face, the course's behaviour: for
FaceNet the chip is then exactly `encoding.load_face_image`'s (nearest-neighbour resize to 160x160).
"""

from __future__ import annotations

import dataclasses

import keras
import numpy as np
from PIL import Image

from assignments.common.data import resolve_data_file
from assignments.common.errors import UserError
from assignments.common.images import image_to_array
from assignments.face_recognition.dlib_resnet import THRESHOLD as DLIB_THRESHOLD
from assignments.face_recognition.dlib_resnet import find_dlib_manifest, load_dlib_encoder
from assignments.face_recognition.faces import Face, align_to_template, centred_crop
from assignments.face_recognition.model import WEIGHTS_NOTICE, load_facenet_model, model_fingerprint, stand_in_encoder
from assignments.face_recognition.recognition import THRESHOLD as FACENET_THRESHOLD
from assignments.face_recognition.week import WEEK

ALIGNMENTS = ("mtcnn", "none")


@dataclasses.dataclass
class FaceEncoder:
    """An encoder and how it is fed.

    Attributes:
        kind: "facenet", "dlib" or "stand-in".
        alignment: "mtcnn" (find faces, align each) or "none" (the whole photo is the face).
        model: the Keras model, chips → descriptors.
        notice: one line for the console: which weights, and whether the distances mean anything.
        trained: False for seeded random weights and the stand-in (outputs are then labelled UNTRAINED).
        threshold: the distance below which two descriptors are the same person.
    """

    kind: str
    alignment: str
    model: keras.Model
    notice: str
    trained: bool
    threshold: float

    @property
    def size(self) -> int:
        return int(self.model.input.shape[1])

    @property
    def fingerprint(self) -> str:
        return model_fingerprint(self.model)

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
    """
    alignment = alignment or default_alignment(kind)
    if kind == "stand-in":
        if weights is not None:
            raise UserError("--weights needs --encoder facenet or dlib: the stand-in encoder has no weights file.")
        notice = "STAND-IN ENCODER (UNTRAINED): a tiny test encoder, not a face model; every distance is meaningless."
        return FaceEncoder(kind, alignment, stand_in_encoder(seed), notice, False, FACENET_THRESHOLD)
    if kind == "dlib":
        manifest = find_dlib_manifest(weights, dlib_course_copy())
        model = load_dlib_encoder(manifest)
        notice = f"dlib's pretrained face encoder (128-d ResNet, threshold {DLIB_THRESHOLD:g}) from {manifest}."
        return FaceEncoder(kind, alignment, model, notice, True, DLIB_THRESHOLD)
    if kind != "facenet":
        raise ValueError(f"kind must be facenet, dlib or stand-in, received {kind!r}")
    weights_path = resolve_data_file(WEEK.name, WEEK.default_inputs["weights"], weights, what="weights file")
    model = load_facenet_model(weights_path, seed=seed)
    if weights_path is None:
        return FaceEncoder(kind, alignment, model, WEIGHTS_NOTICE, False, FACENET_THRESHOLD)
    return FaceEncoder(kind, alignment, model, f"Pretrained FaceNet weights from {weights_path}.", True, FACENET_THRESHOLD)


def dlib_course_copy():
    """The shared copy of dlib's weights manifest under `$DLS_DATA_DIR`, or None."""
    return WEEK.default_input("dlib_weights")


def facenet_weights_present() -> bool:
    return WEEK.default_input("weights") is not None
