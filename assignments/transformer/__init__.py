"""C5W4 A1 Transformer architecture, by Keras subclassing: `get_angles`, `positional_encoding`,
`create_padding_mask`, `create_look_ahead_mask`, `scaled_dot_product_attention`, `EncoderLayer`, `Encoder`,
`DecoderLayer`, `Decoder`, `Transformer` (plus `FullyConnected`), and the project's `DateTranslator` and
`greedy_decode` for the date task. Run the week with `python -m assignments.transformer --help`.
"""

import lazy_loader

# The course's names, imported on first use (listed in __init__.pyi, for IDEs and type checkers).
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
