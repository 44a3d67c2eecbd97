"""Scripts that measure speed and memory and print numbers (DESIGN.md §6)."""
