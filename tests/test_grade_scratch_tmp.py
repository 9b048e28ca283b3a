import time
import pytest
from grading import grade_in_process
from learner_notebooks import course_notebook
from assignments.grading.report import function_results, render_week

CASES = [
    ("car_detection", "v1.1", False, ["-k", "not summary_totals and not predict"]),
    ("car_detection", "v2.1", False, ["-k", "not summary_totals and not predict"]),
    ("car_detection", "v2.1", True, ["-k", "non_max or eval"]),
    ("resnet50", "2021", False, []),
    ("resnet50", "v2.1", False, ["-k", "block"]),
    ("resnet50", "v3.0", False, []),
    ("resnet50", "2021", True, ["-k", "block"]),
    ("style_transfer", "2021", False, []),
    ("style_transfer", "2021", True, []),
    ("dinosaur_island", "v2.0", False, []),
    ("dinosaur_island", "2021", False, []),
    ("dinosaur_island", "v2.0", True, ["-k", "not model"]),
    ("face_recognition", "2021", False, ["-k", "not facenet"]),
    ("face_recognition", "2021", True, ["-k", "not facenet"]),
    ("happy_house", "v1.1", False, []),
    ("happy_house", "v1.1", True, []),
    ("unet_segmentation", "v1.2", False, []),
    ("unet_segmentation", "v1.1", False, []),
    ("unet_segmentation", "v1.2", True, []),
]

@pytest.mark.parametrize("week, revision, bug, args", CASES)
def test_scratch(tmp_path, week, revision, bug, args):
    path = course_notebook(tmp_path / f"{week}.ipynb", week, revision, bug=bug)
    start = time.time()
    results, out = grade_in_process(week, path, args)
    print(f"\n##### {week} {revision} bug={bug}: {time.time() - start:.1f} s")
    print("\n".join(render_week(results, week, week)))
    if "rror" in out and "failed" not in out: print(out[-3000:])
