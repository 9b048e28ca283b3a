"""The graded functions of Gradient checking, in notebook order.

The check: for each parameter theta_i, gradapprox_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps),
then difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||). Below 2e-7 the backward pass is
right; far above, it has a mistake.
"""

from __future__ import annotations

import numpy as np

from assignments.gradient_checking.gc_utils import (
    dictionary_to_vector,
    forward_propagation_n,
    gradients_to_vector,
    vector_to_dictionary,
)

THRESHOLD = 2e-7
MISTAKE = "\033[93mThere is a mistake in the backward propagation! difference = {}\033[0m"
FINE = "\033[92mYour backward propagation works perfectly fine! difference = {}\033[0m"


def forward_propagation(x, theta):
    """J(theta) = theta * x."""
    J = theta * x
    return J


def backward_propagation(x, theta):
    """dJ/dtheta = x."""
    dtheta = x
    return dtheta


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """The 1-D check of `backward_propagation` against the centred difference of `forward_propagation`."""
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    if print_msg:
        print((MISTAKE if difference > THRESHOLD else FINE).format(difference))
    return difference


def numeric_gradient(parameters, X, Y, epsilon=1e-7):
    """gradapprox (n, 1): the centred difference of the cost for each of the n parameter values."""
    parameters_values, _ = dictionary_to_vector(parameters)
    num_parameters = parameters_values.shape[0]
    J_plus, J_minus = np.zeros((num_parameters, 1)), np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    return gradapprox


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """The N-dimensional check of the 3-layer network's `gradients` against the numeric gradient."""
    grad = gradients_to_vector(gradients)
    gradapprox = numeric_gradient(parameters, X, Y, epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    if print_msg:
        print((MISTAKE if difference > THRESHOLD else FINE).format(difference))
    return difference
