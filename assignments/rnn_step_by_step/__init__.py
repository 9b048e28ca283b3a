"""C5W1 A1 Building a recurrent neural network, step by step: `rnn_cell_forward`, `rnn_forward`,
`lstm_cell_forward`, `lstm_forward` and the backward passes `rnn_cell_backward`, `rnn_backward`,
`lstm_cell_backward`, `lstm_backward`, in numpy, with the course's parameters dicts and caches.
Run the week with `python -m assignments.rnn_step_by_step --help`.
"""

import lazy_loader

# The course's names, imported on first use (listed in __init__.pyi, for IDEs and type checkers).
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
