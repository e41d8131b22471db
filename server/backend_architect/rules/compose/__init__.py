"""BA7xx: Compose rules (one a module; bases in ``rules/container_rules.py``)."""
