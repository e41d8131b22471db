from .bulk_views import *
from .object_views import *
