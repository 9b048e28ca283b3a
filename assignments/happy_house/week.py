"""C4W1 A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="happy_house",
    title="HappyModel (Sequential) and the SIGNS ConvNet (Functional)",
    course_id="C4W1A2",
    graded=("happyModel", "convolutional_model"),
    course_files=("test_happy.h5", "test_signs.h5", "sign_language_digits/Dataset"),
    user_files=("train_happy.h5", "train_signs.h5"),
    default_inputs={"happy_test": "test_happy.h5", "signs_test": "test_signs.h5", "signs_photos": "sign_language_digits/Dataset"},
    revisions=(
        Revision(
            "v1.1",
            summary="happyModel is a Sequential model, convolutional_model a Functional one.",
            signatures={"happyModel": "happyModel()", "convolutional_model": "convolutional_model(input_shape)"},
        ),
        Revision(
            "2018",
            year=2018,
            summary="the Keras 2 Happy House notebook: HappyModel(input_shape) with K.set_learning_phase.",
            markers=("K.set_learning_phase(", "def HappyModel("),
            supported=False,
        ),
    ),
)
