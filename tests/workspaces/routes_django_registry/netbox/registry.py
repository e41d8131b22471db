import collections


class Registry(dict):
    """Central registry for registration of functionality."""

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            raise KeyError(f"Invalid store: {key}")

    def __setitem__(self, key, value):
        raise TypeError("Cannot add stores to registry after initialization")


registry = Registry({
    "models": collections.defaultdict(set),
    "views": collections.defaultdict(dict),
})
