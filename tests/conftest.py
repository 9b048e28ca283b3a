"""Shared test plumbing: course-data lookup that skips cleanly, the implementation under test, and the
`.ci/run` rule that no `needs_data` test may be skipped when `$DLS_REQUIRE_DATA` is set."""

from __future__ import annotations

import os

import pytest

from assignments.common.data import DATA_DIR_ENV, find_course_file
from assignments.grading.report import GRADES_MARKER_HELP
from assignments.grading.solution import load_implementation

_skipped_for_data: list[str] = []
_implementations_used: set[str] = set()


@pytest.fixture
def course_file(request):
    """`course_file(week, relative_path)` → the file's Path; skips the test (`needs_data`) when it is absent."""

    def lookup(week: str, relative_path: str):
        path = find_course_file(week, relative_path)
        if path is None:
            pytest.skip(f"needs_data: {week}/{relative_path} not found under ${DATA_DIR_ENV} (point it at the course data)")
        return path

    return lookup


@pytest.fixture
def implementation():
    """`implementation(week)` → the functions under test: ours, or a learner's file (see `python -m assignments grade`)."""

    def load(week: str):
        _implementations_used.add(week)
        return load_implementation(week)

    return load


def pytest_configure(config):
    # `@pytest.mark.grades("verify")`: which graded functions a grader check grades, for the report of
    # `python -m assignments grade` (default: the one the check's name starts with).
    config.addinivalue_line("markers", GRADES_MARKER_HELP)


def pytest_runtest_logreport(report):
    if report.skipped and ("needs_data" in report.keywords or "needs_data:" in str(report.longrepr)):
        _skipped_for_data.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    for week in sorted(_implementations_used):
        terminalreporter.write_line(load_implementation(week).describe())
    if _skipped_for_data:
        terminalreporter.write_line(f"{len(_skipped_for_data)} needs_data test(s) skipped: course data not found.")


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("DLS_REQUIRE_DATA") and _skipped_for_data:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            "DLS_REQUIRE_DATA is set but these needs_data tests were skipped: " + ", ".join(_skipped_for_data)
        )
        session.exitstatus = 1
