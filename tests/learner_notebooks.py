"""Learner notebooks for the grading tests, written by the tests themselves with nbformat (format 4).

They look like a course notebook that a learner has worked through: kernel metadata, markdown, IPython
magics, the course's markers, cells that load data or call the course's test helpers (absent here), cell
outputs and execution counts, and a graded function written twice (the second, fixed one counts).
"""

from __future__ import annotations

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
