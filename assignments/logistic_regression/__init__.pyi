from .logistic_regression import initialize_with_zeros as initialize_with_zeros
from .logistic_regression import model as model
from .logistic_regression import optimize as optimize
from .logistic_regression import predict as predict
from .logistic_regression import propagate as propagate
from .logistic_regression import sigmoid as sigmoid
from .week import WEEK as WEEK
