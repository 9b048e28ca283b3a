"""What a learner reads after `python -m assignments grade`: one line per graded function, the first failing
check of each in the course's words ("Wrong value", "Wrong shape", ...), and a summary.

`GradingPlugin` is a pytest plugin, used in the grading process (`assignments.grading.child`). It maps each
grader check to the graded functions it grades, leaves out (with `--solution`) the checks of graded
functions that the learner's file does not define, keeps every outcome and the first failure of each
check, and hands each record to `write` as it happens, so that the report can be built by another process
even when the learner's code ends this one.

Which function a check grades:
- `@pytest.mark.grades("verify", "who_is_it")` on the check, when present;
- otherwise the graded function its name starts with, after `test_`, compared without case and
  underscores (`test_happy_model_summary` grades `happyModel`), the longest such name winning;
- otherwise none: an "other check" (the project's helpers, model loading, data shapes).

Two more markers shape a learner's report:
- `@pytest.mark.revisions("v2.1")`: the check is one revision's; a notebook of another revision skips it
  and is told why;
- `@pytest.mark.not_in_course("why")`: a check the project makes and the course does not; with
  `--solution` its failure is a note, never a failure.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

GRADES_MARKER = "grades"
GRADES_MARKER_HELP = "grades(*names): the graded functions this check grades (default: the one its name starts with)"
REVISIONS_MARKER = "revisions"
REVISIONS_MARKER_HELP = "revisions(*names): the course revisions this check belongs to (default: every revision)"
NOT_IN_COURSE_MARKER = "not_in_course"
NOT_IN_COURSE_MARKER_HELP = "not_in_course(why): a check the course does not make: a learner's failure is a note"
MARKER_HELPS = (GRADES_MARKER_HELP, REVISIONS_MARKER_HELP, NOT_IN_COURSE_MARKER_HELP)


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
    outcome: str = "not run"  # passed, failed, skipped, note, not run
    detail: tuple[str, ...] = ()  # the course-words failure, or the skip reason
    learner_function: str = ""  # the learner's function a failure was raised in, when it was

    @property
    def name(self) -> str:
        return self.nodeid.split("::")[-1]


TENSOR_REPR = re.compile(r"tf\.Tensor\((?:[^()]|\([^()]*\))*\)", re.DOTALL)
EAGER_REPR = re.compile(r"<tf\.Tensor: shape=(\([^)]*\))[^>]*>", re.DOTALL)
ARRAY_REPR = re.compile(r"array\(\[[^()]*\](?:, dtype=\w+)?\)", re.DOTALL)


def plain_message(text: str) -> str:
    """An exception's message without the tensor and array reprs that make it unreadable on one line."""
    text = EAGER_REPR.sub(lambda match: f"a tensor of shape {match.group(1)}", text)
    text = TENSOR_REPR.sub("a tensor", text)
    text = ARRAY_REPR.sub("an array", text)
    return " ".join(text.split())


def course_words(error: BaseException, is_learner_file: Callable[[str], bool]) -> tuple[str, ...]:
    """A failure as the course's tests say it: the kind of mistake, then what was expected and what was computed."""
    # Lines pytest adds when it rewrites an `assert` (`assert 1.0 < 1`, `+  where ...`) are not the course's words.
    lines = [
        line.rstrip()
        for line in str(error).strip().splitlines()
        if line.strip() and not re.match(r"\s*(assert\b|\+\s|where\b|and\b)", line)
    ]
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
        return (label, *(_trimmed(line) for line in [first or "the check failed", *following]))
    frames = [entry for entry in _frames(error) if is_learner_file(entry[0])]
    where = f" ({frames[-1][0]}, line {frames[-1][1]})" if frames else ""
    if isinstance(error, SystemExit):
        code = "" if error.code is None else repr(error.code)
        return ("Your code calls sys.exit", f"it calls sys.exit({code}) while being graded{where}")
    message = plain_message(str(error))
    message = _trimmed(f"{type(error).__name__}: {message}" if message else type(error).__name__)
    label = "Your code raised an error" if frames else "Error"
    return (label, message + where)


def learner_function_of(error: BaseException, is_learner_file: Callable[[str], bool]) -> str:
    """The learner's function the error was raised in (its innermost frame in their file), or ""."""
    frames = [entry for entry in _frames(error) if is_learner_file(entry[0])]
    return frames[-1][2] if frames else ""


def _frames(error: BaseException) -> list[tuple[str, int, str]]:
    frames, traceback = [], error.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code
        frames.append((code.co_filename, traceback.tb_lineno, code.co_name))
        traceback = traceback.tb_next
    return frames


def _trimmed(text: str, width: int = 240) -> str:
    if len(text) <= width:
        return text
    cut = text[: width - 3]
    return (cut.rsplit(" ", 1)[0] if " " in cut[width // 2 :] else cut) + "..."


@dataclasses.dataclass
class GradingResults:
    """Everything a report is made of, for one or more weeks (filled in-process, or read back from records).

    Attributes:
        graded_by_week: each graded week's graded function names, in notebook order.
        from_solution: with `--solution`, per week, the graded names the learner's file defines (None: ours).
        checks: every check, by node id.
        collection_errors: grader files that could not be collected.
        mismatches: per week, graded function -> the sentence saying its signature is another revision's
            (its required parameters differ: the graders' calls cannot fit, so it is a failure).
        signature_notes: per week, graded function -> the same sentence where only optional parameters
            differ: a note, and the function is graded.
        unfilled: per week, the graded functions still the course's template.
        ended: per week, the sentence saying how the grading process ended early, when no graded
            function's line says it already.
    """

    graded_by_week: Mapping[str, Sequence[str]]
    from_solution: Mapping[str, Sequence[str]] | None = None
    checks: dict[str, Check] = dataclasses.field(default_factory=dict)
    collection_errors: list[str] = dataclasses.field(default_factory=list)
    mismatches: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    signature_notes: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    unfilled: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    ended: dict[str, str] = dataclasses.field(default_factory=dict)
    stopped: bool = False  # a grading process ended early (killed, crashed, or the learner's os._exit)

    learner_names: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # every name theirs, per week

    def blamed(self, check: Check) -> str:
        """The learner's own (ungraded) function a failed other check is about: the one its traceback ends in,
        else the one the check is named after (`test_compute_style_cost_default_layers`), else ""."""
        if check.learner_function:
            return check.learner_function
        named = graded_functions_of(check.name, self.learner_names.get(check.week, ()))
        return named[0] if named else ""

    def counts_against(self, check: Check) -> bool:
        """Whether a failed check makes the run fail: with a solution, an other check only in the learner's code."""
        if check.outcome != "failed":
            return False
        if self.from_solution is None or check.functions:
            return True
        return bool(self.blamed(check))

    @property
    def failed(self) -> bool:
        return (
            bool(self.collection_errors)
            or self.stopped
            or any(self.mismatches.values())
            or any(self.counts_against(check) for check in self.checks.values())
        )

    def any_passed(self, functions_by_week: Mapping[str, Sequence[str]]) -> bool:
        """Whether any of these graded functions passed (all their checks that ran passed, at least one ran)."""
        return any(
            result.status == "passed"
            for week, functions in functions_by_week.items()
            for result in function_results(self, week)
            if result.name in functions
        )


class GradingPlugin:
    """Collects the outcome of every grader check, per week and graded function, into `results`.

    Args:
        results: where outcomes go (its `graded_by_week` and `from_solution` say what is graded).
        is_learner_file: whether a traceback's file name is the learner's (for "line N" in messages).
        revision_by_week: the revision each week's solution is graded as (None or absent: ours, every check).
        write: called with each record (a JSON-ready dict) as it happens.
    """

    def __init__(
        self,
        results: GradingResults,
        is_learner_file: Callable[[str], bool] = lambda filename: False,
        revision_by_week: Mapping[str, object] | None = None,
        write: Callable[[dict], None] = lambda record: None,
    ):
        self.results = results
        self.is_learner_file = is_learner_file
        self.revision_by_week = revision_by_week or {}
        self.write = write

    @property
    def checks(self) -> dict[str, Check]:
        return self.results.checks

    def pytest_configure(self, config):
        for line in MARKER_HELPS:
            config.addinivalue_line("markers", line)

    def pytest_collection_modifyitems(self, session, config, items):
        kept, left_out = [], []
        for item in items:
            week = Path(str(item.path)).stem.removeprefix("test_")
            graded = self.results.graded_by_week.get(week)
            if graded is None:
                kept.append(item)
                continue
            marker = item.get_closest_marker(GRADES_MARKER)
            functions = graded_functions_of(item.name, graded, marker.args if marker else ())
            theirs = None if self.results.from_solution is None else self.results.from_solution.get(week, ())
            mismatched = set(self.results.mismatches.get(week, {}))
            if theirs is not None and functions and not set(functions) & (set(theirs) - mismatched):
                left_out.append(item)  # Grades only functions the learner's file does not define (or not as graded).
                continue
            self._skip_if_another_revisions(item, week)
            self.checks[item.nodeid] = Check(item.nodeid, week, functions)
            kept.append(item)
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = kept
        self.write({"event": "collected", "checks": [[c.nodeid, c.week, list(c.functions)] for c in self.checks.values()]})

    def _skip_if_another_revisions(self, item, week: str) -> None:
        revision = self.revision_by_week.get(week)
        marker = item.get_closest_marker(REVISIONS_MARKER)
        if revision is None or marker is None or revision.name in marker.args:
            return
        reason = f"a check of the {' and '.join(marker.args)} revision only; yours is {revision.name}"
        item.add_marker(pytest.mark.skip(reason=reason))

    def pytest_runtest_logstart(self, nodeid, location):
        if nodeid in self.checks:
            self.write({"event": "start", "nodeid": nodeid})

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        check = self.checks.get(item.nodeid)
        if check is not None and report.failed and call.excinfo is not None and check.outcome not in ("failed", "note"):
            error = call.excinfo.value
            check.outcome = "failed"
            check.detail = course_words(error, self.is_learner_file)
            check.learner_function = learner_function_of(error, self.is_learner_file)
            note = item.get_closest_marker(NOT_IN_COURSE_MARKER)
            if note is not None and self.results.from_solution is not None:
                check.outcome = "note"
                why = note.args[0] if note.args else "a check the course does not make"
                check.detail = (f"{why}: {check.detail[1] if len(check.detail) > 1 else check.detail[0]}",)
        return report

    def pytest_runtest_logreport(self, report):
        check = self.checks.get(report.nodeid)
        if check is None:
            return
        if check.outcome not in ("failed", "note"):
            if report.failed:
                check.outcome = "failed"
                check.detail = check.detail or ("Error", _trimmed(plain_message(str(report.longreprtext))))
            elif report.skipped:
                reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
                check.outcome, check.detail = "skipped", (reason.removeprefix("Skipped: "),)
            elif report.when == "call":
                check.outcome = "passed"
        if report.when == "teardown" or check.outcome in ("failed", "note", "skipped"):
            self.write({"event": "check", **dataclasses.asdict(check), "functions": list(check.functions)})

    def pytest_collectreport(self, report):
        if report.failed:
            text = str(report.longreprtext).strip().splitlines()
            error = f"{report.nodeid}: {_trimmed(text[-1] if text else 'could not be collected')}"
            self.results.collection_errors.append(error)
            self.write({"event": "collection_error", "text": error})


@dataclasses.dataclass(frozen=True)
class FunctionResult:
    """The verdict on one graded function."""

    name: str
    status: str  # passed, failed, skipped, not in your file, template, not run, no check
    detail: tuple[str, ...] = ()
    check: str = ""


def function_results(results: GradingResults, week: str) -> list[FunctionResult]:
    checks = [check for check in results.checks.values() if check.week == week]
    theirs = None if results.from_solution is None else set(results.from_solution.get(week, ()))
    mismatches = results.mismatches.get(week, {})
    unfilled = set(results.unfilled.get(week, ()))
    verdicts = []
    for name in results.graded_by_week[week]:
        own = [check for check in checks if name in check.functions]
        failed = [check for check in own if check.outcome == "failed"]
        skipped = [check for check in own if check.outcome == "skipped"]
        notes = [check for check in own if check.outcome == "note"]
        if name in mismatches:
            verdicts.append(FunctionResult(name, "failed", ("Wrong signature for the revision", mismatches[name])))
        elif theirs is not None and name in unfilled:
            verdicts.append(FunctionResult(name, "template", ("still the course's unfilled template",)))
        elif theirs is not None and name not in theirs:
            verdicts.append(FunctionResult(name, "not in your file"))
        elif failed:
            note = results.signature_notes.get(week, {}).get(name)
            detail = (*failed[0].detail, f"note: {note}") if note else failed[0].detail
            verdicts.append(FunctionResult(name, "failed", detail, failed[0].name))
        elif any(check.outcome in ("passed", "note") for check in own):
            extra = [f"note: {check.detail[0]} ({check.name})" for check in notes]
            if name in results.signature_notes.get(week, {}):
                extra.insert(0, f"note: {results.signature_notes[week][name]}")
            if skipped:
                extra.append(f"{len(skipped)} check(s) skipped: {skipped[0].detail[0]}")
            verdicts.append(FunctionResult(name, "passed", tuple(extra)))
        elif skipped:
            verdicts.append(FunctionResult(name, "skipped", skipped[0].detail, skipped[0].name))
        else:
            verdicts.append(FunctionResult(name, "not run" if own else "no check"))
    return verdicts


def _counts(checks: Sequence[Check]) -> str:
    counted = {}
    for check in checks:
        counted[check.outcome] = counted.get(check.outcome, 0) + 1
    return ", ".join(f"{count} {outcome}" for outcome, count in counted.items()) or "none"


def summary_line(verdicts: Sequence[FunctionResult]) -> str:
    passed = sum(result.status == "passed" for result in verdicts)
    others = {}
    for result in verdicts:
        if result.status != "passed":
            status = "unfilled template" if result.status == "template" else result.status
            others[status] = others.get(status, 0) + 1
    rest = ", ".join(f"{count} {status}" for status, count in others.items())
    return f"{passed} of {len(verdicts)} graded functions pass" + (f" ({rest})" if rest else "") + "."


def render_week(results: GradingResults, week: str, heading: str) -> list[str]:
    """The lines for one week: heading, one line per graded function, other checks, summary."""
    verdicts = function_results(results, week)
    width = max(len(result.name) for result in verdicts)
    lines = [heading]
    if results.ended.get(week):
        lines.append(f"  {results.ended[week]}")
    for result in verdicts:
        label = result.detail[0] if result.status in ("failed", "skipped", "template") and result.detail else ""
        lines.append(
            f"  {result.name:<{width}}  {result.status if result.status != 'template' else 'not graded'}"
            + (f": {label}" if label else "")
        )
        extra = result.detail[1:] if result.status == "failed" else result.detail if result.status == "passed" else ()
        lines += [f"  {'':<{width}}    {line}" for line in extra]
        if result.status == "failed" and result.check:
            lines.append(f"  {'':<{width}}    (first failing check: {result.check})")
    lines += _other_checks(results, week)
    lines.append(summary_line(verdicts))
    return lines


def _other_checks(results: GradingResults, week: str) -> list[str]:
    others = [check for check in results.checks.values() if check.week == week and not check.functions]
    if not others:
        return []
    if results.from_solution is None:
        lines = [f"  other checks (the project's helpers): {_counts(others)}"]
        failed = [check for check in others if check.outcome == "failed"]
    else:
        # With a solution an other check counts only when it failed in the learner's own (ungraded) code.
        theirs = [check for check in others if check.outcome == "failed" and results.blamed(check)]
        not_counted = [check for check in others if check.outcome == "failed" and not results.blamed(check)]
        counted = [check for check in others if check not in not_counted]
        lines = [f"  other checks (the project's helpers): {_counts(counted)}"]
        if theirs:
            names = sorted({results.blamed(check) for check in theirs})
            lines.append(f"      in your own {', '.join(names)} (not graded functions, but the graders call them):")
        if not_counted:
            lines.append(f"      {len(not_counted)} failed in the project's code only: not counted against you")
        failed = theirs
    if failed:
        lines += [f"      {line}" for line in failed[0].detail] + [f"      (first failing check: {failed[0].name})"]
    skipped = [check for check in others if check.outcome == "skipped"]
    if skipped:
        lines.append(f"      skipped: {skipped[0].detail[0] if skipped[0].detail else 'no reason given'} ({skipped[0].name})")
    return lines


def render_table(results: GradingResults, rows: Sequence[tuple[str, str]]) -> list[str]:
    """The summary table of `grade --all`: one row per (week, source of the graded code)."""
    header = ("week", "graded from", "pass", "failed", "not in file", "skipped / not run")
    table = [header]
    total_pass = total = 0
    for week, source in rows:
        verdicts = function_results(results, week)
        passed = sum(result.status == "passed" for result in verdicts)
        total_pass, total = total_pass + passed, total + len(verdicts)
        table.append(
            (
                week,
                source,
                f"{passed} of {len(verdicts)}",
                str(sum(result.status == "failed" for result in verdicts)),
                str(sum(result.status in ("not in your file", "template") for result in verdicts)),
                str(sum(result.status in ("skipped", "not run", "no check") for result in verdicts)),
            )
        )
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in table]
    return [*lines, f"All weeks: {total_pass} of {total} graded functions pass."]
