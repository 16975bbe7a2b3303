"""The charts layer: DataFrame in, altair chart out, with one theme. No I/O, no kit state."""
