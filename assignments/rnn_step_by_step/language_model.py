"""A character-level LSTM language model trained with the week's own numpy passes (`lstm_forward`,
`lstm_backward`), and its Keras twin for comparison.

One name per step, as Dinosaur Island trains: x_0 is zeros and x_t the one-hot of character t-1; the targets
are the name's characters and then "\\n". The loss is the cross-entropy of `lstm_forward`'s softmax outputs;
its gradient flows back through the output layer (dz = y_hat - y) into `lstm_backward` as da. Adam updates
every weight, after clipping each gradient to [-5, 5] (Keras' `clipvalue`): the Keras twin starts from the
same weights and runs the same Adam, so the two loss curves agree to float32's precision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assignments.rnn_step_by_step.step_by_step import lstm_backward, lstm_cell_forward, lstm_forward

CLIP = 5.0
GATES = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo")


def initialize_parameters(n_a: int, vocab_size: int, seed: int) -> dict[str, np.ndarray]:
    """Small random gate and output weights (Glorot-like scale), zero biases but a forget-gate bias of 1."""
    rng = np.random.default_rng(seed)
    scale = np.sqrt(1.0 / (n_a + vocab_size))
    parameters = {}
    for gate in "fico":
        parameters[f"W{gate}"] = rng.normal(0, scale, (n_a, n_a + vocab_size))
        parameters[f"b{gate}"] = np.full((n_a, 1), 1.0 if gate == "f" else 0.0)
    parameters["Wy"] = rng.normal(0, np.sqrt(1.0 / n_a), (vocab_size, n_a))
    parameters["by"] = np.zeros((vocab_size, 1))
    return parameters


def one_name(name: str, char_to_ix: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(x (vocab, 1, T_x) one-hot inputs with x_0 = 0, targets (T_x,) ending with '\\n')."""
    indices = [char_to_ix[character] for character in name]
    targets = np.array(indices + [char_to_ix["\n"]])
    x = np.zeros((len(char_to_ix), 1, len(targets)))
    x[indices, 0, np.arange(1, len(targets))] = 1.0
    return x, targets


def loss_and_gradients(x, targets, parameters):
    """Cross-entropy of one name (summed over its characters) and every weight's gradient."""
    n_a = parameters["Wy"].shape[1]
    a, y_hat, _, caches = lstm_forward(x, np.zeros((n_a, 1)), parameters)
    steps = np.arange(len(targets))
    loss = -np.sum(np.log(y_hat[targets, 0, steps]))
    dz = y_hat.copy()
    dz[targets, 0, steps] -= 1.0  # softmax + cross-entropy: (vocab, 1, T_x)
    gradients = {"dWy": np.einsum("vmt,amt->va", dz, a), "dby": dz.sum(axis=(1, 2))[:, None]}
    da = np.einsum("va,vmt->amt", parameters["Wy"], dz)
    backward = lstm_backward(da, caches)
    gradients.update({f"d{name}": backward[f"d{name}"] for name in GATES})
    return loss, gradients


class Adam:
    """Keras' Adam (epsilon 1e-7 outside the square root), so that the numpy and Keras runs match."""

    def __init__(self, learning_rate: float, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7):
        self.learning_rate, self.beta_1, self.beta_2, self.epsilon = learning_rate, beta_1, beta_2, epsilon
        self.m, self.v, self.t = {}, {}, 0

    def update(self, parameters: dict, gradients: dict) -> None:
        self.t += 1
        rate = self.learning_rate * np.sqrt(1 - self.beta_2**self.t) / (1 - self.beta_1**self.t)
        for name in parameters:
            gradient = np.clip(gradients[f"d{name}"], -CLIP, CLIP)
            self.m[name] = self.beta_1 * self.m.get(name, 0) + (1 - self.beta_1) * gradient
            self.v[name] = self.beta_2 * self.v.get(name, 0) + (1 - self.beta_2) * gradient**2
            parameters[name] -= rate * self.m[name] / (np.sqrt(self.v[name]) + self.epsilon)


def train_numpy(
    names: Sequence[str], char_to_ix, parameters: dict, steps: int, learning_rate: float, on_step: Callable | None = None
) -> np.ndarray:
    """`steps` Adam steps, name after name (cycling); returns each step's loss per character."""
    optimizer, losses = Adam(learning_rate), np.zeros(steps)
    for step in range(steps):
        x, targets = one_name(names[step % len(names)], char_to_ix)
        loss, gradients = loss_and_gradients(x, targets, parameters)
        if not np.isfinite(loss):
            raise FloatingPointError(f"the loss became {loss} at step {step}")
        optimizer.update(parameters, gradients)
        losses[step] = loss / len(targets)
        if on_step is not None:
            on_step(step, losses[step])
    return losses


def sample(parameters: dict, ix_to_char: dict[int, str], rng: np.random.Generator, max_length: int = 50) -> str:
    """A name drawn character by character from the model's softmax, until '\\n' or `max_length`."""
    vocab_size, n_a = parameters["Wy"].shape
    x, a, c = np.zeros((vocab_size, 1)), np.zeros((n_a, 1)), np.zeros((n_a, 1))
    characters = []
    for _ in range(max_length):
        a, c, y, _ = lstm_cell_forward(x, a, c, parameters)
        index = int(rng.choice(vocab_size, p=y[:, 0] / y[:, 0].sum()))
        if ix_to_char[index] == "\n":
            break
        characters.append(ix_to_char[index])
        x = np.zeros((vocab_size, 1))
        x[index] = 1.0
    return "".join(characters)


def train_keras(names: Sequence[str], char_to_ix, parameters: dict, steps: int, learning_rate: float) -> np.ndarray:
    """The same model in Keras (LSTM + Dense softmax), from the same weights, same names, same Adam and clipping."""
    import keras
    import tensorflow as tf

    vocab_size, n_a = parameters["Wy"].shape
    inputs = keras.Input((None, vocab_size))
    hidden = keras.layers.LSTM(n_a, return_sequences=True)(inputs)
    model = keras.Model(inputs, keras.layers.Dense(vocab_size, activation="softmax")(hidden))
    gates = [parameters[f"W{gate}"] for gate in "ifco"]  # Keras' gate order
    model.layers[1].set_weights(
        [np.concatenate([W[:, n_a:].T for W in gates], 1), np.concatenate([W[:, :n_a].T for W in gates], 1),
         np.concatenate([parameters[f"b{gate}"][:, 0] for gate in "ifco"])]
    )  # fmt: skip
    model.layers[2].set_weights([parameters["Wy"].T, parameters["by"][:, 0]])
    optimizer = keras.optimizers.Adam(learning_rate, clipvalue=CLIP)

    @tf.function(reduce_retracing=True)
    def step(x, y):
        with tf.GradientTape() as tape:
            probabilities = model(x)
            loss = -tf.reduce_sum(tf.math.log(tf.gather(probabilities[0], y, axis=1, batch_dims=1)))
        optimizer.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
        return loss

    losses = np.zeros(steps)
    for index in range(steps):
        x, targets = one_name(names[index % len(names)], char_to_ix)
        losses[index] = float(step(tf.constant(x.transpose(1, 2, 0), tf.float32), tf.constant(targets[:, None]))) / len(targets)
    return losses
