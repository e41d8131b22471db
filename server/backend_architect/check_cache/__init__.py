"""The check result cache: keys, the store on disk, the forked runner, and ``cached_check``."""
