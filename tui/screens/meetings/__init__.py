"""Screen 7: the meetings (会议) with their live meeting mode and minutes, and the
daily updates (日报)."""
