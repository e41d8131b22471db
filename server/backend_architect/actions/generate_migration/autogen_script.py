"""Run by ``autogenerate.py`` in the project's interpreter (not imported by the product): upgrade a
scratch SQLite database to head, then Alembic's own ``revision --autogenerate`` against it.

Every engine the project's ``env.py`` creates is pointed at the scratch database, whatever URL it
asks for: ``sqlalchemy.url`` is overridden and ``create_engine`` (sync and async) is wrapped.
Prints ``RESULT {json}``. Arguments: the alembic.ini path, the scratch database path, the message."""

import json
import sys


def main() -> None:
    ini, scratch, message = sys.argv[1:4]
    sync_url = f"sqlite:///{scratch}"
    redirected: list[str] = []

    import sqlalchemy
    import sqlalchemy.engine
    import sqlalchemy.engine.create as create

    real = create.create_engine

    def guarded(url: object, *args: object, **kwargs: object) -> object:
        if str(url) != sync_url:
            redirected.append(type(url).__name__)
        for key in ("pool_size", "max_overflow", "pool_timeout", "connect_args"):
            kwargs.pop(key, None)
        return real(sync_url, *args, **kwargs)

    for module in (create, sqlalchemy, sqlalchemy.engine):
        module.create_engine = guarded  # type: ignore[attr-defined]
    try:
        import sqlalchemy.ext.asyncio as aio

        real_async = aio.create_async_engine

        def guarded_async(url: object, *args: object, **kwargs: object) -> object:
            redirected.append("async")
            kwargs.pop("connect_args", None)
            return real_async(f"sqlite+aiosqlite:///{scratch}", *args, **kwargs)

        aio.create_async_engine = guarded_async  # type: ignore[assignment]
        import sqlalchemy.ext.asyncio.engine as aio_engine

        aio_engine.create_async_engine = guarded_async  # type: ignore[assignment]
    except ImportError:
        pass

    from alembic import command
    from alembic.config import Config

    cfg = Config(ini)
    cfg.set_main_option("sqlalchemy.url", sync_url)
    command.upgrade(cfg, "head")
    script = command.revision(cfg, message=message, autogenerate=True)
    scripts = script if isinstance(script, list) else [script]
    paths = [getattr(one, "path", None) for one in scripts]
    print("RESULT " + json.dumps({"paths": paths, "redirected": len(redirected)}))


main()
