"""C1W2A2 against independent implementations, and its main script on good and hostile input."""

from __future__ import annotations

import numpy as np

from assignments.logistic_regression import model, optimize, propagate


def overlapping_classes(seed: int = 0, m: int = 300):
    rng = np.random.default_rng(seed)
    Y = (rng.random((1, m)) < 0.5).astype(float)
    X = rng.normal(size=(2, m)) + np.array([[1.5], [-0.5]]) * Y
    return X, Y


def test_gradient_descent_reaches_scikit_learns_unregularised_logistic_regression():
    from sklearn.linear_model import LogisticRegression

    X, Y = overlapping_classes()
    params, _, _ = optimize(np.zeros((2, 1)), 0.0, X, Y, num_iterations=3000, learning_rate=1.0)
    reference = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X.T, Y.ravel())
    np.testing.assert_allclose(params["w"].ravel(), reference.coef_.ravel(), rtol=1e-5)
    np.testing.assert_allclose(params["b"], reference.intercept_[0], rtol=1e-5)


def test_propagate_gradient_matches_a_numeric_gradient():
    X, Y = overlapping_classes(seed=1, m=20)
    w, b, epsilon = np.array([[0.3], [-0.2]]), 0.1, 1e-6
    grads, _ = propagate(w, b, X, Y)
    for index in range(2):
        step = np.zeros_like(w)
        step[index] = epsilon
        numeric = (propagate(w + step, b, X, Y)[1] - propagate(w - step, b, X, Y)[1]) / (2 * epsilon)
        np.testing.assert_allclose(grads["dw"][index, 0], numeric, rtol=1e-6)
    numeric_b = (propagate(w, b + epsilon, X, Y)[1] - propagate(w, b - epsilon, X, Y)[1]) / (2 * epsilon)
    np.testing.assert_allclose(grads["db"], numeric_b, rtol=1e-6)


def test_model_beats_chance_on_separable_data():
    X, Y = overlapping_classes(seed=2)
    d = model(X[:, :200], Y[:, :200], X[:, 200:], Y[:, 200:], num_iterations=300, learning_rate=0.5)
    assert np.mean(d["Y_prediction_test"] == Y[:, 200:]) > 0.7
