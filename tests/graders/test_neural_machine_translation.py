"""Graders for C5W3 A1 Neural machine translation: the course's expected outputs, computed by the
implementation under test (ours, or a learner's file: `python -m assignments grade neural_machine_translation
--solution FILE`).

`modelf` is graded three ways: its layer summary against the course's, its parameter count, and, with the
course's trained weights loaded into it, the notebook's eight translations (a model whose layers are
wired differently reads those weights as nonsense).
"""

from __future__ import annotations

import numpy as np
import pytest
from grading import assert_equal, assert_summary

pytestmark = pytest.mark.grader

WEEK = "neural_machine_translation"
Tx, Ty, n_a, n_s = 30, 10, 32, 64
HUMAN_VOCAB_SIZE, MACHINE_VOCAB_SIZE = 37, 11

# The course's summary rows for modelf(30, 10, 32, 64, 37, 11): RepeatVector carries its n, LSTM its input
# shapes (context, s, c) and activation.
EXPECTED_SUMMARY = [
    ["InputLayer", [(None, 30, 37)], 0],
    ["InputLayer", [(None, 64)], 0],
    ["Bidirectional", (None, 30, 64), 17920],
    ["RepeatVector", (None, 30, 64), 0, 30],
    ["Concatenate", (None, 30, 128), 0],
    ["Dense", (None, 30, 10), 1290, "tanh"],
    ["Dense", (None, 30, 1), 11, "relu"],
    ["Activation", (None, 30, 1), 0],
    ["Dot", (None, 1, 64), 0],
    ["InputLayer", [(None, 64)], 0],
    ["LSTM", [(None, 64), (None, 64), (None, 64)], 33024, [(None, 1, 64), (None, 64), (None, 64)], "tanh"],
    ["Dense", (None, 11), 715, "softmax"],
]
# The notebook's examples and what the course's model.h5 answers (3 May 1979 -> day 33 included).
COURSE_TRANSLATIONS = {
    "3 May 1979": "1979-05-33",
    "5 April 09": "2009-04-05",
    "21th of August 2016": "2016-08-20",
    "Tue 10 Jul 2007": "2007-07-10",
    "Saturday May 9 2018": "2018-05-09",
    "March 3 2001": "2001-03-03",
    "March 3rd 2001": "2001-03-03",
    "1 March 2001": "2001-03-01",
}


@pytest.fixture
def nmt(implementation):
    return implementation(WEEK)


def shape_of(tensors):
    if isinstance(tensors, (list, tuple)):
        return [tuple(tensor.shape) for tensor in tensors]
    return tuple(tensors.shape)


def course_row(layer) -> list:
    """One layer as the course's `summary` lists it (Keras 3: shapes from the layer's first call)."""
    name = type(layer).__name__
    row = [name, shape_of(layer.output), layer.count_params()]
    if name == "RepeatVector":
        row.append(layer.n)
    elif name == "LSTM":
        row += [shape_of(layer.input), layer.activation.__name__]
    elif name == "Dense":
        row.append(layer.activation.__name__)
    return row


def test_one_step_attention(nmt):
    m = 10
    a = np.random.uniform(1, 0, (m, Tx, 2 * n_a)).astype(np.float32)
    s_prev = np.random.uniform(1, 0, (m, n_s)).astype(np.float32)
    context = np.asarray(nmt.one_step_attention(a, s_prev))
    assert_equal("one_step_attention(a, s_prev) shape", context.shape, (m, 1, n_s))
    if not np.all((context > 0) & (context < 1)):
        raise AssertionError(
            "one_step_attention: the context is a weighted average of values in (0, 1), so it must lie in (0, 1); "
            f"got values from {context.min()} to {context.max()}."
        )


def test_one_step_attention_weights_a_by_a_softmax_over_tx(nmt):
    """The context is an average of `a` over Tx: with every position equal, it is that position."""
    row = np.random.uniform(0, 1, (4, 1, 2 * n_a)).astype(np.float32)
    context = np.asarray(nmt.one_step_attention(np.repeat(row, Tx, axis=1), np.ones((4, n_s), np.float32)))
    if not np.allclose(context, row, atol=1e-5):
        raise AssertionError(
            "one_step_attention: when all Tx hidden states are equal, the context must equal them (the weights sum "
            f"to 1 over axis 1); the largest difference is {np.abs(context - row).max():.3g}."
        )


@pytest.fixture
def course_sized_model(nmt):
    return nmt.modelf(Tx, Ty, n_a, n_s, HUMAN_VOCAB_SIZE, MACHINE_VOCAB_SIZE)


def test_modelf_summary(course_sized_model):
    assert_summary([course_row(layer) for layer in course_sized_model.layers], EXPECTED_SUMMARY, "modelf(30, 10, 32, 64, 37, 11)")


def test_modelf_outputs_and_parameters(course_sized_model):
    assert_equal("modelf: number of outputs", len(course_sized_model.outputs), Ty)
    assert_equal("modelf: total parameters", course_sized_model.count_params(), 52960)
    assert_equal(
        "modelf: inputs", [tuple(tensor.shape) for tensor in course_sized_model.inputs], [(None, 30, 37), (None, 64), (None, 64)]
    )


@pytest.mark.needs_data
@pytest.mark.grades("modelf")
def test_course_weights_give_the_notebooks_translations(course_sized_model, course_file):
    from assignments.neural_machine_translation.nmt_utils import human_vocab, inv_machine_vocab, string_to_int

    course_sized_model.load_weights(course_file(WEEK, "models/model.h5"))
    examples = list(COURSE_TRANSLATIONS)
    X = np.array([string_to_int(example, Tx, human_vocab) for example in examples])
    zeros = np.zeros((len(examples), n_s), np.float32)
    outputs = course_sized_model.predict([np.eye(HUMAN_VOCAB_SIZE, dtype=np.float32)[X], zeros, zeros], verbose=0)
    indices = np.stack([np.asarray(output) for output in outputs], axis=1).argmax(axis=-1)
    got = {example: "".join(inv_machine_vocab[int(i)] for i in row) for example, row in zip(examples, indices)}
    assert_equal("translations with the course's model.h5", got, COURSE_TRANSLATIONS)
