"""Reusable widgets: forms, pickers, confirmations, the header."""
