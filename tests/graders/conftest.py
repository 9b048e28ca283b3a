"""The graders' own markers (see `assignments.grading.report`): which revision a check belongs to, and which
checks the course does not make."""

from assignments.grading.report import NOT_IN_COURSE_MARKER_HELP, REVISIONS_MARKER_HELP


def pytest_configure(config):
    config.addinivalue_line("markers", REVISIONS_MARKER_HELP)
    config.addinivalue_line("markers", NOT_IN_COURSE_MARKER_HELP)
