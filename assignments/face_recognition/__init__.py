"""C4W4 Face Recognition: FaceNet's triplet loss, face verification and face recognition.

The course's names: `triplet_loss`, `img_to_encoding`, `verify`, `who_is_it`, plus `load_facenet_model`
(the course's Inception-ResNet-v1, with your `model.h5` when you have it), and `load_dlib_encoder`
(dlib's pretrained 128-d face encoder, for real photos with `FaceFinder`'s MTCNN detection and alignment).
Run the week with `python -m assignments.face_recognition --help`.
"""

import lazy_loader

from assignments.face_recognition.week import WEEK

# The course's names, imported on first use (the project's import rule: see `assignments/__init__.py`).
__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__,
    submod_attrs={
        "database": ["FaceDatabase"],
        "dlib_resnet": ["load_dlib_encoder"],
        "encoding": ["img_to_encoding"],
        "faces": ["FaceFinder"],
        "model": ["load_facenet_model"],
        "recognition": ["verify", "who_is_it"],
        "triplet": ["triplet_loss"],
    },
)
__all__ += ["WEEK"]
