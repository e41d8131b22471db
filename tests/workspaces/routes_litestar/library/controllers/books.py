from litestar import Controller, delete, get, patch, post, put

from ..guards import requires_admin, requires_login

BOOKS = "/books"


class ReadOnlyController(Controller):
    @get("/")
    async def list_items(self) -> list[dict]:
        return []


class BookController(ReadOnlyController):
    path = BOOKS
    guards = [requires_login]

    @post("/")
    async def create_book(self, data: dict) -> dict:
        return data

    @get("/{book_id:int}")
    async def get_book(self, book_id: int) -> dict:
        return {}

    @put("/{book_id:int}")
    async def replace_book(self, book_id: int, data: dict) -> dict:
        return data

    @patch("/{book_id:int}")
    async def update_book(self, book_id: int, data: dict) -> dict:
        return data

    @delete("/{book_id:int}", guards=[requires_admin])
    async def delete_book(self, book_id: int) -> None:
        return None
