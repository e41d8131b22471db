def get_current_user() -> str:
    return "someone"


def get_db():
    return None
