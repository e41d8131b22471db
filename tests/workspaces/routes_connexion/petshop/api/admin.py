def stats():
    return {}


def purge_cache():
    return None, 204
