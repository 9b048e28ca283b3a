"""C4W2 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="resnet50",
    title="Residual networks: identity / convolutional blocks, ResNet50 on SIGNS",
    course_id="C4W2A1",
    graded=("identity_block", "convolutional_block", "ResNet50"),
    course_files=("test_signs.h5", "images/my_image.jpg"),
    user_files=("train_signs.h5", "resnet50.h5"),
    # The Sign Language Digits photos (SIGNS' real substitute) are stored once, in happy_house's data folder.
    default_inputs={
        "signs_test": "test_signs.h5",
        "image": "images/my_image.jpg",
        "signs_photos": "../happy_house/sign_language_digits/Dataset",
    },
    revisions=(
        Revision(
            "2021",
            year=2021,
            summary="the blocks take training=True and pass it to Keras' BatchNormalization.",
            signatures={
                "identity_block": "identity_block(X, f, filters, training=True, initializer=random_uniform)",
                "convolutional_block": "convolutional_block(X, f, filters, s=2, training=True, initializer=glorot_uniform)",
                "ResNet50": "ResNet50(input_shape=(64, 64, 3), classes=6)",
            },
        ),
        Revision(
            "v2.1",
            summary="the blocks take no training argument; Keras' BatchNormalization's mode was set with "
            "tf.keras.backend.set_learning_phase, which Keras 3 no longer has (the graders set it instead).",
            signatures={
                "identity_block": "identity_block(X, f, filters, initializer=random_uniform)",
                "convolutional_block": "convolutional_block(X, f, filters, s=2, initializer=glorot_uniform)",
                "ResNet50": "ResNet50(input_shape=(64, 64, 3), classes=6, training=False)",
            },
            replaces=("BatchNormalization",),
        ),
        Revision(
            "v3.0",
            summary="as v2.1, with the lab's own BatchNormalization layer taken from resnets_utils "
            "(graded with the project's stand-in and the 2021 numbers, which the lab's layer does not reproduce).",
            signatures={
                "identity_block": "identity_block(X, f, filters, initializer=random_uniform)",
                "convolutional_block": "convolutional_block(X, f, filters, s=2, initializer=glorot_uniform)",
                "ResNet50": "ResNet50(input_shape=(64, 64, 3), classes=6, training=False)",
            },
            helpers={"resnets_utils": ("BatchNormalization",)},
        ),
        Revision(
            "2018",
            year=2018,
            summary="the Keras 2 notebook, whose blocks take stage and block arguments.",
            signatures={
                "identity_block": "identity_block(X, f, filters, stage, block)",
                "convolutional_block": "convolutional_block(X, f, filters, stage, block, s=2)",
            },
            supported=False,
        ),
    ),
)
