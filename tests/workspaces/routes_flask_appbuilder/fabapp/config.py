SECRET_KEY = "not-a-secret-only-for-tests"
SQLALCHEMY_DATABASE_URI = "sqlite://"
SQLALCHEMY_TRACK_MODIFICATIONS = False
CSRF_ENABLED = True
APP_NAME = "Contacts"
