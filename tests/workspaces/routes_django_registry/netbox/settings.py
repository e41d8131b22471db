SECRET_KEY = "x"
ROOT_URLCONF = "netbox.urls"
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "dcim"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
