"""Charter (2) — being built."""

from __future__ import annotations

from tui.screens.placeholder import _NotYet


class CharterScreen(_NotYet):
    NAME = "Charter"
