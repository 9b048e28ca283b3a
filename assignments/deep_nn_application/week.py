"""C1W4A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="deep_nn_application",
    title="Deep neural network application: a 2-layer and an L-layer cat / non-cat classifier",
    course_id="C1W4A2",
    graded=("two_layer_model", "L_layer_model"),
    course_files=("datasets/train_catvnoncat.h5", "datasets/test_catvnoncat.h5"),
    data_folder="course1_2",
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="dnn_app_utils_v3 and public_tests.py; both models seed 1 first and print the last iteration's cost too.",
            signatures={
                "two_layer_model": "two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False)",
                "L_layer_model": "L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False)",
            },
            helpers={
                "dnn_app_utils_v3": (
                    "initialize_parameters",
                    "initialize_parameters_deep",
                    "linear_activation_forward",
                    "L_model_forward",
                    "compute_cost",
                    "linear_activation_backward",
                    "L_model_backward",
                    "update_parameters",
                    "predict",
                ),
            },
            markers=("dnn_app_utils_v3",),
        ),
        Revision(
            name="v2",
            year=2018,
            summary="The older notebook with dnn_app_utils_v2: the same two models, costs printed only every 100 iterations.",
            markers=("dnn_app_utils_v2",),
        ),
    ),
)
