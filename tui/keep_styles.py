"""Screens shown again without Textual restyling every one of their widgets."""

from __future__ import annotations

from typing import Any

from textual import events


class KeepsStyles:
    """Mixed into a Screen shown many times: a mode's screen, a form that is reused.

    Textual applies the whole stylesheet to every widget of a screen each time it
    is shown (for the roster or a form, on every screen switch). The
    styles still hold unless the app's CSS changed since the screen was last
    styled: a theme switch bumps Textual's own count of CSS changes, and then the
    screen is restyled as usual. Classes and focus changed while it was hidden
    restyle their own widgets when they change.
    """

    _styled_for: int | None = None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        app: Any = self.app  # type: ignore[attr-defined]
        css = app._css_update_count  # Textual's count of CSS changes
        if event.refresh_styles and self._styled_for == css:
            event.prevent_default()  # Screen's handler, without the restyle:
            super()._on_screen_resume(events.ScreenResume(refresh_styles=False))  # type: ignore[misc]
        self._styled_for = css
