"""BA9xx: configuration and environment, one rule per module."""
