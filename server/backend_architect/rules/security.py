"""BA1xx: security."""

from __future__ import annotations
