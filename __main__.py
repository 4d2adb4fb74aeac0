"""``python -m migsearch``: the same command line as the ``migsearch`` script."""

from migsearch.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
