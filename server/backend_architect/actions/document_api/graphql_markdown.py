"""GraphQL operations in the Markdown: a section per operation, in SDL."""

from __future__ import annotations

from ...index.contracts.graphql_sdl import GraphQLDocument


def render_graphql(gql: GraphQLDocument) -> str:
    endpoints = gql.endpoints()
    where = ", ".join(f"`POST {e}`" for e in endpoints) if endpoints else "not found mounted"
    out = [
        "## GraphQL",
        "",
        f"{len(gql.operations)} operation(s), served at {where}; the schema, written from the code:",
        "",
        "```graphql",
        gql.sdl().rstrip(),
        "```",
        "",
    ]
    for r in gql.operations:
        out += [f"### `{r.methods[0]} {r.path}`", "", f"Resolver `{r.handler}`.", ""]
        if r.docstring:
            out += [r.docstring.strip().splitlines()[0], ""]
        auth = [a.name for a in r.auth if not a.public]
        out += ["**Auth**: " + (", ".join(f"`{a}`" for a in auth) if auth else "none"), ""]
        if r.parameters:
            out += ["| argument | type | default |", "|---|---|---|"]
            out += [f"| `{p.name}` | `{p.annotation}` | {p.default or ''} |" for p in r.parameters]
            out.append("")
        out += ["```graphql", gql.operation_sdl(r), "```", ""]
    return "\n".join(out)
