"""``python -m cnnviz``."""

from cnnviz.cli import main

if __name__ == "__main__":  # the trainer's spawned process imports this module too
    raise SystemExit(main())
