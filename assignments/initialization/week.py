"""C2W1A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="initialization",
    title="Initialization: zeros, large random and He weights for a 3-layer network",
    course_id="C2W1A1",
    graded=("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he"),
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="public_tests.py with dlai_tools; random and He seed 3 inside; model(..., initialization='he').",
            signatures={
                "initialize_parameters_zeros": "initialize_parameters_zeros(layers_dims)",
                "initialize_parameters_random": "initialize_parameters_random(layers_dims)",
                "initialize_parameters_he": "initialize_parameters_he(layers_dims)",
            },
            helpers={
                "init_utils": (
                    "forward_propagation",
                    "backward_propagation",
                    "compute_loss",
                    "update_parameters",
                    "predict",
                    "load_dataset",
                )
            },
            markers=("init_utils", "public_tests"),
        ),
    ),
)
