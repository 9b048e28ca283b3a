"""Learner notebooks for the grading tests, written by the tests themselves with nbformat (format 4).

They look like a course notebook that a learner has worked through: kernel metadata, markdown, IPython
magics, the course's markers, cells that load data or call the course's test helpers (absent here), cell
outputs and execution counts, and a graded function written twice (the second, fixed one counts).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

# The course's clip, written from its description: clip every gradient to [-maxValue, maxValue] in place
# on a copy. The first version in the notebook forgets the negative side; the learner fixes it later.
WRONG_CLIP_CELL = """\
# UNQ_C1 (UNIQUE CELL IDENTIFIER, DO NOT EDIT)
# GRADED FUNCTION: clip

def clip(gradients, maxValue):
    ### START CODE HERE ###
    return {key: np.clip(value, 0, maxValue) for key, value in gradients.items()}
    ### END CODE HERE ###
"""

FIXED_CLIP_CELL = """\
# GRADED FUNCTION: clip
import copy

def clip(gradients, maxValue):
    '''Clips every gradient to [-maxValue, maxValue] (a deep copy: the caller's arrays stay as they were).'''
    gradients = copy.deepcopy(gradients)
    ### START CODE HERE ###
    for gradient in [gradients[name] for name in GRADIENT_NAMES]:
        clip_in_place(gradient, maxValue)
    ### END CODE HERE ###
    return gradients
"""

HELPER_CELL = """\
GRADIENT_NAMES = ("dWaa", "dWax", "dWya", "db", "dby")

def clip_in_place(gradient, maxValue):
    np.clip(gradient, -maxValue, maxValue, out=gradient)
"""

# Cells that must never run during grading: each would fail (or take minutes) here.
DATA_CELL = "data = open('dinos.txt', 'r').read()\ndata = data.lower()\nchars = sorted(list(set(data)))\n"
TRAIN_CELL = "parameters, last_name = model(data.split('\\n'), ix_to_char, char_to_ix, 22001, verbose=True)\n"
TEST_HELPER_CELL = "clip_test(clip)\nraise RuntimeError('this cell must not run during grading')\n"
IMPORT_CELL = """\
%matplotlib inline
!pip install --quiet numpy
import numpy as np
from utils import *
from public_tests import *
import pprint
"""


def write_notebook(path: Path, cells: Sequence) -> Path:
    """Writes an nbformat-4 notebook with the course's kernel metadata; returns `path`."""
    notebook = new_notebook(
        cells=list(cells),
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.7.6", "file_extension": ".py"},
            "coursera": {"schema_names": ["DLSC5W1-A2"]},
        },
    )
    nbformat.validate(notebook)
    nbformat.write(notebook, str(path))
    return path


def code(source: str, count: int | None = None, printed: str | None = None):
    cell = new_code_cell(source, execution_count=count)
    if printed is not None:
        cell.outputs.append(new_output("stream", name="stdout", text=printed))
    return cell


def dinosaur_notebook(path: Path) -> Path:
    """A worked Dinosaur Island notebook: clip written wrong, then fixed; the other graded functions absent."""
    return write_notebook(
        path,
        [
            new_markdown_cell("# Character level language model - Dinosaurus Island\n\nWelcome to Dinosaurus Island!"),
            code(IMPORT_CELL, 1),
            code(DATA_CELL, 2),
            code("%%time\nprint('There are %d total characters' % len(data))", 3, "There are 19909 total characters\n"),
            code(WRONG_CLIP_CELL, 4),
            code(TEST_HELPER_CELL, 5, "Wrong values\n"),
            new_markdown_cell('**Expected output**: `gradients["dWaa"][1][2] = 10.0`'),
            code(HELPER_CELL, 6),
            code(FIXED_CLIP_CELL, 7),
            code("%%bash\necho this is not Python\n", 8),
            code(TRAIN_CELL, 9),
        ],
    )


CAR_IMPORT_CELL = """\
import argparse
import os
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from tensorflow.keras.models import load_model
from yad2k.models.keras_yolo import yolo_head
from yad2k.utils.utils import draw_boxes, scale_boxes, read_classes, read_anchors, preprocess_image

%matplotlib inline
"""

CAR_IOU_CELL = """\
# GRADED FUNCTION: iou
def iou(box1, box2):
    (box1_x1, box1_y1, box1_x2, box1_y2) = box1
    (box2_x1, box2_y1, box2_x2, box2_y2) = box2
    ### START CODE HERE
    inter_width = max(min(box1_x2, box2_x2) - max(box1_x1, box2_x1), 0)
    inter_height = max(min(box1_y2, box2_y2) - max(box1_y1, box2_y1), 0)
    inter_area = inter_width * inter_height
    union_area = (box1_x2 - box1_x1) * (box1_y2 - box1_y1) + (box2_x2 - box2_x1) * (box2_y2 - box2_y1) - inter_area
    ### END CODE HERE
    return inter_area / union_area
"""

CAR_EVAL_CELL = """\
# GRADED FUNCTION: yolo_eval
def yolo_eval(yolo_outputs, image_shape=(720, 1280), max_boxes=10, score_threshold=.6, iou_threshold=.5):
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    boxes = yolo_boxes_to_corners(box_xy, box_wh)
    scores, boxes, classes = yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=score_threshold)
    boxes = scale_boxes(boxes, image_shape)
    return yolo_non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold)
"""


def car_detection_notebook(path: Path) -> Path:
    """A Car detection notebook with iou and yolo_eval; the course's yad2k helpers it imports are absent."""
    return write_notebook(
        path,
        [
            new_markdown_cell("# Autonomous Driving - Car Detection"),
            code(CAR_IMPORT_CELL, 1),
            code(CAR_IOU_CELL, 2),
            code(
                "print('iou for intersecting boxes = ' + str(iou((2, 1, 4, 3), (1, 2, 3, 4))))", 3, "iou = 0.14285714285714285\n"
            ),
            code(CAR_EVAL_CELL, 4),
            code('yolo_model = load_model("model_data/", compile=False)\nyolo_model.summary()', 5),
        ],
    )


# --- One notebook per week and course revision ------------------------------------------------------
#
# Each is written here, in the shape the revision's notebook has (its version cell, its imports, the
# course's markers, the given lines around each answer region), with our own code in the answer regions:
# `course_notebook(path, week, revision)` for a correct one, `bug=True` for one planted mistake,
# `template=True` for the unfilled template (every answer region `None`). Facts about the revisions:
# the weeks' `week.py` (`Week.revisions`); never the course's code.


def graded_cell(name: str, body: str, number: int) -> str:
    return f"# UNQ_C{number}\n# GRADED FUNCTION: {name}\n\n{body}"


def unfilled(source: str) -> str:
    """The template of a graded cell: each answer region's code lines become `None` placeholders."""
    lines, inside = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if re.search(r"START CODE HERE|YOUR CODE STARTS HERE", stripped):
            inside = True
        elif re.search(r"END CODE HERE|YOUR CODE ENDS HERE", stripped):
            inside = False
        elif inside and stripped and not stripped.startswith("#"):
            indent = line[: len(line) - len(line.lstrip())]
            if stripped.endswith(","):  # an item of a list the learner fills (a Sequential model's layers)
                lines.append(f"{indent}# None,")
                continue
            if stripped.endswith(":"):  # a loop or condition the learner writes: the template has `None` there
                lines.append(f"{indent}if None:")
                continue
            target = stripped.split("=")[0].strip() if "=" in stripped and not stripped.startswith(("return", "if")) else None
            line = f"{indent}{target} = None" if target and re.fullmatch(r"[\w, \[\]]+", target) else f"{indent}pass"
        lines.append(line)
    return "\n".join(lines) + "\n"


CAR_IMPORTS = """\
import os
import numpy as np
import tensorflow as tf
from tensorflow.python.framework.ops import EagerTensor
from tensorflow.keras.models import load_model
from yad2k.models.keras_yolo import yolo_head
from yad2k.utils.utils import draw_boxes, get_colors_for_classes, scale_boxes, read_classes, read_anchors, preprocess_image

%matplotlib inline
"""

CAR_FILTER = """\
def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=.6):
    ### START CODE HERE
    box_scores = box_confidence * box_class_probs  # (19, 19, 5, 80)
    box_classes = tf.math.argmax(box_scores, axis=-1)
    box_class_scores = tf.math.reduce_max(box_scores, axis=-1)
    filtering_mask = box_class_scores >= threshold
    scores = tf.boolean_mask(box_class_scores, filtering_mask)
    boxes = tf.boolean_mask(boxes, filtering_mask)
    classes = tf.boolean_mask(box_classes, filtering_mask)
    ### END CODE HERE
    return scores, boxes, classes
"""

CAR_NMS_ONE_CLASS = """\
def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    max_boxes_tensor = tf.Variable(max_boxes, dtype='int32')
    ### START CODE HERE
    nms_indices = tf.image.non_max_suppression(boxes, scores, max_boxes_tensor, iou_threshold=iou_threshold)
    scores = tf.gather(scores, nms_indices)
    boxes = tf.gather(boxes, nms_indices)
    classes = tf.gather(classes, nms_indices)
    ### END CODE HERE
    return scores, boxes, classes
"""

CAR_NMS_PER_CLASS = """\
def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    boxes = tf.cast(boxes, dtype=tf.float32)
    scores = tf.cast(scores, dtype=tf.float32)
    classes = tf.convert_to_tensor(classes)
    ### START CODE HERE
    kept = []
    for label in tf.unique(classes)[0]:
        members = tf.where(tf.equal(classes, label))[:, 0]
        chosen = tf.image.non_max_suppression(tf.gather(boxes, members), tf.gather(scores, members), max_boxes, iou_threshold)
        kept.append(tf.gather(members, chosen))
    indices = tf.concat(kept, axis=0)
    order = tf.argsort(tf.gather(scores, indices), direction='DESCENDING')[:max_boxes]
    indices = tf.gather(indices, order)
    ### END CODE HERE
    return tf.gather(scores, indices), tf.gather(boxes, indices), tf.gather(classes, indices)
"""


def car_cells(revision: str, bug: bool, template: bool) -> list:
    nms = CAR_NMS_PER_CLASS if revision == "v2.1" and not bug else CAR_NMS_ONE_CLASS
    functions = [("yolo_filter_boxes", CAR_FILTER), ("iou", CAR_IOU_CELL.split("\n", 1)[1]), ("yolo_non_max_suppression", nms)]
    functions.append(
        (
            "yolo_eval",
            CAR_EVAL_CELL.split("\n", 1)[1]
            .replace("    box_xy,", "    ### START CODE HERE\n    box_xy,")
            .replace("    return yolo_non", "    ### END CODE HERE\n    return yolo_non"),
        )
    )
    return [
        code(f"### {revision}", None),
        code(CAR_IMPORTS, 1),
        *graded_cells(functions, template),
        code("yolo_non_max_suppression_test(yolo_non_max_suppression)\n", 9, "All tests passed!\n"),
        code(
            'class_names = read_classes("model_data/coco_classes.txt")\nyolo_model = load_model("model_data/", compile=False)\n',
            10,
        ),
    ]


def graded_cells(functions, template: bool) -> list:
    cells = []
    for number, (name, body) in enumerate(functions, start=1):
        source = graded_cell(name, body, number)
        cells.append(code(unfilled(source) if template else source, 2 * number))
        cells.append(code(f"print({name})\n{name}_test({name})\n", 2 * number + 1))  # the course's test cell
    return cells


RESNET_IMPORTS = """\
import tensorflow as tf
import numpy as np
from tensorflow.keras import layers
from tensorflow.keras.layers import Input, Add, Dense, Activation, ZeroPadding2D, Flatten, Conv2D, AveragePooling2D, MaxPooling2D{bn}
from tensorflow.keras.models import Model, load_model
from resnets_utils import *
from tensorflow.keras.initializers import random_uniform, glorot_uniform, constant, identity
from test_utils import summary, comparator
import public_tests

%matplotlib inline
np.random.seed(1)
tf.random.set_seed(2)
"""

RESNET_IDENTITY = """\
def identity_block(X, f, filters{training}, initializer=random_uniform):
    F1, F2, F3 = filters
    X_shortcut = X

    X = Conv2D(filters=F1, kernel_size=1, strides=(1, 1), padding='valid', kernel_initializer=initializer(seed=0))(X)
    X = BatchNormalization(axis=3)(X{mode})
    X = Activation('relu')(X)

    ### START CODE HERE
    X = Conv2D(filters=F2, kernel_size=f, strides=(1, 1), padding='same', kernel_initializer=initializer(seed=0))(X)
    X = BatchNormalization(axis=3)(X{mode})
    X = Activation('relu')(X)
    X = Conv2D(filters=F3, kernel_size=1, strides=(1, 1), padding='valid', kernel_initializer=initializer(seed=0))(X)
    X = BatchNormalization(axis=3)(X{mode})
    X = Add()([X_shortcut, X])
    X = Activation('{last}')(X)
    ### END CODE HERE

    return X
"""

RESNET_CONVOLUTIONAL = """\
def convolutional_block(X, f, filters, s=2{training}, initializer=glorot_uniform):
    F1, F2, F3 = filters
    X_shortcut = X

    X = Conv2D(filters=F1, kernel_size=1, strides=(s, s), padding='valid', kernel_initializer=initializer(seed=0))(X)
    X = BatchNormalization(axis=3)(X{mode})
    X = Activation('relu')(X)

    ### START CODE HERE
    X = Conv2D(filters=F2, kernel_size=f, strides=(1, 1), padding='same', kernel_initializer=initializer(seed=0))(X)
    X = BatchNormalization(axis=3)(X{mode})
    X = Activation('relu')(X)
    X = Conv2D(filters=F3, kernel_size=1, strides=(1, 1), padding='valid', kernel_initializer=initializer(seed=0))(X)
    X = BatchNormalization(axis=3)(X{mode})
    X_shortcut = Conv2D(filters=F3, kernel_size=1, strides=(s, s), padding='valid', kernel_initializer=initializer(seed=0))(X_shortcut)
    X_shortcut = BatchNormalization(axis=3)(X_shortcut{mode})
    ### END CODE HERE

    X = Add()([X, X_shortcut])
    X = Activation('relu')(X)
    return X
"""

RESNET_MODEL = """\
STAGES = (([64, 64, 256], 1, 2), ([128, 128, 512], 2, 3), ([256, 256, 1024], 2, 5), ([512, 512, 2048], 2, 2))


def ResNet50(input_shape=(64, 64, 3), classes=6{training}):
    X_input = Input(input_shape)
    X = ZeroPadding2D((3, 3))(X_input)
    X = Conv2D(64, (7, 7), strides=(2, 2), kernel_initializer=glorot_uniform(seed=0))(X)
    X = BatchNormalization(axis=3)(X)
    X = Activation('relu')(X)
    X = MaxPooling2D((3, 3), strides=(2, 2))(X)

    ### START CODE HERE
    for filters, stride, identity_blocks in STAGES:
        X = convolutional_block(X, f=3, filters=filters, s=stride)
        for _ in range(identity_blocks):
            X = identity_block(X, 3, filters)
    X = AveragePooling2D((2, 2))(X)
    ### END CODE HERE

    X = Flatten()(X)
    X = Dense(classes, activation='softmax', kernel_initializer=glorot_uniform(seed=0))(X)
    return Model(inputs=X_input, outputs=X)
"""


def resnet_cells(revision: str, bug: bool, template: bool) -> list:
    with_training = revision == "2021"
    fill = {
        "training": ", training=True" if with_training else "",
        "mode": ", training=training" if with_training else "",
        "last": "linear" if bug else "relu",  # the planted bug: no ReLU after the shortcut's addition
    }
    functions = [
        ("identity_block", RESNET_IDENTITY.format(**fill)),
        ("convolutional_block", RESNET_CONVOLUTIONAL.format(**fill)),
        ("ResNet50", RESNET_MODEL.format(training="" if with_training else ", training=False")),
    ]
    imports = RESNET_IMPORTS.format(bn=", BatchNormalization" if revision != "v3.0" else "")
    if revision == "2021":
        imports = imports.replace("from resnets_utils import *\n", "from resnets_utils import *\nfrom outputs import *\n")
    version = [code(f"### {revision}", 1)] if revision != "2021" else []
    return [
        *version,
        code(imports, 2),
        *graded_cells(functions, template),
        code("model = ResNet50(input_shape=(64, 64, 3), classes=6)\nmodel.fit(X_train, Y_train, epochs=10, batch_size=32)\n", 20),
    ]


STYLE_CELLS = (
    """\
import numpy as np
import tensorflow as tf
from PIL import Image
from public_tests import *
%matplotlib inline
""",
    """\
STYLE_LAYERS = [
    ('block1_conv1', 0.2),
    ('block2_conv1', 0.2),
    ('block3_conv1', 0.2),
    ('block4_conv1', 0.2),
    ('block5_conv1', 0.2)]
content_layer = [('block5_conv4', 1)]
vgg = tf.keras.applications.VGG19(include_top=False, input_shape=(400, 400, 3), weights='pretrained-model/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5')
""",
)

STYLE_FUNCTIONS = [
    (
        "compute_content_cost",
        """\
def compute_content_cost(content_output, generated_output):
    a_C = content_output[-1]
    a_G = generated_output[-1]
    ### START CODE HERE
    _, n_H, n_W, n_C = a_G.get_shape().as_list()
    J_content = tf.reduce_sum(tf.square(a_C - a_G)) / (4.0 * n_H * n_W * n_C)
    ### END CODE HERE
    return J_content
""",
    ),
    (
        "gram_matrix",
        """\
def gram_matrix(A):
    ### START CODE HERE
    GA = tf.matmul({first}, {second}, transpose_b=True)
    ### END CODE HERE
    return GA
""",
    ),
    (
        "compute_layer_style_cost",
        """\
def compute_layer_style_cost(a_S, a_G):
    ### START CODE HERE
    _, n_H, n_W, n_C = a_G.get_shape().as_list()
    a_S = tf.transpose(tf.reshape(a_S, shape=[-1, n_C]))  # (n_C, n_H * n_W)
    a_G = tf.transpose(tf.reshape(a_G, shape=[-1, n_C]))
    GS = gram_matrix(a_S)
    GG = gram_matrix(a_G)
    J_style_layer = tf.reduce_sum(tf.square(GS - GG)) / (4.0 * n_C ** 2 * (n_H * n_W) ** 2)
    ### END CODE HERE
    return J_style_layer
""",
    ),
    (
        "total_cost",
        """\
@tf.function()
def total_cost(J_content, J_style, alpha = 10, beta = 40):
    ### START CODE HERE
    J = alpha * J_content + beta * J_style
    ### END CODE HERE
    return J
""",
    ),
    (
        "train_step",
        """\
@tf.function()
def train_step(generated_image):
    with tf.GradientTape() as tape:
        ### START CODE HERE
        a_G = vgg_model_outputs(generated_image)
        J_style = compute_style_cost(a_S, a_G)
        J_content = compute_content_cost(a_C, a_G)
        J = total_cost(J_content, J_style, alpha = 10, beta = 40)
        ### END CODE HERE
    grad = tape.gradient(J, generated_image)
    optimizer.apply_gradients([(grad, generated_image)])
    generated_image.assign(clip_0_1(generated_image))
    return J
""",
    ),
]

STYLE_GIVEN = """\
def compute_style_cost(style_image_output, generated_image_output, STYLE_LAYERS=STYLE_LAYERS):
    J_style = 0
    a_S = style_image_output[:-1]
    a_G = generated_image_output[:-1]
    for i, weight in zip(range(len(a_S)), STYLE_LAYERS):
        J_style += weight[1] * compute_layer_style_cost(a_S[i], a_G[i])
    return J_style


def clip_0_1(image):
    return tf.clip_by_value(image, clip_value_min=0.0, clip_value_max=1.0)


def get_layer_outputs(vgg, layer_names):
    outputs = [vgg.get_layer(layer[0]).output for layer in layer_names]
    return tf.keras.Model([vgg.input], outputs)
"""

STYLE_SETUP = """\
vgg_model_outputs = get_layer_outputs(vgg, STYLE_LAYERS + content_layer)
content_image = np.array(Image.open("images/louvre_small.jpg").resize((400, 400)))
a_C = vgg_model_outputs(tf.constant(content_image[np.newaxis], tf.float32) / 255)
a_S = vgg_model_outputs(tf.constant(content_image[np.newaxis], tf.float32) / 255)
optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)
generated_image = tf.Variable(tf.image.convert_image_dtype(content_image, tf.float32))
"""


def style_cells(revision: str, bug: bool, template: bool) -> list:
    functions = [(name, body.format(first="A", second="A") if name == "gram_matrix" else body) for name, body in STYLE_FUNCTIONS]
    if bug:  # the planted bug: A^T A, the (n_H*n_W, n_H*n_W) matrix, instead of A A^T
        functions[1] = (
            "gram_matrix",
            STYLE_FUNCTIONS[1][1].replace("tf.matmul({first}, {second}, transpose_b=True)", "tf.matmul(A, A, transpose_a=True)"),
        )
    cells = graded_cells(functions, template)
    return [
        code(STYLE_CELLS[0], 1),
        code(STYLE_CELLS[1], 2),
        *cells[:6],
        code(STYLE_GIVEN, 8),
        *cells[6:],
        code(STYLE_SETUP, 14),
        code("train_step_test(train_step, generated_image)\n", 15),
    ]


DINO_CLIP = """\
def clip(gradients, maxValue):
    gradients = copy.deepcopy(gradients)
    dWaa, dWax, dWya, db, dby = gradients['dWaa'], gradients['dWax'], gradients['dWya'], gradients['db'], gradients['dby']
    ### START CODE HERE ###
    for gradient in [dWax, dWaa, dWya, db, dby]:
        np.clip(gradient, {low}, maxValue, out=gradient)
    ### END CODE HERE ###
    return {"dWaa": dWaa, "dWax": dWax, "dWya": dWya, "db": db, "dby": dby}
"""

DINO_SAMPLE = """\
def sample(parameters, char_to_ix, seed):
    Waa, Wax, Wya, by, b = parameters['Waa'], parameters['Wax'], parameters['Wya'], parameters['by'], parameters['b']
    vocab_size = by.shape[0]
    n_a = Waa.shape[1]
    ### START CODE HERE ###
    x = np.zeros((vocab_size, 1))
    a_prev = np.zeros((n_a, 1))
    indices = []
    idx = -1
    counter = 0
    newline_character = char_to_ix['\\n']
    while (idx != newline_character and counter != 50):
        a = np.tanh(np.dot(Wax, x) + np.dot(Waa, a_prev) + b)
        y = softmax(np.dot(Wya, a) + by)
        np.random.seed(counter + seed)
        idx = np.random.choice(range(vocab_size), p=y.ravel())
        indices.append(idx)
        x = np.zeros((vocab_size, 1))
        x[idx] = 1
        a_prev = a
        seed += 1
        counter += 1
    ### END CODE HERE ###
    if (counter == 50):
        indices.append(char_to_ix['\\n'])
    return indices
"""

DINO_OPTIMIZE = """\
def optimize(X, Y, a_prev, parameters, learning_rate = 0.01):
    ### START CODE HERE ###
    loss, cache = rnn_forward(X, Y, a_prev, parameters)
    gradients, a = rnn_backward(X, Y, parameters, cache)
    gradients = clip(gradients, 5)
    parameters = update_parameters(parameters, gradients, learning_rate)
    ### END CODE HERE ###
    return loss, gradients, a[len(X)-1]
"""

DINO_MODEL = """\
def model(data_x, ix_to_char, char_to_ix, num_iterations = 35000, n_a = 50, dino_names = 7, vocab_size = 27, verbose = False):
    n_x, n_y = vocab_size, vocab_size
    parameters = initialize_parameters(n_a, n_x, n_y)
    loss = get_initial_loss(vocab_size, dino_names)
    examples = [x.strip() for x in data_x]
    np.random.seed(0)
    np.random.shuffle(examples)
    a_prev = np.zeros((n_a, 1))
    for j in range(num_iterations):
        ### START CODE HERE ###
        idx = j % len(examples)
        single_example = examples[idx]
        single_example_chars = [c for c in single_example]
        single_example_ix = [char_to_ix[c] for c in single_example_chars]
        X = [None] + single_example_ix
        Y = X[1:] + [char_to_ix['\\n']]
        curr_loss, gradients, a_prev = optimize(X, Y, a_prev, parameters, learning_rate = 0.01)
        ### END CODE HERE ###
        if verbose and j in [0, len(examples) -1, len(examples)]:
            print("j = " , j, "idx = ", idx,)
        if verbose and j in [0]:
            {debug}print("single_example =", single_example)
            print("single_example_chars", single_example_chars)
            print("single_example_ix", single_example_ix)
            print(" X = ", X, "\\n", "Y =       ", Y, "\\n")
        loss = smooth(loss, curr_loss)
        if j % {every} == 0:
            print('Iteration: %d, Loss: %f' % (j, loss) + '\\n')
            seed = 0
            for name in range(dino_names):
                sampled_indices = sample(parameters, char_to_ix, seed)
                last_dino_name = get_sample(sampled_indices, ix_to_char)
                print(last_dino_name.replace('\\n', ''))
                seed += 1
            print('\\n')
    return parameters, last_dino_name
"""


def dinosaur_cells(revision: str, bug: bool, template: bool) -> list:
    old = revision == "2021"  # the 2021 variant: blocks every 1000 iterations, the first debug print commented out
    functions = [
        ("clip", DINO_CLIP.replace("{low}", "0" if bug else "-maxValue")),
        ("sample", DINO_SAMPLE),
        ("optimize", DINO_OPTIMIZE),
        ("model", DINO_MODEL.replace("{debug}", "#" if old else "").replace("{every}", "1000" if old else "2000")),
    ]
    version = [] if old else [code(f"### {revision}", 1)]
    imports = "import numpy as np\nfrom utils import *\nimport random\nimport pprint\nimport copy\nfrom public_tests import *\n"
    return [*version, code(imports, 2), code(DATA_CELL, 3), *graded_cells(functions, template), code(TRAIN_CELL, 12)]


FACE_IMPORTS = """\
from tensorflow.keras.layers import Conv2D, ZeroPadding2D, Activation, Input, concatenate
from tensorflow.keras.models import Model
from tensorflow.keras.layers import BatchNormalization
from tensorflow.keras.layers import MaxPooling2D, AveragePooling2D
from tensorflow.keras.layers import Lambda, Flatten, Dense
from tensorflow.keras.initializers import glorot_uniform
from tensorflow.keras.layers import Layer
from tensorflow.keras import backend as K
K.set_image_data_format('channels_last')
import os
import numpy as np
from numpy import genfromtxt
import pandas as pd
import tensorflow as tf
import PIL
%matplotlib inline
"""

FACE_FUNCTIONS = [
    (
        "triplet_loss",
        """\
def triplet_loss(y_true, y_pred, alpha = 0.2):
    anchor, positive, negative = y_pred[0], y_pred[1], y_pred[2]
    ### START CODE HERE
    pos_dist = tf.reduce_sum(tf.square(tf.subtract(anchor, positive)), axis=-1)
    neg_dist = tf.reduce_sum(tf.square(tf.subtract(anchor, negative)), axis=-1)
    basic_loss = tf.add(tf.subtract(pos_dist, neg_dist), alpha)
    loss = tf.reduce_sum(tf.maximum(basic_loss, 0.0))
    ### END CODE HERE
    return loss
""",
    ),
    (
        "verify",
        """\
def verify(image_path, identity, database, model):
    ### START CODE HERE
    encoding = img_to_encoding(image_path, model)
    dist = np.linalg.norm(encoding - database[identity])
    if dist {compare} 0.7:
        print("It's " + str(identity) + ", welcome in!")
        door_open = True
    else:
        print("It's not " + str(identity) + ", please go away")
        door_open = False
    ### END CODE HERE
    return dist, door_open
""",
    ),
    (
        "who_is_it",
        """\
def who_is_it(image_path, database, model):
    ### START CODE HERE
    encoding = img_to_encoding(image_path, model)
    min_dist = 100
    for (name, db_enc) in database.items():
        dist = np.linalg.norm(encoding - db_enc)
        if dist < min_dist:
            min_dist = dist
            identity = name
    ### END CODE HERE
    if min_dist > 0.7:
        print("Not in the database.")
    else:
        print ("it's " + str(identity) + ", the distance is " + str(min_dist))
    return min_dist, identity
""",
    ),
]

FACE_GIVEN = """\
def img_to_encoding(image_path, model):
    img = tf.keras.preprocessing.image.load_img(image_path, target_size=(160, 160))
    img = np.around(np.array(img) / 255.0, decimals=12)
    x_train = np.expand_dims(img, axis=0)
    embedding = model.predict(x_train, verbose=0)
    return embedding / np.linalg.norm(embedding, ord=2)
"""


def face_cells(revision: str, bug: bool, template: bool) -> list:
    functions = [(name, body.replace("{compare}", ">" if bug else "<")) for name, body in FACE_FUNCTIONS]
    cells = graded_cells(functions, template)
    loading = "from tensorflow.keras.models import model_from_json\nmodel = model_from_json(open('keras-facenet-h5/model.json').read())\nFRmodel = model\n"
    return [code(FACE_IMPORTS, 1), code(loading, 2), *cells[:2], code(FACE_GIVEN, 5), *cells[2:]]


HAPPY_IMPORTS = """\
import numpy as np
import h5py
import tensorflow as tf
import tensorflow.keras.layers as tfl
from cnn_utils import *
from test_utils import summary, comparator
%matplotlib inline
"""

HAPPY_FUNCTIONS = [
    (
        "happyModel",
        """\
def happyModel():
    model = tf.keras.Sequential([
            ## YOUR CODE STARTS HERE
            tfl.ZeroPadding2D(padding=3, input_shape=(64, 64, 3)),
            tfl.Conv2D(32, {kernel}, strides=1),
            tfl.BatchNormalization(axis=3),
            tfl.ReLU(),
            tfl.MaxPool2D(),
            tfl.Flatten(),
            tfl.Dense(1, activation='sigmoid'),
            ## YOUR CODE ENDS HERE
        ])
    return model
""",
    ),
    (
        "convolutional_model",
        """\
def convolutional_model(input_shape):
    input_img = tf.keras.Input(shape=input_shape)
    ## YOUR CODE STARTS HERE
    Z1 = tfl.Conv2D(filters=8, kernel_size=4, padding='same')(input_img)
    A1 = tfl.ReLU()(Z1)
    P1 = tfl.MaxPool2D(pool_size=8, strides=8, padding='same')(A1)
    Z2 = tfl.Conv2D(filters=16, kernel_size=2, padding='same')(P1)
    A2 = tfl.ReLU()(Z2)
    P2 = tfl.MaxPool2D(pool_size=4, strides=4, padding='same')(A2)
    F = tfl.Flatten()(P2)
    outputs = tfl.Dense(units=6, activation='softmax')(F)
    ## YOUR CODE ENDS HERE
    model = tf.keras.Model(inputs=input_img, outputs=outputs)
    return model
""",
    ),
]


def happy_cells(revision: str, bug: bool, template: bool) -> list:
    functions = [(name, body.replace("{kernel}", "5" if bug else "7")) for name, body in HAPPY_FUNCTIONS]
    cells = graded_cells(functions, template)
    if template:  # the template: the Sequential model's name bound to a placeholder at the top level
        cells.insert(0, code("happyModel = None\n", 3))
    return [
        code("### v1.1", 1),
        code(HAPPY_IMPORTS, 2),
        *cells,
        code("happy_model = happyModel()\nhappy_model.fit(X_train, Y_train, epochs=10, batch_size=16)\n", 9),
    ]


UNET_IMPORTS = """\
import tensorflow as tf
import numpy as np
from tensorflow.keras.layers import Input
from tensorflow.keras.layers import Conv2D
from tensorflow.keras.layers import MaxPooling2D
from tensorflow.keras.layers import Dropout
from tensorflow.keras.layers import Conv2DTranspose
from tensorflow.keras.layers import concatenate
from test_utils import summary, comparator
"""

UNET_FUNCTIONS = [
    (
        "conv_block",
        """\
def conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
    ### START CODE HERE
    conv = Conv2D(n_filters, 3, activation='relu', padding='same', kernel_initializer='he_normal')(inputs)
    conv = Conv2D(n_filters, 3, activation='relu', padding='same', kernel_initializer='he_normal')(conv)
    ### END CODE HERE
    if dropout_prob > 0:
        ### START CODE HERE
        conv = Dropout({rate})(conv)
        ### END CODE HERE
    if max_pooling:
        ### START CODE HERE
        next_layer = MaxPooling2D(2, strides=2)(conv)
        ### END CODE HERE
    else:
        next_layer = conv
    skip_connection = conv
    return next_layer, skip_connection
""",
    ),
    (
        "upsampling_block",
        """\
def upsampling_block(expansive_input, contractive_input, n_filters=32):
    ### START CODE HERE
    up = Conv2DTranspose(n_filters, 3, strides=2, padding='same')(expansive_input)
    merge = concatenate([up, contractive_input], axis=3)
    conv = Conv2D(n_filters, 3, activation='relu', padding='same', kernel_initializer='he_normal')(merge)
    conv = Conv2D(n_filters, 3, activation='relu', padding='same', kernel_initializer='he_normal')(conv)
    ### END CODE HERE
    return conv
""",
    ),
    (
        "unet_model",
        """\
def unet_model(input_size=(96, 128, 3), n_filters=32, n_classes=23):
    inputs = Input(input_size)
    ### START CODE HERE
    cblock1 = conv_block(inputs, n_filters)
    cblock2 = conv_block(cblock1[0], n_filters * 2)
    cblock3 = conv_block(cblock2[0], n_filters * 4)
    cblock4 = conv_block(cblock3[0], n_filters * 8, dropout_prob=0.3)
    cblock5 = conv_block(cblock4[0], n_filters * 16, dropout_prob=0.3, max_pooling=False)
    ublock6 = upsampling_block(cblock5[0], cblock4[1], n_filters * 8)
    ublock7 = upsampling_block(ublock6, cblock3[1], n_filters * 4)
    ublock8 = upsampling_block(ublock7, cblock2[1], n_filters * 2)
    ublock9 = upsampling_block(ublock8, cblock1[1], n_filters)
    ### END CODE HERE
    conv9 = Conv2D(n_filters, 3, activation='relu', padding='same', kernel_initializer='he_normal')(ublock9)
    ### START CODE HERE
    conv10 = Conv2D(n_classes, 1, padding='same')(conv9)
    ### END CODE HERE
    model = tf.keras.Model(inputs=inputs, outputs=conv10)
    return model
""",
    ),
]


def unet_cells(revision: str, bug: bool, template: bool) -> list:
    functions = [(name, body.replace("{rate}", "0.5" if bug else "dropout_prob")) for name, body in UNET_FUNCTIONS]
    return [code(f"### {revision}", 1), code(UNET_IMPORTS, 2), *graded_cells(functions, template)]


CONVOLUTION_IMPORTS = """\
import numpy as np
import h5py
import matplotlib.pyplot as plt
from public_tests import *

%matplotlib inline
np.random.seed(1)
"""

CONVOLUTION_FUNCTIONS = [
    (
        "zero_pad",
        """\
def zero_pad(X, pad):
    # YOUR CODE STARTS HERE
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=(0, 0))
    # YOUR CODE ENDS HERE
    return X_pad
""",
    ),
    (
        "conv_single_step",
        """\
def conv_single_step(a_slice_prev, W, b):
    # YOUR CODE STARTS HERE
    Z = np.sum(a_slice_prev * W) + b.item()
    # YOUR CODE ENDS HERE
    return Z
""",
    ),
    (
        "pool_forward",
        """\
def pool_forward(A_prev, hparameters, mode = "max"):
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]
    n_H = int(1 + (n_H_prev - f) / stride)
    n_W = int(1 + (n_W_prev - f) / stride)
    A = np.zeros((m, n_H, n_W, n_C_prev))
    # YOUR CODE STARTS HERE
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C_prev):
                    window = A_prev[i, h * stride:h * stride + f, w * stride:w * stride + f, c]
                    A[i, h, w, c] = np.max(window) if mode == "{max}" else np.mean(window)
    # YOUR CODE ENDS HERE
    cache = (A_prev, hparameters)
    return A, cache
""",
    ),
]


def convolution_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: average pooling where max pooling was asked for.
    functions = [(name, body.replace("{max}", "average" if bug else "max")) for name, body in CONVOLUTION_FUNCTIONS]
    return [code(CONVOLUTION_IMPORTS, 1), *graded_cells(functions, template)]


TRANSFER_IMPORTS = """\
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
import tensorflow.keras.layers as tfl
from tensorflow.keras.preprocessing import image_dataset_from_directory
from tensorflow.keras.layers.experimental.preprocessing import RandomFlip, RandomRotation

IMG_SIZE = (160, 160)
preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input
"""

# The base's weights, as each revision's notebook gives them (a given line, outside the answer region).
TRANSFER_WEIGHTS = {
    "v1": "'imagenet'",
    "v1-local-weights": '"imagenet_base_model/without_top_mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5"',
}

TRANSFER_FUNCTIONS = [
    (
        "data_augmenter",
        """\
def data_augmenter():
    # YOUR CODE STARTS HERE
    data_augmentation = tf.keras.Sequential()
    data_augmentation.add(RandomFlip("horizontal"))
    data_augmentation.add(RandomRotation({factor}))
    # YOUR CODE ENDS HERE
    return data_augmentation
""",
    ),
    (
        "alpaca_model",
        """\
def alpaca_model(image_shape=IMG_SIZE, data_augmentation=data_augmenter()):
    input_shape = image_shape + (3,)
    base_model = tf.keras.applications.MobileNetV2(input_shape=input_shape, include_top=False, weights={weights})
    # YOUR CODE STARTS HERE
    base_model.trainable = False
    inputs = tf.keras.Input(shape=input_shape)
    x = data_augmentation(inputs)
    x = preprocess_input(x)
    x = base_model(x, training=False)
    x = tfl.GlobalAveragePooling2D()(x)
    x = tfl.Dropout(0.2)(x)
    outputs = tfl.Dense(1)(x)
    model = tf.keras.Model(inputs, outputs)
    # YOUR CODE ENDS HERE
    return model
""",
    ),
]


def transfer_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: a rotation of up to 10 % of a turn instead of 20 %.
    functions = [
        (name, body.replace("{factor}", "0.1" if bug else "0.2").replace("{weights}", TRANSFER_WEIGHTS[revision]))
        for name, body in TRANSFER_FUNCTIONS
    ]
    return [code(TRANSFER_IMPORTS, 1), *graded_cells(functions, template)]


# --- Course 5: RNN step by step, neural machine translation, Transformer ----------------------------------

RNN_STEP_IMPORTS = """\
# Building_a_Recurrent_Neural_Network_Step_by_Step
import numpy as np
from rnn_utils import *
from public_tests import *
"""
RNN_STEP_FUNCTIONS = [
    (
        "rnn_cell_forward",
        """\
def rnn_cell_forward(xt, a_prev, parameters):
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    ### START CODE HERE ###
    a_next = np.tanh(np.dot(Waa, a_prev) + np.dot(Wax, xt) + ba)
    yt_pred = softmax(np.dot(Wya, a_next) + {by})
    cache = (a_next, a_prev, xt, parameters)
    ### END CODE HERE ###
    return a_next, yt_pred, cache
""",
    ),
    (
        "rnn_forward",
        """\
def rnn_forward(x, a0, parameters):
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    ### START CODE HERE ###
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    a_next = a0
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    ### END CODE HERE ###
    caches = (caches, x)
    return a, y_pred, caches
""",
    ),
]


def rnn_step_cells(revision: str, bug: bool, template: bool) -> list:
    functions = [(name, body.replace("{by}", "0" if bug else "by")) for name, body in RNN_STEP_FUNCTIONS]
    return [code(RNN_STEP_IMPORTS, 1), *graded_cells(functions, template)]


NMT_IMPORTS = """\
# Neural_machine_translation_with_attention_v4a
from tensorflow.keras.layers import Bidirectional, Concatenate, Permute, Dot, Input, LSTM, Multiply
from tensorflow.keras.layers import RepeatVector, Dense, Activation, Lambda
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.models import load_model, Model
import tensorflow.keras.backend as K
import tensorflow as tf
import numpy as np
from faker import Faker
import random
from tqdm import tqdm
from babel.dates import format_date
from nmt_utils import *
import matplotlib.pyplot as plt
%matplotlib inline
"""
NMT_GLOBALS = """\
Tx = 30
Ty = 10
repeator = RepeatVector(Tx)
concatenator = Concatenate(axis=-1)
densor1 = Dense(10, activation = "tanh")
densor2 = Dense(1, activation = "relu")
activator = Activation(softmax, name='attention_weights')
dotor = Dot(axes = 1)
"""
NMT_FUNCTIONS = [
    (
        "one_step_attention",
        """\
def one_step_attention(a, s_prev):
    ### START CODE HERE ###
    s_prev = repeator(s_prev)
    concat = concatenator([a, s_prev])
    e = densor1(concat)
    energies = densor2(e)
    alphas = activator({energies})
    context = dotor([alphas, a])
    ### END CODE HERE ###
    return context
""",
    ),
    (
        "modelf",
        """\
def modelf(Tx, Ty, n_a, n_s, human_vocab_size, machine_vocab_size):
    X = Input(shape=(Tx, human_vocab_size))
    s0 = Input(shape=(n_s,), name='s0')
    c0 = Input(shape=(n_s,), name='c0')
    s = s0
    c = c0
    outputs = []
    ### START CODE HERE ###
    a = Bidirectional(LSTM(units=n_a, return_sequences=True))(X)
    for t in range(Ty):
        context = one_step_attention(a, s)
        _, s, c = post_activation_LSTM_cell(context, initial_state=[s, c])
        out = output_layer(inputs=s)
        outputs.append(out)
    model = Model(inputs=[X, s0, c0], outputs=outputs)
    ### END CODE HERE ###
    return model
""",
    ),
]
NMT_DECODER_GLOBALS = """\
n_a = 32
n_s = 64
post_activation_LSTM_cell = LSTM(n_s, return_state = True)
output_layer = Dense(len(machine_vocab), activation=softmax)
"""


def nmt_cells(revision: str, bug: bool, template: bool) -> list:
    functions = [(name, body.replace("{energies}", "e" if bug else "energies")) for name, body in NMT_FUNCTIONS]
    cells = graded_cells(functions, template)
    return [code(NMT_IMPORTS, 1), code(NMT_GLOBALS, 2), *cells[:2], code(NMT_DECODER_GLOBALS, 5), *cells[2:]]


TRANSFORMER_NOTEBOOK_IMPORTS = """\
# {notebook}
import tensorflow as tf
import pandas as pd
import time
import numpy as np
import matplotlib.pyplot as plt
from tensorflow.keras.layers import Embedding, MultiHeadAttention, Dense, Input, Dropout, LayerNormalization
from transformers import DistilBertTokenizerFast #, TFDistilBertModel
from transformers import TFDistilBertForTokenClassification
"""
TRANSFORMER_NOTEBOOKS = {
    "v1": "C5_W4_A1_Transformer_Subclass_v1",
    "keras3-v1": "C5_W4_A1_Transformer_Subclass__keras3_v1",
    "2021": "C5_W4_A1_Transformer_Subclass",
}
TRANSFORMER_ANGLES = {
    "k": """\
def get_angles(pos, k, d):
    ### START CODE HERE
    i = k // 2
    angles = pos / np.power(10000, (2 * i) / np.float32(d))
    ### END CODE HERE
    return angles
""",
    "i": """\
def get_angles(pos, i, d):
    ### START CODE HERE
    angles = pos / np.power(10000, (2 * (i // 2)) / np.float32(d))
    ### END CODE HERE
    return angles
""",
}
TRANSFORMER_PADDING_MASK = """\
def create_padding_mask(decoder_token_ids):
    ### START CODE HERE
    seq = 1 - tf.cast(tf.math.equal(decoder_token_ids, {pad}), tf.float32)
    ### END CODE HERE
    return seq[:, tf.newaxis, :]
"""


def transformer_cells(revision: str, bug: bool, template: bool) -> list:
    angles = TRANSFORMER_ANGLES["i" if revision == "2021" else "k"]
    functions = [("get_angles", angles), ("create_padding_mask", TRANSFORMER_PADDING_MASK.replace("{pad}", "1" if bug else "0"))]
    imports = TRANSFORMER_NOTEBOOK_IMPORTS.replace("{notebook}", TRANSFORMER_NOTEBOOKS[revision])
    return [code(imports, 1), *graded_cells(functions, template)]


# --- Courses 1 and 2: the numpy weeks and the TensorFlow introduction ---------------------------------

BASICS_IMPORTS = """\
import math
import numpy as np
from public_tests import *

%matplotlib inline
%load_ext autoreload
%autoreload 2
"""
BASICS_FUNCTIONS = [
    (
        "basic_sigmoid",
        """\
def basic_sigmoid(x):
    # (≈ 1 line of code)
    # YOUR CODE STARTS HERE
    s = 1 / (1 + math.exp(-x))
    # YOUR CODE ENDS HERE
    return s
""",
    ),
    (
        "sigmoid",
        """\
def sigmoid(x):
    # YOUR CODE STARTS HERE
    s = 1 / (1 + np.exp(-x))
    # YOUR CODE ENDS HERE
    return s
""",
    ),
    (
        "sigmoid_derivative",
        """\
def sigmoid_derivative(x):
    # YOUR CODE STARTS HERE
    s = sigmoid(x)
    ds = s * (1 - s)
    # YOUR CODE ENDS HERE
    return ds
""",
    ),
    (
        "image2vector",
        """\
def image2vector(image):
    # YOUR CODE STARTS HERE
    v = image.reshape(image.shape[0] * image.shape[1] * image.shape[2], 1)
    # YOUR CODE ENDS HERE
    return v
""",
    ),
    (
        "normalize_rows",
        """\
def normalize_rows(x):
    # YOUR CODE STARTS HERE
    x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)
    x = x / x_norm
    # YOUR CODE ENDS HERE
    return x
""",
    ),
    (
        "softmax",
        """\
def softmax(x):
    # YOUR CODE STARTS HERE
    x_exp = np.exp(x)
    x_sum = np.sum(x_exp, axis={axis}, keepdims=True)
    s = x_exp / x_sum
    # YOUR CODE ENDS HERE
    return s
""",
    ),
    (
        "L1",
        """\
def L1(yhat, y):
    # YOUR CODE STARTS HERE
    loss = np.sum(np.abs(y - yhat))
    # YOUR CODE ENDS HERE
    return loss
""",
    ),
    (
        "L2",
        """\
def L2(yhat, y):
    # YOUR CODE STARTS HERE
    loss = np.sum(np.dot(y - yhat, y - yhat))
    # YOUR CODE ENDS HERE
    return loss
""",
    ),
]


def basics_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: softmax normalised over the columns instead of each row.
    functions = [(name, body.replace("{axis}", "0" if bug else "1")) for name, body in BASICS_FUNCTIONS]
    return [
        code('test = "Hello World"\nprint("test: " + test)', 1, "test: Hello World\n"),
        code(BASICS_IMPORTS, 2),
        *graded_cells(functions, template),
    ]


LOGISTIC_IMPORTS = """\
import numpy as np
import copy
import matplotlib.pyplot as plt
import h5py
import scipy
from PIL import Image
from scipy import ndimage
from lr_utils import load_dataset
{tests}
%matplotlib inline
"""
# The two revisions' optimize: the 2021 one gives num_iterations and learning_rate defaults.
LOGISTIC_OPTIMIZE_HEADS = {
    "2021": "def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):",
    "2018": "def optimize(w, b, X, Y, num_iterations, learning_rate, print_cost = False):",
}
LOGISTIC_FUNCTIONS = [
    (
        "sigmoid",
        """\
def sigmoid(z):
    ### START CODE HERE ### (≈ 1 line of code)
    s = 1 / (1 + np.exp(-z))
    ### END CODE HERE ###
    return s
""",
    ),
    (
        "initialize_with_zeros",
        """\
def initialize_with_zeros(dim):
    ### START CODE HERE ###
    w = np.zeros((dim, 1))
    b = 0.0
    ### END CODE HERE ###
    return w, b
""",
    ),
    (
        "propagate",
        """\
def propagate(w, b, X, Y):
    m = X.shape[1]
    ### START CODE HERE ###
    A = sigmoid(np.dot(w.T, X) + b)  # (1, m)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / {m}
    ### END CODE HERE ###
    cost = np.squeeze(np.array(cost))
    grads = {"dw": dw, "db": db}
    return grads, cost
""",
    ),
    (
        "optimize",
        """\
{head}
    w = copy.deepcopy(w)
    b = copy.deepcopy(b)
    costs = []
    for i in range(num_iterations):
        ### START CODE HERE ###
        grads, cost = propagate(w, b, X, Y)
        ### END CODE HERE ###
        dw = grads["dw"]
        db = grads["db"]
        ### START CODE HERE ###
        w = w - learning_rate * dw
        b = b - learning_rate * db
        ### END CODE HERE ###
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration %i: %f" % (i, cost))
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs
""",
    ),
    (
        "predict",
        """\
def predict(w, b, X):
    m = X.shape[1]
    Y_prediction = np.zeros((1, m))
    w = w.reshape(X.shape[0], 1)
    ### START CODE HERE ###
    A = sigmoid(np.dot(w.T, X) + b)
    ### END CODE HERE ###
    for i in range(A.shape[1]):
        ### START CODE HERE ###
        Y_prediction[0, i] = 1.0 if A[0, i] > 0.5 else 0.0
        ### END CODE HERE ###
    return Y_prediction
""",
    ),
    (
        "model",
        """\
def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    ### START CODE HERE ###
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w = params["w"]
    b = params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    ### END CODE HERE ###
    if print_cost:
        print("train accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100))
        print("test accuracy: {} %".format(100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100))
    d = {"costs": costs, "Y_prediction_test": Y_prediction_test, "Y_prediction_train": Y_prediction_train,
         "w": w, "b": b, "learning_rate": learning_rate, "num_iterations": num_iterations}
    return d
""",
    ),
]


def logistic_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: db summed over the examples but not divided by m.
    fill = {"{m}": "1" if bug else "m", "{head}": LOGISTIC_OPTIMIZE_HEADS[revision]}
    functions = []
    for name, body in LOGISTIC_FUNCTIONS:
        for key, value in fill.items():
            body = body.replace(key, value)
        functions.append((name, body))
    imports = LOGISTIC_IMPORTS.replace("{tests}", "from public_tests import *\n" if revision == "2021" else "")
    data = "train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes = load_dataset()\n"
    return [code(imports, 1), code(data, 2), *graded_cells(functions, template)]


PLANAR_IMPORTS = """\
import numpy as np
import copy
import matplotlib.pyplot as plt
from testCases_v2 import *
from public_tests import *
import sklearn
import sklearn.datasets
import sklearn.linear_model
from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets

%matplotlib inline
np.random.seed(2)
"""
PLANAR_FUNCTIONS = [
    (
        "layer_sizes",
        """\
def layer_sizes(X, Y):
    #(≈ 3 lines of code)
    # YOUR CODE STARTS HERE
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    # YOUR CODE ENDS HERE
    return (n_x, n_h, n_y)
""",
    ),
    (
        "forward_propagation",
        """\
def forward_propagation(X, parameters):
    # YOUR CODE STARTS HERE
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    Z1 = np.dot(W1, X) + b1  # (n_h, m)
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2  # (n_y, m)
    A2 = sigmoid(Z2)
    # YOUR CODE ENDS HERE
    assert(A2.shape == (1, X.shape[1]))
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
""",
    ),
    (
        "compute_cost",
        """\
def compute_cost(A2, Y):
    m = Y.shape[1]
    # YOUR CODE STARTS HERE
    logprobs = np.multiply(np.log(A2), Y){other_term}
    cost = -np.sum(logprobs) / m
    # YOUR CODE ENDS HERE
    cost = float(np.squeeze(cost))
    return cost
""",
    ),
    (
        "backward_propagation",
        """\
def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    # YOUR CODE STARTS HERE
    W2 = parameters["W2"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    # YOUR CODE ENDS HERE
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads
""",
    ),
    (
        "update_parameters",
        """\
def update_parameters(parameters, grads, learning_rate = 1.2):
    parameters = copy.deepcopy(parameters)
    # YOUR CODE STARTS HERE
    for name in ("W1", "b1", "W2", "b2"):
        parameters[name] = parameters[name] - learning_rate * grads["d" + name]
    # YOUR CODE ENDS HERE
    return parameters
""",
    ),
    (
        "predict",
        """\
def predict(parameters, X):
    # YOUR CODE STARTS HERE
    A2, cache = forward_propagation(X, parameters)
    predictions = A2 > 0.5
    # YOUR CODE ENDS HERE
    return predictions
""",
    ),
]


def planar_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: the cost forgets the (1 - Y) log(1 - A2) term.
    other = "" if bug else " + np.multiply(np.log(1 - A2), 1 - Y)"
    functions = [(name, body.replace("{other_term}", other)) for name, body in PLANAR_FUNCTIONS]
    data = "X, Y = load_planar_dataset()\nplt.scatter(X[0, :], X[1, :], c=Y, s=40, cmap=plt.cm.Spectral);\n"
    return [code(PLANAR_IMPORTS, 1), code(data, 2), *graded_cells(functions, template)]


DNN_STEP_IMPORTS = """\
import numpy as np
import h5py
import matplotlib.pyplot as plt
from testCases import *
from dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward
from public_tests import *

%matplotlib inline
plt.rcParams['figure.figsize'] = (5.0, 4.0)
%load_ext autoreload
%autoreload 2
np.random.seed(1)
"""
DNN_STEP_FUNCTIONS = [
    (
        "initialize_parameters",
        """\
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    # YOUR CODE STARTS HERE
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    # YOUR CODE ENDS HERE
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters
""",
    ),
    (
        "linear_forward",
        """\
def linear_forward(A, W, b):
    # YOUR CODE STARTS HERE
    Z = np.dot(W, A) + b
    # YOUR CODE ENDS HERE
    cache = (A, W, b)
    return Z, cache
""",
    ),
    (
        "linear_activation_forward",
        """\
def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":
        # YOUR CODE STARTS HERE
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
        # YOUR CODE ENDS HERE
    elif activation == "relu":
        # YOUR CODE STARTS HERE
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
        # YOUR CODE ENDS HERE
    cache = (linear_cache, activation_cache)
    return A, cache
""",
    ),
    (
        "compute_cost",
        """\
def compute_cost(AL, Y):
    m = Y.shape[1]
    # YOUR CODE STARTS HERE
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    # YOUR CODE ENDS HERE
    cost = np.squeeze(cost)
    return cost
""",
    ),
    (
        "linear_backward",
        """\
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    # YOUR CODE STARTS HERE
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / {m}
    dA_prev = np.dot(W.T, dZ)
    # YOUR CODE ENDS HERE
    return dA_prev, dW, db
""",
    ),
    (
        "linear_activation_backward",
        """\
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        # YOUR CODE STARTS HERE
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        # YOUR CODE ENDS HERE
    elif activation == "sigmoid":
        # YOUR CODE STARTS HERE
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        # YOUR CODE ENDS HERE
    return dA_prev, dW, db
""",
    ),
    (
        "update_parameters",
        """\
def update_parameters(params, grads, learning_rate):
    parameters = params.copy()
    L = len(parameters) // 2
    # YOUR CODE STARTS HERE
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    # YOUR CODE ENDS HERE
    return parameters
""",
    ),
]


def dnn_step_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: db summed over the examples but not averaged.
    functions = [(name, body.replace("{m}", "1" if bug else "m")) for name, body in DNN_STEP_FUNCTIONS]
    return [code(DNN_STEP_IMPORTS, 1), *graded_cells(functions, template)]


DNN_APP_IMPORTS = """\
import time
import numpy as np
import h5py
import matplotlib.pyplot as plt
import scipy
from PIL import Image
from scipy import ndimage
from {utils} import *
{tests}
%matplotlib inline
np.random.seed(1)
"""
DNN_APP_FUNCTIONS = [
    (
        "two_layer_model",
        """\
def two_layer_model(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 3000, print_cost=False):
    np.random.seed(1)
    grads = {}
    costs = []
    (n_x, n_h, n_y) = layers_dims
    # YOUR CODE STARTS HERE
    parameters = initialize_parameters(n_x, n_h, n_y)
    # YOUR CODE ENDS HERE
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    for i in range(0, num_iterations):
        # YOUR CODE STARTS HERE
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        # YOUR CODE ENDS HERE
        dA2 = - (np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        # YOUR CODE STARTS HERE
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        # YOUR CODE ENDS HERE
        grads['dW1'], grads['db1'], grads['dW2'], grads['db2'] = dW1, db1, dW2, db2
        # YOUR CODE STARTS HERE
        parameters = update_parameters(parameters, grads, learning_rate)
        # YOUR CODE ENDS HERE
        W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
        if {printing}:
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
        if i % 100 == 0 or i == num_iterations:
            costs.append(cost)
    return parameters, costs
""",
    ),
    (
        "L_layer_model",
        """\
def L_layer_model(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 3000, print_cost=False):
    np.random.seed(1)
    costs = []
    # YOUR CODE STARTS HERE
    parameters = initialize_parameters_deep(layers_dims)
    # YOUR CODE ENDS HERE
    for i in range(0, num_iterations):
        # YOUR CODE STARTS HERE
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, {rate})
        # YOUR CODE ENDS HERE
        if {printing}:
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
        if i % 100 == 0 or i == num_iterations:
            costs.append(cost)
    return parameters, costs
""",
    ),
]


def dnn_app_cells(revision: str, bug: bool, template: bool) -> list:
    # v2 prints the cost every 100 iterations only; 2021 prints the last iteration's too.
    printing = "print_cost and i % 100 == 0" if revision == "v2" else "print_cost and i % 100 == 0 or i == num_iterations - 1"
    # The planted bug: the L-layer model updates with a fixed rate, whatever learning_rate says.
    functions = [
        (name, body.replace("{printing}", printing).replace("{rate}", "0.0075" if bug else "learning_rate"))
        for name, body in DNN_APP_FUNCTIONS
    ]
    utils, tests = ("dnn_app_utils_v2", "") if revision == "v2" else ("dnn_app_utils_v3", "from public_tests import *\n")
    imports = DNN_APP_IMPORTS.replace("{utils}", utils).replace("{tests}", tests)
    data = "train_x_orig, train_y, test_x_orig, test_y, classes = load_data()\n"
    return [code(imports, 1), code(data, 2), *graded_cells(functions, template)]


INIT_IMPORTS = """\
import numpy as np
import matplotlib.pyplot as plt
import sklearn
import sklearn.datasets
from public_tests import *
from init_utils import sigmoid, relu, compute_loss, forward_propagation, backward_propagation
from init_utils import update_parameters, predict, load_dataset, plot_decision_boundary, predict_dec

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0)
%load_ext autoreload
%autoreload 2
train_X, train_Y, test_X, test_Y = load_dataset()
"""
INIT_FUNCTIONS = [
    (
        "initialize_parameters_zeros",
        """\
def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        #(≈ 2 lines of code)
        # YOUR CODE STARTS HERE
        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        # YOUR CODE ENDS HERE
    return parameters
""",
    ),
    (
        "initialize_parameters_random",
        """\
def initialize_parameters_random(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        # YOUR CODE STARTS HERE
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        # YOUR CODE ENDS HERE
    return parameters
""",
    ),
    (
        "initialize_parameters_he",
        """\
def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        # YOUR CODE STARTS HERE
        parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt({gain} / layers_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
        # YOUR CODE ENDS HERE
    return parameters
""",
    ),
]


def init_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: Xavier's 1 / n in place of He's 2 / n.
    functions = [(name, body.replace("{gain}", "1." if bug else "2.")) for name, body in INIT_FUNCTIONS]
    return [code(INIT_IMPORTS, 1), *graded_cells(functions, template)]


REG_IMPORTS = """\
import numpy as np
import matplotlib.pyplot as plt
import sklearn
import sklearn.datasets
import scipy.io
from reg_utils import sigmoid, relu, plot_decision_boundary, initialize_parameters, load_2D_dataset, predict_dec
from reg_utils import compute_cost, predict, forward_propagation, backward_propagation, update_parameters
from testCases import *
from public_tests import *

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0)
%load_ext autoreload
%autoreload 2
train_X, train_Y, test_X, test_Y = load_2D_dataset()
"""
REG_FUNCTIONS = [
    (
        "compute_cost_with_regularization",
        """\
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]
    cross_entropy_cost = compute_cost(A3, Y)
    #(≈ 1 lines of code)
    # YOUR CODE STARTS HERE
    L2_regularization_cost = lambd / ({two}m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    # YOUR CODE ENDS HERE
    cost = cross_entropy_cost + L2_regularization_cost
    return cost
""",
    ),
    (
        "forward_propagation_with_dropout",
        """\
def forward_propagation_with_dropout(X, parameters, keep_prob = 0.5):
    np.random.seed(1)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    # YOUR CODE STARTS HERE
    D1 = np.random.rand(A1.shape[0], A1.shape[1])
    D1 = (D1 < keep_prob).astype(int)
    A1 = A1 * D1
    A1 = A1 / keep_prob
    # YOUR CODE ENDS HERE
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    # YOUR CODE STARTS HERE
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = (D2 < keep_prob).astype(int)
    A2 = A2 * D2
    A2 = A2 / keep_prob
    # YOUR CODE ENDS HERE
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
""",
    ),
]


def reg_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: the L2 term's lambda / m instead of lambda / (2 m).
    functions = [(name, body.replace("{two}", "" if bug else "2 * ")) for name, body in REG_FUNCTIONS]
    return [code(REG_IMPORTS, 1), *graded_cells(functions, template)]


GC_IMPORTS = """\
import numpy as np
from testCases import *
from public_tests import *
from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector

%load_ext autoreload
%autoreload 2
"""
# The 2021 revision's checks take print_msg and return the difference; the 2018 ones always print.
GC_HEADS = {
    "2021": (
        "def gradient_check(x, theta, epsilon=1e-7, print_msg=False):",
        "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):",
    ),
    "2018": (
        "def gradient_check(x, theta, epsilon=1e-7):",
        "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):",
    ),
}
GC_MESSAGE = """\
if difference > 2e-7:
    print("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\\033[0m")
else:
    print("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\\033[0m")
"""
GC_FUNCTIONS = [
    (
        "forward_propagation",
        """\
def forward_propagation(x, theta):
    # (approx. 1 line)
    # YOUR CODE STARTS HERE
    J = theta * x
    # YOUR CODE ENDS HERE
    return J
""",
    ),
    (
        "backward_propagation",
        """\
def backward_propagation(x, theta):
    # YOUR CODE STARTS HERE
    dtheta = {dtheta}
    # YOUR CODE ENDS HERE
    return dtheta
""",
    ),
    (
        "gradient_check",
        """\
{head1}
    # YOUR CODE STARTS HERE
    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    # YOUR CODE ENDS HERE
{message}    return difference
""",
    ),
    (
        "gradient_check_n",
        """\
{head2}
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        # YOUR CODE STARTS HERE
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
        # YOUR CODE ENDS HERE
    # YOUR CODE STARTS HERE
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    # YOUR CODE ENDS HERE
{message}    return difference
""",
    ),
]


def gc_cells(revision: str, bug: bool, template: bool) -> list:
    head1, head2 = GC_HEADS[revision]
    if revision == "2021":
        message = "    if print_msg:\n" + textwrap.indent(GC_MESSAGE, " " * 8)
    else:
        message = textwrap.indent(GC_MESSAGE, " " * 4)
    fill = {"{head1}": head1, "{head2}": head2, "{message}": message, "{dtheta}": "theta" if bug else "x"}
    functions = []
    for name, body in GC_FUNCTIONS:  # the planted bug: dJ/dtheta written as theta instead of x
        for key, value in fill.items():
            body = body.replace(key, value)
        functions.append((name, body))
    return [code(GC_IMPORTS, 1), *graded_cells(functions, template)]


OPT_IMPORTS = """\
import numpy as np
import matplotlib.pyplot as plt
import scipy.io
import math
import sklearn
import sklearn.datasets
from opt_utils_v1a import load_params_and_grads, initialize_parameters, forward_propagation, backward_propagation
from opt_utils_v1a import compute_cost, predict, predict_dec, plot_decision_boundary, load_dataset
from copy import deepcopy
from testCases import *
from public_tests import *

%matplotlib inline
plt.rcParams['figure.figsize'] = (7.0, 4.0)
"""
OPT_FUNCTIONS = [
    (
        "update_parameters_with_gd",
        """\
def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        # (approx. 2 lines)
        # YOUR CODE STARTS HERE
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads['dW' + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads['db' + str(l)]
        # YOUR CODE ENDS HERE
    return parameters
""",
    ),
    (
        "initialize_velocity",
        """\
def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {}
    for l in range(1, L + 1):
        # YOUR CODE STARTS HERE
        v["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        v["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
        # YOUR CODE ENDS HERE
    return v
""",
    ),
    (
        "update_parameters_with_momentum",
        """\
def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        # YOUR CODE STARTS HERE
        v["dW" + str(l)] = beta * v["dW" + str(l)] + (1 - beta) * grads['dW' + str(l)]
        v["db" + str(l)] = beta * v["db" + str(l)] + (1 - beta) * grads['db' + str(l)]
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v["db" + str(l)]
        # YOUR CODE ENDS HERE
    return parameters, v
""",
    ),
    (
        "update_lr",
        """\
def update_lr(learning_rate0, epoch_num, decay_rate):
    # (approx. 1 line)
    # YOUR CODE STARTS HERE
    learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)
    # YOUR CODE ENDS HERE
    return learning_rate
""",
    ),
    (
        "schedule_lr_decay",
        """\
def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    # (approx. 1 lines)
    # YOUR CODE STARTS HERE
    learning_rate = learning_rate0 / (1 + decay_rate * {steps})
    # YOUR CODE ENDS HERE
    return learning_rate
""",
    ),
]


def opt_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: the decay not floored to whole time intervals.
    steps = "epoch_num / time_interval" if bug else "np.floor(epoch_num / time_interval)"
    functions = [(name, body.replace("{steps}", steps)) for name, body in OPT_FUNCTIONS]
    return [code(OPT_IMPORTS, 1), *graded_cells(functions, template)]


TF_INTRO_IMPORTS = """\
import h5py
import numpy as np
import tensorflow as tf
import matplotlib.pyplot as plt
from tensorflow.python.framework.ops import EagerTensor
from tensorflow.python.ops.resource_variable_ops import ResourceVariable
import time
"""
TF_INTRO_DATA = """\
train_dataset = h5py.File('datasets/train_signs.h5', "r")
test_dataset = h5py.File('datasets/test_signs.h5', "r")
x_train = tf.data.Dataset.from_tensor_slices(train_dataset['train_set_x'])
y_train = tf.data.Dataset.from_tensor_slices(train_dataset['train_set_y'])
"""
# The two 2021 cuts' compute_cost: the batch mean, and the earlier batch sum.
TF_INTRO_REDUCTIONS = {"2021": "tf.reduce_mean", "2021-sum": "tf.reduce_sum"}
TF_INTRO_FUNCTIONS = [
    (
        "linear_function",
        """\
def linear_function():
    np.random.seed(1)
    # (approx. 4 lines)
    # YOUR CODE STARTS HERE
    X = tf.constant(np.random.randn(3, 1), name="X")
    W = tf.constant(np.random.randn(4, 3), name="W")
    b = tf.constant(np.random.randn(4, 1), name="b")
    Y = tf.add(tf.matmul(W, X), b)
    # YOUR CODE ENDS HERE
    return Y
""",
    ),
    (
        "sigmoid",
        """\
def sigmoid(z):
    # YOUR CODE STARTS HERE
    z = tf.cast(z, tf.float32)
    a = tf.keras.activations.sigmoid(z)
    # YOUR CODE ENDS HERE
    return a
""",
    ),
    (
        "one_hot_matrix",
        """\
def one_hot_matrix(label, depth=6):
    # YOUR CODE STARTS HERE
    one_hot = tf.reshape(tf.one_hot(label, depth, axis=0), shape=[{depth}])
    # YOUR CODE ENDS HERE
    return one_hot
""",
    ),
    (
        "compute_cost",
        """\
def compute_cost(logits, labels):
    # YOUR CODE STARTS HERE
    cost = {reduction}(tf.keras.losses.categorical_crossentropy(tf.transpose(labels), tf.transpose(logits), from_logits=True))
    # YOUR CODE ENDS HERE
    return cost
""",
    ),
]
# The notebook's given training loop (not graded): a GradientTape step per mini-batch.
TF_INTRO_MODEL = """\
def model(X_train, Y_train, X_test, Y_test, learning_rate = 0.0001, num_epochs = 1500, minibatch_size = 32, print_cost = True):
    costs = []
    parameters = initialize_parameters()
    variables = [parameters[name] for name in ("W1", "b1", "W2", "b2", "W3", "b3")]
    optimizer = tf.keras.optimizers.Adam(learning_rate)
    dataset = tf.data.Dataset.zip((X_train, Y_train))
    m = dataset.cardinality().numpy()
    minibatches = dataset.batch(minibatch_size).prefetch(8)
    for epoch in range(num_epochs):
        epoch_cost = 0.
        for (minibatch_X, minibatch_Y) in minibatches:
            with tf.GradientTape() as tape:
                Z3 = forward_propagation(tf.transpose(minibatch_X), parameters)
                minibatch_cost = compute_cost(Z3, tf.transpose(minibatch_Y))
            grads = tape.gradient(minibatch_cost, variables)
            optimizer.apply_gradients(zip(grads, variables))
            epoch_cost += minibatch_cost
        epoch_cost /= m
        if print_cost and epoch % 10 == 0:
            print("Cost after epoch %i: %f" % (epoch, epoch_cost))
            costs.append(epoch_cost)
    return parameters, costs
"""


def tf_intro_cells(revision: str, bug: bool, template: bool) -> list:
    # The planted bug: the one-hot vector reshaped to a (1, depth) row instead of (depth,).
    fill = {"{reduction}": TF_INTRO_REDUCTIONS[revision], "{depth}": "1, depth" if bug else "depth"}
    functions = []
    for name, body in TF_INTRO_FUNCTIONS:
        for key, value in fill.items():
            body = body.replace(key, value)
        functions.append((name, body))
    return [code(TF_INTRO_IMPORTS, 1), code(TF_INTRO_DATA, 2), *graded_cells(functions, template), code(TF_INTRO_MODEL, 12)]


WEEK_CELLS = {
    "car_detection": car_cells,
    "resnet50": resnet_cells,
    "style_transfer": style_cells,
    "dinosaur_island": dinosaur_cells,
    "face_recognition": face_cells,
    "happy_house": happy_cells,
    "unet_segmentation": unet_cells,
    "convolution_step_by_step": convolution_cells,
    "transfer_learning_mobilenet": transfer_cells,
    "rnn_step_by_step": rnn_step_cells,
    "neural_machine_translation": nmt_cells,
    "transformer": transformer_cells,
    "python_basics": basics_cells,
    "logistic_regression": logistic_cells,
    "planar_data": planar_cells,
    "deep_nn_step_by_step": dnn_step_cells,
    "deep_nn_application": dnn_app_cells,
    "initialization": init_cells,
    "regularization": reg_cells,
    "gradient_checking": gc_cells,
    "optimization_methods": opt_cells,
    "tensorflow_introduction": tf_intro_cells,
}


def course_notebook(path: Path, week: str, revision: str, *, bug: bool = False, template: bool = False) -> Path:
    """A worked notebook of `week` in `revision`'s shape: correct, with one planted bug, or the unfilled template."""
    cells = WEEK_CELLS[week](revision, bug, template)
    return write_notebook(path, [new_markdown_cell(f"# {week} ({revision})"), *cells])
