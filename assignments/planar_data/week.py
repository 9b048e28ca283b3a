"""C1W3A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="planar_data",
    title="Planar data classification with one hidden layer (tanh) against logistic regression",
    course_id="C1W3A1",
    graded=(
        "layer_sizes",
        "initialize_parameters",
        "forward_propagation",
        "compute_cost",
        "backward_propagation",
        "update_parameters",
        "nn_model",
        "predict",
    ),
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="public_tests.py; initialize_parameters has no seed inside (nn_model seeds 3); compute_cost returns a float.",
            signatures={
                "layer_sizes": "layer_sizes(X, Y)",
                "initialize_parameters": "initialize_parameters(n_x, n_h, n_y)",
                "forward_propagation": "forward_propagation(X, parameters)",
                "compute_cost": "compute_cost(A2, Y)",
                "backward_propagation": "backward_propagation(parameters, cache, X, Y)",
                "update_parameters": "update_parameters(parameters, grads, learning_rate=1.2)",
                "nn_model": "nn_model(X, Y, n_h, num_iterations=10000, print_cost=False)",
                "predict": "predict(parameters, X)",
            },
            markers=("testCases_v2", "public_tests"),
            # The course's planar_utils, from our own code (its plotting helper is not supplied: a line that
            # imports it still binds the others).
            helpers={
                "planar_utils": (
                    "sigmoid=assignments.common.numpy_nets:sigmoid",
                    "load_planar_dataset=assignments.planar_data.synthetic:load_planar_dataset",
                ),
            },
        ),
        Revision(
            name="2018",
            year=2018,
            summary="The older notebook: compute_cost(A2, Y, parameters) and initialize_parameters seeding 2 inside.",
            signatures={"compute_cost": "compute_cost(A2, Y, parameters)"},
            markers=("def compute_cost(A2, Y, parameters)",),
            supported=False,
        ),
    ),
)
