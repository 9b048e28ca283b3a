"""C4W1 A1: a convolution model, step by step, in numpy.

The course's names: `zero_pad`, `conv_single_step`, `conv_forward`, `pool_forward` (graded) and the optional
`conv_backward`, `create_mask_from_window`, `distribute_value`, `pool_backward`; beside them the vectorised
`conv_forward_fast`, `pool_forward_fast`, `conv_backward_fast`, `pool_backward_fast`. Run the week with
`python -m assignments.convolution_step_by_step --help`.
"""

import lazy_loader

# The course's names, imported on first use (listed in __init__.pyi, which IDEs and type checkers read).
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
