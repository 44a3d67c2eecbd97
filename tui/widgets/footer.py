"""The current screen's keys on one line at the bottom, each one clickable."""

from __future__ import annotations

from typing import Any, NamedTuple

from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

from tui.i18n import _
from tui.tcss import css_beside


class KeyFooter(Widget):
    """What Textual's Footer shows, as one line of text.

    Textual's Footer builds a widget per key and builds them all again whenever
    the bindings change (focus moves, a screen is pushed): that was about 40 % of
    the first paint of the board and the Gantt (bench/app.py). This one redraws a
    line, and only when the line changed; it never asks for a layout (a Static's
    update does), as its size is fixed.
    """

    DEFAULT_CSS = css_beside(__file__)

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[Key, ...] | None = None
        self.content = Content("")

    def render(self) -> Content:
        return self.content

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        keys = self._keys(screen)
        if keys != self._shown:
            self._shown = keys
            self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        """The screen's keys, then help and the palette, which stay in view when the
        line is too long for the terminal (the others end in "…")."""
        keys = self._shown or ()
        own = _line([k for k in keys if k.group not in LAST])
        last = _line([k for k in keys if k.group in LAST])
        room = self.size.width - last.cell_length
        if own.cell_length > room:
            own = own.truncate(max(0, room), ellipsis=True)
        line = own + last
        if line != self.content:
            self.content = line
            self.refresh()

    def _keys(self, screen: Screen) -> tuple[Key, ...]:
        """One key per action (the first bound), in the order of the bindings."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        seen: set[str] = set()
        keys: list[Key] = []
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.key == palette:
                shown = app.get_key_display(binding)
                keys.append(Key(PALETTE, shown, _("Palette"), enabled, binding.key))
            elif binding.show and binding.action not in seen:
                seen.add(binding.action)
                group = HELP if binding.action.endswith("help") else binding.key
                shown = app.get_key_display(binding)
                keys.append(Key(group, shown, _(binding.description), enabled, binding.key))
        return tuple(keys)


class Key(NamedTuple):
    group: str  # HELP and PALETTE go last
    shown: str
    description: str
    enabled: bool
    key: str


HELP, PALETTE = "\0help", "\0palette"
LAST = (HELP, PALETTE)


def _line(keys: list[Key]) -> Content:
    parts: list[Any] = []
    for key in sorted(keys, key=lambda k: k.group == PALETTE):
        click = f"@click=app.simulate_key({key.key!r})"
        dim = "" if key.enabled else "dim "
        parts += [
            (f" {key.shown} ", f"{dim}bold $footer-key-foreground {click}"),
            (f"{key.description} ", f"{dim}{click}"),
        ]
    return Content.assemble(*parts)
