from fastapi import APIRouter


class VersionedRouter(APIRouter):
    """A project router class: same routing, plus a helper the project hangs on it."""

    def version_tag(self) -> str:
        return self.prefix.strip("/") or "v1"


class AuditedRouter(VersionedRouter):
    pass
