"""Calls of the API the way tests and clients spell them (never run: navigation reads them)."""

import httpx
import requests
from app.config import settings

BASE = "http://localhost:8000"
USERS_URL = "/api/v1/users/"


def calls(client, url: str, user_id: int, order_id: int) -> None:
    client.get("/api/v1/users/1")
    client.get("/api/v1/users/me")
    client.get(f"{settings.API_V1_STR}/users/{user_id}?expand=true")
    requests.post(f"{BASE}/api/v1/orders")
    httpx.AsyncClient().delete(url + "/users/3")
    client.request("DELETE", "/api/v1/users/7/")
    requests.get(f"http://example.com/api/v1/orders/{order_id}/items/2")
    requests.get("https://example.com/health")
    client.post("/api/v1/users/create", json={"email": "a@example.com"})
    "/".join(["a", "b"])
    client.put("/api/v1/users/5")
