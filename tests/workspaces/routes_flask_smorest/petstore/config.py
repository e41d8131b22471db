class BaseConfig:
    API_TITLE = "Pet store"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/docs"


class Config(BaseConfig):
    OPENAPI_JSON_PATH = "api-spec.json"
    OPENAPI_SWAGGER_UI_PATH = "/swagger"
    OPENAPI_SWAGGER_UI_URL = "https://cdn.example.invalid/swagger-ui/"
    OPENAPI_REDOC_PATH = "/redoc"  # no OPENAPI_REDOC_URL: not served
