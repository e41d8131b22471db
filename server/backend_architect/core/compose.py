"""A Compose file read with positions: pyyaml's node tree, so every finding can point at the
key or the value it is about. A file that is not YAML (or not a mapping) gives one problem
with the position pyyaml names.

Merge keys (``<<: *defaults``) and anchors are followed: a service's ``items`` include what it
merges, its own keys first (positions then point where the merged value is written).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from .model import Position, Span

Node = yaml.Node


def span_of(node: Node) -> Span:
    """From the node's first character to its last: a block collection ends at its last
    value, not where pyyaml's end mark puts it (the start of the next key's line)."""
    s = node.start_mark
    last = node
    while (
        isinstance(last, (yaml.MappingNode, yaml.SequenceNode))
        and last.value
        and (last.flow_style is not True)
    ):
        tail = last.value[-1]
        last = tail[1] if isinstance(tail, tuple) else tail
    e = last.end_mark
    return Span(Position(s.line, s.column), Position(e.line, e.column))


def scalar(node: Node | None) -> str | None:
    """A scalar's value as written (a number or boolean as its text), else None."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return None


def items(node: Node | None) -> Iterator[tuple[yaml.ScalarNode, Node]]:
    """A mapping's (key, value) pairs, merge keys expanded, each key once (own keys win)."""
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[str] = set()
    merged: list[Node] = []
    for key, value in node.value:
        if key.tag == "tag:yaml.org,2002:merge" or (scalar(key) == "<<" and key.style is None):
            merged += value.value if isinstance(value, yaml.SequenceNode) else [value]
            continue
        if isinstance(key, yaml.ScalarNode) and key.value not in seen:
            seen.add(key.value)
            yield key, value
    for m in merged:
        for key, value in items(m):
            if key.value not in seen:
                seen.add(key.value)
                yield key, value


def get(node: Node | None, name: str) -> tuple[yaml.ScalarNode, Node] | None:
    return next(((k, v) for k, v in items(node) if k.value == name), None)


def value(node: Node | None, name: str) -> Node | None:
    found = get(node, name)
    return found[1] if found is not None else None


def sequence(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def truthy(node: Node | None) -> bool:
    return (scalar(node) or "").lower() in ("true", "yes", "on", "1")


@dataclass
class Service:
    name: str
    key: yaml.ScalarNode
    node: Node

    def get(self, name: str) -> tuple[yaml.ScalarNode, Node] | None:
        return get(self.node, name)

    def value(self, name: str) -> Node | None:
        return value(self.node, name)

    def image(self) -> tuple[str, Node] | None:
        node = self.value("image")
        text = scalar(node)
        return (text, node) if text is not None and node is not None else None

    def environment(self) -> list[tuple[str, str | None, Node, Node | None]]:
        """``environment`` as (name, value, name's node, value's node), list or mapping form;
        a list entry ``NAME=value`` has one node for both."""
        env = self.value("environment")
        out: list[tuple[str, str | None, Node, Node | None]] = []
        if isinstance(env, yaml.MappingNode):
            for k, v in items(env):
                text = scalar(v)
                out.append((k.value, text if text not in ("", "null", "~") else None, k, v))
        for entry in sequence(env):
            text = scalar(entry)
            if text is None:
                continue
            name, eq, val = text.partition("=")
            out.append((name.strip(), val if eq else None, entry, entry if eq else None))
        return out

    def depends_on(self) -> list[tuple[str, Node, Node | None]]:
        """(service, its node, its ``condition`` node or None), short or long form."""
        deps = self.value("depends_on")
        out: list[tuple[str, Node, Node | None]] = []
        for entry in sequence(deps):
            if (name := scalar(entry)) is not None:
                out.append((name, entry, None))
        for k, v in items(deps):
            out.append((k.value, k, value(v, "condition")))
        return out


@dataclass
class ComposeFile:
    text: str
    root: Node | None
    services: list[Service] = field(default_factory=list)
    problem: tuple[Span, str] | None = None

    def service(self, name: str) -> Service | None:
        return next((s for s in self.services if s.name == name), None)

    def top(self, name: str) -> Node | None:
        return value(self.root, name)


def parse_compose(text: str) -> ComposeFile:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = Position(mark.line, mark.column) if mark is not None else Position(0, 0)
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        return ComposeFile(text, None, problem=(Span(at, at), f"not valid YAML: {what}"))
    except yaml.YAMLError as exc:
        return ComposeFile(text, None, problem=(Span.of(0, 0, 0, 0), f"not valid YAML: {exc}"))
    if root is None:
        return ComposeFile(text, None)
    if not isinstance(root, yaml.MappingNode):
        return ComposeFile(text, None, problem=(span_of(root), "a Compose file is a mapping"))
    services = [Service(k.value, k, v) for k, v in items(value(root, "services"))]
    return ComposeFile(text, root, services)
