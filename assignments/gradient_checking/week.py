"""C2W1A3, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="gradient_checking",
    title="Gradient checking: numeric gradients against backpropagation, 1-D and for a 3-layer network",
    course_id="C2W1A3",
    graded=("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"),
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="public_tests.py; gradient_check and gradient_check_n take epsilon=1e-7, print_msg=False and return the difference.",
            signatures={
                "forward_propagation": "forward_propagation(x, theta)",
                "backward_propagation": "backward_propagation(x, theta)",
                "gradient_check": "gradient_check(x, theta, epsilon=1e-7, print_msg=False)",
                "gradient_check_n": "gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False)",
            },
            helpers={"gc_utils": ("dictionary_to_vector", "vector_to_dictionary", "gradients_to_vector")},
            markers=("print_msg",),
        ),
        Revision(
            name="2018",
            year=2018,
            summary="The older notebook: gradient_check(x, theta, epsilon=1e-7) without print_msg, printing always.",
            signatures={
                "gradient_check": "gradient_check(x, theta, epsilon=1e-7)",
                "gradient_check_n": "gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7)",
            },
            markers=("def gradient_check(x, theta, epsilon=1e-7):",),
        ),
    ),
)
