"""Every key binding of the app that has an id: what a user's keymap can rebind.

Read from the classes themselves (the app, every screen, modal and widget of
``tui/``), so the list cannot disagree with the keys. It imports every screen:
the app asks only when the settings file has a keymap, and in the database thread.
"""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding

from tui.i18n import _

PACKAGES = ("tui.screens", "tui.modals", "tui.widgets")


def bindings() -> dict[str, Binding]:
    """Binding id → the binding as the code defines it (its default keys)."""
    modules = [importlib.import_module("tui.app")]
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        # Subpackages too: a screen with tabs is a package (tui/screens/charter/).
        modules += [
            importlib.import_module(m.name) for m in pkgutil.walk_packages(path, f"{package}.")
        ]
    found: dict[str, Binding] = {}
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                for binding in value.__dict__.get("BINDINGS", ()):
                    if isinstance(binding, Binding) and binding.id:
                        found.setdefault(binding.id, binding)
    return found


def binding_ids() -> frozenset[str]:
    return frozenset(bindings())


def describe(binding: Binding) -> str:
    """What the key does, in the user's language."""
    return _(binding.description or binding.tooltip)
