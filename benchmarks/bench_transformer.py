"""Benchmark: the Transformer's training step against the same-process matmul rate, and how its time grows
with the sequence length (16 / 64 / 256 tokens, encoder and decoder alike).

FLOPs are counted from the shapes (2 x multiply-adds): per attention block the four projections (the course's
key_dim = embedding_dim per head, so h x d wide) and the two L x L products per head; per layer the
feed-forward network; the final Dense; a training step is 3x the forward. Softmax, layer norm and dropout
are memory-bound and not counted.

    python benchmarks/bench_transformer.py [--batch 32]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from limits import matmul_flops, matmul_step  # noqa: E402

from assignments.common.quiet import import_tensorflow_quietly  # noqa: E402

LAYERS, D, HEADS, FF, VOCAB_IN, VOCAB_OUT = 2, 64, 4, 128, 36, 13


def forward_flops(length: int) -> int:
    """One sequence pair of `length` tokens each through the date-task Transformer."""
    width = HEADS * D
    attention = 2 * length * D * width * 4 + 2 * 2 * HEADS * length * length * D
    ffn = 2 * 2 * length * D * FF
    encoder_layer, decoder_layer = attention + ffn, 2 * attention + ffn
    return LAYERS * (encoder_layer + decoder_layer) + 2 * length * D * VOCAB_OUT


def timed(function, repeats: int) -> float:
    function()
    start = time.perf_counter()
    for _ in range(repeats):
        function()
    return (time.perf_counter() - start) / repeats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=32, help="sequences per step (default 32)")
    arguments = parser.parse_args()
    import_tensorflow_quietly()
    import keras
    import tensorflow as tf

    from assignments.transformer.transformer import Transformer, create_look_ahead_mask, create_padding_mask

    keras.utils.set_random_seed(0)
    matmul_rate = matmul_flops() / timed(matmul_step(), 10)
    print(f"matmul: {matmul_rate / 1e9:.0f} GFLOP/s; batch {arguments.batch}")
    print("| tokens | training step | per token | GFLOP/s | share of the matmul rate |")
    print("|---|---|---|---|---|")
    rows = []
    for length in (16, 64, 256):
        model = Transformer(LAYERS, D, HEADS, FF, VOCAB_IN, VOCAB_OUT, length, length)
        optimizer = keras.optimizers.Adam(1e-3)
        rng = np.random.default_rng(0)
        x = tf.constant(rng.integers(1, VOCAB_IN, (arguments.batch, length)), tf.int32)
        y = tf.constant(rng.integers(2, VOCAB_OUT, (arguments.batch, length)), tf.int32)
        look_ahead = create_look_ahead_mask(length)

        @tf.function(jit_compile=False)
        def step(x=x, y=y, model=model, optimizer=optimizer, look_ahead=look_ahead):
            with tf.GradientTape() as tape:
                mask = create_padding_mask(x)
                probabilities, _ = model(
                    x, y, training=True, enc_padding_mask=mask, look_ahead_mask=look_ahead, dec_padding_mask=mask
                )
                loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, probabilities))
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply(gradients, model.trainable_variables)
            return loss

        seconds = timed(lambda step=step: step().numpy(), 5)
        rate = 3 * forward_flops(length) * arguments.batch / seconds
        rows.append(seconds)
        print(
            f"| {length} | {1000 * seconds:.1f} ms | {1e6 * seconds / (length * arguments.batch):.1f} us | {rate / 1e9:.1f} | {100 * rate / matmul_rate:.1f} % |"
        )
    print(f"time ratio 64/16: {rows[1] / rows[0]:.2f}x, 256/64: {rows[2] / rows[1]:.2f}x (4x tokens each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
