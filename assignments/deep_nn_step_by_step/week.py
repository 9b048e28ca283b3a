"""C1W4A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="deep_nn_step_by_step",
    title="Building a deep neural network, step by step (numpy)",
    course_id="C1W4A1",
    graded=(
        "initialize_parameters",
        "initialize_parameters_deep",
        "linear_forward",
        "linear_activation_forward",
        "L_model_forward",
        "compute_cost",
        "linear_backward",
        "linear_activation_backward",
        "L_model_backward",
        "update_parameters",
    ),
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="public_tests.py; caches ((A, W, b), Z); L_model_backward returns dA0 ... dA{L-1}; "
            "initialize_parameters_deep draws randn * 0.01.",
            signatures={
                "initialize_parameters": "initialize_parameters(n_x, n_h, n_y)",
                "initialize_parameters_deep": "initialize_parameters_deep(layer_dims)",
                "linear_forward": "linear_forward(A, W, b)",
                "linear_activation_forward": "linear_activation_forward(A_prev, W, b, activation)",
                "L_model_forward": "L_model_forward(X, parameters)",
                "compute_cost": "compute_cost(AL, Y)",
                "linear_backward": "linear_backward(dZ, cache)",
                "linear_activation_backward": "linear_activation_backward(dA, cache, activation)",
                "L_model_backward": "L_model_backward(AL, Y, caches)",
                "update_parameters": "update_parameters(params, grads, learning_rate)",
            },
            markers=("dnn_utils", "public_tests"),
        ),
        Revision(
            name="v4",
            year=2018,
            summary="The older notebook (testCases_v4a, dnn_utils_v2): grads keys dA{l} one layer up; update_parameters(parameters, ...).",
            signatures={"update_parameters": "update_parameters(parameters, grads, learning_rate)"},
            markers=("testCases_v4", "dnn_utils_v2"),
            supported=False,
        ),
    ),
)
