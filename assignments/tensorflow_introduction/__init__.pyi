from .tf_intro import compute_cost as compute_cost
from .tf_intro import forward_propagation as forward_propagation
from .tf_intro import initialize_parameters as initialize_parameters
from .tf_intro import linear_function as linear_function
from .tf_intro import model as model
from .tf_intro import one_hot_matrix as one_hot_matrix
from .tf_intro import sigmoid as sigmoid
from .week import WEEK as WEEK
