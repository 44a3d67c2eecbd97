"""The command line (README, "Command line"): open the dashboard, or run one record command.

Help texts are written inside ``_()`` and translated again when shown, because
``--lang`` is only parsed after click has built the commands (``language``).
Store modules are imported inside the commands, and Textual only on the way to
the app, so a command such as ``xdept-tui task list`` starts quickly. User
mistakes from any command reach one handler (``errors``) that prints one line
and exits 1. ``root`` holds the global options and gathers one module per
command group.
"""

from tui.cli.root import main

__all__ = ["main"]
