"""Where the user's settings file is, and the two values the first frame needs from it.

The file is checked by one pydantic model, ``tui.settings.Settings``. Importing
pydantic and building a model costs more than the whole first frame may
(bench/app.py, "first paint"), so the first frame is drawn before it: the theme
and the language are read here with ``json`` alone, as plain strings that the app
looks up in its own lists (a name it does not know falls back to the default).
Right after the first frame the database thread reads the whole file through the
model, which applies the keymap and says once what was ignored and why.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def settings_path() -> Path:
    """``XDEPT_CONFIG`` points elsewhere (tests); else the platform config folder."""
    override = os.environ.get("XDEPT_CONFIG")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_config_path("xdept-tui") / "settings.json"


def read_settings_file() -> Any:
    """The file's JSON value; None when there is no file. OSError or ValueError when
    it cannot be read or is not JSON."""
    try:
        text = settings_path().read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return json.loads(text)


def early_setting(name: str) -> str | None:
    """One setting as the file has it, if it is a string; None for anything else,
    a damaged file included (the model says what is wrong after the first frame)."""
    try:
        data = read_settings_file()
    except (OSError, ValueError):
        return None
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def write_settings_file(data: dict[str, Any]) -> None:
    """Replace the file in one step (a crash leaves the old one or the new one)."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
