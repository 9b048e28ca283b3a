from .pipeline import preprocess as preprocess
from .pipeline import process_path as process_path
from .predict import create_mask as create_mask
from .unet import conv_block as conv_block
from .unet import unet_model as unet_model
from .unet import upsampling_block as upsampling_block
from .week import WEEK as WEEK
