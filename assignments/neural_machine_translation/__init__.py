"""C5W3 A1 Neural machine translation with attention: human-readable dates to YYYY-MM-DD.

The course's graded names `one_step_attention` and `modelf`, its data helpers (`load_dataset`,
`preprocess_data`, `string_to_int`, `int_to_string`, `softmax`), and the project's `load_course_model`,
`translate` and `attention_maps`. Run the week with `python -m assignments.neural_machine_translation --help`.
"""

import lazy_loader

# The course's names, imported on first use (listed in __init__.pyi, for IDEs and type checkers).
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
