from .sites import *
