"""BA4xx: database and ORM, one rule per module."""
