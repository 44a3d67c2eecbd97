"""The data layer of xdept-tui: SQLite (sqlite-utils builds the search index), validated by
pydantic.

Nothing here imports Textual; the TUI and the CLI both stand on this package.
"""
