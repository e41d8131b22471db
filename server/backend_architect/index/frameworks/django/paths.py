"""URL patterns as paths: route converters and regexes reduced as ``reverse()`` would give them."""

from __future__ import annotations

import re

CONVERTER_RE = re.compile(r"<(?:([^>:]+):)?(\w+)>")
ESCAPES = {"A": None, "b": None, "B": None, "Z": None, "d": "0", "D": "x", "s": " ", "S": "x"}
ESCAPES.update({"w": "x", "W": "!"})


def route_path(route: str) -> str:
    """``<int:pk>/`` -> ``{pk}/``."""
    return CONVERTER_RE.sub(lambda m: "{" + m.group(2) + "}", route)


def regex_path(pattern: str) -> str:
    """A ``re_path`` regex as ``reverse()`` writes it (``normalize``'s first form): anchors
    dropped, named groups ``{name}``, unnamed ones ``{_0}``, optional parts left out, a class
    replaced by its first character; "" for alternations (Django cannot reverse them)."""
    out: list[str] = []
    groups: list[int] = []  # where each open non-capturing group starts in ``out``
    positional = 0
    i, n = 0, len(pattern)

    def skip_group(j: int) -> int:
        depth = 1
        while j < n and depth:
            c = pattern[j]
            if c == "\\":
                j += 1
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            j += 1
        return j

    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            mapped = ESCAPES.get(pattern[i + 1], pattern[i + 1])
            i += 2
            if mapped is not None:
                out.append(mapped)
            continue
        i += 1
        if ch == "^":
            continue
        if ch == "$":
            break
        if ch == "|":
            return ""
        if ch == ")":
            start = groups.pop() if groups else 0
            out[start:] = ["".join(out[start:])]
        elif ch == "[":
            first = pattern[i] if i < n else ""
            out.append(first)
            i += 2 if first == "\\" else 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
        elif ch == "(":
            if pattern.startswith("?P<", i):
                end = pattern.find(">", i)
                out.append("{" + pattern[i + 3 : end] + "}")
                i = skip_group(end + 1)
            elif pattern.startswith("?P=", i):
                end = pattern.find(")", i)
                out.append("{" + pattern[i + 3 : end] + "}")
                i = end + 1
            elif pattern.startswith("?:", i):
                groups.append(len(out))
                i += 2
            elif pattern.startswith("?", i):  # look-arounds, flags
                i = skip_group(i)
            else:
                out.append(f"{{_{positional}}}")
                positional += 1
                i = skip_group(i)
        elif ch in "*?+{":
            if ch == "{":
                end = pattern.find("}", i)
                quant = pattern[i:end] if end > 0 else "1"
                i = end + 1 if end > 0 else n
                try:
                    count = int(quant.split(",")[0] or 0)
                except ValueError:
                    count = 1
            else:
                count = 1 if ch == "+" else 0
            if i < n and pattern[i] == "?":
                i += 1  # non-greedy
            if out:
                if count == 0:
                    out.pop()
                elif count > 1:
                    out.extend([out[-1]] * (count - 1))
        else:
            out.append(ch)
    return "".join(out)


def fragment(raw: str, regex: bool) -> str:
    return regex_path(raw) if regex else route_path(raw)


def suffixed(raw: str, regex: bool) -> str:
    """The raw pattern ``format_suffix_patterns`` adds next to ``raw``."""
    base = raw.rstrip("$").rstrip("/")
    return base + r"\.(?P<format>[a-z0-9]+)/?$" if regex else base + "<drf_format_suffix:format>"


def path_params(raw: str, regex: bool) -> dict[str, str | None]:
    if regex:
        return {m.group(1): None for m in re.finditer(r"\(\?P<(\w+)>", raw)}
    return {m.group(2): (m.group(1) or "str") for m in CONVERTER_RE.finditer(raw)}
