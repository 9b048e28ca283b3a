"""DLS Assignments: the Deep Learning Specialization's CNN and char-RNN assignments on TF 2.21 / Keras 3.

This module is the registry of weeks and nothing else. Each week declares itself once, in
`assignments/<week>/week.py` (a `Week`: id, title, graded functions, course files, default inputs); the
registry collects those declarations, in course order. Importing it stays cheap (no TensorFlow), because
`python -m assignments list`, `data` and every week's `--help` read only this table.

The import rule, the same in every week:
- `assignments/<week>/__init__.py` re-exports the course's names lazily with `lazy_loader.attach`
  (SPEC 1), so that `python -m assignments.<week> --help` does not pay for TensorFlow;
- every other module imports what it needs plainly at the top;
- `__main__.py` builds its parser from light modules, parses and checks the arguments, and only then
  imports the modules that do the work.
"""

from __future__ import annotations

import importlib
import pkgutil

from assignments.common.week import Week

__version__ = "0.1.0"
__all__ = ["WEEKS", "Week"]


def _collect_weeks() -> dict[str, Week]:
    """Every sub-package with a `week.py`, keyed by name, in course order (C4W1 ... C5W1)."""
    weeks = []
    for module in pkgutil.iter_modules(__path__):
        if module.ispkg and module.name not in ("common", "grading"):
            declaration = importlib.import_module(f"{__name__}.{module.name}.week")
            weeks.append(declaration.WEEK)
    return {week.name: week for week in sorted(weeks, key=lambda week: (week.course_id, week.name))}


WEEKS: dict[str, Week] = _collect_weeks()
