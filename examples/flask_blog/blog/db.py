from sqlalchemy import create_engine
from sqlalchemy.orm import declarative_base, scoped_session, sessionmaker

engine = None
db_session = scoped_session(sessionmaker(autoflush=False))
Base = declarative_base()
Base.query = db_session.query_property()


def init_db(app):
    global engine
    engine = create_engine(app.config["DATABASE_URL"])
    db_session.configure(bind=engine)

    @app.teardown_appcontext
    def shutdown_session(exception=None):
        db_session.remove()


def create_all():
    from blog import models  # noqa: F401  (register the tables)

    Base.metadata.create_all(bind=engine)
