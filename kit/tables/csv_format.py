"""The kit's one CSV dialect, for the tidy tables and the research export alike.

UTF-8; a header of quoted column names; text always quoted (quotes doubled); numbers,
ISO dates, ISO 8601 UTC times (``...Z``) and ``true``/``false`` bare; an empty cell for
a missing value; ``\n`` line ends; formulas neutralised.

A text cell starting with = + - or @ gets a leading apostrophe, so a
spreadsheet shows it as text instead of running it (Parquet keeps the raw
text). Rows are rendered to CSV text once, when their records are first
compiled, and cached: a compile then only adds each row's two flags
(``is_latest``, ``is_withdrawn``) and writes the bytes out, instead of
rendering every row of a large table again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kit.store.atomic import write_bytes

FORMULA_START = r"^[=+\-@]"


def neutralise(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """Text cells starting with = + - or @, prefixed with an apostrophe."""
    risky = pc.match_substring_regex(column, FORMULA_START)
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def iso_utc(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """UTC times as ISO 8601 text, e.g. ``2025-04-03T09:30:00.000000Z`` (fast, no locale)."""
    text = column.cast(pa.timestamp(column.type.unit)).cast(pa.string())
    return pc.binary_join_element_wise(pc.replace_substring(text, " ", "T", max_replacements=1), "Z", "")


def csv_safe(table: pa.Table, free_text: set[str] | None = None) -> pa.Table:
    """``table`` ready for a CSV writer: formulas neutralised, times in ISO 8601.

    ``free_text`` names the text columns to check (default: all of them).
    """
    columns = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(column.type) and (free_text is None or name in free_text):
            column = neutralise(column)
        elif pa.types.is_timestamp(column.type):
            column = iso_utc(column)
        columns.append(column)
    return pa.Table.from_arrays(columns, names=table.column_names)


def _cell_text(column: pa.Array, free_text: bool) -> pa.Array:
    kind = column.type
    if pa.types.is_string(kind):
        text = neutralise(column) if free_text else column
        return pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    if pa.types.is_timestamp(kind):
        return iso_utc(column)
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "true", "false")
    return column.cast(pa.string())


def render_lines(table: pa.Table, free_text: set[str]) -> pa.Array:
    """Each row of ``table`` as CSV text: cells joined by commas, no line end.

    Text is quoted (quotes doubled), nulls are empty cells, dates ISO.
    """
    table = table.combine_chunks()
    if table.num_rows == 0:
        return pa.array([], pa.string())
    cells = [_cell_text(column.chunk(0) if column.num_chunks else column.combine_chunks(),
                        name in free_text)
             for name, column in zip(table.column_names, table.columns, strict=True)]
    return pc.binary_join_element_wise(*cells, ",", null_handling="replace", null_replacement="")


def header_line(names: list[str]) -> bytes:
    """The CSV header: every column name quoted."""
    return (",".join(f'"{name}"' for name in names) + "\n").encode("utf-8")


def _text_bytes(chunk: pa.Array) -> memoryview:
    """The UTF-8 bytes of every string in ``chunk`` back to back (no copy)."""
    _, offsets_buffer, data = chunk.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)
    start, end = offsets[chunk.offset], offsets[chunk.offset + len(chunk)]
    return memoryview(data)[start:end]


def write_csv(path: Path, table: pa.Table, free_text: set[str] | None = None,
              durable: bool = True) -> Path:
    """Write ``table`` to ``path`` as CSV in the kit's dialect, atomically.

    ``free_text`` names the text columns whose formulas are neutralised (default: all).
    """
    names = set(table.column_names) if free_text is None else free_text
    rows = pc.binary_join_element_wise(render_lines(table, names), "\n", "")
    chunks = rows.chunks if isinstance(rows, pa.ChunkedArray) else [rows]
    return write_bytes(path, [header_line(table.column_names),
                              *(_text_bytes(chunk) for chunk in chunks if len(chunk))], durable=durable)


def write_lines(path: Path, header: bytes, lines: pa.ChunkedArray, is_latest: pa.ChunkedArray,
                is_withdrawn: pa.ChunkedArray) -> None:
    """Write ``header`` then each cached line with its two flags, atomically."""
    both = pc.if_else(is_withdrawn, ",true,true\n", ",true,false\n")
    neither = pc.if_else(is_withdrawn, ",false,true\n", ",false,false\n")
    rows = pc.binary_join_element_wise(lines, pc.if_else(is_latest, both, neither), "")
    chunks = rows.chunks if isinstance(rows, pa.ChunkedArray) else [rows]
    write_bytes(path, [header, *(_text_bytes(chunk) for chunk in chunks if len(chunk))], durable=False)
