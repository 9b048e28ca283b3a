"""Course revisions: every supported revision of every week, written as a learner's notebook with nbformat
(correct, with one planted bug, and the unfilled template), graded as expected; older notebooks named.

The notebooks are graded in this process with `-k` subsets of the graders (`grading.grade_in_process`, the
grading child's own steps), so the whole set stays within seconds; `test_grade_command.py` runs the real
command in its own process.
"""

from __future__ import annotations

import numpy as np
import pytest
from grading import grade_in_process
from learner_notebooks import WEEK_CELLS, code, course_notebook, write_notebook

from assignments import WEEKS
from assignments.common.errors import UserError
from assignments.grading import notebook, revisions
from assignments.grading.report import function_results, render_week
from assignments.grading.solution import revision_of

SUPPORTED = [(week.name, revision.name) for week in WEEKS.values() for revision in week.revisions if revision.supported]


def graded(week: str, path, pytest_args, revision: str | None = None) -> dict[str, str]:
    results, printed = grade_in_process(week, path, pytest_args, revision)
    verdicts = {result.name: result.status for result in function_results(results, week)}
    verdicts["report"] = "\n".join(render_week(results, week, week))
    return verdicts


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    """`notebooks(week, revision, kind)` -> the notebook's path, written once per module."""
    folder = tmp_path_factory.mktemp("notebooks")
    written = {}

    def make(week: str, revision: str, kind: str = "correct"):
        key = (week, revision, kind)
        if key not in written:
            path = folder / f"{week}_{revision}_{kind}.ipynb"
            written[key] = course_notebook(path, week, revision, bug=kind == "bug", template=kind == "template")
        return written[key]

    return make


# Revisions told apart only by the learner's own answer (2021-sum: `tf.reduce_sum(...)` in compute_cost): the
# unfilled template has none, so it reads as the week's default revision, which is what it is graded as.
ANSWER_ONLY_EVIDENCE = {("tensorflow_introduction", "2021-sum"): "2021"}


def test_every_week_has_a_course_shaped_notebook_writer():
    assert sorted(set(WEEKS) - set(WEEK_CELLS)) == []


@pytest.mark.parametrize("week, revision", SUPPORTED)
def test_every_revision_is_detected_from_the_notebook(notebooks, week, revision):
    for kind in ("correct", "bug", "template"):
        detection = revision_of(notebooks(week, revision, kind), week)
        expected = ANSWER_ONLY_EVIDENCE.get((week, revision), revision) if kind == "template" else revision
        assert detection.revision.name == expected, (kind, detection)
    assert "detected from" in detection.reason or len([r for r in WEEKS[week].revisions if r.supported]) == 1


def test_the_report_names_the_revision_and_how_it_was_found(notebooks):
    assert revision_of(notebooks("resnet50", "2021"), "resnet50").describe() == (
        "graded as the 2021 revision (detected from identity_block's signature)"
    )
    assert revision_of(notebooks("car_detection", "v1.1"), "car_detection").describe() == (
        "graded as the v1.1 revision (detected from the notebook's version cell '### v1.1')"
    )
    assert revision_of(notebooks("resnet50", "v3.0"), "resnet50", forced="2021").describe() == (
        "graded as the 2021 revision (chosen with --revision)"
    )


@pytest.mark.parametrize("week, revision", SUPPORTED)
def test_an_unfilled_template_is_not_a_definition(notebooks, week, revision):
    path = notebooks(week, revision, "template")
    assert notebook.extract_definitions(notebook.read_code_cells(path), WEEKS[week].graded).defined == ()
    with pytest.raises(UserError, match=rf"defines none of {week}'s graded functions .*unfilled template"):
        grade_in_process(week, path, ["-k", "nothing"])


# Each case: (week, revision, kind, pytest -k, expected verdict per graded function). The subsets keep to the
# checks that tell revisions apart, and to cheap ones; "not run" marks a function the subset leaves out.
CASES = [
    ("car_detection", "v1.1", "correct", "non_max_suppression or iou", {"yolo_non_max_suppression": "passed", "iou": "passed"}),
    ("car_detection", "v2.1", "correct", "non_max_suppression", {"yolo_non_max_suppression": "passed"}),
    (
        "car_detection",
        "v2.1",
        "bug",  # v1.1's class-agnostic suppression in a v2.1 notebook
        "non_max_suppression or test_yolo_eval",
        {"yolo_non_max_suppression": "failed", "yolo_eval": "passed"},
    ),
    ("resnet50", "2021", "correct", "identity_block_training", {"identity_block": "passed"}),
    ("resnet50", "v2.1", "correct", "identity_block_inference", {"identity_block": "passed"}),
    ("resnet50", "v3.0", "correct", "block", {"identity_block": "passed", "convolutional_block": "passed"}),
    (
        "resnet50",
        "v3.0",
        "bug",  # no ReLU after the identity block's addition
        "block",
        {"identity_block": "failed", "convolutional_block": "passed"},
    ),
    (
        "style_transfer",
        "2021",
        "correct",
        "gram_matrix_float32 or train_step_with",
        {"gram_matrix": "passed", "train_step": "passed"},
    ),
    (
        "style_transfer",
        "2021",
        "bug",  # A^T A instead of A A^T
        "gram_matrix_float32 or compute_layer_style_cost or compute_content_cost",
        {"gram_matrix": "failed", "compute_layer_style_cost": "failed", "compute_content_cost": "passed"},
    ),
    ("dinosaur_island", "v2.0", "correct", "clip or sample", {"clip": "passed", "sample": "passed"}),
    ("dinosaur_island", "v1.1", "correct", "optimize", {"optimize": "passed"}),
    (
        "dinosaur_island",
        "2021",
        "bug",
        "clip or optimize or sample",
        {"clip": "failed", "optimize": "failed", "sample": "passed"},
    ),
    (
        "face_recognition",
        "2021",
        "correct",
        "triplet_loss_hand or threshold",
        {"triplet_loss": "passed", "verify": "passed", "who_is_it": "passed"},
    ),
    ("face_recognition", "2021", "bug", "threshold", {"verify": "failed", "who_is_it": "passed"}),  # verify's > 0.7
    ("happy_house", "v1.1", "correct", "summary", {"happyModel": "passed", "convolutional_model": "passed"}),
    ("happy_house", "v1.1", "bug", "summary", {"happyModel": "failed", "convolutional_model": "passed"}),  # a 5x5 kernel
    ("unet_segmentation", "v1.2", "correct", "conv_block or upsampling", {"conv_block": "passed", "upsampling_block": "passed"}),
    ("unet_segmentation", "v1.1", "correct", "conv_block_32", {"conv_block": "passed"}),
    (
        "unet_segmentation",
        "v1.2",
        "bug",
        "conv_block or upsampling",
        {"conv_block": "failed", "upsampling_block": "passed"},
    ),  # dropout 0.5
    ("convolution_step_by_step", "v1", "correct", "pool_forward or zero_pad", {"pool_forward": "passed", "zero_pad": "passed"}),
    ("convolution_step_by_step", "v1", "bug", "pool_forward", {"pool_forward": "failed"}),  # the modes swapped
    (
        "rnn_step_by_step",
        "2021",
        "correct",
        "rnn_cell_forward or rnn_forward",
        {"rnn_cell_forward": "passed", "rnn_forward": "passed"},
    ),
    (
        "rnn_step_by_step",
        "2021",
        "bug",
        "rnn_cell_forward or rnn_forward",
        {"rnn_cell_forward": "failed", "rnn_forward": "failed"},
    ),
    # modelf from a notebook is not graded here yet: its `output_layer = Dense(len(machine_vocab), ...)` global
    # depends on the notebook's data cell, which grading never runs.
    ("neural_machine_translation", "v4a", "correct", "one_step", {"one_step_attention": "passed"}),
    ("neural_machine_translation", "v4a", "bug", "one_step", {"one_step_attention": "failed"}),  # the softmax of e
    ("transformer", "2021", "correct", "get_angles or padding", {"get_angles": "passed", "create_padding_mask": "passed"}),
    ("transformer", "v1", "bug", "get_angles or padding", {"get_angles": "passed", "create_padding_mask": "failed"}),
    # Courses 1 and 2.
    (
        "python_basics",
        "2021",
        "correct",
        "softmax or L1 or normalize or image2vector",
        {"softmax": "passed", "L1": "passed", "normalize_rows": "passed", "image2vector": "passed"},
    ),
    ("python_basics", "2021", "bug", "softmax or L1", {"softmax": "failed", "L1": "passed"}),  # normalised per column
    (
        "logistic_regression",
        "2021",
        "correct",
        "propagate or optimize or predict or initialize",
        {"propagate": "passed", "optimize": "passed", "predict": "passed", "initialize_with_zeros": "passed"},
    ),
    ("logistic_regression", "2018", "correct", "optimize or model_test", {"optimize": "passed", "model": "passed"}),
    ("logistic_regression", "2021", "bug", "propagate or predict", {"propagate": "failed", "predict": "passed"}),  # db not / m
    (
        "planar_data",
        "2021",
        "correct",
        "layer_sizes or compute_cost or backward or update",
        {"layer_sizes": "passed", "compute_cost": "passed", "backward_propagation": "passed", "update_parameters": "passed"},
    ),
    (
        "planar_data",
        "2021",
        "bug",  # the cost without its (1 - Y) term
        "compute_cost or layer_sizes",
        {"compute_cost": "failed", "layer_sizes": "passed"},
    ),
    (
        "deep_nn_step_by_step",
        "2021",
        "correct",
        "linear or compute_cost or update",
        {
            "linear_forward": "passed",
            "linear_activation_forward": "passed",
            "compute_cost": "passed",
            "linear_backward": "passed",
            "linear_activation_backward": "passed",
            "update_parameters": "passed",
        },
    ),
    (
        "deep_nn_step_by_step",
        "2021",
        "bug",  # db not averaged over the examples
        "linear",
        {"linear_forward": "passed", "linear_backward": "failed", "linear_activation_backward": "failed"},
    ),
    ("deep_nn_application", "2021", "correct", "test_case", {"two_layer_model": "passed", "L_layer_model": "passed"}),
    ("deep_nn_application", "v2", "correct", "L_layer_model_test_case", {"L_layer_model": "passed"}),
    (
        "deep_nn_application",
        "2021",
        "bug",  # a fixed learning rate in the L-layer model
        "test_case",
        {"two_layer_model": "passed", "L_layer_model": "failed"},
    ),
    (
        "initialization",
        "2021",
        "correct",
        "initialize_parameters",
        {"initialize_parameters_zeros": "passed", "initialize_parameters_random": "passed", "initialize_parameters_he": "passed"},
    ),
    (
        "initialization",
        "2021",
        "bug",  # Xavier's scale for He's
        "initialize_parameters",
        {"initialize_parameters_zeros": "passed", "initialize_parameters_random": "passed", "initialize_parameters_he": "failed"},
    ),
    (
        "regularization",
        "2021",
        "correct",
        "compute_cost_with or forward_propagation_with_dropout",
        {"compute_cost_with_regularization": "passed", "forward_propagation_with_dropout": "passed"},
    ),
    ("regularization", "2021", "bug", "compute_cost_with", {"compute_cost_with_regularization": "failed"}),  # lambda / m
    (
        "gradient_checking",
        "2021",
        "correct",
        "propagation or gradient_check",
        {
            "forward_propagation": "passed",
            "backward_propagation": "passed",
            "gradient_check": "passed",
            "gradient_check_n": "passed",
        },
    ),
    (
        "gradient_checking",
        "2018",
        "correct",
        "forward_propagation or backward_propagation",
        {"forward_propagation": "passed", "backward_propagation": "passed"},
    ),
    (
        "gradient_checking",
        "2021",
        "bug",  # dtheta = theta
        "propagation or test_gradient_check",
        {"forward_propagation": "passed", "backward_propagation": "failed", "gradient_check": "failed"},
    ),
    (
        "optimization_methods",
        "2021",
        "correct",
        "update_parameters_with_gd or velocity or update_parameters_with_momentum or lr",
        {
            "update_parameters_with_gd": "passed",
            "initialize_velocity": "passed",
            "update_parameters_with_momentum": "passed",
            "update_lr": "passed",
            "schedule_lr_decay": "passed",
        },
    ),
    (
        "optimization_methods",
        "2021",
        "bug",  # the decay not floored to whole intervals
        "lr",
        {"update_lr": "passed", "schedule_lr_decay": "failed"},
    ),
    (
        "tensorflow_introduction",
        "2021",
        "correct",
        "linear_function or sigmoid or one_hot or compute_cost",
        {"linear_function": "passed", "sigmoid": "passed", "one_hot_matrix": "passed", "compute_cost": "passed"},
    ),
    # compute_cost of 2021-sum is not graded here: the graders' check is the batch mean's value.
    ("tensorflow_introduction", "2021-sum", "correct", "sigmoid or one_hot", {"sigmoid": "passed", "one_hot_matrix": "passed"}),
    (
        "tensorflow_introduction",
        "2021",
        "bug",  # a (1, depth) one-hot row
        "one_hot or compute_cost",
        {"one_hot_matrix": "failed", "compute_cost": "passed"},
    ),
]


@pytest.mark.parametrize("week, revision, kind, selection, expected", CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_each_revision_is_graded_as_expected(notebooks, week, revision, kind, selection, expected):
    verdicts = graded(week, notebooks(week, revision, kind), ["-k", selection])
    got = {name: verdicts[name] for name in expected}
    assert got == expected, verdicts["report"]
    assert "Traceback" not in verdicts["report"] and "assert " not in verdicts["report"]


def test_the_helpers_of_a_course_import_line_are_supplied_beside_an_absent_one(notebooks):
    verdicts = graded("planar_data", notebooks("planar_data", "2021"), ["-k", "forward_propagation"])
    assert verdicts["forward_propagation"] == "passed", verdicts["report"]


def test_a_v1_1_notebook_skips_v2_1_checks_and_says_why(notebooks):
    verdicts = graded("car_detection", notebooks("car_detection", "v1.1"), ["-k", "non_max_suppression"])
    assert verdicts["yolo_non_max_suppression"] == "passed"
    assert "4 check(s) skipped: a check of the v2.1 revision only; yours is v1.1" in verdicts["report"]


def test_the_2021_batchnorm_mode_is_a_note_not_a_failure(notebooks):
    verdicts = graded("resnet50", notebooks("resnet50", "2021"), ["-k", "batchnorm_mode"])
    assert verdicts["ResNet50"] == "passed"
    assert "note: the project's Keras 3 check that model(x) leaves BatchNorm in inference mode" in verdicts["report"]


def test_a_signature_of_another_revision_names_both(notebooks, tmp_path):
    # Only an optional parameter differs: the graders' calls fit, so it is graded, with a note naming both.
    verdicts = graded("resnet50", notebooks("resnet50", "v2.1"), ["-k", "identity_block_inference"], revision="2021")
    assert verdicts["identity_block"] == "passed"
    assert (
        "identity_block(X, f, filters, training=True, initializer=random_uniform) is the 2021 revision's; yours is "
        "identity_block(X, f, filters, initializer=random_uniform) (v2.1 and v3.0's); graded revisions: 2021, v2.1, v3.0"
    ) in verdicts["report"]
    # A required parameter differs: the graders cannot call it as the revision does, a failure that names both.
    solution = tmp_path / "style.py"
    solution.write_text("def train_step(generated_image, vgg_model_outputs, a_S, a_C, optimizer):\n    return 0.0\n")
    verdicts = graded("style_transfer", solution, ["-k", "train_step_with"])
    assert verdicts["train_step"] == "failed"
    assert (
        "train_step(generated_image) is the 2021 revision's; yours is "
        "train_step(generated_image, vgg_model_outputs, a_S, a_C, optimizer); graded revisions: 2021"
    ) in verdicts["report"]


@pytest.mark.parametrize(
    "week, source, named",
    [
        (
            "resnet50",
            "def identity_block(X, f, filters, stage, block):\n    return X\n",
            "the 2018 revision of resnet50's notebook",
        ),
        (
            "car_detection",
            "def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):\n"
            "    max_boxes_tensor = K.variable(max_boxes, dtype='int32')\n"
            "    K.get_session().run(tf.variables_initializer([max_boxes_tensor]))\n    return scores, boxes, classes\n",
            "the 2018 revision of car_detection's notebook",
        ),
        (
            "dinosaur_island",
            "sess = tf.Session()\ndef clip(gradients, maxValue):\n    return gradients\n",
            "uses a tf.Session: it is an older Keras 2 / TF1 revision",
        ),
    ],
)
def test_an_older_keras_2_notebook_is_named_in_one_sentence(tmp_path, week, source, named):
    path = write_notebook(
        tmp_path / "old.ipynb", [code("import tensorflow as tf\nfrom keras import backend as K\n"), code(source)]
    )
    with pytest.raises(UserError, match=named) as raised:
        revision_of(path, week)
    assert "\n" not in str(raised.value) and "graded revisions are" in str(raised.value)


def test_the_fused_course_helpers_agree_with_the_course_shaped_ones():
    from assignments.dinosaur_island import rnn_utils
    from assignments.grading import fused_rnn

    rng = np.random.default_rng(0)
    parameters = {
        "Wax": rng.normal(size=(50, 27)),
        "Waa": rng.normal(size=(50, 50)) * 0.1,
        "Wya": rng.normal(size=(27, 50)),
        "b": rng.normal(size=(50, 1)),
        "by": rng.normal(size=(27, 1)),
    }
    X = [None, 3, 1, 20, 9]
    Y = [3, 1, 20, 9, 0]
    a0 = rng.normal(size=(50, 1))
    loss, cache = rnn_utils.rnn_forward(X, Y, a0, parameters)
    fused_loss, fused_cache = fused_rnn.rnn_forward(X, Y, a0, parameters)
    np.testing.assert_allclose(fused_loss, loss, rtol=1e-12)
    for part, fused_part in zip(cache, fused_cache):
        for t in part:
            np.testing.assert_allclose(fused_part[t], part[t], rtol=1e-12, atol=1e-15)
    gradients, a = rnn_utils.rnn_backward(X, Y, parameters, cache)
    fused_gradients, fused_a = fused_rnn.rnn_backward(X, Y, parameters, fused_cache)
    assert sorted(fused_gradients) == sorted(gradients)
    for key in gradients:
        np.testing.assert_allclose(fused_gradients[key], gradients[key], rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(fused_a[len(X) - 1], a[len(X) - 1], rtol=1e-12)
    # A cache the learner's own rnn_forward made goes through the course-shaped backward pass.
    np.testing.assert_allclose(fused_rnn.rnn_backward(X, Y, parameters, cache)[0]["dWaa"], gradients["dWaa"])


def test_revisions_parse_and_name_known_functions():
    for week in WEEKS.values():
        names = [revision.name for revision in week.revisions]
        assert len(names) == len(set(names)), week.name
        for revision in week.revisions:
            for function, signature in revision.signatures.items():
                # A revision that is only named (not graded) may record an older name (normalizeRows, model).
                assert function in week.graded or not revision.supported, (week.name, function)
                assert signature.startswith(f"{function}("), (week.name, signature)
                revisions.parameter_names(signature)


def test_an_other_check_that_fails_in_the_learners_own_function_names_it(tmp_path):
    solution = tmp_path / "mine.py"
    solution.write_text(
        "import tensorflow as tf\n\n"
        "def gram_matrix(A):\n    return tf.matmul(A, A, transpose_b=True)\n\n"
        "def compute_style_cost(style_image_output, generated_image_output, STYLE_LAYERS):\n    return 0.0\n"
    )
    verdicts = graded("style_transfer", solution, ["-k", "gram_matrix_float32 or compute_style_cost_default"])
    assert verdicts["gram_matrix"] == "passed"
    assert "other checks (the project's helpers): 1 failed" in verdicts["report"]
    assert "in your own compute_style_cost (not graded functions, but the graders call them)" in verdicts["report"]


def test_a_week_with_one_revision_or_none_just_works():
    from assignments.common.week import Revision, Week

    bare = Week("new_week", "A new week", "C9W9A9", graded=("forward",))
    assert revisions.detect_revision(bare, ["def forward(x):\n    return x\n"]).describe() == ""
    single = Week("new_week", "A new week", "C9W9A9", graded=("forward",), revisions=(Revision("v1"),))
    assert revisions.detect_revision(single, ["def forward(x):\n    return x\n"]).describe() == (
        "graded as the v1 revision (the default)"
    )
    with pytest.raises(UserError, match="--revision v2 is not a graded revision of new_week: the graded ones are v1"):
        revisions.detect_revision(single, [], forced="v2")


def test_a_python_file_that_is_still_the_template_is_not_graded(tmp_path):
    solution = tmp_path / "mine.py"
    solution.write_text(
        "import numpy as np\n\ndef clip(gradients, maxValue):\n    ### START CODE HERE ###\n"
        "    gradients = None\n    ### END CODE HERE ###\n    return gradients\n\nsample = None\n"
    )
    with pytest.raises(UserError, match=r"\(clip, sample are still the course's unfilled template\)"):
        grade_in_process("dinosaur_island", solution, ["-k", "nothing"])


def test_helper_modules_are_supplied_only_while_the_file_loads():
    import sys
    import types

    from assignments.grading.course_helpers import supplied_modules

    package = types.SimpleNamespace(softmax="ours")
    sys.modules["utils"] = previous = types.ModuleType("utils")  # an unrelated installed `utils`
    try:
        with supplied_modules({"utils": ("softmax",), "yad2k.models.keras_yolo": ("softmax",)}, package):
            from utils import softmax
            from yad2k.models.keras_yolo import softmax as nested

            assert softmax == nested == "ours"
        assert sys.modules["utils"] is previous and "yad2k" not in sys.modules
    finally:
        sys.modules.pop("utils", None)


def test_messages_carry_no_tensor_reprs_or_rewritten_asserts():
    from assignments.grading.report import course_words

    error = TypeError(
        "train_step() takes 1 positional argument but 5 were given: tf.Tensor(\n[[0.1 0.2]\n [0.3 0.4]], shape=(2, 2), dtype=float32)"
    )
    assert course_words(error, lambda name: False) == (
        "Error",
        "TypeError: train_step() takes 1 positional argument but 5 were given: a tensor",
    )
    rewritten = AssertionError("iou: IoU must be < 1, got 1.0\nassert 1.0 < 1\n +  where 1.0 = float(1.0)")
    assert course_words(rewritten, lambda name: False) == ("Wrong value", "iou: IoU must be < 1, got 1.0")


def test_an_older_notebook_that_shares_the_graded_names_is_still_named(tmp_path):
    # basic_sigmoid is in both revisions: only the camel-case normalizeRows tells the 2018 notebook apart.
    path = write_notebook(
        tmp_path / "old.ipynb",
        [
            code("import math\nimport numpy as np\n"),
            code("def basic_sigmoid(x):\n    return 1 / (1 + math.exp(-x))\n"),
            code("def normalizeRows(x):\n    return x / np.linalg.norm(x, axis=1, keepdims=True)\n"),
        ],
    )
    with pytest.raises(UserError, match="follows the 2018 revision of python_basics's notebook"):
        revision_of(path, "python_basics")
