"""`python -m assignments`: list the weeks, grade an implementation, and show which data files are present.

python -m assignments list
python -m assignments grade [WEEK | --all] [--solution FILE|DIR] [--revision NAME] [--timeout S] [--verbose] [-- PYTEST ARGS]
python -m assignments data [status]
"""

from __future__ import annotations

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
        usage="python -m assignments grade [WEEK | --all] [--solution FILE|DIR] [--revision NAME] [--timeout SECONDS] "
        "[--verbose] [-- PYTEST ARGS]",
        help="run a week's graders (the course's expected outputs) on our implementation or on your notebook",
        description="Runs the graders (the course's expected outputs) and prints one line per graded function. "
        "With --solution, the graded functions your notebook or .py file defines are graded from it; "
        "checks of the ones it lacks are left out, and the course revision it follows is detected from its "
        "content. Your code runs in a separate process under a time limit. Needs a clone of the repository "
        "(the graders live in tests/graders/). Arguments after -- go to pytest, whose full output is then shown.",
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
        help="your .ipynb notebook or .py file (needs WEEK; a pipe such as <(cat my.ipynb) works too), or a "
        "folder of them: the week's file is found by the graded functions it defines",
    )
    grade.add_argument(
        "--revision",
        metavar="NAME",
        help="grade your file as this course revision (e.g. v1.1, 2021) instead of the detected one; needs WEEK",
    )
    grade.add_argument(
        "--timeout",
        type=positive_seconds,
        default=None,
        metavar="SECONDS",
        help="time limit for grading each week once your file has loaded, in seconds (default: 300)",
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


def positive_seconds(text: str) -> float:
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def _check_grade_arguments(week: str | None, all_weeks: bool, revision: str | None) -> None:
    if not GRADERS_DIR.is_dir():
        raise UserError(NEEDS_A_CLONE.format(path=GRADERS_DIR))
    if week is not None and all_weeks:
        raise UserError("Name one WEEK or pass --all, not both.")
    if revision is not None and week is None:
        raise UserError("--revision NAME grades one week's file: name the WEEK too.")


def _week_heading(name: str, solutions: dict, detected) -> list[str]:
    """The report's first lines for a week: what was graded, and the revision it was graded as."""
    source = f"graded from {solutions[name]}" if name in solutions else "graded the project's own implementation"
    heading = [f"{name} ({WEEKS[name].course_id}), {source}"]
    if detected is not None and detected.describe():
        heading.append(f"  {detected.describe()}")
    return heading


def command_grade(
    week: str | None,
    all_weeks: bool,
    solution: Path | None,
    verbose: bool,
    pytest_args: Sequence[str],
    revision: str | None = None,
    timeout: float | None = None,
) -> int:
    _check_grade_arguments(week, all_weeks, revision)
    # Deferred imports: the learner-file reader and the report, once the arguments check out.
    from assignments.grading.report import GradingResults, render_table, render_week
    from assignments.grading.runner import DEFAULT_TIMEOUT_S, results_of, run_week
    from assignments.grading.solution import find_solutions, revision_of

    limit = timeout or DEFAULT_TIMEOUT_S
    solutions: dict[str, Path] = {}
    detections = {}
    if solution is not None:
        solutions = find_solutions(solution, week, {name: WEEKS[name].graded for name in weeks_with_graders()})
        # Read without running: which revision each file follows (an older Keras 2 notebook stops here).
        detections = {name: revision_of(path, name, revision) for name, path in solutions.items()}
        weeks = list(solutions)
    else:
        weeks = [week] if week else weeks_with_graders()
    for name in weeks:
        grader_file(name)
    show_pytest = verbose or bool(pytest_args)
    results = GradingResults({name: WEEKS[name].graded for name in weeks}, {} if solutions else None)
    lines = []
    for name in weeks:
        detected = detections.get(name)
        run = run_week(
            name,
            solutions.get(name),
            detected.revision.name if detected is not None and detected.revision is not None else None,
            pytest_args,
            limit,
            verbose,
            show_pytest,
        )
        status = results_of(run, results, limit)
        if status is not None and status not in (0, 1, 5):  # 5: no checks selected (pytest -k).
            sys.stdout.write(run.output)
            return 2 if status == 4 else int(status)
        heading = _week_heading(name, solutions, detected)
        week_lines = render_week(results, name, heading[0])
        lines += [*week_lines[:1], *heading[1:], *week_lines[1:], ""]
    if show_pytest:
        lines.insert(0, "")
    lines += results.collection_errors
    if week is None:  # --all (or no WEEK): one table for every week graded.
        lines += render_table(results, [(name, solutions[name].name if name in solutions else "the project") for name in weeks])
    print("\n".join(lines).rstrip())
    # Never a pass by default: with --solution, at least one of the learner's functions must have passed.
    nothing_of_theirs_passed = bool(solutions) and not results.any_passed(results.from_solution or {})
    return 1 if results.failed or nothing_of_theirs_passed else 0


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
        return command_grade(
            arguments.week,
            arguments.all,
            arguments.solution,
            arguments.verbose,
            pytest_args,
            arguments.revision,
            arguments.timeout,
        )
    if arguments.command == "data":
        return command_data()
    parser.print_help()
    return 0


def entry() -> None:
    """Console-script entry point (`dls-assignments`)."""
    sys.exit(run_main(main))


if __name__ == "__main__":
    entry()
