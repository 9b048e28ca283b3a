"""The graded part of C5W3 A1: one attention step, and the translation model built from it.

The notebook's design, which this module keeps:

    X (m, Tx, 37) -> Bidirectional LSTM(n_a, return_sequences) -> a (m, Tx, 2 n_a)
    for t in 1..Ty:
        context_t = one_step_attention(a, s_{t-1})                  (m, 1, 2 n_a)
        s_t, _, c_t = post-attention LSTM(n_s)(context_t, [s_{t-1}, c_{t-1}])
        y_t = Dense(11, softmax)(s_t)                                (m, 11)

The attention layers are created once and shared by all Ty steps (the notebook keeps them as globals):
RepeatVector(Tx) copies s_prev to every input position, Concatenate joins it with `a`, two Dense layers
(10 tanh units, then 1 relu energy) score each position, a softmax over the Tx axis turns the energies
into attention weights, and Dot sums `a` weighted by them into the context.
"""

from __future__ import annotations

import dataclasses
import functools

import keras
from keras.layers import LSTM, Activation, Bidirectional, Concatenate, Dense, Dot, Input, RepeatVector

from assignments.neural_machine_translation.nmt_utils import softmax


@keras.saving.register_keras_serializable(package="neural_machine_translation")
def attention_softmax(x):
    """Softmax over axis 1, the Tx input positions (a named function, so the model saves and reloads)."""
    return softmax(x, axis=1)


@dataclasses.dataclass(frozen=True)
class AttentionLayers:
    """The layers shared by every step of one model (the notebook's globals of the same names)."""

    repeator: RepeatVector
    concatenator: Concatenate
    densor1: Dense
    densor2: Dense
    activator: Activation
    dotor: Dot
    post_activation_LSTM_cell: LSTM
    output_layer: Dense


def shared_layers(Tx: int = 30, n_s: int = 64, machine_vocab_size: int = 11) -> AttentionLayers:
    """A fresh set of shared layers, for one model."""
    return AttentionLayers(
        repeator=RepeatVector(Tx),
        concatenator=Concatenate(axis=-1),
        densor1=Dense(10, activation="tanh"),
        densor2=Dense(1, activation="relu"),
        activator=Activation(attention_softmax, name="attention_weights"),
        dotor=Dot(axes=1),
        post_activation_LSTM_cell=LSTM(n_s, return_state=True),
        output_layer=Dense(machine_vocab_size, activation="softmax"),
    )


@functools.cache
def notebook_layers(Tx: int, n_s: int) -> AttentionLayers:
    """The layers that `one_step_attention(a, s_prev)` uses when it is called on its own, as in the
    notebook's test cell: one set per (Tx, n_s), like the notebook's module-level globals."""
    return shared_layers(Tx, n_s)


def one_step_attention(a, s_prev, layers: AttentionLayers | None = None):
    """One attention step: the context vector the post-attention LSTM reads at this output step.

    Args:
        a: hidden states of the pre-attention Bi-LSTM, (m, Tx, 2 * n_a).
        s_prev: the post-attention LSTM's previous hidden state, (m, n_s).
        layers: the model's shared layers (default: one notebook-style set per (Tx, n_s)).

    Returns:
        context: (m, 1, 2 * n_a), the attention-weighted sum of `a` over the Tx positions.
    """
    if layers is None:
        layers = notebook_layers(int(a.shape[1]), int(s_prev.shape[-1]))
    # s_prev to every input position, so each position is scored against the decoder's state: (m, Tx, n_s)
    s_prev = layers.repeator(s_prev)
    # (m, Tx, 2 n_a + n_s)
    concat = layers.concatenator([a, s_prev])
    # A small network scores each position: "intermediate energies" (m, Tx, 10), then "energies" (m, Tx, 1).
    e = layers.densor1(concat)
    energies = layers.densor2(e)
    # Attention weights: a softmax over the Tx positions (axis 1), (m, Tx, 1).
    alphas = layers.activator(energies)
    # The context: sum over Tx of alphas * a, (m, 1, 2 n_a).
    context = layers.dotor([alphas, a])
    return context


def modelf(Tx: int, Ty: int, n_a: int, n_s: int, human_vocab_size: int, machine_vocab_size: int, layers=None):
    """The attention translation model.

    Args:
        Tx, Ty: input and output lengths (30 and 10 in the course).
        n_a, n_s: hidden units of the pre-attention Bi-LSTM (each way) and of the post-attention LSTM.
        human_vocab_size, machine_vocab_size: 37 and 11 in the course.
        layers: the shared layers to use (default: a fresh set, so that two models never share weights).

    Returns:
        A Keras Model with inputs [X (m, Tx, human_vocab_size), s0 (m, n_s), c0 (m, n_s)] and a list of Ty
        outputs, each (m, machine_vocab_size).
    """
    if layers is None:
        layers = shared_layers(Tx, n_s, machine_vocab_size)
    X = Input(shape=(Tx, human_vocab_size))
    # The decoder LSTM's initial hidden and cell states.
    s0 = Input(shape=(n_s,), name="s0")
    c0 = Input(shape=(n_s,), name="c0")
    s = s0
    c = c0
    outputs = []

    # Pre-attention Bi-LSTM: (m, Tx, 2 n_a).
    a = Bidirectional(LSTM(n_a, return_sequences=True))(X)
    for _ in range(Ty):
        context = one_step_attention(a, s, layers)
        # One decoder step from the context, starting from the previous states: s, c (m, n_s).
        _, s, c = layers.post_activation_LSTM_cell(context, initial_state=[s, c])
        out = layers.output_layer(s)
        outputs.append(out)

    return keras.Model(inputs=[X, s0, c0], outputs=outputs)
