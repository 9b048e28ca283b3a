"""Graders for C5W4 A1 Transformer: the course's expected outputs, computed by the implementation under test
(ours, or a learner's file: `python -m assignments grade transformer --solution FILE`).

The positional encodings, masks and `scaled_dot_product_attention` reproduce the course's numbers exactly.
The layers' numbers in the course depend on TF 2.3-era Keras drawing its initial weights from
`tf.random.set_seed(10)`; Keras 3 draws them from its own generator, so those numbers cannot come out of any
Keras 3 implementation. Instead each layer is checked against an independent numpy computation from its own
weights (`training=False`), and for the course's structural facts: shapes, the number and names of the
attention-weight entries, what each mask hides, and that dropout acts only in training.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "transformer"
Q = np.array([[1, 0, 1, 1], [0, 1, 1, 1], [1, 0, 0, 1]], np.float32)
K = np.array([[1, 1, 0, 1], [1, 0, 1, 1], [0, 1, 1, 0], [0, 0, 0, 1]], np.float32)
V = np.array([[0, 0], [1, 0], [1, 0], [1, 1]], np.float32)
ENCODER_OUTPUT = np.array(
    [[[-0.40172306, 0.11519244, -1.2322885, 1.5188192], [0.4017268, 0.33922842, -1.6836855, 0.9427304],
      [0.4685002, -1.6252842, 0.09368491, 1.063099]]], np.float32,
)  # fmt: skip


@pytest.fixture
def tr(implementation):
    keras.utils.set_random_seed(10)  # Keras 3's own generator: repeatable, though not the course's weights
    return implementation(WEEK)


# -- numpy references, from a layer's own weights ---------------------------------------------------------


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def mha_reference(mha, query, value, mask=None):
    """Keras MultiHeadAttention, from its kernels: (output (m, T, d), weights (m, h, T, S))."""

    def project(dense, x):  # (m, T, d) x (d, h, k) -> (m, T, h, k)
        return np.einsum("mtd,dhk->mthk", x, dense.kernel.numpy()) + dense.bias.numpy()

    q, k, v = project(mha._query_dense, query), project(mha._key_dense, value), project(mha._value_dense, value)
    scores = np.einsum("mthk,mshk->mhts", q, k) / np.sqrt(q.shape[-1])
    if mask is not None:
        mask = np.asarray(mask, np.float32)
        while mask.ndim < 4:
            mask = mask[:, None] if mask.ndim == 3 else mask[:, None, None, :] if mask.ndim == 2 else mask
        scores = np.where(mask > 0, scores, -1e9)
    weights = softmax(scores)
    context = np.einsum("mhts,mshk->mthk", weights, v)
    output = np.einsum("mthk,hkd->mtd", context, mha._output_dense.kernel.numpy()) + mha._output_dense.bias.numpy()
    return output, weights


def layernorm_reference(layer, x):
    mean, variance = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + layer.epsilon) * layer.gamma.numpy() + layer.beta.numpy()


def ffn_reference(ffn, x):
    first, second = [layer for layer in ffn.layers if isinstance(layer, keras.layers.Dense)]
    hidden = np.maximum(x @ first.kernel.numpy() + first.bias.numpy(), 0)
    return hidden @ second.kernel.numpy() + second.bias.numpy()


# -- positional encoding -------------------------------------------------------------------------------


def test_get_angles(tr):
    angles = np.asarray(tr.get_angles(np.arange(4)[:, np.newaxis], np.arange(16)[np.newaxis, :], 16))
    assert_equal("get_angles(4 positions, d 16) shape", angles.shape, (4, 16))
    assert_close("get_angles: row 0 (position 0)", angles[0].sum(), 0.0)
    assert_close("get_angles: column 0 sums positions 0..3", angles[:, 0].sum(), 6.0)
    assert_close("get_angles: even columns equal the odd columns after them", angles[:, 0::2], angles[:, 1::2])
    assert_close("get_angles[3, 15]", angles[3, 15], 3 / np.power(10000, 14 / 16), rtol=1e-6)
    notebook = np.asarray(tr.get_angles(np.arange(4)[:, np.newaxis], np.arange(8)[np.newaxis, :], 8))
    assert_close("get_angles(4, 8) row 1", notebook[1], [1, 1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001], rtol=1e-6)
    assert_close("get_angles(4, 8) row 3", notebook[3], 3 * notebook[1], rtol=1e-6)


def test_positional_encoding(tr):
    encoding = tr.positional_encoding(8, 16)
    assert_equal("positional_encoding(8, 16) dtype", str(encoding.dtype.name), "float32")
    values = np.asarray(encoding)
    assert_equal("positional_encoding(8, 16) shape", values.shape, (1, 8, 16))
    angles = np.arange(8)[:, None] / np.power(10000, (2 * (np.arange(16)[None, :] // 2)) / 16)
    assert_close("sin on the even columns", values[0, :, 0::2], np.sin(angles[:, 0::2]), atol=1e-6)
    assert_close("cos on the odd columns", values[0, :, 1::2], np.cos(angles[:, 1::2]), atol=1e-6)
    assert_close("sin^2 + cos^2", values[0, :, 0::2] ** 2 + values[0, :, 1::2] ** 2, np.ones((8, 8)), atol=1e-6)
    assert_equal("positional_encoding(50, 512) shape", tuple(tr.positional_encoding(50, 512).shape), (1, 50, 512))


# -- masks and attention -------------------------------------------------------------------------------


def test_create_padding_mask(tr):
    mask = np.asarray(tr.create_padding_mask(np.array([[7, 6, 0, 0, 1], [1, 2, 3, 0, 0], [0, 0, 0, 4, 5]])))
    assert_close("create_padding_mask (1 = keep)", mask, [[[1, 1, 0, 0, 1]], [[1, 1, 1, 0, 0]], [[0, 0, 0, 1, 1]]], rtol=0)


def test_create_look_ahead_mask(tr):
    assert_close(
        "create_look_ahead_mask(3)", np.asarray(tr.create_look_ahead_mask(3)), [[[1, 0, 0], [1, 1, 0], [1, 1, 1]]], rtol=0
    )


def test_scaled_dot_product_attention(tr):
    output, weights = tr.scaled_dot_product_attention(Q, K, V, None)
    assert_close(
        "attention weights, no mask",
        weights,
        [[0.2589478, 0.42693272, 0.15705977, 0.15705977], [0.2772748, 0.2772748, 0.2772748, 0.16817567],
         [0.33620113, 0.33620113, 0.12368149, 0.2039163]],
    )  # fmt: skip
    assert_close("attention output, no mask", output, [[0.74105227, 0.15705977], [0.7227253, 0.16817567], [0.6637989, 0.2039163]])
    mask = np.array([[[1, 1, 0, 1], [1, 1, 0, 1], [1, 1, 0, 1]]], np.float32)
    output, weights = tr.scaled_dot_product_attention(Q, K, V, mask)
    expected_weights = [[0.30719590, 0.50648040, 0, 0.18632373]] + [[0.38365173, 0.38365173, 0, 0.23269655]] * 2
    assert_close("attention weights, key 2 masked", weights, [expected_weights], atol=1e-7)
    assert_close("attention output, key 2 masked", output, [[[0.69280410, 0.18632373]] + [[0.61634827, 0.23269655]] * 2])


# -- layers ---------------------------------------------------------------------------------------------


def test_encoder_layer(tr):
    layer = tr.EncoderLayer(4, 2, 8)
    q = Q[np.newaxis]
    mask = np.array([[1, 0, 1]], np.float32)
    got = np.asarray(layer(q, False, mask))
    assert_equal("EncoderLayer(4, 2, 8) output shape", got.shape, (1, 3, 4))
    attention, _ = mha_reference(layer.mha, q, q, mask)
    skip = layernorm_reference(layer.layernorm1, q + attention)
    expected = layernorm_reference(layer.layernorm2, skip + ffn_reference(layer.ffn, skip))
    assert_close("EncoderLayer(q, training=False, mask) against numpy from its own weights", got, expected, atol=1e-5)
    assert_close("layer norm: each row has mean 0", got.mean(-1), np.zeros((1, 3)), atol=1e-5)
    assert_close("EncoderLayer with training=False is deterministic", layer(q, False, mask), got, rtol=0)
    trained = [np.asarray(layer(q, True, mask)) for _ in range(3)]
    if all(np.allclose(run, got) for run in trained):
        raise AssertionError("EncoderLayer(q, True, mask) equals the training=False output three times: dropout is not applied.")


def test_encoder(tr):
    encoder = tr.Encoder(
        num_layers=2, embedding_dim=4, num_heads=2, fully_connected_dim=8, input_vocab_size=32, maximum_position_encoding=5
    )
    x = np.array([[2, 1, 3], [1, 2, 0]])
    got = np.asarray(encoder(x, False, None))
    assert_equal("Encoder output shape", got.shape, (2, 3, 4))
    # The course's steps: embed, scale by sqrt(d), add the positional encoding, then the layers in order.
    hidden = encoder.embedding(x) * np.sqrt(4.0) + np.asarray(encoder.pos_encoding)[:, :3, :]
    for layer in encoder.enc_layers:
        hidden = layer(hidden, False, None)
    assert_close("Encoder: embedding x sqrt(d) + positional encoding, then each EncoderLayer", got, hidden, atol=1e-5)
    mask = np.array([[[[1.0, 1.0, 1.0]]], [[[1.0, 1.0, 0.0]]]], np.float32)
    masked = np.asarray(encoder(x, False, mask))
    assert_close("Encoder: a mask of ones changes nothing (batch 0)", masked[0], got[0], atol=1e-6)
    if np.allclose(masked[1], got[1], atol=1e-6):
        raise AssertionError("Encoder: masking the padding token of batch 1 changed nothing: the mask is not reaching attention.")


def test_decoder_layer(tr):
    layer = tr.DecoderLayer(4, 8, 32, 0.1, 1e-6)
    q = Q[np.newaxis]
    look_ahead = np.asarray(tr.create_look_ahead_mask(3))
    out, block1, block2 = layer(q, ENCODER_OUTPUT, False, look_ahead, None)
    assert_equal("DecoderLayer block 1 weights shape", tuple(block1.shape), (1, 8, 3, 3))
    assert_equal("DecoderLayer block 2 weights shape", tuple(block2.shape), (1, 8, 3, 3))
    assert_close(
        "block 1: the look-ahead mask hides later positions", np.triu(np.asarray(block1)[0, 0], 1), np.zeros((3, 3)), atol=1e-7
    )
    attention1, weights1 = mha_reference(layer.mha1, q, q, look_ahead)
    q1 = layernorm_reference(layer.layernorm1, attention1 + q)
    attention2, weights2 = mha_reference(layer.mha2, q1, ENCODER_OUTPUT)
    out2 = layernorm_reference(layer.layernorm2, attention2 + q1)
    expected = layernorm_reference(layer.layernorm3, ffn_reference(layer.ffn, out2) + out2)
    assert_close("DecoderLayer block 1 weights against numpy", block1, weights1, atol=1e-5)
    assert_close("DecoderLayer block 2 weights against numpy", block2, weights2, atol=1e-5)
    assert_close("DecoderLayer output against numpy from its own weights", out, expected, atol=1e-5)
    _, _, padded = layer(q, ENCODER_OUTPUT, False, look_ahead, np.array([[[1, 1, 0]]], np.float32))
    assert_close("block 2: the padding mask hides encoder position 2", np.asarray(padded)[..., 2], np.zeros((1, 8, 3)), atol=1e-7)


def test_decoder(tr):
    decoder = tr.Decoder(7, 4, 3, 8, 33, 6)
    x = np.array([[3, 2, 1], [2, 1, 0]])
    encoder_output = np.concatenate(
        [ENCODER_OUTPUT, [[[-0.3489219, 0.31335592, -1.3568854, 1.3924513], [-0.08761203, -0.1680029, -1.2742313, 1.5298463],
                           [0.2627198, -1.6140151, 0.2212624, 1.130033]]]],
    ).astype(np.float32)  # fmt: skip
    output, weights = decoder(x, encoder_output, False, np.asarray(tr.create_look_ahead_mask(3)), None)
    assert_equal("Decoder output shape", tuple(output.shape), (2, 3, 4))
    expected_keys = [f"decoder_layer{i}_block{b}_{kind}" for i in range(1, 8) for b, kind in ((1, "self_att"), (2, "decenc_att"))]
    assert_equal("Decoder attention-weight keys", sorted(weights), sorted(expected_keys))
    first = np.asarray(weights["decoder_layer1_block1_self_att"])
    assert_equal("decoder_layer1_block1_self_att shape", first.shape, (2, 3, 3, 3))
    assert_close("first key [0, 0, 1]: the third position is hidden", first[0, 0, 1, 2], 0.0, atol=1e-7)
    assert_close("attention rows sum to 1", first.sum(-1), np.ones((2, 3, 3)), atol=1e-5)


def test_transformer(tr):
    transformer = tr.Transformer(6, 4, 4, 8, 30, 35, 5, 6)
    a, b = np.array([[2, 1, 4, 3, 0]]), np.array([[3, 2, 1, 0, 0]])
    padding = tr.create_padding_mask(a)
    translation, weights = transformer(a, b, False, padding, tr.create_look_ahead_mask(5), padding)
    translation = np.asarray(translation)
    assert_equal("Transformer output shape", translation.shape, (1, 5, 35))
    assert_close("the output is a softmax over the target vocabulary", translation.sum(-1), np.ones((1, 5)), atol=1e-5)
    assert_equal("number of attention-weight entries", len(weights), 12)
    first = np.asarray(weights[next(iter(weights))])
    assert_equal("first entry's shape", first.shape, (1, 4, 5, 5))
    assert_close("first entry [0, 0, 1]: positions 2..4 hidden", first[0, 0, 1, 2:], np.zeros(3), atol=1e-7)
    again, _ = transformer(a, b, False, padding, tr.create_look_ahead_mask(5), padding)
    assert_close("training=False is deterministic", again, translation, rtol=0)
