def search():
    return []


def create(body):
    return body, 201


def get(pet_id):
    return {"id": pet_id}


def replace(pet_id, body):
    return body


def delete(pet_id):
    return None, 204
