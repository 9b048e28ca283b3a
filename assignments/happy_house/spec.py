"""The week's two models as the shared classification commands see them (plain data, no TensorFlow).

The builders reach the models through the week's package, whose `__init__` re-exports them lazily: the
Keras modules load when a model is first built, not when `--help` reads this spec.
"""

from __future__ import annotations

from assignments import happy_house  # the lazy package: happy_house.happyModel imports models.py on first use
from assignments.common.classification.imageset import IMAGE_SIZE
from assignments.common.classification.specs import CommandSpec, ModelSpec
from assignments.common.classification.synthetic_hands import SIGNS
from assignments.happy_house.synthetic import HAPPY
from assignments.happy_house.week import WEEK


def photos_without_a_face(files):
    """`domain.photos_without_a_face`, imported when first used (it loads MTCNN)."""
    from assignments.happy_house.domain import photos_without_a_face

    return photos_without_a_face(files)


HAPPY_MODEL = ModelSpec(
    name="happy",
    title="happyModel",
    build=lambda classes: happy_house.happyModel(),  # one sigmoid unit, whatever `classes`
    dataset=HAPPY,
    sample_photos=("astronaut.jpg", "grace_hopper.jpg"),
    binary=True,
    more_classes_hint="use --model signs for more than two classes",
    display_names={"0": "not happy", "1": "happy"},
    batchnorm=True,
    out_of_domain=photos_without_a_face,  # a smile detector says nothing about a photo without a face
)

SIGNS_MODEL = ModelSpec(
    name="signs",
    title="convolutional_model",
    build=lambda classes: happy_house.convolutional_model((*IMAGE_SIZE, 3), classes=classes),
    dataset=SIGNS,
    sample_photos=("hand_2.jpg", "hand_5.jpg"),
)

SPEC = CommandSpec(
    week=WEEK,
    models={model.name: model for model in (HAPPY_MODEL, SIGNS_MODEL)},
    description="C4W1: train the Happy House smile detector (--model happy, happyModel) or the SIGNS hand-sign "
    "ConvNet (--model signs, convolutional_model) on the course's h5 files, your own folder of class "
    "sub-folders, or our generated data; then evaluate it and classify your photos.",
    default_epochs=10,
    default_batch_size=16,
)
