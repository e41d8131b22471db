"""Actions: review (and later document, migrate). Each takes the workspace and a location and
produces a plain result; the agent is one optional step inside."""

from .review import AGENT_SOURCE, ReviewFinding, ReviewResult, find_route, review, static_review

__all__ = ["AGENT_SOURCE", "ReviewFinding", "ReviewResult", "find_route", "review", "static_review"]
