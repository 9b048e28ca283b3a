"""The course's ResNet50 as the shared classification commands see it (plain data, no TensorFlow).

The builder and the pretrained loader reach the week's modules through its package, whose `__init__`
re-exports them lazily: Keras loads when a model is first built, not when `--help` reads this spec.
"""

from __future__ import annotations

from assignments import resnet50  # the lazy package: resnet50.ResNet50 imports resnet.py on first use
from assignments.common.classification.imageset import IMAGE_SIZE
from assignments.common.classification.specs import CommandSpec, ModelSpec
from assignments.common.classification.synthetic_hands import SIGNS
from assignments.common.weights import WeightsFile
from assignments.resnet50.week import WEEK

# The course's pretrained model, as a real user gets it: the Coursera lab's `resnet50.h5`; the most-used
# public mirror is this Git-LFS zip (subject to GitHub's LFS quota). `--weights course` downloads it; the loader unzips it once.
COURSE_RESNET50_ZIP = WeightsFile(
    key="course",
    url="https://media.githubusercontent.com/media/amanchadha/coursera-deep-learning-specialization/master/"
    "C4%20-%20Convolutional%20Neural%20Networks/Week%202/ResNets/ResNet50.h5.zip",
    file_name="ResNet50.h5.zip",
    file_hash="f36e515dea8ae78f5062748fb2cf53a8221737a00dcdb0414e522cac4a1feef1",
    description="course's pretrained ResNet50 (zip of resnet50.h5)",
)


RESNET50_MODEL = ModelSpec(
    name="resnet50",
    title="ResNet50",
    build=lambda classes: resnet50.ResNet50(input_shape=(*IMAGE_SIZE, 3), classes=classes),
    dataset=SIGNS,
    sample_photos=("hand_2.jpg", "hand_5.jpg"),
    batchnorm=True,
    # The number of classes comes from the file (its Dense layer), not from the data.
    load_weights=lambda path, classes: resnet50.load_pretrained_resnet50(path, input_shape=(*IMAGE_SIZE, 3)),
    weights_files=(COURSE_RESNET50_ZIP,),
)

SPEC = CommandSpec(
    week=WEEK,
    models={RESNET50_MODEL.name: RESNET50_MODEL},
    description="C4W2: train the course's ResNet50 on SIGNS (the course's h5 files, the Sign Language Digits "
    "substitute, your own folder of class sub-folders, or our generated hands), evaluate it, load the course's "
    "pretrained resnet50.h5 with --weights, and classify your photos.",
    default_epochs=10,
    default_batch_size=32,
)
