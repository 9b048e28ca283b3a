"""Face verification and recognition (FaceNet, or dlib's pretrained encoder) over a face database built from your photos.

    python -m assignments.face_recognition                         # the notebook's run (or a generated one)
    python -m assignments.face_recognition enroll --people DIR --db faces.npz [--encoder dlib] [--align mtcnn]
    python -m assignments.face_recognition verify --image FILE --identity NAME --db faces.npz
    python -m assignments.face_recognition identify --image FILE|DIR --db faces.npz [--top-k K] [--threshold T]

Writes to --output: the database (faces.npz by default), identify.csv (a row per face, with its box),
identified/<photo>.png and verify.png (each face boxed and labelled).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import run_main
from assignments.common.quiet import import_tensorflow_quietly
from assignments.face_recognition.cli import parse_arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(list(sys.argv[1:] if argv is None else argv))
    # The arguments are valid: only now load the modules that do the work (TensorFlow takes seconds).
    import_tensorflow_quietly()
    from assignments.face_recognition import commands

    return commands.run(arguments)


if __name__ == "__main__":
    sys.exit(run_main(main))
