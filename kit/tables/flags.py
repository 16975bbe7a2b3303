"""The two flags every compiled row carries: ``is_latest`` and ``is_withdrawn``."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kit.model.history import withdrawn_targets
from kit.model.records import Record, Reflection, Withdrawal
from kit.tables.cache import conform
from kit.tables.specs import LONG_TABLES, TABLE_NAMES, RowBuilder, table_spec


def latest_flags(table: pa.Table) -> pa.Array:
    """True for the latest version (by created_at, then record id) of each entity."""
    count = table.num_rows
    if count == 0:
        return pa.array([], pa.bool_())
    order = pc.sort_indices(table, sort_keys=[("practitioner_id", "ascending"),
                                              ("entity_id", "ascending"),
                                              ("created_at", "ascending"),
                                              ("record_id", "ascending")])
    entities = _owned(table, "entity_id").take(order)  # one practitioner's record never another's
    changes = pc.not_equal(entities.slice(0, count - 1), entities.slice(1))
    flags = np.empty(count, dtype=bool)
    flags[order.to_numpy()] = np.append(changes.to_numpy(zero_copy_only=False), True)
    return pa.array(flags)


def withdrawn_ids(withdrawals: pa.Table) -> pa.Array:
    """Entity ids (as ``practitioner_id/entity_id``) taken out of use.

    The rule is :func:`kit.model.history.withdrawn_targets`, the one the store
    applies, on the latest version of each withdrawal: chains of any length
    resolve the same way in the tables as in the store.
    """
    latest = withdrawals.filter(latest_flags(withdrawals))
    pairs = zip(_owned(latest, "entity_id").to_pylist(), _owned(latest, "target_entity_id").to_pylist(),
                strict=True)
    return pa.array(sorted(withdrawn_targets(pairs)), pa.string())


def _owned(table: pa.Table, column: str) -> pa.ChunkedArray:
    """``practitioner_id/<column>``: a withdrawal or version counts only for its own practitioner."""
    return pc.binary_join_element_wise(table.column("practitioner_id"), table.column(column), "/")


def with_flags(name: str, rows: pa.Table, latest_ids: pa.Array | None, withdrawn: pa.Array) -> pa.Table:
    """``rows`` of table ``name`` with both flags (``latest_ids`` given for long tables)."""
    spec = table_spec(name)
    if latest_ids is None:
        is_latest = latest_flags(rows)
    else:
        is_latest = pc.is_in(rows.column("record_id"), value_set=latest_ids)
    is_withdrawn = pc.is_in(_owned(rows, "entity_id"), value_set=withdrawn)
    table = rows.append_column("is_latest", is_latest).append_column("is_withdrawn", is_withdrawn)
    return conform(table, spec.arrow_schema())


def latest_record_ids(flagged: pa.Table) -> pa.Array:
    """The record ids of the rows ``flagged`` marks as latest."""
    return flagged.filter(flagged.column("is_latest")).column("record_id").combine_chunks()


def flagged_tables(records: Iterable[Record]) -> dict[str, pa.Table]:
    """``records`` as the compiled tables they feed, each row with both flags, in the tables'
    order (only tables with rows): the tables of a few records in memory, e.g. one person's.
    The flags are worked out among ``records`` alone, by the same rules as a compile."""
    builder = RowBuilder()
    for record in records:
        builder.add(record)
    rows = builder.tables()
    empty = table_spec(Withdrawal.TABLE).arrow_schema(with_flags=False).empty_table()
    withdrawn = withdrawn_ids(rows.get(Withdrawal.TABLE, empty))
    flagged: dict[str, pa.Table] = {}
    for name in TABLE_NAMES:
        if name in rows:
            parent = flagged.get(Reflection.TABLE) if name in LONG_TABLES else None
            latest = latest_record_ids(parent) if parent is not None else None
            flagged[name] = with_flags(name, rows[name], latest, withdrawn)
    return flagged
