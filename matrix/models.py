"""Models of the participation matrix arrive with the matrix issue."""
