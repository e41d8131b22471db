"""BA2xx: authentication and access control, one rule per module."""
