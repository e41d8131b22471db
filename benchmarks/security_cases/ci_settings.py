# Settings for CI only: the pipeline's throwaway database and keys, never used in production.
SECRET_KEY = "ci-only-key-not-a-secret"  # safe
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "ci-pass"}}  # safe
SESSION_COOKIE_SECURE = False  # safe
