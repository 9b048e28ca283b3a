"""Reading a learner's notebook for grading: only the graded functions and what they need ever run."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from learner_notebooks import car_detection_notebook, code, dinosaur_notebook, write_notebook
from nbformat.v4 import new_markdown_cell

from assignments import WEEKS, car_detection, dinosaur_island
from assignments.common.errors import UserError
from assignments.grading import notebook
from assignments.grading.report import course_words, graded_functions_of
from assignments.grading.solution import find_solutions, load_solution_module, solution_files

GRADERS = Path(__file__).resolve().parent / "graders"


def kept_sources(path: Path, wanted) -> list[str]:
    definitions = notebook.extract_definitions(notebook.read_code_cells(path), wanted)
    return [ast.unparse(statement.node).splitlines()[0] for statement in definitions.statements]


def test_magics_are_blanked_and_line_numbers_kept():
    source = notebook.python_source("%matplotlib inline\n!pip install x\nfiles = !ls\nclip?\nx = 1\n  %time f()\n")
    assert source.splitlines() == ["pass", "pass", "pass", "pass", "x = 1", "  pass"]
    assert notebook.python_source("%%time\ny = 2\n").splitlines() == ["", "y = 2"]
    assert notebook.python_source("%%bash\necho hi\n") == ""  # Not Python: left out.


def test_only_the_graded_functions_and_what_they_need_are_kept(tmp_path):
    path = dinosaur_notebook(tmp_path / "Dinosaurus_Island.ipynb")
    kept = kept_sources(path, WEEKS["dinosaur_island"].graded)
    # The fixed clip (cell 7) with its import, the helper and constant it uses, numpy, and the star imports.
    assert kept == [
        "import numpy as np",
        "from utils import *",
        "from public_tests import *",
        "GRADIENT_NAMES = ('dWaa', 'dWax', 'dWya', 'db', 'dby')",
        "def clip_in_place(gradient, maxValue):",
        "import copy",
        "def clip(gradients, maxValue):",
    ]


def test_a_local_variable_never_pulls_in_a_top_level_cell(tmp_path):
    # `parameters` is a parameter of optimize, and also the top-level result of a 22001-iteration training.
    path = write_notebook(
        tmp_path / "n.ipynb",
        [
            code("RATE = 0.01\nparameters = model(data, 22001)\n"),
            code(
                "def optimize(X, Y, a_prev, parameters, learning_rate=RATE):\n    loss = len(parameters)\n    return loss, parameters\n"
            ),
        ],
    )
    assert kept_sources(path, ["optimize"]) == ["RATE = 0.01", "def optimize(X, Y, a_prev, parameters, learning_rate=RATE):"]


def test_a_wrapped_graded_function_keeps_the_definition_it_wraps(tmp_path):
    path = write_notebook(
        tmp_path / "n.ipynb",
        [
            code("import functools\n\ndef clip(gradients, maxValue):\n    return 'theirs'\n"),
            code("clip = functools.lru_cache(clip)\n"),
        ],
    )
    assert kept_sources(path, ["clip"]) == [
        "import functools",
        "def clip(gradients, maxValue):",
        "clip = functools.lru_cache(clip)",
    ]
    assert load_solution_module(path, "dinosaur_island").clip(1, 2) == "theirs"


def test_a_notebook_saved_as_a_script_is_pointed_at_the_notebook(tmp_path):
    script = tmp_path / "exported.py"
    script.write_text("get_ipython().run_line_magic('matplotlib', 'inline')\n\ndef clip(g, m):\n    return g\n")
    with pytest.raises(UserError, match=r"stops on line 1 \(NameError.*pass the .ipynb notebook itself"):
        load_solution_module(script, "dinosaur_island")


def test_notebook_module_grades_the_last_definition(tmp_path):
    module = load_solution_module(dinosaur_notebook(tmp_path / "Dinosaurus_Island.ipynb"), "dinosaur_island")
    gradients = {name: np.full((2, 2), -20.0) for name in ("dWaa", "dWax", "dWya", "db", "dby")}
    clipped = module.clip(gradients, 10)
    assert clipped["dWax"][0, 0] == -10.0  # The first, wrong clip would give 0.
    assert gradients["dWax"][0, 0] == -20.0
    assert module.sample is dinosaur_island.sample  # Not in the notebook: the project's own.


def test_a_tensorflow_notebook_keeps_its_imports_and_ours_fill_the_absent_course_helpers(tmp_path):
    path = car_detection_notebook(tmp_path / "Autonomous_driving_application_Car_detection.ipynb")
    assert kept_sources(path, WEEKS["car_detection"].graded) == [
        "from yad2k.utils.utils import draw_boxes, scale_boxes, read_classes, read_anchors, preprocess_image",
        "def iou(box1, box2):",
        "def yolo_eval(yolo_outputs, image_shape=(720, 1280), max_boxes=10, score_threshold=0.6, iou_threshold=0.5):",
    ]
    module = load_solution_module(path, "car_detection")
    assert module.iou((2, 1, 4, 3), (1, 2, 3, 4)) == pytest.approx(1 / 7)
    assert module.yolo_eval is not car_detection.yolo_eval and module.yolo_eval.__globals__ is vars(module)
    assert module.scale_boxes is car_detection.scale_boxes  # yad2k is absent: the project's version.


def test_a_syntax_error_in_the_cell_that_counts_names_the_cell_and_line(tmp_path):
    broken = code("# GRADED FUNCTION: clip\ndef clip(gradients, maxValue):\n    return {key: for key in gradients}\n", 12)
    path = write_notebook(
        tmp_path / "n.ipynb", [new_markdown_cell("# title"), code("def clip(g, m):\n    return g\n", 3), broken]
    )
    with pytest.raises(UserError, match=r"n.ipynb, code cell 2 \(In \[12\]\) defines clip but has a syntax error on line 3"):
        load_solution_module(path, "dinosaur_island")
    # Fixed in a later cell: the broken one no longer matters, as in Jupyter.
    fixed = write_notebook(tmp_path / "m.ipynb", [broken, code("def clip(g, m):\n    return g\n")])
    assert load_solution_module(fixed, "dinosaur_island").clip({}, 1) == {}


def test_a_notebook_without_graded_functions_is_an_error(tmp_path):
    path = write_notebook(tmp_path / "n.ipynb", [code("import numpy as np\nx = np.ones(3)\n")])
    with pytest.raises(UserError, match=r"defines none of dinosaur_island's graded functions \(clip, sample, optimize, model\)"):
        load_solution_module(path, "dinosaur_island")


def test_a_damaged_notebook_is_one_sentence(tmp_path):
    path = tmp_path / "n.ipynb"
    path.write_text('{"cells": [')
    with pytest.raises(UserError, match="cannot be read as a Jupyter notebook"):
        load_solution_module(path, "dinosaur_island")


def test_a_folder_finds_the_weeks_notebook_not_the_course_helpers(tmp_path):
    dinosaur_notebook(tmp_path / "Dinosaurus_Island.ipynb")
    # The course's utils.py beside it defines a `sample` too (and more non-graded helpers).
    (tmp_path / "utils.py").write_text("def softmax(x):\n    pass\ndef sample(preds, temperature=1.0):\n    pass\n")
    graded = {name: week.graded for name, week in WEEKS.items()}
    (tmp_path / "my_unet.py").write_text("def conv_block(inputs=None, n_filters=32):\n    pass\n")
    found = solution_files(tmp_path, graded)
    assert found == {"dinosaur_island": tmp_path / "Dinosaurus_Island.ipynb", "unet_segmentation": tmp_path / "my_unet.py"}
    assert find_solutions(tmp_path, "dinosaur_island", graded) == {
        "dinosaur_island": (tmp_path / "Dinosaurus_Island.ipynb").resolve()
    }
    (tmp_path / "copy_of_unet.py").write_text("def conv_block(inputs=None, n_filters=32):\n    pass\n")
    with pytest.raises(UserError, match="both define unet_segmentation's graded functions"):
        solution_files(tmp_path, graded)


def test_check_names_map_to_graded_functions():
    assert graded_functions_of("test_happy_model_summary", ("happyModel", "convolutional_model")) == ("happyModel",)
    assert graded_functions_of("test_model_printed_blocks[2000]", ("clip", "sample", "optimize", "model")) == ("model",)
    yolo = WEEKS["car_detection"].graded
    assert graded_functions_of("test_yolo_non_max_suppression_per_class[case1]", yolo) == ("yolo_non_max_suppression",)
    assert graded_functions_of("test_class_names_and_anchors", yolo) == ()
    assert graded_functions_of("test_threshold_is_0_7", ("verify", "who_is_it"), ("verify", "who_is_it")) == (
        "verify",
        "who_is_it",
    )


def test_every_graded_function_has_a_grader_check():
    """Renaming a grader check must not leave a graded function unreported ('no check')."""
    for name, week in WEEKS.items():
        tree = ast.parse((GRADERS / f"test_{name}.py").read_text())
        checks = [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]
        covered = {function for check in checks for function in graded_functions_of(check, week.graded)}
        assert covered == set(week.graded), f"{name}: no grader check is named after {set(week.graded) - covered}"


def test_failures_in_the_courses_words():
    assert course_words(AssertionError("iou: expected shape (3,), got shape (2,)."), lambda f: False)[0] == "Wrong shape"
    label, detail = course_words(
        AssertionError(
            "gram_matrix row 0: values differ beyond rtol=1e-05, atol=1e-08; worst difference 2 (expected 63.19, got 61.0).\n  expected: 63.19\n  got:      61.0"
        ),
        lambda f: False,
    )
    assert (label, detail) == ("Wrong value", "gram_matrix row 0: expected 63.19, got 61.0.")
    assert course_words(AssertionError("model: layer 2 differs in its activation."), lambda f: False)[0] == "Wrong layer"
    try:
        exec(compile("def f():\n    return 1 / 0\nf()\n", "my.ipynb, code cell 3", "exec"), {})
    except ZeroDivisionError as error:
        words = course_words(error, lambda filename: filename.startswith("my.ipynb"))
    assert words == ("Your code raised an error", "ZeroDivisionError: division by zero (my.ipynb, code cell 3, line 2)")
