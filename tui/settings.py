"""Per-user settings (the theme) in the user's config folder.

Read before the first frame, so it is plain JSON and a dataclass, not pydantic:
start-up must not load what the first screen does not need. A damaged file is
ignored (defaults), never fatal.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


def settings_path() -> Path:
    """``XDEPT_CONFIG`` points elsewhere (tests); else the platform config folder."""
    override = os.environ.get("XDEPT_CONFIG")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_config_path("xdept-tui") / "settings.json"


@dataclass
class Settings:
    theme: str | None = None

    @classmethod
    def load(cls) -> Settings:
        try:
            data = json.loads(settings_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        theme = data.get("theme") if isinstance(data, dict) else None
        return cls(theme=theme if isinstance(theme, str) else None)

    def save(self) -> None:
        path = settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")
        tmp.replace(path)
