from .data import load_signs_dataset as load_signs_dataset
from .pretrained import load_pretrained_resnet50 as load_pretrained_resnet50
from .resnet import ResNet50 as ResNet50
from .resnet import convolutional_block as convolutional_block
from .resnet import identity_block as identity_block
from .week import WEEK as WEEK
