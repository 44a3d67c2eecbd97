"""The command line (README, "Command line"): open the dashboard, or run one record command.

Help texts are written inside ``_()`` and translated again when shown, because
``--lang`` is only parsed after click has built the commands (``language``).
Store modules are imported inside the commands, and Textual only on the way to
the app. A record command is handed to the user's standby process, which has
all of this loaded already (``standby``); only when there is none, or the
command owns the terminal, does this process import click and run it itself.
User mistakes from any command reach one handler (``errors``) that prints one
line and exits 1. ``root`` holds the global options and gathers one module per
command group.
"""

import sys

PROG = "xdept-tui"


def main() -> None:
    """The ``xdept-tui`` command: answered by the standby process, or run here."""
    from tui.cli.standby import hand_over

    code = hand_over(sys.argv)
    if code is not None:
        sys.exit(code)
    from tui.cli.root import main as run_here

    run_here(prog_name=PROG)
