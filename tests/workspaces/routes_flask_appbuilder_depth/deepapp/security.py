from flask_appbuilder import ModelView
from flask_appbuilder.security.sqla.apis import PermissionViewMenuApi, RoleApi, UserApi
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.sqla.models import Role


class ProjectRoleApi(RoleApi):
    resource_name = "security/roles"


class ProjectUserApi(UserApi):
    include_route_methods = {"get", "get_list"}


class ProjectPermissionViewMenuApi(PermissionViewMenuApi):
    # FAB's own names columns marshmallow 4 refuses (``permission_id``): the relations instead
    add_columns = ["permission", "view_menu"]
    edit_columns = add_columns


class ProjectRoleView(ModelView):
    datamodel = None  # set below: SQLAInterface needs the model
    route_base = "/project-roles"


class ProjectSecurityManager(SecurityManager):
    userstatschartview = None
    role_api = ProjectRoleApi
    user_api = ProjectUserApi
    permission_view_menu_api = ProjectPermissionViewMenuApi
    rolemodelview = ProjectRoleView

    def register_views(self):
        super().register_views()


class UnusedApi(UserApi):
    resource_name = "security/unused"


from flask_appbuilder.models.sqla.interface import SQLAInterface  # noqa: E402

ProjectRoleView.datamodel = SQLAInterface(Role)
