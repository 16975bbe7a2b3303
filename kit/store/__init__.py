"""The store layer: the append-only record store and the workspace folder that holds it."""
