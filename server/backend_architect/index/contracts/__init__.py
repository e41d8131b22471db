"""Endpoint contracts from the index: JSON Schema from annotations, FastAPI inputs, the
OpenAPI document model, and the committed document they are compared with."""
