"""The import rule: `--help` and argument errors answer without loading TensorFlow, in every week.

Each week's `__init__.py` re-exports the course's names lazily and its `__main__.py` parses arguments before
it imports the modules that do the work. These tests run the real main module in a fresh interpreter and
look at `sys.modules` when argparse exits.
"""

from __future__ import annotations

import pytest
from cli_runner import run_probe

from assignments import WEEKS


@pytest.mark.parametrize("week", list(WEEKS))
def test_help_and_a_bad_flag_do_not_import_tensorflow(week):
    for arguments, expected_code in (["--help"], 0), (["--no-such-flag"], 2):
        result = run_probe(f"assignments.{week}", arguments)
        assert result["code"] == expected_code, (week, arguments, result)
        assert result["heavy"] == [], f"python -m assignments.{week} {' '.join(arguments)} imported {result['heavy']}"


def test_registry_commands_do_not_import_tensorflow():
    for arguments in (["list"], ["--help"], ["grade", "no_such_week"]):
        result = run_probe("assignments", arguments)
        assert result["heavy"] == [], f"python -m assignments {' '.join(arguments)} imported {result['heavy']}"
