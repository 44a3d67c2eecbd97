"""Reads a screen's or widget's CSS from the .tcss file beside its module."""

from __future__ import annotations

from pathlib import Path


def css_beside(module: str, name: str = "") -> str:
    """The text of ``<name>.tcss`` beside ``module`` (a ``__file__``); ``name`` defaults
    to the module's own name.

    Kept as DEFAULT_CSS rather than CSS_PATH: DEFAULT_CSS keeps its class's scope and
    its low priority (the app's CSS still wins), and CSS_PATH works on screens only.
    """
    path = Path(module)
    return path.with_name(f"{name or path.stem}.tcss").read_text(encoding="utf-8")
