"""C2W2A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="optimization_methods",
    title="Optimization methods: mini-batches, momentum, Adam and learning-rate decay",
    course_id="C2W2A1",
    graded=(
        "update_parameters_with_gd",
        "random_mini_batches",
        "initialize_velocity",
        "update_parameters_with_momentum",
        "initialize_adam",
        "update_parameters_with_adam",
        "update_lr",
        "schedule_lr_decay",
    ),
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="opt_utils_v1a; adds update_lr and schedule_lr_decay (floored by time_interval) and model(..., decay=None, decay_rate=1).",
            signatures={
                "update_parameters_with_gd": "update_parameters_with_gd(parameters, grads, learning_rate)",
                "random_mini_batches": "random_mini_batches(X, Y, mini_batch_size=64, seed=0)",
                "initialize_velocity": "initialize_velocity(parameters)",
                "update_parameters_with_momentum": "update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)",
                "initialize_adam": "initialize_adam(parameters)",
                "update_parameters_with_adam": "update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8)",
                "update_lr": "update_lr(learning_rate0, epoch_num, decay_rate)",
                "schedule_lr_decay": "schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000)",
            },
            helpers={
                "opt_utils_v1a": (
                    "load_params_and_grads",
                    "initialize_parameters",
                    "forward_propagation",
                    "backward_propagation",
                    "compute_cost",
                    "predict",
                    "load_dataset",
                )
            },
            markers=("opt_utils_v1a", "schedule_lr_decay"),
        ),
        Revision(
            name="2018",
            year=2018,
            summary="The older notebook (opt_utils): no learning-rate decay; update_parameters_with_adam returns (parameters, v, s).",
            signatures={
                "update_parameters_with_adam": "update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8)"
            },
            markers=("from opt_utils import",),
            supported=False,
        ),
    ),
)
