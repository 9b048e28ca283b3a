"""C4W2 A2: transfer learning with MobileNetV2, alpaca / not alpaca.

The course's names: `data_augmenter`, `alpaca_model` and the fine-tuning settings (`fine_tune`, with
`fine_tune_at = 120` and `base_learning_rate`), plus `IMG_SIZE`, `BATCH_SIZE` and `preprocess_input`. Run the
week with `python -m assignments.transfer_learning_mobilenet --help`.
"""

import lazy_loader

# The course's names, imported on first use (listed in __init__.pyi, which IDEs and type checkers read).
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
