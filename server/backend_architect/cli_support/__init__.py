"""What the ``backend-architect`` command needs besides the core: terminal output (colour, the
progress line, closed pipes), fixing files on disk, and per-rule statistics. ``cli.py`` parses
the arguments and calls these; none of them knows the arguments."""
