"""Headless subcommands of the ``cnnviz`` command line.

Each module defines ``register(subparsers)``, which adds its parser with
``set_defaults(handler=run)``, and ``run(args) -> int`` (the exit status).
"""
