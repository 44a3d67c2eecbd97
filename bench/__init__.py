"""Scripts that measure speed and memory and print numbers (CONTRIBUTING.md, "The bench")."""
