"""The week's work: the shared classification sub-commands (`assignments/common/classification/commands.py`)
run on this week's models. Imported only after the arguments check out: it loads TensorFlow."""

from __future__ import annotations

from assignments.common.classification import commands
from assignments.happy_house.spec import SPEC


def run(settings) -> int:
    """Runs the sub-command of `settings` (one of the frozen settings classes of `cli.py`)."""
    return commands.run(settings, SPEC)
