"""What every tab of the risks screen is: a screen tab (tui/screens/tabs.py) whose
keys have ids ``risks.…`` / ``issues.…``."""

from __future__ import annotations

from tui.screens.tabs import ScreenTab


class RisksTab(ScreenTab):
    """One tab of the risks screen."""
