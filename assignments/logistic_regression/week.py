"""C1W2A2, declared once: what the registry, `data` and `grade` know of this week."""

from assignments.common.week import Revision, Week

WEEK = Week(
    name="logistic_regression",
    title="Logistic regression with a neural-network mindset: a cat / non-cat classifier",
    course_id="C1W2A2",
    graded=("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model"),
    course_files=("datasets/train_catvnoncat.h5", "datasets/test_catvnoncat.h5"),
    data_folder="course1_2",
    revisions=(
        Revision(
            name="2021",
            year=2021,
            summary="public_tests.py; optimize and model take num_iterations / learning_rate / print_cost as keywords.",
            signatures={
                "sigmoid": "sigmoid(z)",
                "initialize_with_zeros": "initialize_with_zeros(dim)",
                "propagate": "propagate(w, b, X, Y)",
                "optimize": "optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False)",
                "predict": "predict(w, b, X)",
                "model": "model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False)",
            },
            markers=("public_tests",),
        ),
        Revision(
            name="2018",
            year=2018,
            summary="The older notebook: optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False) without defaults.",
            signatures={"optimize": "optimize(w, b, X, Y, num_iterations, learning_rate, print_cost=False)"},
            markers=("lr_utils",),
        ),
    ),
)
