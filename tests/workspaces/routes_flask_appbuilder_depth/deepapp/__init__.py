"""A Flask-AppBuilder app set up the way Superset does it: a factory hands the app to an
initializer class (``self.app = app``) that registers blueprints through the attribute, a
module-level AppBuilder given its index view and security manager by attribute, security
APIs declared as the security manager's class attributes."""
