SECRET_KEY = "fixture-only"
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "graphene_django",
    "books",
]
ROOT_URLCONF = "gqlsite.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
GRAPHENE = {"SCHEMA": "books.schema.schema"}
