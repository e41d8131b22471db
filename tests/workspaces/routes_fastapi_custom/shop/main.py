from fastapi import FastAPI as App

from shop import views

app = App()
internal = App(title="internal")

app.include_router(views.public)
app.include_router(views.private)
app.include_router(views.v2)
app.include_router(views.audit, prefix="/audit")


@app.api_route("/health", methods=["get", "head"])
async def health() -> dict:
    return {}


@app.delete("/cache")
async def clear_cache() -> None:
    return None


@internal.get("/metrics")
async def metrics() -> str:
    return ""


@internal.post("/reload")
@internal.put("/reload")
async def reload() -> dict:
    return {}


for feature in views.FEATURE_ROUTERS:
    app.include_router(feature, prefix="/features")

for router in (views.reports,):
    internal.include_router(router)
