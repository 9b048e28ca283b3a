"""The one exception type a user ever sees from this project."""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input that they can fix.

    The message is one sentence that names the problem and the fix. Command-line entry points print it
    on one line on stderr and exit with code 2 (see `assignments.common.cli.run_main`); library callers
    get a normal exception (it is also a `ValueError`-like error, so `except ValueError` does not see it:
    catch `UserError`).
    """

    exit_code = 2
