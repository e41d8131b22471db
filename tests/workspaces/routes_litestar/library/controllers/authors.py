from litestar import Controller, HttpMethod, get, route


class AuthorController(Controller):
    path = "/authors"

    @get(["/", "/all"])
    async def list_authors(self) -> list[dict]:
        return []

    @route("/{author_id:str}/follow", http_method=[HttpMethod.POST, HttpMethod.DELETE])
    async def follow(self, author_id: str) -> None:
        return None
