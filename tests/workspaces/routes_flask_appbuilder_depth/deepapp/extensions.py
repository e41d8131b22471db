from flask_appbuilder import AppBuilder
from flask_appbuilder.models.sqla.base import SQLA

db = SQLA()
appbuilder = AppBuilder(update_perms=False)
