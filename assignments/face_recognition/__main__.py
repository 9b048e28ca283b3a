"""Face verification and recognition (FaceNet, or dlib's pretrained encoder) over a face database built from your photos.

    python -m assignments.face_recognition                         # the notebook's run (or a generated one)
    python -m assignments.face_recognition enroll --people DIR --db faces.npz [--encoder dlib] [--align mtcnn]
    python -m assignments.face_recognition verify --image FILE --identity NAME --db faces.npz
    python -m assignments.face_recognition identify --image FILE|DIR --db faces.npz [--top-k K] [--threshold T]

Writes to --output: the database (faces.npz by default), identify.csv (a row per face, with its box),
identified/<photo>.png and verify.png (each face boxed and labelled).
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

from assignments.common.cli import run_main
from assignments.face_recognition.cli import parse_arguments

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow's start-up chatter is not for this command's users.


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(list(sys.argv[1:] if argv is None else argv))
    # The arguments are valid: only now load the modules that do the work (TensorFlow takes seconds).
    from assignments.face_recognition import commands

    return commands.run(arguments)


if __name__ == "__main__":
    sys.exit(run_main(main))
