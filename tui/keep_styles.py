"""Screens shown again without Textual restyling every one of their widgets."""

from __future__ import annotations

from tui.textual_internals import ResumeStyling, css_generation


class KeepsStyles(ResumeStyling):
    """Mixed into a Screen shown many times: a mode's screen, a form that is reused.

    Textual applies the whole stylesheet to every widget of a screen each time it
    is shown (bench/app.py times a screen switch). The styles still hold unless the
    app's CSS changed since the screen was last styled: a theme switch bumps
    Textual's count of CSS changes, and then the screen is restyled as usual.
    Classes and focus changed while it was hidden restyle their own widgets when
    they change.
    """

    _styled_for: int | None = None

    def restyle_on_resume(self) -> bool:
        # A mixin: the Screen it is mixed into has the app, which mypy cannot see here.
        css = css_generation(self.app)  # type: ignore[attr-defined]
        keep = self._styled_for == css
        self._styled_for = css
        return not keep
