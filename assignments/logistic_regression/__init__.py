"""C1W2A2 Logistic regression with a neural-network mindset: a cat / non-cat classifier.

The course's names: `sigmoid`, `initialize_with_zeros`, `propagate`, `optimize`, `predict`, `model`. Run the
week with `python -m assignments.logistic_regression --help`.
"""

import lazy_loader

# The course's names, imported on first use; `__init__.pyi` lists them for IDEs and type checkers.
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
