"""FastAPI route discovery: apps, APIRouters (subclasses and aliases too), include graphs, dependencies."""
