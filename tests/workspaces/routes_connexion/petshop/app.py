"""A pet shop on connexion: two documents, REST names resolved by RestyResolver, a router
controller, a base path given to add_api, security schemes with check functions."""

import connexion
from connexion.resolver import RestyResolver

app = connexion.AsyncApp(__name__, specification_dir="spec/")
app.add_api("openapi.yaml", resolver=RestyResolver("petshop.api"))
app.add_api("admin.yaml", base_path="/admin")
