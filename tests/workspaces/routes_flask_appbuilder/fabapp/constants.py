class RouteMethod:
    """Names of the methods FAB's base classes expose, to pick with include_route_methods."""

    LIST = "list"
    SHOW = "show"
    ADD = "add"
    EDIT = "edit"
    DELETE = "delete"

    READ_SET = {LIST, SHOW}
    WRITE_SET = {ADD, EDIT, DELETE}
