SECRET_KEY = "fixture-only"
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "members",
    "dashboard",
    # stands for an installed app (django_celery_beat): listed after the app whose admin
    # imports its admin, so autodiscover's import of it runs nothing again
    "beat",
    "tags",
]
# auth's User is swapped out: django.contrib.auth.admin's register(User, ...) is skipped
AUTH_USER_MODEL = "members.Member"
ROOT_URLCONF = "adminorder.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
