"""BA1xx: security; one rule per module."""
