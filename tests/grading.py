"""Grading helpers: the course's layer-summary rows on Keras 3, and comparisons that explain themselves.

A failed check raises `AssertionError` whose message says, in plain words, what was expected, what was
computed, and where they first differ, so that pytest's report reads like the course's test cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["assert_close", "assert_equal", "assert_summary", "layer_row", "summarize_model"]


def _name_of(function_or_object) -> str:
    if function_or_object is None:
        return "linear"
    return getattr(function_or_object, "__name__", type(function_or_object).__name__)


def layer_row(layer) -> list:
    """One layer in the course's summary format: [class name, output shape, #params, extras...].

    Extras as the course reads them: Conv2D (exact type) → padding, activation name, kernel initializer
    class; MaxPooling2D → pool_size, strides, padding; Dropout → rate; ZeroPadding2D → padding; Dense →
    activation name. Keras 3 has no `output_shape`, so the shape comes from `layer.output.shape`.
    """
    class_name = type(layer).__name__
    output = layer.output
    shape = tuple(output.shape) if not isinstance(output, (list, tuple)) else [tuple(item.shape) for item in output]
    row: list[Any] = [class_name, shape, layer.count_params()]
    if class_name == "Conv2D":
        row += [layer.padding, _name_of(layer.activation), type(layer.kernel_initializer).__name__]
    elif class_name == "MaxPooling2D":
        row += [tuple(layer.pool_size), tuple(layer.strides), layer.padding]
    elif class_name == "Dropout":
        row += [layer.rate]
    elif class_name == "ZeroPadding2D":
        row += [tuple(tuple(side) for side in layer.padding)]
    elif class_name == "Dense":
        row += [_name_of(layer.activation)]
    return row


def summarize_model(model) -> list[list]:
    """The course's `summary(model)`: one `layer_row` per entry of `model.layers`, in order."""
    return [layer_row(layer) for layer in model.layers]


def _normalize(value):
    """Makes Keras 2 and Keras 3 spellings compare equal: `[(None, 64, 64, 3)]` (InputLayer) == `(None, 64, 64, 3)`."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], tuple):
        return _normalize(value[0])
    if isinstance(value, (list, tuple)):
        return tuple(_normalize(item) for item in value)
    if isinstance(value, np.generic):
        return value.item()
    return value


FIELD_NAMES = ("layer type", "output shape", "parameter count", "extra 1", "extra 2", "extra 3")


def _field_name(class_name: str, index: int) -> str:
    extras = {
        "Conv2D": ("padding", "activation", "kernel initializer"),
        "MaxPooling2D": ("pool size", "strides", "padding"),
        "Dropout": ("rate",),
        "ZeroPadding2D": ("padding",),
        "Dense": ("activation",),
    }.get(class_name, ())
    if index < 3:
        return FIELD_NAMES[index]
    return extras[index - 3] if index - 3 < len(extras) else f"extra {index - 2}"


def assert_summary(got: Sequence[Sequence], expected: Sequence[Sequence], what: str = "model") -> None:
    """Compares layer rows with the course's expected rows, order-sensitive and exact.

    Raises:
        AssertionError: naming the first differing layer and field, with both rows, and the layer count.
    """
    for index, (got_row, expected_row) in enumerate(zip(got, expected)):
        if _normalize(list(got_row)) == _normalize(list(expected_row)):
            continue
        field = next(
            (
                _field_name(str(expected_row[0]), position)
                for position in range(max(len(got_row), len(expected_row)))
                if position >= len(got_row)
                or position >= len(expected_row)
                or _normalize(got_row[position]) != _normalize(expected_row[position])
            ),
            "row",
        )
        raise AssertionError(
            f"{what}: layer {index} differs in its {field}.\n  expected: {list(expected_row)}\n  got:      {list(got_row)}"
        )
    if len(got) != len(expected):
        extra = got[len(expected)] if len(got) > len(expected) else expected[len(got)]
        side = "has an extra" if len(got) > len(expected) else "is missing the"
        raise AssertionError(
            f"{what}: expected {len(expected)} layers, got {len(got)}; the model {side} layer {list(extra)} "
            f"at position {min(len(got), len(expected))}."
        )


def assert_equal(what: str, got, expected) -> None:
    """Exact equality with a readable message (ints, strings, lists, shapes)."""
    if _normalize(got) != _normalize(expected):
        raise AssertionError(f"{what}: expected {expected!r}, got {got!r}.")


def assert_close(what: str, got, expected, *, rtol: float = 1e-5, atol: float = 1e-8) -> None:
    """`np.allclose` with shape checking and a message that shows both values and the worst difference."""
    got_array = np.asarray(got, dtype=np.float64)
    expected_array = np.asarray(expected, dtype=np.float64)
    if got_array.shape != expected_array.shape:
        raise AssertionError(f"{what}: expected shape {expected_array.shape}, got shape {got_array.shape}.")
    if np.allclose(got_array, expected_array, rtol=rtol, atol=atol):
        return
    difference = np.abs(got_array - expected_array)
    worst = np.unravel_index(int(np.argmax(np.nan_to_num(difference, nan=np.inf))), difference.shape) if difference.ndim else ()
    where = f" at index {tuple(int(i) for i in worst)}" if worst else ""
    with np.printoptions(precision=8, threshold=40):
        raise AssertionError(
            f"{what}: values differ beyond rtol={rtol}, atol={atol}; worst difference {float(difference[worst]):.3g}"
            f"{where} (expected {float(expected_array[worst])!r}, got {float(got_array[worst])!r}).\n"
            f"  expected: {expected_array}\n"
            f"  got:      {got_array}"
        )


def grade_in_process(week: str, solution, pytest_args=(), revision: str | None = None):
    """Grades `solution` with the week's graders inside this process (as the grading child does): the
    suite's fast path; `python -m assignments grade` runs the same in a separate process.

    Returns the `GradingResults` and what pytest printed.
    """
    import contextlib
    import io
    import os

    import pytest

    from assignments import WEEKS
    from assignments.grading import child, report
    from assignments.grading import solution as solutions

    saved = {name: os.environ.get(name) for name in (solutions.SOLUTION_ENV, solutions.REVISION_ENV)}
    os.environ[solutions.SOLUTION_ENV] = str(solution)
    if revision:
        os.environ[solutions.REVISION_ENV] = revision
    else:
        os.environ.pop(solutions.REVISION_ENV, None)
    try:
        implementation = solutions.load_implementation(week)
        graded = WEEKS[week].graded
        theirs = [name for name in graded if name in implementation.from_solution]
        mismatches, signature_notes = child.mismatch_sentences(implementation)
        results = report.GradingResults(
            {week: graded},
            {week: theirs},
            mismatches={week: mismatches},
            signature_notes={week: signature_notes},
            unfilled={week: implementation.unfilled},
            learner_names={week: implementation.from_solution},
        )
        path = implementation.solution_path

        def is_learner_file(filename: str) -> bool:
            return filename == str(path) or filename.startswith(f"{path.name}, code cell")

        plugin = report.GradingPlugin(results, is_learner_file, {week: implementation.revision})
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            pytest.main(
                [str(child.GRADERS_DIR / f"test_{week}.py"), "-p", "no:cacheprovider", "--assert=plain", "-q", *pytest_args],
                plugins=[plugin],
            )
        return results, printed.getvalue()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
