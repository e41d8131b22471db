"""BA6xx: Dockerfile rules (one a module; bases in ``rules/container_rules.py``)."""
