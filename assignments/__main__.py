"""`python -m assignments`: list the weeks, grade an implementation, and show which data files are present.

    python -m assignments list
    python -m assignments grade [WEEK] [--solution FILE] [-- PYTEST ARGS]
    python -m assignments data [status]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Sequence

from assignments import WEEKS
from assignments.common.cli import ArgumentParser, run_main
from assignments.common.data import DATA_DIR_ENV, data_root, find_course_file
from assignments.common.errors import UserError
from assignments.common.solution import SOLUTION_ENV, load_solution_module

GRADERS_DIR = Path(__file__).resolve().parent.parent / "tests" / "graders"


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments",
        description="DLS Assignments: the Deep Learning Specialization's CNN and char-RNN assignments on TF 2.21 / Keras 3.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("list", help="every week with its course id and title")
    grade = commands.add_parser(
        "grade",
        help="run a week's graders (the course's expected outputs) on our implementation or on your file",
        description="Runs the graders with pytest. With --solution, every course function your file defines "
        "is graded from your file and the rest come from the project's implementation.",
    )
    grade.add_argument("week", nargs="?", choices=sorted(WEEKS), metavar="WEEK", help="the week (default: every week)")
    grade.add_argument("--solution", type=Path, help="your .py file with the week's functions (needs WEEK)")
    grade.add_argument("pytest_args", nargs="*", metavar="-- PYTEST ARGS", help="extra pytest arguments, after --")
    data = commands.add_parser("data", help="which course data files were found, and where")
    data.add_argument("what", nargs="?", choices=["status"], default="status", help="what to show (default: status)")
    return parser


def command_list() -> int:
    width = max(len(name) for name in WEEKS)
    print(f"{'week':<{width}}  course  title")
    for week in WEEKS.values():
        print(f"{week.name:<{width}}  {week.course_id:<6}  {week.title}")
    return 0


def grader_file(week: str) -> Path:
    path = GRADERS_DIR / f"test_{week}.py"
    if not path.exists():
        raise UserError(f"The week '{week}' has no graders yet ({path} is missing): pick a week from 'python -m assignments list'.")
    return path


def command_grade(week: str | None, solution: Path | None, pytest_args: Sequence[str]) -> int:
    import pytest

    if not GRADERS_DIR.is_dir():
        raise UserError(f"The graders live in the source checkout's tests/graders/ (not found at {GRADERS_DIR}): run this from a clone of the project.")
    if solution is not None:
        if week is None:
            raise UserError("--solution grades one week: name it, e.g. 'python -m assignments grade dinosaur_island --solution my_solution.py'.")
        load_solution_module(solution, week)  # Fail here, in one line, rather than inside every test.
        os.environ[SOLUTION_ENV] = str(solution.expanduser().resolve())
    else:
        os.environ.pop(SOLUTION_ENV, None)
    weeks = [week] if week else [name for name in WEEKS if (GRADERS_DIR / f"test_{name}.py").exists()]
    files = [str(grader_file(name)) for name in weeks]
    return int(pytest.main([*files, "-p", "no:cacheprovider", "-q", *pytest_args]))


def command_data() -> int:
    root = data_root()
    print(f"{DATA_DIR_ENV} = {root if root else '(not set: only the embedded defaults are available)'}")
    for week in WEEKS.values():
        print(f"\n{week.name} ({week.course_id})")
        for relative in week.course_files:
            found = find_course_file(week.name, relative)
            print(f"  {'found  ' if found else 'missing'}  {relative}" + (f"  ({found})" if found else ""))
        for relative in week.user_files:
            found = find_course_file(week.name, relative)
            label = "found  " if found else "absent "
            print(f"  {label}  {relative}  [optional: your own copy]" + (f"  ({found})" if found else ""))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "list":
        return command_list()
    if arguments.command == "grade":
        return command_grade(arguments.week, arguments.solution, arguments.pytest_args)
    if arguments.command == "data":
        return command_data()
    parser.print_help()
    return 0


def entry() -> None:
    """Console-script entry point (`dls-assignments`)."""
    sys.exit(run_main(main))


if __name__ == "__main__":
    entry()
