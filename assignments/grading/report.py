"""What a learner reads after `python -m assignments grade`: one line per graded function, the first failing
check of each in the course's words ("Wrong value", "Wrong shape", ...), and a summary.

`GradingPlugin` is a pytest plugin. It maps each grader check to the graded functions it grades, leaves out
(with `--solution`) the checks of graded functions that the learner's file does not define, and keeps
every outcome and the first failure of each check for `render`.

Which function a check grades:
- `@pytest.mark.grades("verify", "who_is_it")` on the check, when present;
- otherwise the graded function its name starts with, after `test_`, compared without case and
  underscores (`test_happy_model_summary` grades `happyModel`), the longest such name winning;
- otherwise none: an "other check" (the project's helpers, model loading, data shapes).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

GRADES_MARKER = "grades"
GRADES_MARKER_HELP = "grades(*names): the graded functions this check grades (default: the one its name starts with)"


def _squashed(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def graded_functions_of(test_name: str, graded: Sequence[str], marker_names: Sequence[str] = ()) -> tuple[str, ...]:
    """The graded functions a check grades: the marker's names, else the longest graded name its name starts with."""
    if marker_names:
        return tuple(name for name in marker_names if name in graded)
    name = _squashed(test_name.split("[")[0].removeprefix("test_"))
    starts = [function for function in graded if name.startswith(_squashed(function))]
    return (max(starts, key=len),) if starts else ()


@dataclasses.dataclass
class Check:
    """One grader check and what happened to it."""

    nodeid: str
    week: str
    functions: tuple[str, ...]
    outcome: str = "not run"  # passed, failed, skipped, not run
    detail: tuple[str, ...] = ()  # the course-words failure, or the skip reason

    @property
    def name(self) -> str:
        return self.nodeid.split("::")[-1]


def course_words(error: BaseException, is_learner_file: Callable[[str], bool]) -> tuple[str, ...]:
    """A failure as the course's tests say it: the kind of mistake, then what was expected and what was computed."""
    lines = [line.rstrip() for line in str(error).strip().splitlines() if line.strip()]
    first = lines[0] if lines else ""
    if isinstance(error, AssertionError):
        if "expected shape" in first or re.match(r"[^:]*\bshape\b[^:]*:", first):
            label = "Wrong shape"
        elif re.search(r"layer \d+ differs|expected \d+ layers", first):
            label = "Wrong layer"
        elif re.search(r"\btype\b|dtype", first, re.IGNORECASE):
            label = "Wrong type"
        else:
            label = "Wrong value"
        values = re.match(r"(.*): values differ .*\(expected (.*), got (.*)\)\.?$", first)
        following = lines[1:3]
        if values:
            first = f"{values.group(1)}: expected {values.group(2)}, got {values.group(3)}."
            if not any("[" in line for line in following):
                following = []  # Scalars: the first line already says both.
        return (label, *(_trimmed(line) for line in [first, *following]))
    frames = [entry for entry in _frames(error) if is_learner_file(entry[0])]
    where = f" ({frames[-1][0]}, line {frames[-1][1]})" if frames else ""
    message = _trimmed(f"{type(error).__name__}: {first}" if first else type(error).__name__)
    label = "Your code raised an error" if frames else "Error"
    return (label, message + where)


def _frames(error: BaseException) -> list[tuple[str, int]]:
    frames, traceback = [], error.__traceback__
    while traceback is not None:
        frames.append((traceback.tb_frame.f_code.co_filename, traceback.tb_lineno))
        traceback = traceback.tb_next
    return frames


def _trimmed(text: str, width: int = 240) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


class GradingPlugin:
    """Collects the outcome of every grader check, per week and graded function.

    Args:
        graded_by_week: each graded week's graded function names, in notebook order.
        from_solution: with `--solution`, per week, the graded names the learner's file defines; checks of
            the other graded functions are left out (they would grade our code). None grades ours.
        is_learner_file: whether a traceback's file name is the learner's (for "line N" in messages).
    """

    def __init__(
        self,
        graded_by_week: Mapping[str, Sequence[str]],
        from_solution: Mapping[str, Sequence[str]] | None = None,
        is_learner_file: Callable[[str], bool] = lambda filename: False,
    ):
        self.graded_by_week = graded_by_week
        self.from_solution = from_solution
        self.is_learner_file = is_learner_file
        self.checks: dict[str, Check] = {}
        self.collection_errors: list[str] = []

    def pytest_configure(self, config):
        config.addinivalue_line("markers", GRADES_MARKER_HELP)

    def pytest_collection_modifyitems(self, session, config, items):
        kept, left_out = [], []
        for item in items:
            week = Path(str(item.path)).stem.removeprefix("test_")
            graded = self.graded_by_week.get(week)
            if graded is None:
                kept.append(item)
                continue
            marker = item.get_closest_marker(GRADES_MARKER)
            functions = graded_functions_of(item.name, graded, marker.args if marker else ())
            theirs = None if self.from_solution is None else self.from_solution.get(week, ())
            if theirs is not None and functions and not set(functions) & set(theirs):
                left_out.append(item)  # Grades only functions the learner's file does not define.
                continue
            self.checks[item.nodeid] = Check(item.nodeid, week, functions)
            kept.append(item)
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = kept

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        check = self.checks.get(item.nodeid)
        if check is not None and report.failed and call.excinfo is not None and check.outcome != "failed":
            check.outcome = "failed"
            check.detail = course_words(call.excinfo.value, self.is_learner_file)
        return report

    def pytest_runtest_logreport(self, report):
        check = self.checks.get(report.nodeid)
        if check is None or check.outcome == "failed":
            return
        if report.failed:
            check.outcome, check.detail = "failed", check.detail or ("Error", _trimmed(str(report.longreprtext).strip()))
        elif report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            check.outcome, check.detail = "skipped", (reason.removeprefix("Skipped: "),)
        elif report.when == "call":
            check.outcome = "passed"

    def pytest_collectreport(self, report):
        if report.failed:
            text = str(report.longreprtext).strip().splitlines()
            self.collection_errors.append(f"{report.nodeid}: {_trimmed(text[-1] if text else 'could not be collected')}")

    @property
    def failed(self) -> bool:
        return bool(self.collection_errors) or any(check.outcome == "failed" for check in self.checks.values())

    def any_passed(self, functions_by_week: Mapping[str, Sequence[str]]) -> bool:
        """Whether any of these graded functions passed (all their checks that ran passed, at least one ran)."""
        return any(
            result.status == "passed"
            for week, functions in functions_by_week.items()
            for result in function_results(self, week)
            if result.name in functions
        )


@dataclasses.dataclass(frozen=True)
class FunctionResult:
    """The verdict on one graded function."""

    name: str
    status: str  # passed, failed, skipped, not in your file, not run, no check
    detail: tuple[str, ...] = ()
    check: str = ""


def function_results(plugin: GradingPlugin, week: str) -> list[FunctionResult]:
    checks = [check for check in plugin.checks.values() if check.week == week]
    theirs = None if plugin.from_solution is None else set(plugin.from_solution.get(week, ()))
    results = []
    for name in plugin.graded_by_week[week]:
        own = [check for check in checks if name in check.functions]
        failed = [check for check in own if check.outcome == "failed"]
        skipped = [check for check in own if check.outcome == "skipped"]
        if theirs is not None and name not in theirs:
            results.append(FunctionResult(name, "not in your file"))
        elif failed:
            results.append(FunctionResult(name, "failed", failed[0].detail, failed[0].name))
        elif any(check.outcome == "passed" for check in own):
            note = (f"{len(skipped)} check(s) skipped: {skipped[0].detail[0]}",) if skipped else ()
            results.append(FunctionResult(name, "passed", note))
        elif skipped:
            results.append(FunctionResult(name, "skipped", skipped[0].detail, skipped[0].name))
        else:
            results.append(FunctionResult(name, "not run" if own else "no check"))
    return results


def _counts(checks: Sequence[Check]) -> str:
    counted = {}
    for check in checks:
        counted[check.outcome] = counted.get(check.outcome, 0) + 1
    return ", ".join(f"{count} {outcome}" for outcome, count in counted.items()) or "none"


def summary_line(results: Sequence[FunctionResult]) -> str:
    passed = sum(result.status == "passed" for result in results)
    others = {}
    for result in results:
        if result.status != "passed":
            others[result.status] = others.get(result.status, 0) + 1
    rest = ", ".join(f"{count} {status}" for status, count in others.items())
    return f"{passed} of {len(results)} graded functions pass" + (f" ({rest})" if rest else "") + "."


def render_week(plugin: GradingPlugin, week: str, heading: str) -> list[str]:
    """The lines for one week: heading, one line per graded function, other checks, summary."""
    results = function_results(plugin, week)
    width = max(len(result.name) for result in results)
    lines = [heading]
    for result in results:
        label = result.detail[0] if result.status in ("failed", "skipped") and result.detail else ""
        lines.append(f"  {result.name:<{width}}  {result.status}" + (f": {label}" if label else ""))
        extra = result.detail[1:] if result.status == "failed" else result.detail if result.status == "passed" else ()
        lines += [f"  {'':<{width}}    {line}" for line in extra]
        if result.status == "failed":
            lines.append(f"  {'':<{width}}    (first failing check: {result.check})")
    others = [check for check in plugin.checks.values() if check.week == week and not check.functions]
    if others:
        lines.append(f"  other checks (the project's helpers): {_counts(others)}")
        failed = [check for check in others if check.outcome == "failed"]
        if failed:
            lines += [f"      {line}" for line in failed[0].detail] + [f"      (first failing check: {failed[0].name})"]
    lines.append(summary_line(results))
    return lines


def render_table(plugin: GradingPlugin, rows: Sequence[tuple[str, str]]) -> list[str]:
    """The summary table of `grade --all`: one row per (week, source of the graded code)."""
    header = ("week", "graded from", "pass", "failed", "not in file", "skipped / not run")
    table = [header]
    total_pass = total = 0
    for week, source in rows:
        results = function_results(plugin, week)
        passed = sum(result.status == "passed" for result in results)
        total_pass, total = total_pass + passed, total + len(results)
        table.append(
            (
                week,
                source,
                f"{passed} of {len(results)}",
                str(sum(result.status == "failed" for result in results)),
                str(sum(result.status == "not in your file" for result in results)),
                str(sum(result.status in ("skipped", "not run", "no check") for result in results)),
            )
        )
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]
    return [*lines, f"All weeks: {total_pass} of {total} graded functions pass."]
