"""C4W2 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Week

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
)
