"""Modal screens: the confirmation, the record forms and the help."""
