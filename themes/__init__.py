"""Textual themes of xdept-tui: dark, light and high contrast.

Status is never shown by colour alone (symbols carry it too), so these only
need to be readable; the high-contrast theme keeps to black, white and a few
saturated colours for projectors and low-vision users.

Lines that are not text — panel borders (``$border-blurred``; ``$border`` when
focused) and scrollbars — keep at least 3:1 against the background (WCAG 2.2
non-text contrast); Textual's derived defaults are near-invisible (~1.1:1), so
each theme sets them.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="xdept-dark",
    primary="#3B82F6",
    secondary="#14B8A6",
    accent="#F59E0B",
    warning="#F59E0B",
    error="#EF4444",
    success="#22C55E",
    foreground="#E5E7EB",
    background="#111827",
    surface="#1F2937",
    panel="#273449",
    dark=True,
    variables={
        "border-blurred": "#6B7280",
        "scrollbar": "#6B7280",
        "scrollbar-hover": "#6B7280",
        "scrollbar-background": "#1F2937",
        "scrollbar-background-hover": "#1F2937",
        "scrollbar-background-active": "#1F2937",
    },
)

LIGHT = Theme(
    name="xdept-light",
    primary="#1D4ED8",
    secondary="#0F766E",
    accent="#B45309",
    warning="#B45309",
    error="#B91C1C",
    success="#15803D",
    foreground="#111827",
    background="#F9FAFB",
    surface="#FFFFFF",
    panel="#E5E7EB",
    dark=False,
    variables={
        "border-blurred": "#6B7280",
        "scrollbar": "#6B7280",
        "scrollbar-hover": "#6B7280",
        "scrollbar-background": "#E5E7EB",
        "scrollbar-background-hover": "#E5E7EB",
        "scrollbar-background-active": "#E5E7EB",
    },
)

HIGH_CONTRAST = Theme(
    name="xdept-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    warning="#FFFF00",
    error="#FF3030",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "border-blurred": "#B0B0B0",
        "scrollbar": "#B0B0B0",
        "scrollbar-hover": "#B0B0B0",
        "scrollbar-background": "#000000",
        "scrollbar-background-hover": "#000000",
        "scrollbar-background-active": "#000000",
    },
)

THEMES: dict[str, Theme] = {t.name: t for t in (DARK, LIGHT, HIGH_CONTRAST)}
DEFAULT = DARK.name
# Short names accepted by --theme / XDEPT_THEME.
ALIASES = {"dark": DARK.name, "light": LIGHT.name, "high-contrast": HIGH_CONTRAST.name}
