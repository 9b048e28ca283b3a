"""C4W1 A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Week

WEEK = Week(
    name="happy_house",
    title="HappyModel (Sequential) and the SIGNS ConvNet (Functional)",
    course_id="C4W1A2",
    graded=("happyModel", "convolutional_model"),
    course_files=("test_happy.h5", "test_signs.h5", "sign_language_digits/Dataset"),
    user_files=("train_happy.h5", "train_signs.h5"),
    default_inputs={"happy_test": "test_happy.h5", "signs_test": "test_signs.h5", "signs_photos": "sign_language_digits/Dataset"},
)
