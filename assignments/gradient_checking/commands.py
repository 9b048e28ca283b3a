"""The week's main script: the course's gradient checks, and where the planted bugs are."""

from __future__ import annotations

import numpy as np

from assignments.common.boundary_plots import write_results_table
from assignments.common.files import ensure_output_dir
from assignments.gradient_checking import gc_utils, synthetic
from assignments.gradient_checking.cli import Settings
from assignments.gradient_checking.gradient_checking import gradient_check, gradient_check_n, numeric_gradient

# One parameter's block is wrong when it differs this much: rounding in a block of a few values reaches
# a few 1e-7 (the whole-vector threshold of 2e-7 is too tight per block), a real mistake 1e-1.
WRONG_BLOCK = 1e-4


def per_parameter(parameters, gradients, X, Y, epsilon) -> list[tuple[str, float]]:
    """(name, relative difference) for each of W1 ... b3: where a backward pass goes wrong."""
    grad = gc_utils.gradients_to_vector(gradients)
    gradapprox = numeric_gradient(parameters, X, Y, epsilon)
    _, keys = gc_utils.dictionary_to_vector(parameters)
    keys = np.array(keys)
    rows = []
    for name, _ in gc_utils.SHAPES:
        mine, numeric = grad[keys == name], gradapprox[keys == name]
        rows.append((name, float(np.linalg.norm(mine - numeric) / (np.linalg.norm(mine) + np.linalg.norm(numeric) + 1e-300))))
    return rows


def run(settings: Settings) -> int:
    print("1-D: J(theta) = theta x at x = 2, theta = 4:")
    one_d = gradient_check(2, 4, settings.epsilon, print_msg=True)
    X, Y, parameters = synthetic.gradient_check_n_test_case(settings.seed)
    _, cache = gc_utils.forward_propagation_n(X, Y, parameters)
    rows = [("1-D", "backward_propagation", one_d, "all")]
    for label, backward in (
        ("the course's hand-out", gc_utils.backward_propagation_n_with_planted_bugs),
        ("fixed", gc_utils.backward_propagation_n),
    ):
        print(f"\n3-layer network, backward pass {label}:")
        gradients = backward(X, Y, cache)
        difference = gradient_check_n(parameters, gradients, X, Y, settings.epsilon, print_msg=True)
        blocks = per_parameter(parameters, gradients, X, Y, settings.epsilon)
        wrong = [name for name, value in blocks if value > WRONG_BLOCK]
        print("  per parameter: " + ", ".join(f"{name} {value:.1e}" for name, value in blocks))
        print(f"  wrong gradients: {', '.join('d' + name for name in wrong)}" if wrong else "  every parameter's gradient agrees")
        rows.append(("3-layer", label, difference, " ".join("d" + name for name in wrong) or "none"))
    folder = ensure_output_dir(settings.output)
    written = write_results_table(
        folder,
        ["network", "backward pass", "relative difference", "wrong gradients"],
        [(a, b, f"{c:.3e}", d) for a, b, c, d in rows],
    )
    print("\nWrote " + ", ".join(str(path) for path in written))
    return 0
