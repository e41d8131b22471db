def health():
    return "ok"


def submit():
    return {}, 201


def legacy_ping():
    return "pong"
