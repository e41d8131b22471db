"""BA3xx: API design and contract, one rule per module."""
