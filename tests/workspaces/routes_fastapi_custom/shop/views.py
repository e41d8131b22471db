import fastapi as fa
from fastapi import APIRouter as R

from shop.routing import AuditedRouter, VersionedRouter

public = R(prefix="/public")
private = fa.APIRouter(prefix="/private")
v2 = VersionedRouter(prefix="/v2")
audit = AuditedRouter()

BULK_METHODS = ["PUT", "PATCH"]


@public.get("/ping")
async def ping() -> str:
    return "pong"


@public.get("/a")
@public.post("/b")
async def stacked() -> dict:
    return {}


@private.api_route("/things", methods=["GET", "POST"])
async def things() -> list:
    return []


@private.api_route("/default")
async def default_method() -> dict:
    return {}


@v2.api_route("/bulk", methods=BULK_METHODS)
async def bulk() -> dict:
    return {}


async def report() -> dict:
    return {}


def log_view() -> list:
    return []


v2.add_api_route("/report", report, methods=["GET"])
audit.add_api_route("/log", endpoint=log_view)


reports = R(prefix="/reports")
exports = R(prefix="/exports")
FEATURE_ROUTERS = [reports, exports]


@reports.get("/sales")
async def sales() -> list:
    return []


@exports.post("/csv")
async def export_csv() -> dict:
    return {}
