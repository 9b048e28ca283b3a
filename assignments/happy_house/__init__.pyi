from .data import convert_to_one_hot as convert_to_one_hot
from .data import load_happy_dataset as load_happy_dataset
from .data import load_signs_dataset as load_signs_dataset
from .models import convolutional_model as convolutional_model
from .models import happyModel as happyModel
from .week import WEEK as WEEK
