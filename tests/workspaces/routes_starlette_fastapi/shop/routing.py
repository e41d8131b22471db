from fastapi import APIRouter


class VersionedRouter(APIRouter):
    """The project's router: the version prefix is set by the class, not at each use."""

    def __init__(self, prefix: str = "/api/v3", **kwargs):
        super().__init__(prefix=prefix, **kwargs)


class InternalRouter(APIRouter):
    def __init__(self):
        super().__init__(prefix="/internal", tags=["internal"])
