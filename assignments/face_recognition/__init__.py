"""C4W4 Face Recognition: FaceNet's triplet loss, face verification and face recognition.

The course's names: `triplet_loss`, `img_to_encoding`, `verify`, `who_is_it`, plus `load_facenet_model`
(the course's Inception-ResNet-v1, with your `model.h5` when you have it), and `load_dlib_encoder`
(dlib's pretrained 128-d face encoder, for real photos with `FaceFinder`'s MTCNN detection and alignment).
Run the week with `python -m assignments.face_recognition --help`.

The modules, in the order a reader meets them: `triplet.py`, `encoding.py` and `recognition.py` (the graded
functions), `facenet.py` (the course's network and its weights), `dlib_resnet.py` (dlib's encoder),
`encoders.py` (the one interface both sit behind), `detection.py` and `alignment.py` (MTCNN, face chips),
`search.py` and `database.py` (the face database), `data.py`, `synthetic.py`, `outputs.py`, and the command
line in `cli.py`, `__main__.py` and `commands.py`.
"""

import lazy_loader

# The course's names, imported on first use (listed in __init__.pyi, which IDEs and type checkers read).
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
