"""Non-modal widgets: the header, the key footer, the board, the Gantt chart, tables."""
