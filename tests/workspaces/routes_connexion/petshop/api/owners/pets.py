def search(owner_id):
    return []
