"""Document API: endpoint contracts, OpenAPI 3.1 and breaking-change checks, from the code itself."""
