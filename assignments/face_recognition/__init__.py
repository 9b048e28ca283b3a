"""C4W4 Face Recognition: FaceNet's triplet loss, face verification and face recognition.

The course's names: `triplet_loss`, `img_to_encoding`, `verify`, `who_is_it`, plus `load_facenet_model`
(the course's Inception-ResNet-v1, with your `model.h5` when you have it). Run the week with
`python -m assignments.face_recognition --help`.
"""

from assignments.face_recognition.database import FaceDatabase  # noqa: F401 - the database class, for scripts
from assignments.face_recognition.encoding import img_to_encoding
from assignments.face_recognition.model import load_facenet_model
from assignments.face_recognition.recognition import verify, who_is_it
from assignments.face_recognition.triplet import triplet_loss

__all__ = [
    "triplet_loss",
    "load_facenet_model",
    "img_to_encoding",
    "verify",
    "who_is_it",
]
