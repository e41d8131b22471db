ADMIN_PREFIX = "/admin"
VERSION = "v2"
REPORTS = "/reports"


class Paths:
    USERS = "/users"
    ORDERS = "/orders"
