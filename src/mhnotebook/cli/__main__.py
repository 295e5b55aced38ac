"""``python -m mhnotebook.cli``: the same command as the ``mhnotebook`` script."""

from mhnotebook.cli import main

main()
