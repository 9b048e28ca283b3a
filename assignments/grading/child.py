"""The grading process: one week's graders, run where the learner's code cannot decide the verdict.

`python -m assignments grade` starts `python -m assignments.grading.child RESULTS WEEK [PYTEST ARGS]` with
`$DLS_SOLUTION` / `$DLS_REVISION` set, and builds the report from the records this process appends to the
file RESULTS (one JSON object per line, flushed as each happens):

- `loaded`: the learner's file loaded (which graded names it defines, the revision, signature mismatches);
- `error`: the learner's file cannot be graded (one sentence, a `UserError`);
- `collected`, `start` (a check begins), `check` (its outcome), `collection_error`;
- `finished`: pytest's exit status.

A learner's `os._exit(0)`, an endless loop or an interpreter crash therefore ends this process without a
`finished` record, and the parent says so instead of reporting a pass.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

GRADERS_DIR = Path(__file__).resolve().parents[2] / "tests" / "graders"


def record_writer(path: Path):
    """A function that appends one JSON record to `path` and flushes it at once."""
    stream = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - open until this process ends.

    def write(record: dict) -> None:
        stream.write(json.dumps(record, default=str) + "\n")
        stream.flush()

    return write


def run(results_path: Path, week: str, pytest_args: Sequence[str]) -> int:
    """Loads the implementation under test, runs the week's graders, and writes every record."""
    import pytest

    from assignments import WEEKS
    from assignments.common.errors import UserError
    from assignments.common.quiet import native_stderr_silenced
    from assignments.grading.report import GradingPlugin, GradingResults
    from assignments.grading.solution import load_implementation

    write = record_writer(results_path)
    try:
        with native_stderr_silenced():  # TensorFlow's start-up lines, printed while a notebook imports it.
            implementation = load_implementation(week)
    except UserError as error:
        write({"event": "error", "message": str(error)})
        return 2
    graded = WEEKS[week].graded
    solution = implementation.solution_path
    mismatches, signature_notes = mismatch_sentences(implementation)
    from_solution = [name for name in graded if name in implementation.from_solution]
    write(
        {
            "event": "loaded",
            "from_solution": from_solution if solution else None,
            "revision": implementation.revision.name if implementation.revision else None,
            "mismatches": mismatches,
            "signature_notes": signature_notes,
            "unfilled": list(implementation.unfilled),
            "learner_names": list(implementation.from_solution),
        }
    )
    results = GradingResults(
        {week: graded},
        {week: from_solution} if solution else None,
        mismatches={week: mismatches},
        signature_notes={week: signature_notes},
        unfilled={week: implementation.unfilled},
    )

    def is_learner_file(filename: str) -> bool:
        return solution is not None and (filename == str(solution) or filename.startswith(f"{solution.name}, code cell"))

    plugin = GradingPlugin(results, is_learner_file, {week: implementation.revision}, write)
    verbose = os.environ.get("DLS_GRADE_VERBOSE") == "1"
    status = pytest.main(
        [
            str(GRADERS_DIR / f"test_{week}.py"),
            "-p",
            "no:cacheprovider",
            "--assert=plain",
            "-v" if verbose else "-q",
            *pytest_args,
        ],
        plugins=[plugin],
    )
    write({"event": "finished", "status": int(status)})
    return int(status)


def mismatch_sentences(implementation) -> tuple[dict[str, str], dict[str, str]]:
    """Graded function -> the sentence naming its signature and the revision's: (failures, notes).

    A failure where a required parameter differs (the graders' calls cannot fit), a note where only
    optional ones do (the function is graded as it is)."""
    from assignments import WEEKS

    if implementation.revision is None:
        return {}, {}
    graded = [revision.name for revision in WEEKS[implementation.week].revisions if revision.supported]
    failures, notes = {}, {}
    for mismatch in implementation.mismatches:
        sentence = mismatch.sentence(implementation.revision.name, graded)
        (failures if mismatch.blocking else notes)[mismatch.function] = sentence
    return failures, notes


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) < 2:
        print("usage: python -m assignments.grading.child RESULTS WEEK [PYTEST ARGS]", file=sys.stderr)
        return 2
    return run(Path(arguments[0]), arguments[1], arguments[2:])


if __name__ == "__main__":
    sys.exit(main())
