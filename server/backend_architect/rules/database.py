"""BA4xx: database and ORM."""

from __future__ import annotations
