"""C2W1A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="regularization",
    title="Regularization: L2 and dropout for a 3-layer network on the French football field",
    course_id="C2W1A2",
    graded=(
        "compute_cost_with_regularization",
        "backward_propagation_with_regularization",
        "forward_propagation_with_dropout",
        "backward_propagation_with_dropout",
    ),
    course_files=("datasets/data.mat",),
    data_folder="course1_2",
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="public_tests.py with dlai_tools; dropout masks drawn with np.random.rand after seed 1 on every call.",
            signatures={
                "compute_cost_with_regularization": "compute_cost_with_regularization(A3, Y, parameters, lambd)",
                "backward_propagation_with_regularization": "backward_propagation_with_regularization(X, Y, cache, lambd)",
                "forward_propagation_with_dropout": "forward_propagation_with_dropout(X, parameters, keep_prob=0.5)",
                "backward_propagation_with_dropout": "backward_propagation_with_dropout(X, Y, cache, keep_prob)",
            },
            helpers={
                "reg_utils": (
                    "initialize_parameters",
                    "forward_propagation=assignments.common.three_layer_net:forward_propagation",
                    "compute_cost=assignments.common.three_layer_net:compute_loss",
                    "update_parameters=assignments.common.three_layer_net:update_parameters",
                    "predict=assignments.common.three_layer_net:predict",
                    "load_2D_dataset",
                    "sigmoid=assignments.common.numpy_nets:sigmoid",
                    "relu=assignments.common.numpy_nets:relu",
                )
            },
            markers=("reg_utils", "public_tests"),
        ),
    ),
)
