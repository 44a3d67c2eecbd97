"""``python -m tui.cli``: the same command line as ``xdept-tui``."""

from tui.cli import main

main()
