"""C5W4 A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

GRADED = (
    "get_angles",
    "positional_encoding",
    "create_padding_mask",
    "create_look_ahead_mask",
    "scaled_dot_product_attention",
    "EncoderLayer",
    "Encoder",
    "DecoderLayer",
    "Decoder",
    "Transformer",
)
SIGNATURES = {
    "get_angles": "get_angles(pos, k, d)",
    "positional_encoding": "positional_encoding(positions, d)",
    "create_padding_mask": "create_padding_mask(decoder_token_ids)",
    "create_look_ahead_mask": "create_look_ahead_mask(sequence_length)",
    "scaled_dot_product_attention": "scaled_dot_product_attention(q, k, v, mask)",
    "EncoderLayer": "EncoderLayer(embedding_dim, num_heads, fully_connected_dim, dropout_rate=0.1, layernorm_eps=1e-6)",
    "Encoder": "Encoder(num_layers, embedding_dim, num_heads, fully_connected_dim, input_vocab_size, "
    "maximum_position_encoding, dropout_rate=0.1, layernorm_eps=1e-6)",
    "DecoderLayer": "DecoderLayer(embedding_dim, num_heads, fully_connected_dim, dropout_rate=0.1, layernorm_eps=1e-6)",
    "Decoder": "Decoder(num_layers, embedding_dim, num_heads, fully_connected_dim, target_vocab_size, "
    "maximum_position_encoding, dropout_rate=0.1, layernorm_eps=1e-6)",
    "Transformer": "Transformer(num_layers, embedding_dim, num_heads, fully_connected_dim, input_vocab_size, "
    "target_vocab_size, max_positional_encoding_input, max_positional_encoding_target, dropout_rate=0.1, layernorm_eps=1e-6)",
}

WEEK = Week(
    name="transformer",
    title="Transformer architecture: encoder, decoder and attention by Keras subclassing",
    course_id="C5W4A1",
    graded=GRADED,
    revisions=(
        Revision(
            name="v1",
            year=2022,
            summary="TF2 subclassing; get_angles(pos, k, d) with i = k // 2; padding mask 1 = keep; the first cell "
            "imports Hugging Face transformers names that no graded code uses.",
            signatures=SIGNATURES,
            markers=("C5_W4_A1_Transformer_Subclass_v1",),
        ),
        Revision(
            name="keras3-v1",
            year=2025,
            summary="The 2025 Keras 3 version: the same graded code and calls as v1.",
            signatures=SIGNATURES,
            markers=("Transformer_Subclass__keras3_v1",),
        ),
        Revision(
            name="2021",
            year=2021,
            summary="The older variant: get_angles(pos, i, d) with i // 2 inside, and a padding mask of 1 = masked "
            "(added as mask * -1e9).",
            signatures={**SIGNATURES, "get_angles": "get_angles(pos, i, d)"},
            markers=("def get_angles(pos, i, d)",),
        ),
    ),
)
