"""Headless subcommands of the ``cnnviz`` command line.

Each module defines ``register(subparsers)``, which adds its parser with
``set_defaults(handler=run)``, and ``run(args) -> int`` (the exit status).
A ``run`` that also takes ``stop`` gets a
:class:`~cnnviz.commands.interrupts.StopFlag` to check between frames or steps
(SIGINT, SIGTERM and SIGHUP only set it); :mod:`cnnviz.commands.errors` holds
:class:`UsageError` and the one-line argparse helpers.
"""
