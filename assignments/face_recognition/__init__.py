"""C4W4 Face Recognition: FaceNet's triplet loss, face verification and face recognition.

The course's names: `triplet_loss`, `img_to_encoding`, `verify`, `who_is_it`, plus `load_facenet_model`
(the course's Inception-ResNet-v1, with your `model.h5` when you have it). Run the week with
`python -m assignments.face_recognition --help`.
"""

import lazy_loader

from assignments.face_recognition.week import WEEK

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`).
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "database": ["FaceDatabase"],
        "encoding": ["img_to_encoding"],
        "model": ["load_facenet_model"],
        "recognition": ["verify", "who_is_it"],
        "triplet": ["triplet_loss"],
    },
)
__all__ += ["WEEK"]
