"""The graded part of C5W4 A1, in notebook order: positional encodings, masks, attention, and the
Transformer's encoder and decoder built by Keras subclassing.

Shapes: batch m, input length Tx (`input_seq_len`), target length Ty, model width d (`embedding_dim`),
h heads.

Keras 3 differences from the notebook's TF 2.3-era Keras, and what this module does about them:
- `MultiHeadAttention.call` gained `query_mask`, `value_mask` and `key_mask` before `attention_mask`, so the
  notebook's `mha(x, x, x, mask)` passes the mask as `query_mask` in Keras 3 (which then masks the *output*
  rows, not the keys). Every call here passes `attention_mask=` by name.
- Masks keep the notebook's convention of its last revision: 1 = attend, 0 = masked (`create_padding_mask`
  returns `1 - (ids == 0)`), which is also what `attention_mask` means in Keras 3 (True = attend). The
  notebook's first revision returned 1 = masked and added `mask * -1e9`; that revision is named in week.py.
- `scaled_dot_product_attention` adds `(1 - mask) * -1e9` to the logits, as the notebook does; Keras 3's
  MultiHeadAttention masks with its own softmax (masked logits set to the dtype's lowest value), which gives
  the same weights to float32 precision.
- The layer-norm epsilon is passed explicitly (1e-6, the notebook's): Keras' default is 1e-3, which would
  change every normalised output in the fourth decimal.
- Keras 3 refuses anything but tensors as positional arguments of a layer call ("Only input tensors may be
  passed as positional arguments"), and the notebook calls `layer(x, training, mask)` with `training` a
  Python bool. `CourseCall` below turns every positional argument after the first into the keyword of the
  same name in `call`'s signature, so the notebook's calls work unchanged; this module's own calls pass
  keywords. Dropout is active only when `training` is True.
"""

from __future__ import annotations

import inspect

import keras
import numpy as np
import tensorflow as tf
from keras.layers import Dense, Dropout, Embedding, LayerNormalization, MultiHeadAttention


def get_angles(pos, k, d):
    """The angles pos / 10000^(2i / d) with i = k // 2: sine and cosine columns share a frequency.

    Args:
        pos: positions, a column (positions, 1).
        k: column indices, a row (1, d).
        d: the encoding size.

    Returns:
        (positions, d) angles.
    """
    i = k // 2
    angles = pos / np.power(10000, (2 * i) / np.float32(d))
    return angles


def positional_encoding(positions, d):
    """The sinusoidal encoding: sine on even columns, cosine on odd ones.

    Returns:
        A float32 tensor (1, positions, d).
    """
    angle_rads = get_angles(np.arange(positions)[:, np.newaxis], np.arange(d)[np.newaxis, :], d)
    # sin on the even indices 2i, cos on the odd indices 2i + 1
    angle_rads[:, 0::2] = np.sin(angle_rads[:, 0::2])
    angle_rads[:, 1::2] = np.cos(angle_rads[:, 1::2])
    pos_encoding = angle_rads[np.newaxis, ...]
    return tf.cast(pos_encoding, dtype=tf.float32)


def create_padding_mask(decoder_token_ids):
    """1 where a token is real, 0 where it is padding (id 0): (n, 1, m), to broadcast over query positions."""
    seq = 1 - tf.cast(tf.math.equal(decoder_token_ids, 0), tf.float32)
    return seq[:, tf.newaxis, :]


def create_look_ahead_mask(sequence_length):
    """Lower-triangular ones (1, L, L): position t may attend to positions 0..t only."""
    mask = tf.linalg.band_part(tf.ones((1, sequence_length, sequence_length)), -1, 0)
    return mask


def scaled_dot_product_attention(q, k, v, mask):
    """softmax(q k^T / sqrt(d_k) + (1 - mask) * -1e9) v.

    Args:
        q: (..., seq_len_q, depth); k: (..., seq_len_k, depth); v: (..., seq_len_v, depth_v), seq_len_k == seq_len_v.
        mask: broadcastable to (..., seq_len_q, seq_len_k), 1 = attend, 0 = masked; or None.

    Returns:
        (output (..., seq_len_q, depth_v), attention_weights (..., seq_len_q, seq_len_k)).
    """
    matmul_qk = tf.matmul(q, k, transpose_b=True)
    dk = tf.cast(tf.shape(k)[-1], tf.float32)
    scaled_attention_logits = matmul_qk / tf.math.sqrt(dk)
    if mask is not None:
        # masked positions get a logit of about -1e9: a weight of exactly 0 after the softmax
        scaled_attention_logits += (1.0 - tf.cast(mask, scaled_attention_logits.dtype)) * -1e9
    attention_weights = tf.nn.softmax(scaled_attention_logits, axis=-1)
    output = tf.matmul(attention_weights, v)
    return output, attention_weights


class CourseCall:
    """Lets a layer be called as the notebook calls it, `layer(x, enc_output, training, look_ahead_mask, ...)`:
    positional arguments after the first become the keywords they name in `call` (Keras 3 takes only tensors
    positionally)."""

    def __call__(self, *args, **kwargs):
        names = list(inspect.signature(self.call).parameters)
        for name, value in zip(names[1 : len(args)], args[1:]):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__} got '{name}' both by position and by keyword. Received: {name}={value!r}")
            kwargs[name] = value
        return super().__call__(args[0], **kwargs)

    def compute_mask(self, inputs, mask=None):
        # `mask` in these layers is an attention mask, which Keras 3 would otherwise take for a padding mask of
        # the input and warn about (or attach to the output, where MultiHeadAttention would read it as a
        # query mask): nothing is attached to the output.
        return None


def FullyConnected(embedding_dim, fully_connected_dim):
    """The position-wise feed-forward network: Dense(relu) then Dense back to the model width."""
    return keras.Sequential([Dense(fully_connected_dim, activation="relu"), Dense(embedding_dim)])


class EncoderLayer(CourseCall, keras.layers.Layer):
    """Self-attention, add & norm, feed-forward, dropout, add & norm."""

    def __init__(self, embedding_dim, num_heads, fully_connected_dim, dropout_rate=0.1, layernorm_eps=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.mha = MultiHeadAttention(num_heads=num_heads, key_dim=embedding_dim, dropout=dropout_rate)
        self.ffn = FullyConnected(embedding_dim=embedding_dim, fully_connected_dim=fully_connected_dim)
        self.layernorm1 = LayerNormalization(epsilon=layernorm_eps)
        self.layernorm2 = LayerNormalization(epsilon=layernorm_eps)
        self.dropout_ffn = Dropout(dropout_rate)

    def call(self, x, training=None, mask=None):
        """x (m, Tx, d), mask (m, 1, Tx) or None → (m, Tx, d)."""
        # self-attention: query, value and key are all x
        self_mha_output = self.mha(x, x, x, attention_mask=mask, training=training)  # (m, Tx, d)
        skip_x_attention = self.layernorm1(x + self_mha_output)
        ffn_output = self.ffn(skip_x_attention)
        ffn_output = self.dropout_ffn(ffn_output, training=training)
        encoder_layer_out = self.layernorm2(skip_x_attention + ffn_output)  # (m, Tx, d)
        return encoder_layer_out


class Encoder(CourseCall, keras.layers.Layer):
    """Embedding scaled by sqrt(d), plus the positional encoding, dropout, then `num_layers` EncoderLayers."""

    def __init__(
        self,
        num_layers,
        embedding_dim,
        num_heads,
        fully_connected_dim,
        input_vocab_size,
        maximum_position_encoding,
        dropout_rate=0.1,
        layernorm_eps=1e-6,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.embedding_dim = embedding_dim
        self.num_layers = num_layers
        self.embedding = Embedding(input_vocab_size, self.embedding_dim)
        self.pos_encoding = positional_encoding(maximum_position_encoding, self.embedding_dim)
        self.enc_layers = [
            EncoderLayer(embedding_dim, num_heads, fully_connected_dim, dropout_rate, layernorm_eps) for _ in range(num_layers)
        ]
        self.dropout = Dropout(dropout_rate)

    def call(self, x, training=None, mask=None):
        """x token ids (m, Tx) → (m, Tx, d)."""
        seq_len = tf.shape(x)[1]
        x = self.embedding(x)  # (m, Tx, d)
        x *= tf.math.sqrt(tf.cast(self.embedding_dim, tf.float32))
        x += self.pos_encoding[:, :seq_len, :]
        x = self.dropout(x, training=training)
        for i in range(self.num_layers):
            x = self.enc_layers[i](x, training, mask)
        return x


class DecoderLayer(CourseCall, keras.layers.Layer):
    """Masked self-attention, add & norm; attention over the encoder's output, add & norm; feed-forward."""

    def __init__(self, embedding_dim, num_heads, fully_connected_dim, dropout_rate=0.1, layernorm_eps=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.mha1 = MultiHeadAttention(num_heads=num_heads, key_dim=embedding_dim, dropout=dropout_rate)
        self.mha2 = MultiHeadAttention(num_heads=num_heads, key_dim=embedding_dim, dropout=dropout_rate)
        self.ffn = FullyConnected(embedding_dim=embedding_dim, fully_connected_dim=fully_connected_dim)
        self.layernorm1 = LayerNormalization(epsilon=layernorm_eps)
        self.layernorm2 = LayerNormalization(epsilon=layernorm_eps)
        self.layernorm3 = LayerNormalization(epsilon=layernorm_eps)
        self.dropout_ffn = Dropout(dropout_rate)

    def call(self, x, enc_output, training=None, look_ahead_mask=None, padding_mask=None):
        """x (m, Ty, d), enc_output (m, Tx, d) → (out (m, Ty, d), block 1 and block 2 weights (m, h, Ty, Ty|Tx))."""
        # block 1: self-attention over the target so far (the look-ahead mask hides later positions)
        mult_attn_out1, attn_weights_block1 = self.mha1(
            x, x, x, attention_mask=look_ahead_mask, return_attention_scores=True, training=training
        )
        Q1 = self.layernorm1(mult_attn_out1 + x)
        # block 2: queries from the decoder, keys and values from the encoder (padding hidden)
        mult_attn_out2, attn_weights_block2 = self.mha2(
            Q1, enc_output, enc_output, attention_mask=padding_mask, return_attention_scores=True, training=training
        )
        mult_attn_out2 = self.layernorm2(mult_attn_out2 + Q1)
        ffn_output = self.ffn(mult_attn_out2)
        ffn_output = self.dropout_ffn(ffn_output, training=training)
        out3 = self.layernorm3(ffn_output + mult_attn_out2)
        return out3, attn_weights_block1, attn_weights_block2


class Decoder(CourseCall, keras.layers.Layer):
    """Embedding scaled by sqrt(d), plus the positional encoding, dropout, then `num_layers` DecoderLayers."""

    def __init__(
        self,
        num_layers,
        embedding_dim,
        num_heads,
        fully_connected_dim,
        target_vocab_size,
        maximum_position_encoding,
        dropout_rate=0.1,
        layernorm_eps=1e-6,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.embedding_dim = embedding_dim
        self.num_layers = num_layers
        self.embedding = Embedding(target_vocab_size, self.embedding_dim)
        self.pos_encoding = positional_encoding(maximum_position_encoding, self.embedding_dim)
        self.dec_layers = [
            DecoderLayer(embedding_dim, num_heads, fully_connected_dim, dropout_rate, layernorm_eps) for _ in range(num_layers)
        ]
        self.dropout = Dropout(dropout_rate)

    def call(self, x, enc_output, training=None, look_ahead_mask=None, padding_mask=None):
        """x token ids (m, Ty) → (m, Ty, d), and each layer's weights under `decoder_layer{i}_block{1,2}_...`."""
        seq_len = tf.shape(x)[1]
        attention_weights = {}
        x = self.embedding(x)  # (m, Ty, d)
        x *= tf.math.sqrt(tf.cast(self.embedding_dim, tf.float32))
        x += self.pos_encoding[:, :seq_len, :]
        x = self.dropout(x, training=training)
        for i in range(self.num_layers):
            x, block1, block2 = self.dec_layers[i](x, enc_output, training, look_ahead_mask, padding_mask)
            attention_weights[f"decoder_layer{i + 1}_block1_self_att"] = block1
            attention_weights[f"decoder_layer{i + 1}_block2_decenc_att"] = block2
        return x, attention_weights


class Transformer(CourseCall, keras.Model):
    """Encoder, decoder and a softmax over the target vocabulary."""

    def __init__(
        self,
        num_layers,
        embedding_dim,
        num_heads,
        fully_connected_dim,
        input_vocab_size,
        target_vocab_size,
        max_positional_encoding_input,
        max_positional_encoding_target,
        dropout_rate=0.1,
        layernorm_eps=1e-6,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.encoder = Encoder(
            num_layers, embedding_dim, num_heads, fully_connected_dim, input_vocab_size,
            max_positional_encoding_input, dropout_rate, layernorm_eps,
        )  # fmt: skip
        self.decoder = Decoder(
            num_layers, embedding_dim, num_heads, fully_connected_dim, target_vocab_size,
            max_positional_encoding_target, dropout_rate, layernorm_eps,
        )  # fmt: skip
        self.final_layer = Dense(target_vocab_size, activation="softmax")

    def call(
        self, input_sentence, output_sentence, training=None, enc_padding_mask=None, look_ahead_mask=None, dec_padding_mask=None
    ):
        """Token ids (m, Tx) and (m, Ty) → (probabilities (m, Ty, target_vocab_size), the decoder's weights)."""
        enc_output = self.encoder(input_sentence, training, enc_padding_mask)  # (m, Tx, d)
        dec_output, attention_weights = self.decoder(output_sentence, enc_output, training, look_ahead_mask, dec_padding_mask)
        final_output = self.final_layer(dec_output)  # (m, Ty, target_vocab_size)
        return final_output, attention_weights
