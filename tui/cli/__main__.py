"""``python -m tui.cli``: the same command line as ``xdept-tui``."""

from tui.cli.root import main
from tui.cli.session import PROG

main(prog_name=PROG)
