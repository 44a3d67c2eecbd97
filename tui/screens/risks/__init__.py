"""Screen 6: the risk register (风险登记表), its heat map, and the issues (问题) tab."""

from tui.screens.risks.screen import RisksScreen

__all__ = ["RisksScreen"]
