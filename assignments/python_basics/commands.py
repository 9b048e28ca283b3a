"""The week's main script: the graded functions on the course's own examples, then loops against numpy."""

from __future__ import annotations

import numpy as np

from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.common.plots import pyplot, save_figure
from assignments.python_basics import numpy_basics, synthetic, vectorization
from assignments.python_basics.cli import Settings


def show_examples() -> None:
    """Each graded function on the notebook's example input."""
    print("basic_sigmoid(1) =", numpy_basics.basic_sigmoid(1))
    print("sigmoid([1, 2, 3]) =", numpy_basics.sigmoid(np.array([1, 2, 3])))
    print("sigmoid_derivative([1, 2, 3]) =", numpy_basics.sigmoid_derivative(np.array([1, 2, 3])))
    print("image2vector(3x3x2).shape =", numpy_basics.image2vector(np.arange(18.0).reshape(3, 3, 2)).shape)
    print("normalize_rows([[0, 3, 4], [1, 6, 4]]) =\n", numpy_basics.normalize_rows(np.array([[0.0, 3, 4], [1, 6, 4]])))
    print("softmax([[9, 2, 5, 0, 0], [7, 5, 0, 0, 0]]) =\n", numpy_basics.softmax(np.array([[9.0, 2, 5, 0, 0], [7, 5, 0, 0, 0]])))
    yhat, y = np.array([0.9, 0.2, 0.1, 0.4, 0.9]), np.array([1, 0, 0, 1, 1])
    print("L1 =", numpy_basics.L1(yhat, y), " L2 =", numpy_basics.L2(yhat, y))
    print("dot of the notebook's x1, x2 =", vectorization.loop_dot(vectorization.X1, vectorization.X2))


def time_operations(settings: Settings) -> list[tuple[str, float, float]]:
    """(operation, loop seconds, numpy seconds) for each of the demo's operations, on vectors of --size."""
    x1, x2, W = synthetic.demo_vectors(settings.size, settings.seed)
    pairs = vectorization.demo_pairs(x1, x2, W, x1.tolist(), x2.tolist())
    rows = []
    for name, loop, vectorised in pairs:
        # Same answer first: a fast wrong result is not a speed-up.
        if not np.allclose(loop(), vectorised()):
            raise RuntimeError(f"the loop and numpy versions of {name} disagree")
        rows.append(
            (name, vectorization.best_time(loop, settings.repeats), vectorization.best_time(vectorised, settings.repeats))
        )
    return rows


def write_timings(settings: Settings, rows: list[tuple[str, float, float]]) -> None:
    folder = ensure_output_dir(settings.output)
    lines = ["operation,size,loop_seconds,numpy_seconds,speedup"]
    lines += [f"{name},{settings.size},{loop:.6g},{fast:.6g},{loop / fast:.1f}" for name, loop, fast in rows]
    csv = write_text_atomic(folder / "vectorisation.csv", "\n".join(lines) + "\n")
    figure, axis = pyplot().subplots(figsize=(7, 4))
    axis.bar([name for name, _, _ in rows], [loop / fast for _, loop, fast in rows])
    axis.set_yscale("log")
    axis.set_ylabel("loop time / numpy time")
    axis.set_title(f"numpy vs Python loops, vectors of {settings.size:,} (outer: 300)")
    png = save_figure(figure, folder / "vectorisation.png")
    print(f"Wrote {csv} and {png}")


def run(settings: Settings) -> int:
    show_examples()
    print(f"\nTiming loops against numpy on vectors of {settings.size:,} (fastest of {settings.repeats}):")
    rows = time_operations(settings)
    for name, loop, fast in rows:
        print(f"  {name:12s} loop {loop * 1e3:10.3f} ms   numpy {fast * 1e3:8.3f} ms   x{loop / fast:,.0f}")
    write_timings(settings, rows)
    return 0
