"""The tables layer: compile the record store into tidy Parquet + CSV tables (derived, rebuildable),
their column specs, cache and data dictionary."""
