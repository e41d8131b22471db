def decode_token(token):
    return {"sub": "user", "scope": ["pets:admin"]} if token == "good" else None


def check_key(key, required_scopes=None):
    return {"sub": "admin"} if key == "secret" else None
