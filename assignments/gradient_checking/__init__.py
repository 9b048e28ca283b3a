"""C2W1A3 Gradient checking.

The course's names: `forward_propagation`, `backward_propagation`, `gradient_check`, `gradient_check_n`,
and the helpers `forward_propagation_n`, `backward_propagation_n` (correct), the hand-out's
`backward_propagation_n_with_planted_bugs`, `dictionary_to_vector`, `vector_to_dictionary`,
`gradients_to_vector`. Run the week with `python -m assignments.gradient_checking --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
