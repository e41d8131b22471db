from fastapi.testclient import TestClient

from app.main import app

client = TestClient(app)


def test_item() -> None:
    client.get("/api/v1/items/1")
    client.post("/api/v1/items/")
