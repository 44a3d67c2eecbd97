"""The data layer of xdept-tui: SQLite through sqlite-utils, validated by pydantic.

Nothing here imports Textual; the TUI and the CLI both stand on this package.
"""
