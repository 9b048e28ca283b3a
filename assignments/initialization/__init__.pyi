from .initialization import initialize_parameters_he as initialize_parameters_he
from .initialization import initialize_parameters_random as initialize_parameters_random
from .initialization import initialize_parameters_zeros as initialize_parameters_zeros
from .initialization import model as model
from .synthetic import load_dataset as load_dataset
from .week import WEEK as WEEK
