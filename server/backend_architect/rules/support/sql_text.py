"""What SQL text looks like: a statement keyword at the start, or a clause keyword near it."""

from __future__ import annotations

import re

# A statement keyword at the very start, in any case ...
SQL_START_RE = re.compile(
    r"^\s*\(?\s*(?:SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|MERGE\s+INTO|"
    r"CREATE|DROP|ALTER|TRUNCATE|PRAGMA|EXPLAIN)\b",
    re.IGNORECASE,
)
# ... or, for fragments (``" WHERE name = '" + name``), an upper-case clause keyword near the
# start, upper case because that is how SQL is written and how prose is not.
SQL_CLAUSE_RE = re.compile(
    r"\b(?:SELECT|WITH|FROM|WHERE|SET|VALUES|JOIN|ORDER BY|GROUP BY|HAVING|LIMIT|AND|OR|"
    r"INSERT|UPDATE|DELETE|CALL|EXEC)\b"
)
SQL_NEAR_START = 40


def looks_like_sql(text: str) -> bool:
    return bool(SQL_START_RE.match(text) or SQL_CLAUSE_RE.search(text[:SQL_NEAR_START]))
