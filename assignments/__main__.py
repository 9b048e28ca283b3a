"""`python -m assignments`: list the weeks, grade an implementation, and show which data files are present.

python -m assignments list
python -m assignments grade [WEEK | --all] [--solution FILE|DIR] [--verbose] [-- PYTEST ARGS]
python -m assignments data [status]
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from assignments import WEEKS
from assignments.common.cli import ArgumentParser, run_main
from assignments.common.data import DATA_DIR_ENV, data_root
from assignments.common.errors import UserError

GRADERS_DIR = Path(__file__).resolve().parent.parent / "tests" / "graders"
NEEDS_A_CLONE = (
    "'grade' needs a clone of the project's repository, because the graders live in its tests/graders/ "
    "(not found at {path}): clone the repository, 'pip install -e .' in it, and run 'python -m assignments grade' there."
)


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments",
        description="DLS Assignments: the Deep Learning Specialization's CNN and char-RNN assignments on TF 2.21 / Keras 3.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("list", help="every week with its course id and title")
    grade = commands.add_parser(
        "grade",
        usage="python -m assignments grade [WEEK | --all] [--solution FILE|DIR] [--verbose] [-- PYTEST ARGS]",
        help="run a week's graders (the course's expected outputs) on our implementation or on your notebook",
        description="Runs the graders (the course's expected outputs) and prints one line per graded function. "
        "With --solution, the graded functions your notebook or .py file defines are graded from it; "
        "checks of the ones it lacks are left out. Needs a clone of the repository (the graders live in "
        "tests/graders/). Arguments after -- go to pytest, whose full output is then shown.",
    )
    grade.add_argument(
        "week", nargs="?", choices=sorted(WEEKS), metavar="WEEK", help="the week (see 'python -m assignments list')"
    )
    grade.add_argument(
        "--all",
        action="store_true",
        help="every week (the default without WEEK); with --solution DIR, every week with a file in DIR",
    )
    grade.add_argument(
        "--solution",
        type=Path,
        help="your .ipynb notebook or .py file (needs WEEK), or a folder of them: the week's file is found by "
        "the graded functions it defines",
    )
    grade.add_argument("--verbose", "-v", action="store_true", help="show pytest's full output too")
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
        raise UserError(
            f"The week '{week}' has no graders yet ({path} is missing): pick a week from 'python -m assignments list'."
        )
    return path


def weeks_with_graders() -> list[str]:
    return [name for name in WEEKS if (GRADERS_DIR / f"test_{name}.py").exists()]


def command_grade(week: str | None, all_weeks: bool, solution: Path | None, verbose: bool, pytest_args: Sequence[str]) -> int:
    if not GRADERS_DIR.is_dir():
        raise UserError(NEEDS_A_CLONE.format(path=GRADERS_DIR))
    if week is not None and all_weeks:
        raise UserError("Name one WEEK or pass --all, not both.")
    # Deferred import: pytest, the learner-file loader and the report's plugin, once the arguments check out.
    import pytest

    from assignments.common.quiet import native_stderr_silenced
    from assignments.grading.report import GradingPlugin, render_table, render_week
    from assignments.grading.solution import SOLUTION_ENV, find_solutions, load_implementation

    solutions: dict[str, Path] = {}
    if solution is not None:
        solutions = find_solutions(solution, week, {name: WEEKS[name].graded for name in weeks_with_graders()})
        # The graders' fixture reads this: one file for one week, else the folder (each week finds its file).
        os.environ[SOLUTION_ENV] = str(solutions[week] if week else solution.expanduser().resolve())
        weeks = list(solutions)
    else:
        os.environ.pop(SOLUTION_ENV, None)
        weeks = [week] if week else weeks_with_graders()
    files = [str(grader_file(name)) for name in weeks]
    # Load every learner file now, so that a broken one is one line here rather than an error in each check
    # (TensorFlow's start-up lines, printed while a week or a notebook imports it, are kept out).
    with native_stderr_silenced():
        from_solution = {
            name: [f for f in WEEKS[name].graded if f in load_implementation(name).from_solution] for name in solutions
        }

    def is_learner_file(filename: str) -> bool:
        return any(filename == str(file) or filename.startswith(f"{file.name}, code cell") for file in solutions.values())

    plugin = GradingPlugin({name: WEEKS[name].graded for name in weeks}, from_solution if solutions else None, is_learner_file)
    show_pytest = verbose or bool(pytest_args)
    pytest_output = io.StringIO()
    # Without --verbose or pytest options, pytest's own report is kept back: the learner reads ours.
    with contextlib.nullcontext() if show_pytest else contextlib.redirect_stdout(pytest_output):
        status = pytest.main([*files, "-p", "no:cacheprovider", "-v" if verbose else "-q", *pytest_args], plugins=[plugin])
    if status == pytest.ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    if status in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        sys.stdout.write(pytest_output.getvalue())
        return 2 if status == pytest.ExitCode.USAGE_ERROR else int(status)

    lines = [""] if show_pytest else []
    for name in weeks:
        source = f"graded from {solutions[name]}" if name in solutions else "graded the project's own implementation"
        lines += [*render_week(plugin, name, f"{name} ({WEEKS[name].course_id}), {source}"), ""]
    lines += plugin.collection_errors
    if week is None:  # --all (or no WEEK): one table for every week graded.
        lines += render_table(plugin, [(name, solutions[name].name if name in solutions else "the project") for name in weeks])
    print("\n".join(lines).rstrip())
    # Never a pass by default: with --solution, at least one of the learner's functions must have passed.
    nothing_of_theirs_passed = bool(solutions) and not plugin.any_passed(from_solution)
    return 1 if plugin.failed or nothing_of_theirs_passed else 0


def command_data() -> int:
    root = data_root()
    print(f"{DATA_DIR_ENV} = {root if root else '(not set: only the embedded defaults are available)'}")
    if root is not None and not root.is_dir():
        print(
            f"  hint: {root} is not a folder: point {DATA_DIR_ENV} at the folder that holds one sub-folder per week ({', '.join(WEEKS)})."
        )
    elif root is not None and not any((root / name).is_dir() for name in WEEKS):
        print(
            f"  hint: {root} has none of the week folders ({', '.join(WEEKS)}): point {DATA_DIR_ENV} at the folder that holds them."
        )
    for week in WEEKS.values():
        print(f"\n{week.name} ({week.course_id})")
        for relative in week.course_files:
            found = week.course_file(relative)
            print(f"  {'found  ' if found else 'missing'}  {relative}" + (f"  ({found})" if found else ""))
        for relative in week.user_files:
            found = week.course_file(relative)
            label = "found  " if found else "absent "
            print(f"  {label}  {relative}  [optional: your own copy]" + (f"  ({found})" if found else ""))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # Everything after the first `--` goes to pytest untouched (argparse would read `-k` and `-x` as ours).
    pytest_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    arguments = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    if pytest_args and arguments.command != "grade":
        parser.error("only 'grade' takes pytest arguments after --")
    if arguments.command == "list":
        return command_list()
    if arguments.command == "grade":
        return command_grade(arguments.week, arguments.all, arguments.solution, arguments.verbose, pytest_args)
    if arguments.command == "data":
        return command_data()
    parser.print_help()
    return 0


def entry() -> None:
    """Console-script entry point (`dls-assignments`)."""
    sys.exit(run_main(main))


if __name__ == "__main__":
    entry()
