"""Graders for C5W1 Dinosaur Island: the course's expected outputs, computed by the implementation under test.

The implementation is ours, or a learner's file (`python -m assignments grade dinosaur_island --solution
FILE`). Inputs are built with the course's legacy numpy RNG calls, so the expected numbers apply.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import re

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "dinosaur_island"
CHARACTERS = "\nabcdefghijklmnopqrstuvwxyz"
CHAR_TO_IX = {character: index for index, character in enumerate(CHARACTERS)}
IX_TO_CHAR = dict(enumerate(CHARACTERS))


@pytest.fixture
def rnn(implementation):
    return implementation(WEEK)


def clip_test_gradients():
    np.random.seed(3)
    return {
        "dWax": np.random.randn(5, 3) * 10,
        "dWaa": np.random.randn(5, 5) * 10,
        "dWya": np.random.randn(2, 5) * 10,
        "db": np.random.randn(5, 1) * 10,
        "dby": np.random.randn(2, 1) * 10,
    }


@pytest.mark.parametrize(
    "max_value, expected",
    [
        (
            10,
            {"dWaa[1][2]": 10.0, "dWax[3][1]": -10.0, "dWya[1][2]": 0.2971381536101662, "db[4]": [10.0], "dby[1]": [8.45833407]},
        ),
        (5, {"dWaa[1][2]": 5.0, "dWax[3][1]": -5.0, "dWya[1][2]": 0.2971381536101662, "db[4]": [5.0], "dby[1]": [5.0]}),
    ],
)
def test_clip(rnn, max_value, expected):
    gradients = clip_test_gradients()
    original = copy.deepcopy(gradients)
    clipped = rnn.clip(gradients, max_value)

    assert_equal("clip's returned keys", sorted(clipped), sorted(["dWax", "dWaa", "dWya", "db", "dby"]))
    got = {
        "dWaa[1][2]": clipped["dWaa"][1][2],
        "dWax[3][1]": clipped["dWax"][3][1],
        "dWya[1][2]": clipped["dWya"][1][2],
        "db[4]": clipped["db"][4],
        "dby[1]": clipped["dby"][1],
    }
    for name, value in expected.items():
        assert_close(f"clip(gradients, {max_value}) {name}", got[name], value)
    for key in original:
        assert_close(f"clip must leave the caller's gradients['{key}'] untouched", gradients[key], original[key], rtol=0, atol=0)
        within = np.abs(original[key]) <= max_value
        assert_close(
            f"{key}: entries already within ±{max_value} must not change",
            clipped[key][within],
            original[key][within],
            rtol=0,
            atol=0,
        )
        if np.abs(clipped[key]).max() > max_value:
            raise AssertionError(f"{key}: a clipped value {np.abs(clipped[key]).max()} is outside ±{max_value}")


def test_clip_out_parameter_semantics(rnn):
    """The course clips with `np.clip(..., out=...)` on a deep copy: the result does not alias the input."""
    gradients = clip_test_gradients()
    clipped = rnn.clip(gradients, 10)
    for key in clipped:
        if np.shares_memory(clipped[key], gradients[key]):
            raise AssertionError(
                f"clip returned an array that shares memory with the caller's gradients['{key}']: deep-copy first."
            )


def course_random_parameters(n_a: int = 100, vocab_size: int = 27) -> dict:
    """The course tests' random weights: standard normal, drawn in the order Wax, Waa, Wya, b, by."""
    return {
        "Wax": np.random.randn(n_a, vocab_size),
        "Waa": np.random.randn(n_a, n_a),
        "Wya": np.random.randn(vocab_size, n_a),
        "b": np.random.randn(n_a, 1),
        "by": np.random.randn(vocab_size, 1),
    }


EXPECTED_SAMPLE = [23, 16, 26, 26, 24, 3, 21, 1, 7, 24, 15, 3, 25, 20, 6, 13, 10, 8, 20, 12, 2, 0]


def test_sample(rnn):
    np.random.seed(24)
    parameters = course_random_parameters()
    indices = [int(index) for index in rnn.sample(parameters, CHAR_TO_IX, 0)]
    characters = [IX_TO_CHAR[index] for index in indices]
    assert_equal("sample(...) first six indices", indices[:6], EXPECTED_SAMPLE[:6])
    assert_equal("sample(...) indices", indices, EXPECTED_SAMPLE)
    assert_equal("sample(...) characters", characters, [IX_TO_CHAR[index] for index in EXPECTED_SAMPLE])
    if len(indices) >= 52:
        raise AssertionError(f"sample(...) produced {len(indices)} indices; at most 51 are allowed (50 + newline).")
    assert_equal("sample(...) last character", characters[-1], "\n")


def test_optimize(rnn):
    np.random.seed(1)
    a_prev = np.random.randn(100, 1)
    parameters = course_random_parameters()
    wya_before = parameters["Wya"].copy()
    X = [12, 3, 5, 11, 22, 3]
    Y = [4, 14, 11, 22, 25, 26]

    loss, gradients, a_last = rnn.optimize(X, Y, a_prev, parameters, learning_rate=0.01)

    # The course's numbers; today's BLAS sums in another order, so allow 1e-10 relative (measured: 1e-13).
    assert_close("Loss", loss, 126.50397572165389, rtol=1e-10)
    assert_close("gradients['dWaa'][1][2]", gradients["dWaa"][1][2], 0.19470931534713587, rtol=1e-10)
    assert_equal("np.argmax(gradients['dWax'])", int(np.argmax(gradients["dWax"])), 93)
    assert_close("gradients['dWya'][1][2]", gradients["dWya"][1][2], -0.007773876032002162, rtol=1e-10)
    assert_close("gradients['db'][4]", gradients["db"][4], [-0.06809825])
    assert_close("gradients['dby'][1]", gradients["dby"][1], [0.01538192])
    assert_close("a_last[4]", a_last[4], [-1.0])
    for key in ("dWax", "dWaa", "dWya", "db", "dby"):
        if np.abs(gradients[key]).max() > 5:
            raise AssertionError(f"gradients['{key}'] holds {np.abs(gradients[key]).max()}: optimize must clip to [-5, 5].")
    if np.array_equal(parameters["Wya"], wya_before):
        raise AssertionError("optimize did not update parameters['Wya'] in place.")


# The course's printed blocks: iteration → (smoothed loss, seven sampled names).
COURSE_BLOCKS = {
    0: (23.087336, "Nkzxwtdmfqoeyhsqwasjkjvu Kneb Kzxwtdmfqoeyhsqwasjkjvu Neb Zxwtdmfqoeyhsqwasjkjvu Eb Xwtdmfqoeyhsqwasjkjvu"),
    2000: (
        27.884160,
        "Liusskeomnolxeros Hmdaairus Hytroligoraurus Lecalosapaus Xusicikoraurus Abalpsamantisaurus Tpraneronxeros",
    ),
    4000: (
        25.901815,
        "Mivrosaurus Inee Ivtroplisaurus Mbaaisaurus Wusichisaurus Cabaselachus Toraperlethosdarenitochusthiamamumamaon",
    ),
    6000: (24.608779, "Onwusceomosaurus Lieeaerosaurus Lxussaurus Oma Xusteonosaurus Eeahosaurus Toreonosaurus"),
    8000: (24.070350, "Onxusichepriuon Kilabersaurus Lutrodon Omaaerosaurus Xutrcheps Edaksoje Trodiktonus"),
    10000: (23.844446, "Onyusaurus Klecalosaurus Lustodon Ola Xusodonia Eeaeosaurus Troceosaurus"),
    12000: (23.291971, "Onyxosaurus Kica Lustrepiosaurus Olaagrraiansaurus Yuspangosaurus Eealosaurus Trognesaurus"),
    14000: (23.382338, "Meutromodromurus Inda Iutroinatorsaurus Maca Yusteratoptititan Ca Troclosaurus"),
    16000: (23.224544, None),
    18000: (22.904954, None),
    20000: (23.005394, None),
    22000: (22.728886, None),
}
# Past 14000 the course's run depends on its machine's float rounding (COURSE_EXPECTED.md measured
# 12 BLAS/SIMD configurations: all agree through 14000, none reproduces 16000); there the losses must
# stay within 0.3 of the course's and the names must be well-formed.
TAIL_LOSS_TOLERANCE = 0.3
# Opt-in strict mode (DLS_STRICT_COURSE_TAIL=1): demand the course's tail to print precision too. It
# fails on machines whose float rounding differs from the course's (this project's CI machine included).
STRICT_TAIL = os.environ.get("DLS_STRICT_COURSE_TAIL", "") not in ("", "0")


def parse_blocks(printed: str) -> dict[int, tuple[float, list[str]]]:
    blocks = {}
    # `%f` in the course; a learner's f-string prints more digits, which read the same.
    for match in re.finditer(r"Iteration: (\d+), Loss: ([0-9.eE+-]+)\n\n((?:.*\n){7})", printed):
        blocks[int(match.group(1))] = (float(match.group(2)), match.group(3).splitlines())
    return blocks


@pytest.fixture(scope="module")
def course_run(request):
    """The notebook's `model(data.split("\\n"), ix_to_char, char_to_ix, 22001, verbose=True)` on dinos.txt."""
    from assignments.common.data import find_course_file
    from assignments.grading.solution import load_implementation

    path = find_course_file(WEEK, "dinos.txt")
    if path is None:
        pytest.skip("needs_data: dinosaur_island/dinos.txt not found under $DLS_DATA_DIR")
    data = path.read_text(encoding="utf-8").lower()
    characters = sorted(set(data))
    char_to_ix = {character: index for index, character in enumerate(characters)}
    ix_to_char = dict(enumerate(characters))
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        parameters, last_name = load_implementation(WEEK).model(data.split("\n"), ix_to_char, char_to_ix, 22001, verbose=True)
    return buffer.getvalue(), last_name, len(data), len(characters)


@pytest.mark.needs_data
def test_model_data_summary(course_run):
    _, _, total_characters, unique_characters = course_run
    assert_equal("total characters in dinos.txt", total_characters, 19909)
    assert_equal("unique characters", unique_characters, 27)


@pytest.mark.needs_data
@pytest.mark.not_in_course("the debug lines model(..., verbose=True) prints (some 2021 templates leave them out)")
def test_model_verbose_lines(course_run):
    printed = course_run[0]
    for line in (
        "j =  0 idx =  0",
        "single_example = turiasaurus",
        "single_example_chars ['t', 'u', 'r', 'i', 'a', 's', 'a', 'u', 'r', 'u', 's']",
        "single_example_ix [20, 21, 18, 9, 1, 19, 1, 21, 18, 21, 19]",
        " X =  [None, 20, 21, 18, 9, 1, 19, 1, 21, 18, 21, 19] ",
        " Y =        [20, 21, 18, 9, 1, 19, 1, 21, 18, 21, 19, 0] ",
        "j =  1535 idx =  1535",
        "j =  1536 idx =  0",
    ):
        if line not in printed.splitlines():
            raise AssertionError(f"model(..., verbose=True) should print the line {line!r}; it did not.")


@pytest.mark.needs_data
@pytest.mark.parametrize("iteration", sorted(COURSE_BLOCKS))
def test_model_printed_blocks(course_run, iteration):
    blocks = parse_blocks(course_run[0])
    if iteration not in blocks:
        raise AssertionError(f"model(...) printed no 'Iteration: {iteration}, Loss: ...' block followed by 7 names.")
    loss, names = blocks[iteration]
    expected_loss, expected_names = COURSE_BLOCKS[iteration]
    if expected_names is not None or STRICT_TAIL:
        # Printed with 6 decimals: exact through 12000; 14000 to the printed precision (1e-6).
        assert_close(f"Iteration {iteration} loss", loss, expected_loss, rtol=0, atol=1.1e-6)
        if expected_names is not None:
            assert_equal(f"Iteration {iteration} names", names, expected_names.split())
    else:
        assert_close(
            f"Iteration {iteration} loss (machine-dependent tail)", loss, expected_loss, rtol=0, atol=TAIL_LOSS_TOLERANCE
        )
        for name in names:
            if not re.fullmatch(r"[A-Z][a-z]*", name) and name != "":
                raise AssertionError(f"Iteration {iteration}: sampled name {name!r} is not a capitalised lowercase word.")


@pytest.mark.needs_data
def test_model_last_name(course_run):
    printed, last_name, _, _ = course_run
    last_printed = parse_blocks(printed)[22000][1][-1]
    assert_equal("last_dino_name", last_name, last_printed + "\n")
    if not last_name.startswith("Tro"):
        raise AssertionError(
            f"last_dino_name {last_name!r}: the course's is 'Trodonosaurus\\n'; every run measured starts with 'Tro'."
        )
