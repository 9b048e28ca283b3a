"""The notebook's `model`: mini-batch training of the 2-5-2-1 network with the chosen optimizer and decay."""

from __future__ import annotations

from assignments.common.three_layer_net import backward_propagation, forward_propagation
from assignments.optimization_methods import optimization as graded


def model(
    X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9, beta1=0.9, beta2=0.999,
    epsilon=1e-8, num_epochs=5000, print_cost=True, decay=None, decay_rate=1, cost_log=None,
):  # fmt: skip
    """Trains with "gd", "momentum" or "adam"; `decay` is update_lr / schedule_lr_decay or None.

    Args:
        cost_log: ours, optional: a list that receives (epoch, cost) every 100 epochs, for plots.
    """
    t = 0  # Adam's step counter
    seed = 10  # the course's: each epoch reshuffles with the next seed
    m = X.shape[1]
    learning_rate0 = learning_rate
    parameters = graded.initialize_parameters(layers_dims)
    if optimizer == "momentum":
        v = graded.initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = graded.initialize_adam(parameters)
    elif optimizer != "gd":
        raise ValueError(f"optimizer must be 'gd', 'momentum' or 'adam'. Received: {optimizer!r}")
    for i in range(num_epochs):
        seed = seed + 1
        cost_total = 0
        for minibatch_X, minibatch_Y in graded.random_mini_batches(X, Y, mini_batch_size, seed):
            a3, caches = forward_propagation(minibatch_X, parameters)
            cost_total += graded.compute_cost(a3, minibatch_Y)
            grads = backward_propagation(minibatch_X, minibatch_Y, caches)
            if optimizer == "gd":
                parameters = graded.update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = graded.update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            else:
                t = t + 1
                parameters, v, s, _, _ = graded.update_parameters_with_adam(
                    parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon
                )
        cost_avg = cost_total / m
        if decay:
            learning_rate = decay(learning_rate0, i, decay_rate)
        if print_cost and i % 1000 == 0:
            print("Cost after epoch %i: %f" % (i, cost_avg))  # noqa: UP031 - the course's exact format
            if decay:
                print("learning rate after epoch %i: %f" % (i, learning_rate))  # noqa: UP031
        if cost_log is not None and i % 100 == 0:
            cost_log.append((i, cost_avg))
    return parameters
