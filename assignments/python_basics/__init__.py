"""C1W2A1 Python basics with numpy.

The course's names: `basic_sigmoid`, `sigmoid`, `sigmoid_derivative`, `image2vector`, `normalize_rows`,
`softmax`, `L1`, `L2`. Run the week with `python -m assignments.python_basics --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
