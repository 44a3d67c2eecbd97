"""Every use of Textual's private API, in one module (written against Textual 8.2.8).

Each one makes something faster that Textual's public API cannot: a mode switch
without a held frame, a screen shown again without restyling it, a scrollbar in
place before the next layout. tests/tui/test_textual_internals.py checks every
name here and the behaviour it relies on, so a Textual upgrade that renames or
changes one fails there, by name, instead of as a slower or stale screen.
Nothing else in ``tui/`` touches an underscore name of a Textual object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.app import App

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import AwaitMount, Widget

ReturnType = TypeVar("ReturnType")


def css_generation(app: App[Any]) -> int:
    """Textual's count of stylesheet changes (``App._css_update_count``).

    A theme switch or a CSS reload bumps it; a screen styled at the current count
    still holds its styles. Breaks if Textual renames the counter or stops
    bumping it on a theme switch (then a hidden screen would keep the old theme)."""
    return app._css_update_count


def mark_styled(screen: Screen[Any], app: App[Any]) -> None:
    """Tell Textual ``screen`` is styled for the current stylesheet
    (``Screen._css_update_count``), so ``switch_mode`` does not restyle it again."""
    screen._css_update_count = app._css_update_count


def mode_is_built(app: App[Any], mode: str) -> bool:
    """Whether ``mode``'s screen exists already (``App._screen_stacks``: a mode's stack,
    filled when the mode is first shown). Breaks if Textual renames the mapping."""
    return bool(app._screen_stacks.get(mode))


def refresh_scrollbars(widget: Widget) -> None:
    """Show or hide ``widget``'s scrollbars for its virtual size now, as TextArea does
    (``Widget._refresh_scrollbars``), not at the next layout: a scroll that follows
    needs the width the scrollbar leaves and a scrollbar to move."""
    widget._refresh_scrollbars()


class ResumeStyling:
    """Mixed into a Screen: it decides whether showing it again restyles its widgets.

    Textual's handler of ``ScreenResume`` is the private ``Screen._on_screen_resume``;
    it restyles every widget when the event says ``refresh_styles``. This override
    runs first (Textual calls the handler of each class in the MRO, most derived
    first, until one prevents the default), and when ``restyle_on_resume`` says no
    it runs Textual's handler itself with ``refresh_styles=False``. Breaks if Textual
    renames the handler, the event's ``refresh_styles`` field, or stops honouring
    ``prevent_default`` for it (then the screen is restyled twice).
    """

    def restyle_on_resume(self) -> bool:
        """Called on every resume; False keeps the styles the screen has."""
        return True

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        restyle = self.restyle_on_resume()
        if event.refresh_styles and not restyle:
            event.prevent_default()
            super()._on_screen_resume(events.ScreenResume(refresh_styles=False))  # type: ignore[misc]


class QuickModeSwitch(App[ReturnType]):
    """An App whose mode switch shows a built screen on the next frame and builds a new
    one without restyling every other screen.

    Textual's ``switch_mode`` calls ``delay_update()`` (frames held back a moment to hide
    a half-built screen) and, when the new screen is not styled for the current
    stylesheet, ``refresh_css()`` (every widget of every screen restyled, twice), both
    synchronously inside it. A screen shown before is whole, so the delay is skipped
    for it. A new screen's frames are held until it is mounted (``App._begin_batch``,
    ``App._end_batch``), not for a fixed time: while the new screen is built the
    event loop is busy, the delay's timer fires late, and the whole first frame
    drawn before it is thrown away. A new screen's widgets are styled as they mount
    and our CSS is scoped to each screen and widget class, so the restyle is skipped
    while one is first built. A theme switch still restyles everything. Breaks if
    Textual stops calling either from ``switch_mode`` (then the overrides do
    nothing) or calls them later, from a callback (then they no longer know a switch
    is under way).
    """

    _switch_to_built = False
    _switch_to_new = False
    _held = False

    def switch_mode(self, mode: str) -> AwaitMount:
        self._switch_to_built = mode_is_built(self, mode)
        self._switch_to_new = not self._switch_to_built
        try:
            return super().switch_mode(mode)
        finally:
            self._switch_to_built = self._switch_to_new = False
            if self._held:
                # Next in the new screen's own queue, which runs its Compose and Mount
                # (its widgets mounted) first; an awaiting task would wake a frame later.
                self._held = False
                self.screen.call_later(self._show_frames)

    def _show_frames(self) -> None:
        self._end_batch()
        if not self._batch_count:
            self.screen.refresh()

    def delay_update(self, delay: float = 0.05) -> None:
        if self._switch_to_new:
            self._begin_batch()
            self._held = True
        elif not self._switch_to_built:
            super().delay_update(delay)

    def refresh_css(self, animate: bool = True) -> None:
        if self._switch_to_new:
            mark_styled(self.screen, self)
            return
        super().refresh_css(animate)
