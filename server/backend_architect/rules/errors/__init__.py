"""BA5xx: errors, logging, async and code quality; one rule per module."""
