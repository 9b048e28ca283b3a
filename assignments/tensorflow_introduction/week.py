"""C2W3A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="tensorflow_introduction",
    title="Introduction to TensorFlow: a 3-layer SIGNS classifier with GradientTape",
    course_id="C2W3A1",
    graded=("linear_function", "sigmoid", "one_hot_matrix", "initialize_parameters", "forward_propagation", "compute_cost"),
    course_files=("test_signs.h5",),
    user_files=("train_signs.h5",),
    data_folder="happy_house",
    default_inputs={"test": "test_signs.h5"},
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="TF2 with tf.data and GradientTape; compute_cost(logits, labels) averages the categorical cross-entropy over the batch.",
            signatures={
                "linear_function": "linear_function()",
                "sigmoid": "sigmoid(z)",
                "one_hot_matrix": "one_hot_matrix(label, depth=6)",
                "initialize_parameters": "initialize_parameters()",
                "forward_propagation": "forward_propagation(X, parameters)",
                "compute_cost": "compute_cost(logits, labels)",
            },
            markers=("tf.GradientTape",),
        ),
        Revision(
            name="2021-sum",
            year=2021,
            summary="An earlier 2021 cut: compute_cost sums the cross-entropy over the batch (tf.reduce_sum) instead of averaging.",
            signatures={"compute_cost": "compute_cost(logits, labels)"},
            markers=("tf.reduce_sum(tf.keras.losses.categorical_crossentropy", "tf.GradientTape"),
        ),
        Revision(
            name="TF1",
            year=2018,
            summary="The TensorFlow 1 notebook (placeholders, sessions): not graded here.",
            markers=("tf.placeholder",),
            supported=False,
        ),
    ),
)
