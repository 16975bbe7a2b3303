"""The model layer: record types, vocabulary, ids, dates, periods, schema migrations and
version history. Everything else builds on it; it imports nothing from the layers above."""
