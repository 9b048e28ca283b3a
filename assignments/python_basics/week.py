"""C1W2A1, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="python_basics",
    title="Python basics with numpy: sigmoid, reshaping, normalising, softmax, losses, vectorisation",
    course_id="C1W2A1",
    graded=("basic_sigmoid", "sigmoid", "sigmoid_derivative", "image2vector", "normalize_rows", "softmax", "L1", "L2"),
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="The TF2-era notebook with public_tests.py; graded functions as listed, L1/L2 return floats.",
            signatures={
                "basic_sigmoid": "basic_sigmoid(x)",
                "sigmoid": "sigmoid(x)",
                "sigmoid_derivative": "sigmoid_derivative(x)",
                "image2vector": "image2vector(image)",
                "normalize_rows": "normalize_rows(x)",
                "softmax": "softmax(x)",
                "L1": "L1(yhat, y)",
                "L2": "L2(yhat, y)",
            },
            markers=("normalize_rows",),
        ),
        Revision(
            name="2018",
            year=2018,
            summary="The older notebook: the same functions, normalizeRows spelled in camel case.",
            markers=("def normalizeRows",),
            supported=False,
        ),
    ),
)
