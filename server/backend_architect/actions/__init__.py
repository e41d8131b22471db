"""Actions: review (and later document, migrate). Each takes the workspace and a location and
produces a plain result; the agent is one optional step inside."""
